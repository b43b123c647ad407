"""Asking instead of guessing, in the real session loop: what a person hears when Whisper was
unsure of a command, idle and in the middle of an exercise. Transcripts are fed with Whisper's
figures (no audio), as a voice channel hands them to the session."""

import pytest
from fakes import FakeChannel, FixedLLM

from voice_companion.app.runtime import load_exercises
from voice_companion.clock import FakeClock
from voice_companion.conversation.companion import GOODBYE_LINE, Companion, SessionOptions
from voice_companion.exercise.engine import PAUSE_LINE, RESUME_LINE, STOP_LINE_BREATHING
from voice_companion.routing.commands import match_command
from voice_companion.safety.check_in import QUESTION
from voice_companion.speech import hearing
from voice_companion.speech.stt import Transcript


def unsure(text: str) -> Transcript:
    return Transcript(text, text, 1.0, avg_logprob=-1.1, no_speech_prob=0.1, min_word_prob=0.2)


def sure(text: str) -> Transcript:
    return Transcript(text, text, 1.0, avg_logprob=-0.2, no_speech_prob=0.01, min_word_prob=0.9)


class HeardChannel(FakeChannel):
    """A FakeChannel whose person is heard through Whisper: each line comes with its figures, as
    the voice channel's last_heard. A plain string is heard clearly."""

    def listen(self, timeout=None):
        heard = super().listen(timeout)
        if heard is None:
            if timeout is None and not self.replies:
                self.eof = True  # the script is over: the session loop ends
            return None
        transcript = heard if isinstance(heard, Transcript) else sure(heard)
        self.last_heard = transcript
        return transcript.text


@pytest.fixture(scope="module")
def catalog():
    return load_exercises()[0]


def session(catalog, replies, **kw):
    clock = FakeClock()
    channel = HeardChannel(clock, replies, **kw)
    companion = Companion(channel, catalog, llm=FixedLLM(None), options=SessionOptions(fast=False), clock=clock)
    return companion, channel


def after(said: list[str], line: str) -> list[str]:
    return said[said.index(line) + 1:]


# --- idle ------------------------------------------------------------------------------------


def test_a_doubtful_stop_is_asked_about_and_a_yes_ends_the_session(catalog):
    companion, channel = session(catalog, [unsure("stop"), "yes"])
    companion.run()
    assert "Sorry, did you say stop?" in channel.said
    assert after(channel.said, "Sorry, did you say stop?") == [GOODBYE_LINE]
    assert not companion.running


def test_hearing_the_command_again_is_a_yes(catalog):
    companion, channel = session(catalog, [unsure("stop"), "stop"])
    companion.run()
    assert after(channel.said, "Sorry, did you say stop?") == [GOODBYE_LINE]


def test_a_no_carries_on_and_silence_does_nothing_on_a_guess(catalog):
    companion, channel = session(catalog, [unsure("stop"), "no"])
    companion.run()
    assert after(channel.said, "Sorry, did you say stop?") == [hearing.NO_LINE]
    assert GOODBYE_LINE not in channel.said
    companion, channel = session(catalog, [unsure("stop"), None])
    companion.run()
    assert after(channel.said, "Sorry, did you say stop?") == []  # quiet, still listening
    assert GOODBYE_LINE not in channel.said


def test_a_clear_stop_is_obeyed_at_once(catalog):
    companion, channel = session(catalog, [sure("stop")])
    companion.run()
    assert not any(line.startswith("Sorry") for line in channel.said) and GOODBYE_LINE in channel.said


def test_a_crisis_is_answered_at_once_however_unsure_whisper_was(catalog):
    companion, channel = session(catalog, [unsure("i am going to kill myself")])
    companion.run()
    assert not any("did you say" in line or "didn't quite catch" in line for line in channel.said)
    assert companion.crisis.active and any("988" in line for line in channel.said)


def test_a_doubtful_exercise_request_starts_it_without_asking_back(catalog):
    companion, channel = session(catalog, [unsure("can we do some breathing"), "stop"])
    companion.run()
    assert not any(line.startswith("Sorry") for line in channel.said) and channel.cues, channel.said


# --- in the middle of an exercise -------------------------------------------------------------


def breathing(catalog, said_over, replies, after_cues=2):
    companion, channel = session(catalog, replies)
    channel.interject(said_over, after_cues=after_cues)
    result = companion.start_exercise("box_breathing")
    return result, channel


def cues_after(channel, line: str) -> int:
    events = channel.events
    at = next(i for i, e in enumerate(events) if e.kind == "say" and e.text == line)
    return sum(e.kind == "cue" for e in events[at:])


def test_mid_exercise_a_doubtful_stop_waits_for_the_answer_and_a_yes_stops(catalog):
    result, channel = breathing(catalog, unsure("stop"), ["yes"])
    assert "Sorry, did you say stop?" in channel.said
    assert after(channel.said, "Sorry, did you say stop?")[0] == STOP_LINE_BREATHING
    assert result.reason == "stopped" and cues_after(channel, "Sorry, did you say stop?") == 0


def test_mid_exercise_a_no_carries_on_with_the_exercise(catalog):
    result, channel = breathing(catalog, unsure("stop"), ["no"])
    assert after(channel.said, "Sorry, did you say stop?")[0] == RESUME_LINE
    assert cues_after(channel, RESUME_LINE) > 0 and result.reason != "stopped"


def test_mid_exercise_silence_after_a_doubtful_pause_keeps_it_paused(catalog):
    # Nobody answers "did you say pause?", and nobody says carry on: it never talks again over
    # someone who tried to silence it.
    result, channel = breathing(catalog, unsure("pause"), [None])
    assert "Sorry, did you say pause?" in channel.said
    assert after(channel.said, "Sorry, did you say pause?")[0] == PAUSE_LINE
    assert cues_after(channel, "Sorry, did you say pause?") == 0


def test_mid_exercise_short_unclear_words_go_quiet_and_ask(catalog):
    result, channel = breathing(catalog, unsure("the garden gate"), [None])
    assert hearing.MID_EXERCISE_QUESTION in channel.said
    assert cues_after(channel, hearing.MID_EXERCISE_QUESTION) == 0


@pytest.mark.parametrize("answer", ["no, stop", "no I said stop", "stop"])
def test_mid_exercise_a_stop_heard_as_pause_is_corrected_and_stops(catalog, answer):
    # "Stop" misheard as "pause": the person says what they meant, and it stops; the "no" is
    # about the word it asked, not a wish to carry on.
    result, channel = breathing(catalog, unsure("pause"), [answer])
    assert "Sorry, did you say pause?" in channel.said
    assert RESUME_LINE not in channel.said and STOP_LINE_BREATHING in channel.said
    assert result.reason == "stopped" and cues_after(channel, "Sorry, did you say pause?") == 0


def test_mid_exercise_a_correction_heard_unclearly_too_is_not_asked_about_again(catalog):
    result, channel = breathing(catalog, unsure("pause"), [unsure("no, stop")])
    assert not any("did you say stop" in line for line in channel.said)
    assert result.reason == "stopped"


def test_a_stop_said_while_paused_ends_it(catalog):
    result, channel = breathing(catalog, sure("pause"), ["stop"])
    assert after(channel.said, PAUSE_LINE)[0] == STOP_LINE_BREATHING and result.reason == "stopped"


def test_idle_a_correction_to_did_you_say_is_acted_on(catalog):
    # Idle, "slower" misheard: "no, I said stop" ends the session instead of carrying on.
    companion, channel = session(catalog, [unsure("slower"), "no, I said stop"])
    companion.run()
    assert "Sorry, did you say slower?" in channel.said and GOODBYE_LINE in channel.said
    assert hearing.NO_LINE not in channel.said


def test_mid_exercise_a_crisis_in_unclear_words_stops_it_at_once(catalog):
    result, channel = breathing(catalog, unsure("i want to kill myself"), ["yes"])
    assert not any("did you say" in line or "Shall I stop" in line for line in channel.said)
    assert any("988" in line for line in channel.said)


def test_mid_exercise_a_crisis_in_the_answer_is_not_taken_as_yes(catalog):
    result, channel = breathing(catalog, unsure("stop"), ["yes i want to kill myself"])
    assert STOP_LINE_BREATHING not in channel.said
    assert any("988" in line for line in channel.said)


def test_a_clear_command_mid_exercise_is_not_asked_about(catalog):
    result, channel = breathing(catalog, sure("stop"), [])
    assert not any("did you say" in line for line in channel.said) and result.reason == "stopped"


def test_what_a_yes_confirms_is_read_as_that_command():
    for intent, phrase in hearing.COMMAND_PHRASES.items():
        assert match_command(phrase) == intent, phrase


def test_the_answers_to_the_question_mean_what_a_person_means():
    ask = hearing.Ask("confirm", "Sorry, did you say stop?", "stop", hold=True)
    assert [hearing.reply_to(ask, r) for r in ("yes", "stop", "no", "carry on", None, "what time is it")] == \
        ["act", "act", "carry_on", "carry_on", "hold", "other"]
    slower = hearing.Ask("confirm", "Sorry, did you say slower?", "slower")
    assert hearing.reply_to(slower, None) == "drop"
    choice = hearing.Ask("confirm", hearing.MID_EXERCISE_QUESTION, "stop", hold=True)
    assert hearing.reply_to(choice, "yes") == "hold" and hearing.reply_to(choice, "stop") == "act"
    # Another command in the answer is what they meant: taken as a new utterance, not as "no".
    pause = hearing.Ask("confirm", "Sorry, did you say pause?", "pause", hold=True)
    assert [hearing.reply_to(pause, r) for r in ("no, stop", "no I said stop", "no", "yes")] == \
        ["other", "other", "carry_on", "act"]


def test_the_direct_question_on_unclear_words_says_why_it_asks(catalog, monkeypatch):
    from voice_companion.safety import crisis

    other = "i just want to sleep forever and not wake up"
    real = crisis.check_crisis
    monkeypatch.setattr(crisis, "check_crisis", lambda t, recent=(), semantic=False, claimed=False: crisis.CrisisCheck(
        True, "passive_wish", "semantic similarity") if semantic and t == other else real(
        t, recent, semantic=semantic, claimed=claimed))
    text = "i had a long day at work and want to rest"
    heard = Transcript(text, text, 1.0, avg_logprob=-1.1, min_word_prob=0.2, alternatives=(other,))
    companion, channel = session(catalog, [heard, "yes"])
    companion.run()
    assert hearing.SAFETY_QUESTION in channel.said and QUESTION in hearing.SAFETY_QUESTION


def test_mid_exercise_a_whole_sentence_that_is_stop_holds_it_even_heard_clearly(catalog):
    result, channel = breathing(catalog, sure("Okay, stop. Now to sit up."), [None])
    assert "Sorry, did you say stop?" in channel.said
    assert cues_after(channel, "Sorry, did you say stop?") == 0


def test_mid_exercise_a_long_unclear_sentence_holds_it_and_asks(catalog):
    # In noise a short command comes out as a whole made-up sentence.
    result, channel = breathing(catalog, unsure("I'll see you guys next time over there"), ["carry on"])
    assert hearing.MID_EXERCISE_QUESTION in channel.said
    assert after(channel.said, hearing.MID_EXERCISE_QUESTION)[0] == RESUME_LINE and cues_after(channel, RESUME_LINE) > 0


def test_clear_talk_that_mentions_stopping_is_not_asked_about():
    assert hearing.command_sentence("I can't stop yawning. It's silly.") is None
    assert hearing.consider(sure("I can't stop yawning. It's silly."), "I can't stop yawning. It's silly.",
                            intent="talk", crisis=False, exercise_active=True) is None


# --- "stop" said over its own voice (hands-free, listen.stop_over_speech) ---------------------


def test_stop_said_over_its_own_voice_means_stop_talking_not_goodbye(catalog):
    companion, channel = session(catalog, [])
    channel.cut_short = True  # as the voice channel sets it when a command said over a line cut it
    companion.handle("stop")
    assert GOODBYE_LINE not in channel.said and companion.running
    assert channel.said[-1] == "Okay. I'll be quiet until you need me."
    # Said when nothing of it was cut, "stop" still ends the session.
    channel.cut_short = False
    companion.handle("stop")
    assert channel.said[-1] == GOODBYE_LINE and not companion.running
