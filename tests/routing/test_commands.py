"""Voice commands must be recognised through recognition noise and must not fire on sentences
that merely contain a command word."""

from __future__ import annotations

import pytest

from voice_companion.routing.commands import _EXACT, COMMAND_PHRASES, COMMANDS, _core, expand_pattern, match_command
from voice_companion.textnorm import edit_distance, normalize, sound_key

POSITIVE = {
    "stop": ["stop", "stop please", "okay stop", "that's enough", "be quiet", "shut up", "quiet", "i want to stop",
             "end the exercise", "quit", "exit", "goodbye", "Stop. Stop.", "um so stop", "no stop", "can you stop"],
    "pause": ["pause", "hold on", "wait a sec", "give me a minute", "one moment", "hold on i need to get a tissue",
              "can we take a break"],
    "resume": ["resume", "continue", "go on", "keep going", "i'm ready", "carry on", "okay go", "don't stop",
               "i'm back let's carry on", "yeah go on"],
    "repeat": ["repeat", "say that again", "what did you say", "again please", "pardon", "come again", "What?"],
    "slower": ["slower", "slow down", "too fast", "can you go slower", "breathe slower"],
    "faster": ["faster", "speed up", "too slow", "a bit quicker"],
    "louder": ["louder", "speak up", "i can't hear you", "turn it up", "can you turn it up a bit"],
    "quieter": ["quieter", "softer", "too loud", "turn it down"],
    "skip": ["skip", "next one", "skip this step", "move on"],
    "not_helping": ["this isn't helping", "that's not helping", "it's making it worse", "i don't like this",
                    "this makes me feel worse", "stop the breathing it's making me dizzy",
                    "i don't think this is working"],
    "time_left": ["how long is left", "how much longer", "how many more", "is it nearly over",
                  "how long does this take", "how many more breaths do i have to do"],
}

MISHEARD = {
    "stob": "stop", "paws": "pause", "re peat": "repeat", "slow her": "slower", "louder please": "louder",
    "quite her": "quieter", "lauder": "louder", "fast her": "faster", "slow dawn": "slower", "hold one": "pause",
    "keep goin": "resume", "reepeat": "repeat", "continu": "resume",
}

# Sentences containing command words that are NOT commands (None = not a command at all).
NOT_COMMANDS = [
    "i can't stop crying", "i want to stop feeling like this", "my heart won't slow down", "i need to pause my life",
    "i stopped taking my medication", "the doctor said to keep going with the tablets", "i can't hear myself think",
    "i'm tired of repeating myself", "everything is moving too fast in my life", "i want to stop this feeling",
    "the neighbours are too loud", "next time i'll try harder", "i fell on the ground", "stop crying",
    "how much longer will i feel like this", "how long does anxiety last", "my boss is making me feel worse",
    "i don't like this feeling", "what now", "hi there", "it's slow", "good", "yes", "no", "okay", "i'm okay",
    "later", "i can't go on", "i've had enough", "that was nice", "um", "",
]


@pytest.mark.parametrize("command,text", [(c, t) for c, ts in POSITIVE.items() for t in ts])
def test_positive(command: str, text: str) -> None:
    assert match_command(text) == command


@pytest.mark.parametrize("text,command", MISHEARD.items())
def test_misheard(text: str, command: str) -> None:
    assert match_command(text) == command


@pytest.mark.parametrize("text", NOT_COMMANDS)
def test_not_a_command(text: str) -> None:
    assert match_command(text) is None


def test_dont_stop_is_never_stop() -> None:
    for text in ("don't stop", "please don't stop", "no don't stop", "i don't want you to stop"):
        assert match_command(text) != "stop"


def test_dizzy_complaint_prefers_not_helping() -> None:
    assert match_command("stop the breathing it's making me dizzy") == "not_helping"


def test_every_command_has_phrases_and_no_phrase_means_two_commands() -> None:
    assert set(COMMAND_PHRASES) == set(COMMANDS)
    clashes = []
    for command, patterns in COMMAND_PHRASES.items():
        for pattern in patterns:
            for seq in expand_pattern(pattern):
                core = tuple(_core(" ".join(seq)))
                if core and _EXACT[core] != command:
                    clashes.append((command, " ".join(seq), _EXACT[core]))
    assert not clashes


def test_expand_pattern() -> None:
    assert expand_pattern("a [b] (c|d e)") == [("a", "b", "c"), ("a", "b", "d", "e"), ("a", "c"), ("a", "d", "e")]


def test_normalize() -> None:
    assert normalize("Um, okay... I CAN'T breathe!") == "i can not breathe"
    assert normalize("So like, you know, stop please") == "stop please"
    assert normalize("I’m stuck") == "i am stuck"          # curly apostrophe
    assert normalize("thats enough, dont") == "that is enough do not"
    assert normalize("4-7-8 breathing") == "4 7 8 breathing"
    assert normalize("the 54321 thing") == "the 5 4 3 2 1 thing"
    assert normalize("in bed for 10 hours") == "in bed for 10 hours"
    assert normalize("i feel like crying") == "i feel like crying"  # "like" only dropped at the start


def test_sound_helpers() -> None:
    assert sound_key("paws") == sound_key("pause")
    assert sound_key("re peat") == sound_key("repeat")
    assert sound_key("again") != sound_key("go on")
    assert edit_distance("stob", "stop") == 1
    assert edit_distance("quiet", "quite") == 1  # transposition counts once


@pytest.mark.parametrize("text, command", [
    ("I'll stop.", "stop"), ("i'm going to pause for a second", "pause"), ("okay I'll carry on", "resume"),
])
def test_said_of_oneself_it_is_about_the_exercise(text: str, command: str) -> None:
    assert match_command(text) == command


@pytest.mark.parametrize("text", ["i'll stop eating", "i'm going to stop living", "i will kill myself"])
def test_said_of_oneself_with_more_words_is_not_a_command(text: str) -> None:
    assert match_command(text) is None
