"""Listening around the assistant's own sound, without audio devices: which microphone frames
are its own echo, the breath tones told from a voice, a dead microphone noticed, and Enter
during a cue (push-to-talk) starting a turn at once."""

import os
import threading
import time

import numpy as np
import pytest
from fakes import StampedMic, words

from voice_companion.audio.capture import MicrophoneLost, MicTurnSource, OwnEcho, cut_turn
from voice_companion.audio.earcons import RATE, earcon
from voice_companion.audio.format import frames, load_for_stt, resample
from voice_companion.audio.own_audio import OwnAudio
from voice_companion.audio.segmenter import Segmenter
from voice_companion.audio.vad import SpeechDetector


def stamped(audio, t0=100.0):
    return [(t0 + i * 0.03, f) for i, f in enumerate(frames(audio))]


def test_breath_tones_are_not_speech_but_a_voice_over_them_is(espeak_wav):
    vad = SpeechDetector(2)
    for kind in ("inhale", "exhale", "hold"):
        tone = resample(earcon(kind, 4.0) * 0.8, RATE, 16000)
        assert sum(vad.is_speech(f) for f in frames(tone)) == 0, kind
    stop = load_for_stt(espeak_wav("Stop."))
    tone = resample(earcon("inhale", 4.0) * 0.8, RATE, 16000)[: stop.size]
    assert sum(vad.is_speech(f) for f in frames(stop * 0.3 + tone)) >= 8  # a quiet "stop" over the tone


def test_our_own_voice_never_opens_a_turn_but_the_person_after_it_does(espeak_wav):
    said = load_for_stt(espeak_wav("Breathe in."))
    person = load_for_stt(espeak_wav("Stop."))
    audio = np.concatenate([said, np.zeros(16000, np.float32), person, np.zeros(16000, np.float32)])
    own = OwnAudio(tail=0.3)
    own.add(100.0, 100.0 + said.size / 16000)  # the first part was our own sound
    source = MicTurnSource(StampedMic(stamped(audio)), own)
    turn = cut_turn(source.frames(None), SpeechDetector(2), Segmenter(silence_seconds=0.5))
    assert turn.heard_speech
    # The turn holds the person's word, not ours: it starts after our sound and its echo.
    assert turn.audio.size < (person.size + 0.6 * 16000)

    own_only = MicTurnSource(StampedMic(stamped(said)), own)
    seg = Segmenter(silence_seconds=0.5, start_timeout=said.size / 16000 + 0.5)
    assert not cut_turn(own_only.frames(None), SpeechDetector(2), seg).heard_speech


def test_a_listening_tone_heard_back_is_not_a_turn():
    tone = resample(earcon("listening"), RATE, 16000)
    audio = np.concatenate([tone, np.zeros(16000, np.float32)])
    own = OwnAudio(tail=0.3)
    own.add(100.0, 100.0 + tone.size / 16000)
    seg = Segmenter(silence_seconds=0.5, start_timeout=0.8)
    assert not cut_turn(MicTurnSource(StampedMic(stamped(audio)), own).frames(None), SpeechDetector(2), seg).heard_speech


def test_a_microphone_that_stops_delivering_is_noticed():
    source = MicTurnSource(StampedMic(stamped(np.zeros(3200, np.float32))), dead_after=0.3)
    started = time.monotonic()
    with pytest.raises(MicrophoneLost):
        for _ in source.frames(None):
            pass
    assert time.monotonic() - started < 5  # noticed, not silence forever


def test_own_echo_frames_are_neither_speech_nor_the_silence_that_ends_a_turn(espeak_wav):
    """A word said partly under our own sound still reaches Whisper whole."""
    word = load_for_stt(espeak_wav("Please stop now."))
    fr = list(frames(word))
    mixed = [f.view(OwnEcho) if 10 <= i < 14 else f for i, f in enumerate(fr)]
    turn = cut_turn(iter(mixed + [np.zeros(480, np.int16)] * 40), SpeechDetector(2), Segmenter(silence_seconds=0.5))
    assert turn.heard_speech and turn.audio.size >= word.size * 0.6


def test_over_a_sentence_of_ours_that_goes_on_the_persons_words_end_when_they_stop(espeak_wav, stt):
    """Without barge-in, a "stop" said over our sentence: our echo after it is silence to the
    turn (else the turn stays open to the end of our sentence, and Whisper hears that too)."""
    word = load_for_stt(espeak_wav("Be quiet."))
    word = word[: np.flatnonzero(np.abs(word) > 0.02)[-1] + 1600]  # our sentence goes on 0.1 s after it
    ours = load_for_stt(espeak_wav("Doing a small thing first, before the motivation comes, helps many people."))
    echo = [f.view(OwnEcho) for f in frames(ours * 0.5)]
    turn = cut_turn(iter(list(frames(word)) + echo), SpeechDetector(2), Segmenter(silence_seconds=0.4),
                    echo_is_silence=True)
    assert turn.heard_speech and turn.audio.size < word.size + 0.8 * 16000
    assert stt.transcribe(turn.audio).text.lower().strip(" .!") == "be quiet"
    held = cut_turn(iter(list(frames(word)) + echo), SpeechDetector(2), Segmenter(silence_seconds=0.4))
    assert held.audio.size > word.size + ours.size * 0.9  # as it always was under a cue's short word


def test_enter_during_a_cue_listens_at_once(tts, stt, espeak_wav):
    """Push-to-talk: one Enter during a breathing cue cuts it and means "I want to talk"."""
    from voice_companion.app.runtime import make_voice_channel
    from voice_companion.audio.keys import EnterKey
    from voice_companion.config import load_config

    r, w = os.pipe()
    keys = EnterKey(os.fdopen(r))
    writer = os.fdopen(w, "w")
    ch = make_voice_channel(load_config(), tts=tts, stt=stt, input_wavs=[espeak_wav("Stop.")], to_wav=True, keys=keys)
    writer.write("\n")
    writer.flush()
    time.sleep(0.2)
    ch.cue("Breathe in… two… three… four", "inhale", 4.0)
    assert ch.sink.played_seconds < 1.0  # the press cut the cue
    heard: list = []
    t = threading.Thread(target=lambda: heard.append(ch.listen(0)), daemon=True)
    t.start()
    t.join(60)
    assert heard and "stop" in words(heard[0] or ""), "listening did not start without a second Enter"
