"""The channel as an exercise sees it, with every heard line through the crisis gate first, and the
direct safety question."""

from __future__ import annotations

from collections.abc import Callable

from voice_companion.channels.base import Channel
from voice_companion.routing.commands import match_command
from voice_companion.safety.care_routes import detect, is_helpline_request
from voice_companion.safety.crisis import CrisisGate


class CrisisInterrupt(Exception):
    """Raised out of an exercise when something the person said passed the crisis gate."""

    def __init__(self, text: str, check) -> None:
        super().__init__("crisis")
        self.text, self.check = text, check


class CareInterrupt(Exception):
    """Raised out of an exercise when what the person said needs the gate's answer, a care
    route or the helpline, not the exercise's next prompt. (CrisisInterrupt is the older,
    gate-only form the morning routine still uses.)"""

    def __init__(self, text: str) -> None:
        super().__init__("care")
        self.text = text


class GatedChannel(Channel):
    """The channel as the exercise runner sees it: everything heard passes the crisis gate first.
    Everything else is the person's own channel's."""

    def __init__(self, inner: Channel, gate: CrisisGate, screen: Callable[[str], str | None] | None = None) -> None:
        self.inner, self.gate, self.screen = inner, gate, screen

    eof = property(lambda self: self.inner.eof)
    timelines = property(lambda self: self.inner.timelines)
    cancel = property(lambda self: self.inner.cancel)
    last_heard = property(lambda self: self.inner.last_heard)
    volume = property(lambda self: self.inner.volume, lambda self, value: setattr(self.inner, "volume", value))

    def say(self, text: str) -> None:
        self.inner.say(text)

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        self.inner.tone(kind, seconds)

    def cue(self, text: str, kind: str, seconds: float) -> None:
        self.inner.cue(text, kind, seconds)

    def speak_stream(self, sentences) -> list[str]:
        return self.inner.speak_stream(sentences)

    def prefetch(self, lines: list[str], cues: list[str]) -> None:
        self.inner.prefetch(lines, cues)

    def listen(self, timeout: float | None = None) -> str | None:
        text = self.inner.listen(timeout)
        while text and self.screen is not None:
            # The session's own checks: the gate, the care routes, then asking about what it was
            # unsure it heard. It passes on the words (or what the person confirmed they meant),
            # or None when the question settled it ("no": carry on as before).
            passed = self.screen(text)
            if passed is not None or timeout == 0:
                return passed
            text = self.inner.listen(timeout)  # still waiting for what the exercise waits for
        if text and self.screen is None:
            check = self.gate.check(text, semantic=match_command(text) is None)
            # Also in crisis mode (its grounding exercise): a crisis said as an "answer" must get
            # the crisis answer, never "Thank you, just noticing is enough".
            if check.crisis and not (check.tentative and ask_directly(self.inner, self.gate)):
                raise CrisisInterrupt(text, check)
        return text


def ask_directly(channel: Channel, gate: CrisisGate) -> bool:
    """Ask the direct safety question; True only when the answer is a clear no."""
    return ask_outcome(channel, gate) in ("safe", "no")


def ask_outcome(channel: Channel, gate: CrisisGate, question: str | None = None) -> str:
    """Ask the direct safety question (or `question`, which contains it). "safe" (a specific statement), "no" (a bare no),
    "unsafe" (yes, unsure, or a crisis in the answer) or "none" (silence, or no answer)."""
    from voice_companion.safety.check_in import QUESTION, SAFE_LINE, classify_answer

    channel.say(question or QUESTION)
    reply = channel.listen(30.0)
    if reply and gate.check(reply, semantic=False).crisis:
        return "unsafe"  # "no… i just want to die" is not a no
    if reply and is_helpline_request(reply):
        return "none"  # not an answer; the caution reply gives the number
    if reply and {"warning", "means"} & set(detect(reply)):
        return "unsafe"  # "the water looks so peaceful" is not a no
    outcome = classify_answer(reply)
    if outcome in ("safe", "no"):
        channel.say(SAFE_LINE)
    return outcome
