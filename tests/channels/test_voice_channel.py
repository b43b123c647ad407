"""The spoken channel on WAV files: turns are cut by the real VAD and segmenter, transcribed by
the real Whisper, and what it says is real Piper audio (checked by transcribing it back)."""

import numpy as np
import pytest
from fakes import words

from voice_companion.app.runtime import make_voice_channel
from voice_companion.audio.format import resample, write_wav
from voice_companion.channels.voice import TOO_LONG
from voice_companion.config import load_config


def channel_for(tts, stt, wavs, **over):
    cfg = load_config(overrides=[(k, v, "test") for k, v in over.items()])
    return make_voice_channel(cfg, tts=tts, stt=stt, input_wavs=wavs, to_wav=True)


def heard_back(stt, ch):
    return stt.transcribe(resample(ch.sink.take(), ch.sink.rate, 16000)).text


def test_one_utterance_per_listen_then_end_of_input(tts, stt, espeak_wav):
    ch = channel_for(tts, stt, [espeak_wav("I need to get up."), espeak_wav("Please stop.")])
    assert "get up" in " ".join(words(ch.listen(None)))
    assert "stop" in words(ch.listen(None))
    assert ch.listen(None) is None and ch.eof
    tl = ch.timelines.all()
    assert len(tl) == 2 and all(t.since_speech_end()["transcript"] >= 0 for t in tl)


def test_silence_times_out_quietly(tts, stt, tmp_path):
    quiet = tmp_path / "quiet.wav"
    write_wav(quiet, np.zeros(16000 * 4, np.float32), 16000)
    ch = channel_for(tts, stt, [quiet])
    assert ch.listen(3.0) is None


def test_noise_that_looks_like_speech_gets_i_didnt_catch_that(tts, stt, tmp_path, espeak_wav):
    rng = np.random.default_rng(3)
    # Loud babble-like noise: modulated noise that webrtcvad calls speech but has no words.
    t = np.arange(16000 * 2) / 16000
    noise = rng.standard_normal(t.size) * (0.3 + 0.3 * np.sin(2 * np.pi * 4 * t))
    path = tmp_path / "noise.wav"
    write_wav(path, np.concatenate([np.zeros(8000), noise, np.zeros(16000)]).astype(np.float32) * 0.5, 16000)
    # With webrtcvad alone this noise opens a turn: the person hears why it went nowhere.
    ch = channel_for(tts, stt, [path, espeak_wav("Help me breathe.")], **{"listen.silero_vad": False})
    text = ch.listen(None)
    spoken = heard_back(stt, ch)
    assert "breathe" in words(text)
    assert "catch" in words(spoken)
    # With Silero also asked (the default) it is not taken for a voice at all.
    ch = channel_for(tts, stt, [path, espeak_wav("Help me breathe.")])
    assert "breathe" in words(ch.listen(None))
    assert "catch" not in words(heard_back(stt, ch))


def test_a_two_minute_monologue_is_cut_with_a_spoken_note(tts, stt, espeak_wav, tmp_path):
    from voice_companion.audio.format import load_for_stt

    one = load_for_stt(espeak_wav("I keep thinking about everything that went wrong at work today and I cannot stop."))
    loud = np.flatnonzero(np.abs(one) > 0.02)
    one = np.concatenate([one[loud[0] : loud[-1]], np.zeros(3200, np.float32)])  # 0.2 s breaths between
    long = np.concatenate([one] * int(np.ceil(120 * 16000 / one.size)))[: 120 * 16000]
    path = tmp_path / "long.wav"
    write_wav(path, long, 16000)
    ch = channel_for(tts, stt, [path], **{"listen.max_utterance_seconds": 12.0})
    text = ch.listen(None)
    assert "work" in words(text)
    said = " ".join(words(heard_back(stt, ch)))
    assert "first part" in said and "rest" in said, said  # the cut was said out loud, once
    assert TOO_LONG.startswith("That was a lot")
    # The rest is not dropped: it is the next turn, and the person is not asked to repeat it.
    assert "work" in words(ch.listen(None)) or "stop" in words(ch.listen(None))


def test_earcons_can_be_turned_off(tts, stt, espeak_wav):
    on = channel_for(tts, stt, [espeak_wav("Hello.")])
    on.listen(None)
    off = channel_for(tts, stt, [espeak_wav("Hello.")], **{"listen.earcons": False})
    off.listen(None)
    assert on.sink.played_seconds > 0.3 and off.sink.played_seconds == 0


def test_a_cue_is_exactly_as_long_as_the_breath(tts, stt):
    ch = channel_for(tts, stt, [])
    ch.cue("Breathe in… two… three… four", "inhale", 4.0)
    # The first time, synthesis time comes off the tone's tail so the next phase is on time…
    assert 2.0 <= ch.sink.played_seconds <= 4.0  # at most half the tail is given up
    assert ch.listen(0) is None
    before = ch.sink.played_seconds
    ch.cue("Breathe in… two… three… four", "inhale", 4.0)
    # …and once the words are cached it is the full four seconds.
    assert ch.sink.played_seconds - before == pytest.approx(4.0, abs=0.03)


def test_stop_said_during_a_breathing_cue_is_heard(tts, stt, espeak_wav):
    ch = channel_for(tts, stt, [espeak_wav("Stop.")])
    ch.cue("Out… two… three… four", "exhale", 4.0)
    assert "stop" in words(ch.listen(0))


def test_an_exercise_synthesizes_each_line_once_and_ahead_of_time(tts, stt, espeak_wav):
    import time

    from voice_companion.app.runtime import load_exercises
    from voice_companion.clock import FakeClock
    from voice_companion.conversation.companion import Companion, SessionOptions

    catalog = load_exercises()[0]
    ch = channel_for(tts, stt, [])
    c = Companion(ch, catalog, options=SessionOptions(fast=False), clock=FakeClock())
    ch.prefetch(["A line said later."], ["Breathe in… two… three"])
    time.sleep(1.5)
    before = tts.synth_count
    ch.say("A line said later.")
    ch.cue("Breathe in… two… three", "inhale", 3.0)
    assert tts.synth_count == before  # all served from the cache
    c.start_exercise("box_breathing")
    first = tts.synth_count
    c.start_exercise("box_breathing")
    assert tts.synth_count == first  # a second run synthesizes nothing new


def test_the_persons_words_stay_out_of_the_log_unless_debug_is_asked_for(tts, stt, piper_wav, capsys, monkeypatch):
    from voice_companion.app import runtime

    ch = channel_for(tts, stt, [piper_wav("My sister Anna moved away."), piper_wav("My sister Anna moved away.")])
    # Whatever Whisper made of it (it sometimes hears "and a" for "Anna"), those words are the person's.
    heard = ch.listen(None)
    assert heard and "sister" in words(heard)
    ch.say("That sounds hard.")
    err = capsys.readouterr().err
    assert heard not in err and "sister" not in err.lower() and "sounds hard" not in err  # stderr may be the system journal
    monkeypatch.setattr(runtime, "_show_words", False)
    runtime.show_words()
    heard = ch.listen(None)
    assert heard and "sister" in words(heard)
    err = capsys.readouterr().err
    assert "Debug mode" in err and "--debug" in err  # it says so before any words appear
    assert err.index("Debug mode") < err.index(heard)


def test_with_barge_in_our_own_line_heard_back_is_not_the_person_but_their_answers_are():
    from voice_companion.channels.voice import _our_echo
    from voice_companion.textnorm import tokens

    ours = set(tokens("Would you like to try box breathing? It is a slow, steady way to breathe, and I can count for you."))
    assert _our_echo("It's a slow, steady way to breathe and I can count.", ours)
    assert not _our_echo("Yes, box breathing.", ours)  # a short answer repeats our words
    assert not _our_echo("I would like to try something else instead, not breathing.", ours)
    helpline = set(tokens("If you are thinking about ending your life, I am here, and you can call a helpline."))
    assert not _our_echo("I am thinking about ending my life.", helpline)  # always the person's to answer


def _spoken(espeak_wav, text):
    from voice_companion.audio.format import load_for_stt

    audio = load_for_stt(espeak_wav(text))
    loud = np.flatnonzero(np.abs(audio) > 0.02)
    return audio[loud[0] : loud[-1] + 1]


def test_a_pause_to_think_mid_sentence_is_not_the_end_of_the_turn(tts, stt, espeak_wav, tmp_path):
    first, rest = _spoken(espeak_wav, "I have been feeling"), _spoken(espeak_wav, "really low all week.")
    path = tmp_path / "pause.wav"
    write_wav(path, np.concatenate([first, np.zeros(int(1.2 * 16000), np.float32), rest]), 16000)
    ch = channel_for(tts, stt, [path], **{"listen.endpoint": "normal"})
    heard = words(ch.listen(None))
    assert "feeling" in heard and "low" in heard and "week" in heard  # one turn, the whole sentence
    assert ch.listen(None) is None and ch.eof


def test_a_finished_sentence_is_answered_at_the_short_pause_already_transcribed(tts, stt, espeak_wav, tmp_path):
    path = tmp_path / "two.wav"
    said = _spoken(espeak_wav, "Please help me breathe.")
    write_wav(path, np.concatenate([said, np.zeros(int(1.0 * 16000), np.float32), _spoken(espeak_wav, "I need to get up.")]), 16000)
    ch = channel_for(tts, stt, [path], **{"listen.endpoint": "normal"})
    assert "breathe" in words(ch.listen(None))  # a 1 s pause after a whole sentence ends it
    assert "up" in words(ch.listen(None))  # and what followed is its own turn
