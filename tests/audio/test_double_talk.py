"""Barge-in's judge, without devices: the echo of our own Piper sentence (any delay the rig or a
room gives, quieter or louder than what was played, with a room's reverberation) never opens a
turn, and the person's voice over it does, soon after it starts."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import StampedMic

from voice_companion.audio.capture import MicTurnSource, cut_turn
from voice_companion.audio.double_talk import DoubleTalk, EchoReference
from voice_companion.audio.format import FRAME_SAMPLES, STT_RATE, frames, load_for_stt, resample
from voice_companion.audio.own_audio import OwnAudio
from voice_companion.audio.segmenter import Segmenter
from voice_companion.audio.vad import SpeechDetector

T0 = 100.0
SENTENCE = ("Box breathing is a slow, steady way to breathe. You breathe in for four, hold for four, "
            "breathe out for four, and hold again.")


@pytest.fixture(scope="module")
def ours(tts):
    return resample(tts.synthesize(SENTENCE), tts.sample_rate, STT_RATE) * 0.8


def room(played: np.ndarray, gain: float, delay: float, seed: int = 0) -> np.ndarray:
    """What the microphone hears of our sound: late, louder or quieter, smeared by a room."""
    rng = np.random.default_rng(seed)
    ir = np.exp(-np.arange(int(0.08 * STT_RATE)) / (0.02 * STT_RATE)) * rng.normal(0, 1, int(0.08 * STT_RATE))
    ir[0] = 1.0
    echo = np.convolve(played, ir / np.sqrt(np.sum(ir**2)))[: played.size] * gain
    mic = np.zeros(played.size + int(1.5 * STT_RATE), np.float32)
    start = int(delay * STT_RATE)
    mic[start : start + echo.size] += echo
    return mic + rng.normal(0, 1e-3, mic.size).astype(np.float32)


def source(mic: np.ndarray, played: np.ndarray) -> MicTurnSource:
    own, ref = OwnAudio(tail=0.3), EchoReference()
    own.add(T0, T0 + played.size / STT_RATE)
    ref.add(T0, played)
    src = MicTurnSource(StampedMic([(T0 + (i + 1) * FRAME_SAMPLES / STT_RATE, f) for i, f in enumerate(frames(mic))]), own)
    src.double_talk, src.judge_echo = DoubleTalk(ref), True
    return src


def opening(src: MicTurnSource, seconds: float) -> float | None:
    """Audio time (s from T0) at which a barge-in turn opened, or None."""
    opened: list[int] = []
    feed = src.frames(None)
    count = [0]

    def counted():
        for frame in feed:
            count[0] += 1
            if count[0] * FRAME_SAMPLES / STT_RATE > seconds:
                return
            yield frame

    seg = Segmenter(silence_seconds=0.8, speech_seconds=0.15)
    cut_turn(counted(), SpeechDetector(2), seg, on_open=lambda: opened.append(count[0]))
    return opened[0] * FRAME_SAMPLES / STT_RATE if opened else None


@pytest.mark.parametrize("gain", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("delay", [0.06, 0.15, 0.24])
def test_our_own_echo_never_cuts_us_short(ours, gain, delay):
    mic = room(ours, gain, delay)
    assert opening(source(mic, ours), mic.size / STT_RATE) is None


@pytest.mark.parametrize("level", [1.0, 0.4])
def test_the_persons_voice_over_ours_opens_a_turn_soon_after_it_starts(ours, espeak_wav, level):
    mic = room(ours, 0.8, 0.15)
    voice = load_for_stt(espeak_wav("Please stop talking."))
    voice = voice / np.sqrt(np.mean(voice**2)) * np.sqrt(np.mean(ours**2)) * level
    at = int(2.0 * STT_RATE)
    mic[at : at + voice.size] += voice[: mic.size - at]
    onset = 2.0 + np.flatnonzero(np.abs(voice) > 0.02)[0] / STT_RATE
    opened = opening(source(mic, ours), mic.size / STT_RATE)
    # In audio time: a voice as loud as our echo is heard well before its sentence ends.
    assert opened is not None and onset <= opened <= onset + 0.9, (onset, opened)


def test_with_the_judge_off_a_voice_over_ours_stays_masked_and_the_room_is_still_learned(ours, espeak_wav):
    """Outside breathing cues (no barge-in) hands-free is half-duplex: the person talking over
    our sentence is not a turn. Flushing those frames still teaches the judge the room, so
    under the next cue a "stop" is heard from its start."""
    mic = room(ours, 0.8, 0.15)
    voice = load_for_stt(espeak_wav("Please stop talking."))
    voice = voice / np.sqrt(np.mean(voice**2)) * np.sqrt(np.mean(ours**2))  # as loud as our echo
    at = int(2.0 * STT_RATE)
    mic[at : at + voice.size] += voice[: mic.size - at]
    src = source(mic, ours)
    src.judge_echo = False
    assert opening(src, mic.size / STT_RATE) is None
    assert opening(source(mic, ours), mic.size / STT_RATE) is not None  # the same, judged: heard
    learner = source(room(ours, 0.8, 0.15), ours)
    learner.judge_echo = False
    learner.flush()
    assert learner.double_talk.delay is not None and abs(learner.double_talk.delay - 0.15) < 0.06


def test_when_nothing_of_ours_played_every_voice_is_the_persons(espeak_wav):
    judge = DoubleTalk(EchoReference())
    voice = next(f for f in frames(load_for_stt(espeak_wav("Hello there."))) if np.abs(f).max() > 3000)
    assert judge.person(T0, voice)
