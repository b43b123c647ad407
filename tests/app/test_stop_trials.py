"""The stop harness answers as a person who said "stop" would: a "yes" only to "did you say
stop?", never to a question about something else, and nothing when nothing was asked (paused, a
"yes" means carry on)."""

from voice_companion.app.stop_trials import answer_for
from voice_companion.exercise.engine import PAUSE_LINE
from voice_companion.speech.hearing import MID_EXERCISE_QUESTION


def test_the_harness_answers_what_was_asked():
    assert answer_for("Sorry, did you say stop?") == "yes"
    assert answer_for("Sorry, did you say pause?") == "no_stop"
    assert answer_for(MID_EXERCISE_QUESTION) == "stop"
    assert answer_for(PAUSE_LINE) is None and answer_for(None) is None
