"""The prompt always fits the model's window: one very long turn is capped (the crisis gate still
reads all of it), the history is trimmed to what fits, and one line in another language does not
turn every later reply into that language."""

from __future__ import annotations

import random

from fakes import FixedLLM

from voice_companion.channels.base import Channel
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.conversation.reply import LLM_LOST_LINE


class Ears(Channel):
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def speak_stream(self, sentences) -> list[str]:
        out = list(sentences)
        self.said += out
        return out

    def listen(self, timeout=None):
        return None


class Recorder:
    name, model, context, max_tokens = "embedded", "recorder", 2048, 120

    def __init__(self, reply="I'm here with you.") -> None:
        self.reply, self.asked = reply, []

    def stream_chat(self, messages, *, cancel=None):
        self.asked.append(messages)
        yield self.reply

    def classify(self, system, user, choices):
        return None


def long_line(n: int = 20_000) -> str:
    rng = random.Random(7)
    words = "today was long and i keep thinking about the rain the bus my sister work and the small kitchen".split()
    return " ".join(rng.choice(words) for _ in range(n // 5))[:n]


def test_one_very_long_turn_does_not_break_the_turns_after_it(smol):
    ears = Ears()
    companion = Companion(ears, {}, llm=FixedLLM(smol), options=SessionOptions(fast=True))
    companion.talk(long_line())
    for text in ("thank you", "i feel a bit calmer now", "can we keep talking"):
        ears.said.clear()
        companion.talk(text)
        assert ears.said and LLM_LOST_LINE not in ears.said, text


def test_the_history_is_trimmed_to_the_window_newest_kept():
    backend = Recorder(reply="That sounds hard. " * 30)
    companion = Companion(Ears(), {}, llm=FixedLLM(backend), options=SessionOptions(fast=True))
    for n in range(12):
        companion.talk(f"turn {n} " + "i keep thinking about the day and " * 40)
    sent = backend.asked[-1]
    assert sum(len(m["content"]) for m in sent) <= (2048 - 120) * 3
    assert "turn 11" in sent[-1]["content"] and "turn 10" in sent[-3]["content"]
    assert not any("turn 2 " in m["content"] for m in sent)


def test_a_line_in_another_language_does_not_change_the_language_of_later_replies():
    backend = Recorder()
    companion = Companion(Ears(), {}, llm=FixedLLM(backend), options=SessionOptions(fast=True))
    backend.reply = "Estoy aquí contigo. Respira despacio."
    companion.talk("hoy me siento muy triste y cansada")
    assert "Answer in English." in backend.asked[-1][-1]["content"]
    backend.reply = "I'm here with you."
    companion.talk("i am tired")
    later = backend.asked[-1]
    assert not any("triste" in m["content"] or "Estoy" in m["content"] for m in later)
    assert "Answer in English." not in later[-1]["content"]
    companion.talk("thanks")
    assert any("i am tired" in m["content"] for m in backend.asked[-1][:-1])  # English turns are kept
