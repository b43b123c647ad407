"""The first minutes of the morning routine: greeting, snoozes, and what to do when nobody answers.

WakeConversation is a pure state machine: it hands out one WakeStep at a time and the caller
carries it out (say a line, listen until a deadline, sleep until a deadline). run_wake() is the
ordinary driver over a Channel; tests drive the machine directly with a FakeClock.

The rules it keeps, because the person may be fragile and half asleep:
- calm and brief; never guilt, never hurry, never nag;
- snoozes up to the limit the person chose in advance, then one tiny step instead of a lecture;
- "stop" always ends it, kindly;
- no answer -> a few re-prompts with growing gaps, then silence and a note for next time.
  It always ends: every listen either finishes the conversation or uses up one re-prompt,
  and snoozes are capped, so the number of steps is bounded.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from voice_companion.channels.base import Channel
from voice_companion.clock import Clock

SNOOZE_DEFAULT = 0.0
"""parse_snooze's answer for a snooze with no amount ("not yet", "snooze"): use the policy's
snooze_minutes. Compare parse_snooze(...) with None, not by truthiness."""


@dataclass(frozen=True)
class WakePolicy:
    snooze_minutes: float = 10
    max_snoozes: int = 2                                  # the limit the person sets in advance
    reprompt_gaps: tuple[float, ...] = (60, 120, 240)     # seconds from one prompt to the next
                                                          # when nobody answers; then go quiet
    listen_seconds: float = 60                            # how long to wait after the last
                                                          # re-prompt before going quiet
    longest_snooze_minutes: float = 60                    # "three hours" is heard as this

    def __post_init__(self) -> None:
        if not self.snooze_minutes > 0:
            raise ValueError(f"snooze_minutes must be more than 0, not {self.snooze_minutes!r}.")
        if self.max_snoozes < 0:
            raise ValueError(f"max_snoozes must be 0 or more, not {self.max_snoozes!r}.")
        object.__setattr__(self, "reprompt_gaps", tuple(float(g) for g in self.reprompt_gaps))
        if any(g < 0 for g in self.reprompt_gaps) or self.listen_seconds < 0:
            raise ValueError("reprompt_gaps and listen_seconds must not be negative.")
        if not self.longest_snooze_minutes > 0:
            raise ValueError("longest_snooze_minutes must be more than 0.")


# --------------------------------------------------------------------------------------------
# Understanding replies (speech-recognition style: lowercase, no punctuation, fillers)

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_WORD_VALUES = {w: i for i, w in enumerate(_UNITS)} | _TENS
_FILLERS = re.compile(r"\b(?:um+|uh+|erm+|er|hmm+|mm+|ah+|oh|like|please|maybe|just|actually|well|so)\b")


def _normalise(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("-", " ")
    t = re.sub(r"[^a-z0-9'.\s]", " ", t)
    t = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", t)  # keep "7.5", drop sentence full stops
    return re.sub(r"\s+", " ", t).strip()


def _words_to_digits(t: str) -> str:
    """"twenty five more minutes" -> "25 more minutes"; "a couple of" -> "2"; "a few" -> "5"."""
    t = re.sub(r"\b(?:a )?couple(?: of)?\b", "2", t)
    t = re.sub(r"\b(?:a )?few\b", "5", t)
    t = re.sub(r"\bseveral\b", "5", t)
    out: list[str] = []
    for tok in t.split():
        val = _WORD_VALUES.get(tok)
        if val is not None and out and out[-1].isdigit() and int(out[-1]) in _TENS.values() and 0 < val < 10:
            out[-1] = str(int(out[-1]) + val)   # "twenty" "five" -> 25
        elif val is not None:
            out.append(str(val))
        else:
            out.append(tok)
    return " ".join(out)


_NUM = r"(\d+(?:\.\d+)?)"
_AMOUNT_PATTERNS = [
    re.compile(rf"\b{_NUM} (?:more |extra )?(?:minutes?|mins?)\b"),
    re.compile(rf"\b(?:another|more|give me|in|for) {_NUM}\b"),
    re.compile(rf"\b{_NUM} more\b"),
    re.compile(rf"^{_NUM}$"),
]
_SNOOZE_WORDS = re.compile(
    r"\b(?:not yet|not now|later|snooze|snoozes|snoozing|let me sleep|let me rest|let me lie"
    r"|more sleep|sleep more|sleep a bit|sleep a little|bit longer|little longer|bit more|little more"
    r"|a while|in a bit|in a minute|in a moment|a minute|a moment|a sec|a second|more minutes?"
    r"|wake me (?:up )?later|come back|ask me later|five more)\b"
)
_NOT_SNOOZE = re.compile(r"\b(?:no more|don't|dont|do not|stop|without) (?:snooz\w*|sleep\w*)\b")


def parse_snooze(text: str | None) -> float | None:
    """How many minutes of snooze `text` asks for.

    Returns minutes (> 0) when an amount was said ("ten more minutes" -> 10.0, "half an hour"
    -> 30.0, "a few minutes" -> 5.0), SNOOZE_DEFAULT (0.0) for a snooze with no amount
    ("not yet", "later", "snooze", "let me sleep", "give me a minute") meaning "use the policy's
    default", and None when it isn't a snooze request at all.
    """
    if not text:
        return None
    t = _normalise(text)
    if _NOT_SNOOZE.search(t):
        return None
    t = _FILLERS.sub(" ", t)
    t = re.sub(r"\b(?:a )?half (?:an? )?hour\b|\bhalf hour\b", "30 minutes", t)
    t = re.sub(r"\b(?:a )?quarter (?:of )?(?:an? )?hour\b", "15 minutes", t)
    t = re.sub(r"\b(?:an|one) hour\b", "60 minutes", t)
    t = _words_to_digits(t)
    t = re.sub(rf"\b{_NUM} (?:more )?hours?\b", lambda m: f"{float(m.group(1)) * 60:g} minutes", t)
    t = re.sub(r"\s+", " ", t).strip()
    if not t:
        return None
    for pattern in _AMOUNT_PATTERNS:
        m = pattern.search(t)
        if m:
            minutes = float(m.group(1))
            return minutes if minutes > 0 else SNOOZE_DEFAULT
    if _SNOOZE_WORDS.search(t):
        return SNOOZE_DEFAULT
    return None


_STOP = re.compile(
    r"\b(?:stop|turn (?:it |that |yourself )?off|switch (?:it |that |yourself )?off|shut up|be quiet"
    r"|quiet|leave me alone|leave me be|go away|cancel|not today|no thanks|no thank you|that's enough"
    r"|skip today|not getting up|don't want to get up|dont want to get up|i'm staying in bed"
    r"|im staying in bed)\b|^(?:off|enough)$"
)
_AWAKE = re.compile(
    r"\b(?:yes|yeah|yea|yep|yup|ok|okay|alright|all right|sure|fine|ready|morning|hello|hi|hey"
    r"|awake|i'm up|im up|i am up|i'm here|im here|i am here|here|up|let's go|lets go|go ahead"
    r"|let's start|lets start|start|begin|go on|uh huh|mm hmm|mhm|i am)\b"
)
_TIRED = re.compile(r"\b(?:tired|sleepy|exhausted|can't|cant|cannot|hard|difficult|don't know|dont know)\b")
_NO = re.compile(r"^(?:no|nope|nah|not really|no no|no not yet)$")

Reply = Literal["stop", "snooze", "awake", "tired", "unclear"]


def classify_reply(text: str) -> tuple[Reply, float | None]:
    """What a reply to "Are you awake?" means; the float is parse_snooze's answer for snoozes.
    Stop wins over everything (never argue with it), then snooze, then awake."""
    t = _normalise(text)
    if _STOP.search(t):
        return "stop", None
    if _NOT_SNOOZE.search(t):
        return "awake", None   # "no more snoozing", "don't snooze"
    minutes = parse_snooze(text)
    if minutes is not None:
        return "snooze", minutes
    if _NO.match(_FILLERS.sub(" ", t).strip()):
        # A bare "no" to "are you awake?" means "not yet", said by someone awake enough to answer.
        return "snooze", SNOOZE_DEFAULT
    if _TIRED.search(t):
        return "tired", None
    if _AWAKE.search(t):
        return "awake", None
    return "unclear", None


# --------------------------------------------------------------------------------------------
# Speaking numbers

def _number_words(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        name = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
                8: "eighty", 9: "ninety"}[tens]
        return name if unit == 0 else f"{name}-{_UNITS[unit]}"
    return str(n)


def _more_minutes(minutes: float) -> str:
    """10 -> "Ten more minutes", 60 -> "One more hour", 90 -> "Ninety more minutes"."""
    m = max(1, int(round(minutes)))
    if m % 60 == 0:
        h = m // 60
        text = "one more hour" if h == 1 else f"{_number_words(h)} more hours"
    else:
        text = "one more minute" if m == 1 else f"{_number_words(m)} more minutes"
    return text[0].upper() + text[1:]


def _snoozes(n: int) -> str:
    return "one snooze" if n == 1 else f"{_number_words(n)} snoozes"


# --------------------------------------------------------------------------------------------
# The conversation

StepKind = Literal["say", "listen", "sleep_until", "begin_routine", "end"]


@dataclass(frozen=True)
class WakeStep:
    kind: StepKind
    text: str = ""                 # "say": the line to speak
    until: float | None = None     # "listen" / "sleep_until": absolute deadline on the Clock
    note: str | None = None        # "end" after no answer: a line to store and say next time
    reason: str | None = None      # "begin_routine"/"end": why, for logs ("awake", "stopped", ...)


GREETING = "Good morning. It's the time we agreed on. No rush. Are you awake?"
GREETING_AGAIN = "Hello again. No rush. Are you awake?"
AWAKE_ACK = "Good. We'll take it slowly."
STOP_LINE = "Okay. I'll leave you be. I'm here if you need me."
TINY_STEP = "Let's just try one tiny step together: wiggle your toes."


class WakeConversation:
    """What to do at each moment of the wake-up before the get-out-of-bed steps begin.

    Protocol: start() gives the first step. After carrying out a "say" or "sleep_until" step,
    call advance(); after a "listen" step, call on_reply(text or None). "begin_routine" and
    "end" are final. Deadlines in "listen"/"sleep_until" are absolute times on `clock`,
    computed when the step is handed out.
    """

    def __init__(
        self,
        policy: WakePolicy,
        clock: Clock,
        *,
        wall_clock: Callable[[], _dt.datetime] | None = None,
    ) -> None:
        # wall_clock only stamps the no-answer note ("at 7:32"); the flow itself runs on the
        # monotonic clock so a wall-clock jump can't shorten or stretch a snooze.
        self.policy = policy
        self.clock = clock
        self.wall_clock = wall_clock
        self.snoozes_used = 0
        self._queue: deque[tuple[str, object]] = deque()
        self._state: Literal["new", "steps", "listening", "done"] = "new"
        self._prompt_index = 0        # which listen of this round we are on (0 = after greeting)
        self._greeted_at: _dt.datetime | None = None

    # -- protocol

    def start(self) -> WakeStep:
        if self._state != "new":
            raise RuntimeError("start() was already called")
        self._state = "steps"
        self._greet(GREETING)
        return self._next()

    def advance(self) -> WakeStep:
        """Call after carrying out a "say" or "sleep_until" step."""
        if self._state != "steps":
            raise RuntimeError(f"advance() is not expected now (state {self._state})")
        return self._next()

    def on_reply(self, text: str | None) -> WakeStep:
        """Call after a "listen" step with what was heard, or None if nothing was."""
        if self._state != "listening":
            raise RuntimeError(f"on_reply() is not expected now (state {self._state})")
        self._state = "steps"
        if text is None or not text.strip():
            return self._no_answer(unclear=False)
        kind, minutes = classify_reply(text)
        if kind == "stop":
            self._say(STOP_LINE)
            self._final("end", reason="stopped")
        elif kind == "snooze":
            self._snooze(minutes or self.policy.snooze_minutes)
        elif kind == "awake":
            self._say(AWAKE_ACK)
            self._final("begin_routine", reason="awake")
        elif kind == "tired":
            if self.snoozes_used < self.policy.max_snoozes:
                line = (f"That's okay. Would you like {_more_minutes(self.policy.snooze_minutes).lower()}, "
                        "or shall we start very slowly?")
            else:
                line = "That's okay. We can start very slowly. Shall we?"
            return self._no_answer(unclear=True, line=line)
        else:
            return self._no_answer(unclear=True)
        return self._next()

    # -- internals

    def _say(self, text: str) -> None:
        self._queue.append(("say", text))

    def _final(self, kind: str, *, reason: str, note: str | None = None) -> None:
        self._queue.append((kind, (reason, note)))

    def _greet(self, text: str) -> None:
        self._prompt_index = 0
        self._greeted_at = self.wall_clock() if self.wall_clock else None
        self._say(text)
        self._queue.append(("listen", None))

    def _window(self) -> float:
        gaps = self.policy.reprompt_gaps
        return gaps[self._prompt_index] if self._prompt_index < len(gaps) else self.policy.listen_seconds

    def _reprompt_line(self) -> str:
        offer_snooze = self.snoozes_used < self.policy.max_snoozes
        lines = [
            "I'm here. Are you awake?",
            ("Whenever you're ready, just say yes. Or ask for " + _more_minutes(self.policy.snooze_minutes).lower() + ".")
            if offer_snooze else "Whenever you're ready, just say yes.",
            "I'm still here. No rush at all. Are you awake?",
        ]
        return lines[min(self._prompt_index - 1, len(lines) - 1)]

    def _no_answer(self, *, unclear: bool, line: str | None = None) -> WakeStep:
        if self._prompt_index >= len(self.policy.reprompt_gaps):
            # Out of re-prompts: go quiet. If they said something we couldn't follow, a soft
            # last line is kinder than silence; if they said nothing, silence is kinder.
            if unclear:
                self._say("I'll let you rest. I'm here whenever you want me.")
            self._final("end", reason="unclear" if unclear else "no_answer", note=self._note(unclear))
            return self._next()
        self._prompt_index += 1
        if line is None:
            line = ("Sorry, I didn't quite catch that. Are you awake?" if unclear
                    else self._reprompt_line())
        self._say(line)
        self._queue.append(("listen", None))
        return self._next()

    def _note(self, unclear: bool) -> str:
        at = ""
        if self._greeted_at is not None:
            at = f" at {self._greeted_at.hour}:{self._greeted_at.minute:02d}"
        if unclear:
            return f"Last time I said good morning{at}, I couldn't quite hear you, so I let you be. That's okay."
        return f"Last time I said good morning{at}, you didn't answer. That's okay. Maybe you needed the rest."

    def _snooze(self, minutes: float) -> None:
        if self.snoozes_used >= self.policy.max_snoozes:
            n = self.policy.max_snoozes
            agreed = "We agreed not to snooze." if n == 0 else f"We agreed on {_snoozes(n)}."
            self._say(f"{agreed} {TINY_STEP}")
            self._final("begin_routine", reason="snooze_limit")
            return
        minutes = min(minutes, self.policy.longest_snooze_minutes)
        self.snoozes_used += 1
        self._say(f"Okay. {_more_minutes(minutes)}. I'll be here.")
        self._queue.append(("sleep_until", minutes * 60.0))
        self._greet(GREETING_AGAIN)

    def _next(self) -> WakeStep:
        kind, arg = self._queue.popleft()
        if kind == "say":
            assert isinstance(arg, str)
            return WakeStep("say", text=arg)
        if kind == "listen":
            self._state = "listening"
            return WakeStep("listen", until=self.clock.now() + self._window())
        if kind == "sleep_until":
            assert isinstance(arg, float)
            return WakeStep("sleep_until", until=self.clock.now() + arg)
        self._state = "done"
        self._queue.clear()
        reason, note = arg  # type: ignore[misc]
        return WakeStep(kind, note=note, reason=reason)  # type: ignore[arg-type]


@dataclass(frozen=True)
class WakeOutcome:
    begin_routine: bool        # True: go on to the get-out-of-bed steps
    reason: str                # "awake", "snooze_limit", "stopped", "no_answer", "unclear"
    note: str | None           # store and say next time (no answer), else None
    snoozes: int


def run_wake(conversation: WakeConversation, channel: Channel, clock: Clock, *, fade_in: bool = True) -> WakeOutcome:
    """Carry out a WakeConversation over a channel until it begins the routine or ends."""
    if fade_in:
        # A soft rising tone before the first word, so the voice doesn't arrive out of silence.
        channel.tone("fade_in")
    step = conversation.start()
    while True:
        if step.kind == "say":
            channel.say(step.text)
            step = conversation.advance()
        elif step.kind == "listen":
            assert step.until is not None
            reply = channel.listen(max(0.0, step.until - clock.now()))
            step = conversation.on_reply(reply)
        elif step.kind == "sleep_until":
            assert step.until is not None
            clock.sleep_until(step.until)
            if fade_in:
                channel.tone("fade_in")
            step = conversation.advance()
        else:
            return WakeOutcome(step.kind == "begin_routine", step.reason or "", step.note,
                               conversation.snoozes_used)
