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


def half_duplex(mic: np.ndarray, played: np.ndarray, *, judge_tail: bool = True) -> MicTurnSource:
    """Hands-free without barge-in: our voice masked, its echo's tail (0.8 s) judged or masked."""
    src = source(mic, played)
    src.own.tail = 0.8
    src.own.add(T0, T0 + played.size / STT_RATE)
    src.judge_echo, src.judge_tail = False, judge_tail
    return src


@pytest.mark.parametrize("gain", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("delay", [0.06, 0.24, 0.45])
def test_the_late_echo_of_our_last_words_never_opens_a_turn(ours, gain, delay):
    # Up to 0.45 s late, as a busy machine's buffers can make it: the tail is judged against the
    # loudest our sound was over it, so however late the echo comes, it is never the person.
    mic = room(ours, gain, delay)
    assert opening(half_duplex(mic, ours), mic.size / STT_RATE) is None


def test_an_answer_begun_right_after_our_question_is_heard_and_not_masked(ours, espeak_wav):
    mic = room(ours, 0.8, 0.15)
    voice = load_for_stt(espeak_wav("Yes."))
    voice = voice / np.sqrt(np.mean(voice**2)) * np.sqrt(np.mean(ours**2))  # as loud as our echo
    at = ours.size + int(0.3 * STT_RATE)  # 0.3 s after our last word: a quick "yes"
    mic[at : at + voice.size] += voice[: mic.size - at]
    onset = at / STT_RATE + np.flatnonzero(np.abs(voice) > 0.02)[0] / STT_RATE
    opened = opening(half_duplex(mic, ours), mic.size / STT_RATE)
    assert opened is not None and onset <= opened <= onset + 0.3, (onset, opened)
    # Masked, as it was: the word's start falls inside the tail and is lost.
    masked = opening(half_duplex(mic, ours, judge_tail=False), mic.size / STT_RATE)
    assert masked is None or masked >= ours.size / STT_RATE + 0.8, masked


def fan(seconds: float, level: float, seed: int = 3) -> np.ndarray:
    """A fan's noise: a low hum and its harmonics over broadband hiss."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * STT_RATE)) / STT_RATE
    hum = sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((120, 240, 360, 480), start=1))
    return (level * (0.5 * hum / 2 + rng.normal(0, 1, t.size))).astype(np.float32)


def tone_in_a_noisy_room(ours: np.ndarray, answer: np.ndarray | None = None, *, noise: float = 3e-3):
    """3 s of the room alone, our sentence, 1 s, the listening tone, 1.5 s; all heard with a fan
    running, the echo 0.15 s late. Half-duplex: our sentence masked, the tone and the tails judged."""
    from voice_companion.audio.earcons import RATE, earcon

    tone = resample(earcon("listening"), RATE, STT_RATE) * 0.8
    lead, gap = int(3.0 * STT_RATE), int(1.0 * STT_RATE)
    played = np.zeros(lead + ours.size + gap + tone.size + int(1.5 * STT_RATE), np.float32)
    played[lead : lead + ours.size] = ours
    at_tone = lead + ours.size + gap
    played[at_tone : at_tone + tone.size] = tone
    mic = room(played, 0.8, 0.15)[: played.size] + fan(played.size / STT_RATE, noise)
    if answer is not None:
        mic[at_tone + int(0.1 * STT_RATE) :][: answer.size] += answer[: mic.size - at_tone]
    own, ref = OwnAudio(tail=0.8), EchoReference()
    for start, sound in ((lead, ours), (at_tone, tone)):
        own.add(T0 + start / STT_RATE, T0 + (start + sound.size) / STT_RATE, judged=sound is tone)
        ref.add(T0 + start / STT_RATE, sound)
    src = MicTurnSource(StampedMic([(T0 + (i + 1) * FRAME_SAMPLES / STT_RATE, f) for i, f in enumerate(frames(mic))]), own)
    src.double_talk, src.judge_echo = DoubleTalk(ref), False
    return src, mic, at_tone / STT_RATE


def test_in_a_noisy_room_the_echo_of_our_listening_tone_never_opens_a_turn(ours):
    src, mic, tone_at = tone_in_a_noisy_room(ours)
    assert opening(src, mic.size / STT_RATE) is None
    assert src.double_talk.noise.max() > 0  # the fan was learned before we spoke


def test_an_answer_said_over_the_listening_tone_is_heard(ours, espeak_wav):
    voice = load_for_stt(espeak_wav("Yes."))
    voice = voice / np.sqrt(np.mean(voice**2)) * np.sqrt(np.mean(ours**2))
    src, mic, tone_at = tone_in_a_noisy_room(ours, voice)
    opened = opening(src, mic.size / STT_RATE)
    assert opened is not None and tone_at < opened <= tone_at + 0.8, (tone_at, opened)
