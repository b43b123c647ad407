from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from voice_companion.channels.base import Channel
from voice_companion.clock import FakeClock
from voice_companion.morning.wake import (
    GREETING,
    GREETING_AGAIN,
    SNOOZE_DEFAULT,
    STOP_LINE,
    WakeConversation,
    WakePolicy,
    WakeStep,
    classify_reply,
    parse_snooze,
    run_wake,
)


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("ten more minutes", 10), ("10 more minutes", 10), ("5 more minutes", 5),
        ("five more minutes", 5), ("um twenty five more minutes please", 25),
        ("twenty-five minutes", 25), ("thirty minutes", 30), ("half an hour", 30),
        ("a half hour", 30), ("a few minutes", 5), ("a few more minutes", 5),
        ("a couple of minutes", 2), ("another ten", 10), ("ten more", 10), ("fifteen", 15),
        ("give me twenty", 20), ("just one more minute", 1), ("an hour", 60),
        ("quarter of an hour", 15), ("come back in ten minutes", 10), ("okay ten more minutes", 10),
        ("Ten more minutes, please.", 10), ("7.5 minutes", 7.5),
    ],
)
def test_parse_snooze_amounts(text, minutes):
    assert parse_snooze(text) == minutes


@pytest.mark.parametrize(
    "text",
    ["not yet", "later", "snooze", "let me sleep", "uh let me sleep a bit", "not now",
     "give me a minute", "in a bit", "a little longer", "more minutes", "wake me later"],
)
def test_parse_snooze_default(text):
    assert parse_snooze(text) == SNOOZE_DEFAULT == 0.0


@pytest.mark.parametrize(
    "text",
    ["yes", "okay", "i'm up", "morning", "stop", "", "no more snoozing", "what time is it", "7 30"],
)
def test_parse_snooze_not_a_snooze(text):
    assert parse_snooze(text) is None


def test_parse_snooze_none_input():
    assert parse_snooze(None) is None


@pytest.mark.parametrize(
    "text, kind",
    [
        ("okay", "awake"), ("yes", "awake"), ("yeah i'm up", "awake"), ("morning", "awake"),
        ("good morning", "awake"), ("mm hmm", "awake"), ("I'm awake.", "awake"),
        ("no more snoozing", "awake"),
        ("stop", "stop"), ("turn off", "stop"), ("turn it off", "stop"),
        ("leave me alone", "stop"), ("okay stop", "stop"), ("not today", "stop"),
        ("ten more minutes", "snooze"), ("not yet", "snooze"), ("no", "snooze"), ("nope", "snooze"),
        ("yes ten more minutes", "snooze"),
        ("i'm so tired", "tired"),
        ("what", "unclear"), ("banana", "unclear"),
    ],
)
def test_classify_reply(text, kind):
    assert classify_reply(text)[0] == kind


# ---------------------------------------------------------------------------------- conversation


class Driver:
    """Carries out steps on a FakeClock, like run_wake but recording everything."""

    def __init__(self, policy: WakePolicy = WakePolicy(), *, start: float = 1000.0, wall=None):
        self.clock = FakeClock(start)
        self.conv = WakeConversation(policy, self.clock, wall_clock=wall)
        self.said: list[str] = []
        self.listens: list[WakeStep] = []

    def until_listen_or_final(self, step: WakeStep) -> WakeStep:
        while step.kind in ("say", "sleep_until"):
            if step.kind == "say":
                self.said.append(step.text)
            else:
                self.clock.sleep_until(step.until)
            step = self.conv.advance()
        if step.kind == "listen":
            self.listens.append(step)
        return step

    def start(self) -> WakeStep:
        return self.until_listen_or_final(self.conv.start())

    def reply(self, text: str | None, *, wait: bool = False) -> WakeStep:
        if wait:
            self.clock.sleep_until(self.listens[-1].until)
        return self.until_listen_or_final(self.conv.on_reply(text))


def test_greeting_then_listen_with_first_gap():
    d = Driver()
    step = d.start()
    assert d.said == [GREETING]
    assert GREETING == "Good morning. It's the time we agreed on. No rush. Are you awake?"
    assert step.kind == "listen" and step.until == 1000.0 + 60


def test_awake_answer_begins_routine():
    d = Driver()
    d.start()
    step = d.reply("okay")
    assert step.kind == "begin_routine" and step.reason == "awake" and step.note is None


def test_snooze_within_limit_sleeps_then_greets_softly():
    d = Driver()
    d.conv.start()  # raw protocol, step by step
    conv, clock = d.conv, d.clock
    assert conv.advance().kind == "listen"
    clock.advance(5)
    step = conv.on_reply("ten more minutes")
    assert step == WakeStep("say", "Okay. Ten more minutes. I'll be here.")
    clock.advance(3)  # saying it took a moment
    step = conv.advance()
    assert step.kind == "sleep_until" and step.until == 1008.0 + 600
    clock.sleep_until(step.until)
    step = conv.advance()
    assert step == WakeStep("say", GREETING_AGAIN)
    step = conv.advance()
    assert step.kind == "listen" and step.until == clock.now() + 60
    assert conv.snoozes_used == 1


def test_snooze_without_amount_uses_policy_default():
    d = Driver(WakePolicy(snooze_minutes=7))
    d.start()
    d.reply("not yet")
    assert d.said[-2:] == ["Okay. Seven more minutes. I'll be here.", GREETING_AGAIN]


def test_long_snooze_is_capped():
    d = Driver(WakePolicy(longest_snooze_minutes=30))
    d.start()
    t0 = d.clock.now()
    d.reply("three hours")
    assert "Okay. Thirty more minutes. I'll be here." in d.said
    assert d.clock.now() == t0 + 30 * 60


def test_beyond_snooze_limit_one_tiny_step_then_routine():
    d = Driver()
    d.start()
    d.reply("ten more minutes")
    d.reply("five more minutes")
    step = d.reply("ten more minutes")
    assert d.said[-1] == (
        "We agreed on two snoozes. Let's just try one tiny step together: wiggle your toes."
    )
    assert step.kind == "begin_routine" and step.reason == "snooze_limit"
    assert d.conv.snoozes_used == 2


def test_beyond_limit_stop_still_ends():
    d = Driver(WakePolicy(max_snoozes=1))
    d.start()
    d.reply("snooze")
    step = d.reply("leave me alone")
    assert step.kind == "end" and step.reason == "stopped" and d.said[-1] == STOP_LINE


def test_no_snoozes_allowed_wording():
    d = Driver(WakePolicy(max_snoozes=0))
    d.start()
    step = d.reply("five more minutes")
    assert d.said[-1].startswith("We agreed not to snooze.")
    assert step.kind == "begin_routine"
    # And re-prompts don't offer a snooze that isn't allowed.
    d2 = Driver(WakePolicy(max_snoozes=0))
    d2.start()
    d2.reply(None, wait=True)
    d2.reply(None, wait=True)
    assert not any("more minutes" in s for s in d2.said)


@pytest.mark.parametrize("text", ["stop", "turn off", "leave me alone", "please stop talking"])
def test_stop_ends_kindly_without_note(text):
    d = Driver()
    d.start()
    step = d.reply(text)
    assert d.said[-1] == STOP_LINE
    assert step.kind == "end" and step.note is None and step.reason == "stopped"


def test_no_answer_reprompts_with_growing_gaps_then_goes_quiet():
    wall = lambda: dt.datetime(2024, 11, 25, 7, 32)  # noqa: E731
    d = Driver(WakePolicy(reprompt_gaps=(60, 120, 240), listen_seconds=90), wall=wall)
    step = d.start()
    windows = []
    while step.kind == "listen":
        windows.append(step.until - d.clock.now())
        step = d.reply(None, wait=True)
    assert windows == [60, 120, 240, 90]
    assert len(d.listens) == 4
    assert step.kind == "end" and step.reason == "no_answer"
    assert step.note == (
        "Last time I said good morning at 7:32, you didn't answer. That's okay. Maybe you needed the rest."
    )
    assert len(d.said) == 1 + 3  # greeting + one re-prompt per gap; nothing said at the end
    assert len(set(d.said)) == 4


@pytest.mark.parametrize("gaps", [(), (30,), (60, 120, 240), (10, 20, 40, 80, 160)])
def test_never_loops_forever_on_silence(gaps):
    d = Driver(WakePolicy(reprompt_gaps=gaps))
    step = d.start()
    for _ in range(1000):
        if step.kind != "listen":
            break
        step = d.reply(None)  # the clock isn't even advanced: it must still end
    assert step.kind == "end"
    assert len(d.listens) == len(gaps) + 1


def test_no_answer_after_a_snooze_ends_with_the_later_time_in_the_note():
    times = iter([dt.datetime(2024, 11, 25, 7, 30), dt.datetime(2024, 11, 25, 7, 41)])
    d = Driver(wall=lambda: next(times))
    step = d.start()
    step = d.reply("ten more minutes")
    while step.kind == "listen":
        step = d.reply(None)
    assert step.kind == "end" and "at 7:41" in step.note


def test_unclear_reply_asks_again_and_counts_as_a_reprompt():
    d = Driver()
    d.start()
    step = d.reply("banana")
    assert d.said[-1] == "Sorry, I didn't quite catch that. Are you awake?"
    assert step.kind == "listen"
    step = d.reply("yes")
    assert step.kind == "begin_routine"


def test_unclear_forever_still_ends():
    d = Driver()
    step = d.start()
    while step.kind == "listen":
        step = d.reply("mumble mumble")
    assert step.kind == "end" and step.reason == "unclear" and step.note
    assert len(d.listens) == 4


def test_tired_gets_a_choice_not_a_push():
    d = Driver()
    d.start()
    d.reply("i'm so tired")
    assert d.said[-1] == "That's okay. Would you like ten more minutes, or shall we start very slowly?"
    assert d.reply("ten more minutes").kind == "listen"  # snoozed, then greeted again


def test_protocol_misuse_raises():
    conv = WakeConversation(WakePolicy(), FakeClock())
    with pytest.raises(RuntimeError):
        conv.advance()
    conv.start()
    with pytest.raises(RuntimeError):
        conv.on_reply("yes")  # still saying the greeting
    conv.advance()
    with pytest.raises(RuntimeError):
        conv.advance()  # listening
    assert conv.on_reply("yes").kind == "say"
    assert conv.advance().kind == "begin_routine"
    with pytest.raises(RuntimeError):
        conv.advance()
    with pytest.raises(RuntimeError):
        conv.start()


def test_random_replies_always_terminate():
    replies = [None, "", "yes", "stop", "ten more minutes", "not yet", "banana", "i'm tired", "no"]
    rng = random.Random(1234)
    for policy in (WakePolicy(), WakePolicy(max_snoozes=5, reprompt_gaps=(1, 2)), WakePolicy(max_snoozes=0)):
        for _ in range(300):
            d = Driver(policy)
            step = d.start()
            n = 0
            while step.kind == "listen":
                step = d.reply(rng.choice(replies))
                n += 1
            assert step.kind in ("begin_routine", "end")
            assert n <= (policy.max_snoozes + 1) * (len(policy.reprompt_gaps) + 1)


def test_spoken_lines_are_calm_and_brief():
    d = Driver()
    d.start()
    d.reply("i'm tired", wait=True)
    d.reply(None, wait=True)
    d.reply("ten more minutes")
    d.reply("later")
    d.reply("snooze")
    for line in d.said:
        assert "!" not in line
        assert not re.search(r"\b(hurry|lazy|should|must|late|again\?)\b", line, re.I), line
        for sentence in re.split(r"(?<=[.?])\s+", line):
            assert len(sentence.split()) <= 14, sentence


# ---------------------------------------------------------------------------------- run_wake


class FakeChannel(Channel):
    def __init__(self, clock: FakeClock, replies: list[str | None] | None = None):
        self.clock = clock
        self.replies = list(replies or [])
        self.log: list[tuple] = []

    def say(self, text: str) -> None:
        self.log.append(("say", text))
        self.clock.advance(2)

    def tone(self, kind: str, seconds: float = 0.0) -> None:
        self.log.append(("tone", kind))

    def cue(self, text: str, kind: str, seconds: float) -> None:  # pragma: no cover - unused
        raise AssertionError

    def listen(self, timeout: float | None = None) -> str | None:
        self.log.append(("listen", timeout))
        if self.replies:
            self.clock.advance(3)
            return self.replies.pop(0)
        self.clock.advance(timeout or 0)
        return None


def test_run_wake_silence_forever():
    clock = FakeClock(0)
    ch = FakeChannel(clock)
    out = run_wake(WakeConversation(WakePolicy(), clock), ch, clock)
    assert not out.begin_routine and out.reason == "no_answer" and out.note
    assert [e[1] for e in ch.log if e[0] == "listen"] == [60, 120, 240, 60]
    assert ch.log[0] == ("tone", "fade_in")


def test_run_wake_snooze_then_up():
    clock = FakeClock(0)
    ch = FakeChannel(clock, ["not yet", "okay i'm up"])
    out = run_wake(WakeConversation(WakePolicy(), clock), ch, clock)
    assert out.begin_routine and out.reason == "awake" and out.snoozes == 1
    assert clock.now() >= 600
    assert ch.log.count(("tone", "fade_in")) == 2
