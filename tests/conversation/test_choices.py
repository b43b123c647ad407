"""Two or three exercises offered by name: the reply picks one by place, leaves it to us, says
yes (and is asked which), or says no. Pure logic first, then through the session."""

import pytest
from fakes import Scripted

from voice_companion.app.replay import FixedHolder, ScriptChannel
from voice_companion.conversation.choices import listed, picked
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.exercise.format import builtin_dir, load_catalog


@pytest.mark.parametrize("text, count, index", [
    ("the first one", 3, 0),
    ("um the second one please", 3, 1),
    ("number three", 3, 2),
    ("the last one", 2, 1),
    ("the middle one", 3, 1),
    ("you choose", 3, 0),
    ("whichever, i don't mind", 3, 0),
    ("the third one", 2, None),
    ("yes", 3, None),
    ("my first job was at a bakery and i hated it", 3, None),
])
def test_the_reply_picks_an_offered_exercise_by_place(text, count, index):
    assert picked(text, count) == index


def test_names_are_listed_as_said():
    assert listed(["box breathing", "grounding", "the cyclic sigh"]) == "box breathing, grounding or the cyclic sigh"
    assert listed(["box breathing", "grounding"]) == "box breathing or grounding"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([builtin_dir()])[0]


def session(lines, catalog):
    """What it said after the greeting, and the exercises it started."""
    channel = ScriptChannel(lines)
    started: list[str] = []
    log = lambda line: started.append(line.split(": ", 1)[1]) if line.startswith("exercise: ") else None  # noqa: E731
    Companion(channel, catalog, llm=FixedHolder(Scripted("That sounds hard.")), options=SessionOptions(fast=True), log=log).run()
    return channel.said[1:], started, None


@pytest.mark.parametrize("reply, started", [
    (["the second one"], ["resonance_breathing"]),
    (["you choose"], ["breathing_478"]),
    (["yes", "the grounding one"], ["grounding_54321"]),
    (["yes", "yes"], ["breathing_478"]),
])
def test_an_exercise_offered_in_a_list_starts_when_picked(reply, started, catalog):
    said, got, _ = session(["any tips to help me sleep", *reply], catalog)
    assert said[0].startswith("I can guide you through four-seven-eight breathing, slow breathing")
    assert got == started


def test_a_yes_to_the_list_is_asked_which_and_a_no_is_heard(catalog):
    said, started, _ = session(["any tips to help me sleep", "yes"], catalog)
    assert started == [] and said[1].startswith("Which one would you like: four-seven-eight breathing")
    said, started, _ = session(["any tips to help me sleep", "no thanks"], catalog)
    assert started == [] and said[1] == "Okay. I'm here, and we can just talk."


def test_something_else_said_after_the_list_is_talk(catalog):
    said, started, _ = session(["any tips to help me sleep", "my first job was at a bakery and i hated it there"], catalog)
    assert started == [] and said[1] == "That sounds hard."


def test_what_can_i_do_about_it_is_offered_what_fits_what_was_said_before(catalog):
    said, started, _ = session(["i've been really anxious all day", "what can i do about it"], catalog)
    assert started == [] and said[1] == ("I can guide you through box breathing or 5-4-3-2-1 grounding. "
                                         "Would you like one of those, or shall we just talk?")
