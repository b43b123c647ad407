"""Whether the words heard at a short pause read as a finished turn (pure text logic)."""

import pytest

from voice_companion.speech.turn_end import sounds_finished


@pytest.mark.parametrize("heard", [
    "I have been feeling", "I have been feeling...", "I feel like", "I want to", "I think",
    "I'm so tired of", "It's because", "and", "Um", "uh", "So", "I was talking to my",
    "There is a", "I keep thinking about the", "I am", "I'm", "My", "I was going to", "It's just that,",
    "Can you help me with", "I", "We were",
])
def test_a_pause_after_these_words_is_a_pause_to_think(heard):
    assert not sounds_finished(heard)


@pytest.mark.parametrize("heard", [
    "Stop.", "stop", "Pause.", "Slower.", "Yes.", "No.", "Okay.", "Carry on.", "Hold on.", "Thank you.",
    "I have been feeling really low.", "Help me breathe.", "I think so.", "I don't know.", "Not really.",
    "What should I do?", "I can't sleep.", "I can't.", "Let's do box breathing.", "I need to get out of bed.",
])
def test_these_words_are_a_whole_turn(heard):
    assert sounds_finished(heard)


def test_nothing_heard_is_nothing_to_wait_for():
    # Noise or a breath decoded to no words: holding the turn open would only keep noise listening.
    assert sounds_finished("") and sounds_finished("  ")


def test_whisper_hearing_the_voice_trail_off_holds_the_turn():
    assert not sounds_finished("I have been feeling really low,")
    assert not sounds_finished("I have been feeling really low -")
    assert sounds_finished("I have been feeling really low.")
