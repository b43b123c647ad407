"""Asking instead of guessing: the policy on a transcript's confidence, without audio."""

import json
from pathlib import Path

import pytest

from voice_companion.config import ConfigError, load_config
from voice_companion.models import choose_whisper
from voice_companion.safety.check_in import QUESTION
from voice_companion.speech.hearing import SAFETY_QUESTION, ask_before_acting, command_inside, second_opinion
from voice_companion.speech.stt import Transcript

SURE = Transcript("please stop", "please stop", 1.0, avg_logprob=-0.2, no_speech_prob=0.01, min_word_prob=0.9)


def unsure(text: str, **figures) -> Transcript:
    base = {"avg_logprob": -1.1, "no_speech_prob": 0.1, "min_word_prob": 0.2}
    return Transcript(text, text, 1.0, **{**base, **figures})


def test_a_clear_transcript_is_acted_on():
    assert not SURE.doubtful and SURE.doubts == ()
    assert ask_before_acting(doubtful=False, intent="stop", crisis=False, might_be_crisis=False) is None


def test_each_confidence_figure_alone_makes_it_doubtful():
    assert unsure("stop", min_word_prob=0.9).doubts == ("low average log-probability",)
    assert Transcript("stop", "stop", 1, avg_logprob=-0.2, min_word_prob=0.1).doubts == ("an unsure word",)
    assert Transcript("stop", "stop", 1, no_speech_prob=0.9).doubts == ("may not be speech",)
    assert Transcript("stop", "stop", 1, compression_ratio=3.0).doubts == ("repetitive",)


def test_nothing_heard_is_never_doubtful_and_typed_text_never_is():
    assert not unsure("").doubtful  # nothing to act on, nothing to ask about
    assert not Transcript("I want to die", "I want to die", 1.0).doubtful


def test_a_doubtful_possible_crisis_gets_the_direct_safety_question_not_small_talk():
    ask = ask_before_acting(doubtful=True, intent="talk", crisis=False, might_be_crisis=True)
    assert ask is not None and ask.kind == "safety" and ask.say == SAFETY_QUESTION
    assert QUESTION in ask.say and ask.hold
    # Even when the words happened to look like a command.
    assert ask_before_acting(doubtful=True, intent="skip", crisis=False, might_be_crisis=True).kind == "safety"


def test_a_doubtful_command_is_asked_about_and_a_silencing_one_goes_quiet_first():
    ask = ask_before_acting(doubtful=True, intent="stop", crisis=False, might_be_crisis=False)
    assert ask.say == "Sorry, did you say stop?" and ask.hold
    ask = ask_before_acting(doubtful=True, intent="slower", crisis=False, might_be_crisis=False)
    assert ask.say == "Sorry, did you say slower?" and not ask.hold
    assert ask_before_acting(doubtful=True, intent="time_left", crisis=False, might_be_crisis=False).say == \
        "Sorry, did you say how long is left?"


def test_a_short_unclear_utterance_mid_exercise_goes_quiet_and_asks():
    ask = ask_before_acting(doubtful=True, intent="talk", crisis=False, might_be_crisis=False, exercise_active=True, words=2)
    assert ask is not None and ask.hold and "stop" in ask.say
    # In noise a short command comes out as a whole made-up sentence: length does not clear it.
    assert ask_before_acting(doubtful=True, intent="talk", crisis=False, might_be_crisis=False, exercise_active=True, words=9).hold
    # Not outside an exercise, not when it was heard clearly.
    assert ask_before_acting(doubtful=True, intent="talk", crisis=False, might_be_crisis=False, words=2) is None
    assert ask_before_acting(doubtful=False, intent="talk", crisis=False, might_be_crisis=False, exercise_active=True, words=2) is None


def test_a_doubtful_exercise_request_is_acted_on_and_not_second_guessed_by_the_looser_layer():
    assert ask_before_acting(doubtful=True, intent="breathing", crisis=False, might_be_crisis=False) is None
    assert ask_before_acting(doubtful=True, intent="breathing", crisis=False, might_be_crisis=True) is None


def test_a_crisis_is_answered_as_a_crisis_however_unsure_and_doubtful_talk_gets_a_reply():
    assert ask_before_acting(doubtful=True, intent="crisis", crisis=True, might_be_crisis=True) is None
    assert ask_before_acting(doubtful=True, intent="talk", crisis=False, might_be_crisis=False) is None


def test_the_second_opinion_reads_the_close_other_readings_too():
    assert second_opinion("i want to kill myself") is not None
    assert second_opinion("") is None and second_opinion("i made a cup of tea") is None
    # The best reading is harmless; a close second is not: that is enough to ask.
    assert second_opinion("i made a cup of tea", ("i keep thinking about ending things",)) is not None


def test_transcript_json_carries_the_figures_and_the_verdict():
    data = unsure("stop it").as_json()
    assert data["doubtful"] is True and data["avg_logprob"] == -1.1 and "an unsure word" in data["doubts"]
    json.dumps(data)


@pytest.mark.parametrize("cores,memory,expected", [(2, 8, "tiny.en"), (1, 2, "tiny.en"), (4, 8, "base"), (8, 3, "tiny.en")])
def test_auto_picks_the_model_by_machine_size(cores, memory, expected):
    assert choose_whisper(cores, memory)[0] == expected


def test_auto_never_picks_a_model_that_is_not_installed():
    assert choose_whisper(16, 64, installed=("tiny.en",))[0] == "tiny.en"


def test_an_unknown_stt_model_in_the_file_falls_back_to_auto_and_says_so(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[stt]\nmodel = "large"\n')
    cfg = load_config(path)
    assert cfg.get("stt.model") == "auto"
    [problem] = cfg.problems
    assert "stt.model" in problem and "tiny.en" in problem


def test_an_unknown_stt_model_on_the_command_line_is_an_error():
    with pytest.raises(ConfigError, match="stt.model"):
        load_config(None, [("stt.model", "large", "command line")])


# --- the session's hook: a doubtful transcript the second opinion flags gets the direct question


def _companion(answer: str):
    import io

    from fakes import FixedLLM

    from voice_companion.app.runtime import load_exercises
    from voice_companion.channels.text import TextChannel
    from voice_companion.conversation.companion import Companion, SessionOptions

    out = io.StringIO()
    channel = TextChannel(inp=io.StringIO(answer + "\n"), out=out, fast=True)
    return Companion(channel, load_exercises()[0], llm=FixedLLM(None), options=SessionOptions(fast=True)), channel, out


@pytest.mark.parametrize("text, doubtful, asked", [
    ("i had a long day at work and want to rest", True, True),
    ("i had a long day at work and want to rest", False, False),
    # A request the router is sure of is not second-guessed, as the looser layer never judges one.
    ("can we do some breathing", True, False),
])
def test_another_reading_the_gate_flags_is_asked_about_directly(monkeypatch, text, doubtful, asked):
    from voice_companion.safety import crisis

    # Stand in for a mishearing: Whisper's other reading of the same audio is one the looser
    # layer flags (which words do that depends on the flagger's model; the wiring is tested here).
    other = "i just want to sleep forever and not wake up"
    real = crisis.check_crisis
    monkeypatch.setattr(crisis, "check_crisis", lambda t, recent=(), semantic=False, claimed=False: crisis.CrisisCheck(
        True, "passive_wish", "semantic similarity") if semantic and t == other else real(
        t, recent, semantic=semantic, claimed=claimed))
    companion, channel, out = _companion("stop")
    channel.last_heard = unsure(text, alternatives=(other,)) if doubtful else Transcript(text, text, 1.0, alternatives=(other,))
    companion.handle(text)
    said = out.getvalue()
    assert (QUESTION in said) == asked, said


def test_a_command_inside_short_unclear_words_is_asked_about():
    assert command_inside("okay stop that is it then") == "stop"
    assert command_inside("hold on a whatsit") == "pause"
    assert command_inside("i had a cup of tea by the window") is None
    assert command_inside("i want to stop feeling like this every single day") is None  # talk
    ask = ask_before_acting(doubtful=True, intent="talk", crisis=False, might_be_crisis=False, inside="stop")
    assert ask.say == "Sorry, did you say stop?" and ask.hold


def test_doctor_names_the_recogniser_auto_chose_and_why():
    from voice_companion.app.doctor import _whisper_where
    from voice_companion.models import machine_size

    line = _whisper_where(load_config(None))
    cores, _ = machine_size()
    assert ("Whisper base" if cores >= 4 else "Whisper tiny.en") in line and "cores" in line
    line = _whisper_where(load_config(None, [("stt.model", "tiny.en", "command line")]))
    assert "Whisper tiny.en (set in the config)" in line


def test_a_doubtful_command_said_of_oneself_is_confirmed_not_asked_the_safety_question():
    # "I'll stop." is a stop (the router knows it); unclaimed, the similarity layer hears
    # "i will stop [living]" in it. On the audio rig this once asked the safety question mid-exercise.
    from voice_companion.speech import hearing

    heard = Transcript("I'll stop.", "I'll stop.", 1.0, avg_logprob=-0.9, min_word_prob=0.3,
                       alternatives=("I'll stop", "I will stop."))
    ask = hearing.consider(heard, "I'll stop.", intent="stop", crisis=False, exercise_active=True)
    assert ask is not None and ask.kind == "confirm" and "stop" in ask.say
    assert second_opinion("I'll stop.") is not None  # the full standard would have asked
