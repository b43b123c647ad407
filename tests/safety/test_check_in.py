"""The direct question after a tentative (similarity-only) crisis flag."""

import io

import pytest

from voice_companion.app.runtime import load_exercises
from voice_companion.channels.text import TextChannel
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.safety.check_in import QUESTION, read_answer


@pytest.mark.parametrize("reply", [
    "no", "no no i'm fine", "nope not at all", "no i'm just tired", "of course not", "i'm okay really",
    "no i didn't mean that", "nah i'm alright",
])
def test_a_clear_no_is_safe(reply):
    assert read_answer(reply) == "safe"


@pytest.mark.parametrize("reply", [
    None, "", "yes", "yeah sometimes", "i don't know", "maybe", "not sure", "kind of", "i think so",
    "no but maybe a bit", "can we talk about something else", "help",
])
def test_yes_unsure_silence_or_anything_else_is_unsafe(reply):
    assert read_answer(reply) == "unsafe"


def converse(lines):
    out = io.StringIO()
    channel = TextChannel(inp=io.StringIO("\n".join(lines) + "\n"), out=out, fast=True)
    c = Companion(channel, load_exercises()[0], options=SessionOptions(fast=True))
    c.run()
    return out.getvalue(), c


def tentative_text():
    """An utterance only the similarity layer flags (found, not assumed, so the test is honest)."""
    from voice_companion.safety.crisis import CrisisGate

    for text in ("i don't know what to do with myself", "i just feel off", "everyone would be relieved if i was gone"):
        check = CrisisGate().check(text)
        if check.tentative:
            return text
    pytest.skip("no tentative example found")


def test_a_tentative_flag_asks_directly_and_a_no_carries_on():
    said, c = converse([tentative_text(), "no i'm fine"])
    assert QUESTION in said and "glad" in said
    assert not c.crisis.active and "988" not in said


def test_a_tentative_flag_with_yes_or_silence_gets_the_crisis_answer():
    said, c = converse([tentative_text(), "yes"])
    assert QUESTION in said and "988" in said and c.crisis.active
    said, c = converse([tentative_text()])
    assert "988" in said and c.crisis.active  # no answer: safety first


def test_an_explicit_crisis_gets_the_answer_at_once_without_the_question():
    said, c = converse(["i want to kill myself"])
    assert QUESTION not in said and "988" in said and c.crisis.active


@pytest.mark.parametrize("reply,outcome", [
    ("no", "no"), ("i'm fine", "no"), ("nope", "no"),
    ("i'm safe", "safe"), ("no, i'm not going to hurt myself", "safe"), ("i have no plan to hurt myself", "safe"),
    ("yes", "unsafe"), ("maybe", "unsafe"), ("i am safe but i don't know", "unsafe"),
    (None, "none"), ("", "none"), ("can we talk about something else", "none"),
])
def test_answers_are_read_finer_for_the_session_risk(reply, outcome):
    from voice_companion.safety.check_in import classify_answer

    assert classify_answer(reply) == outcome
