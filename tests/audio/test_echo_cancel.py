"""Echo cancellation without devices: our own Piper sentence, heard back through a simulated room,
is taken out of the microphone's frames, the person's voice over it is kept, and Whisper then
hears the person's words where over the raw echo it did not."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import StampedMic

from voice_companion.audio import echo_cancel
from voice_companion.audio.capture import MicTurnSource, OwnEcho
from voice_companion.audio.double_talk import DoubleTalk, EchoReference
from voice_companion.audio.echo_cancel import EchoCanceller, PlayedStream
from voice_companion.audio.format import FRAME_SAMPLES, STT_RATE, float_to_int16, frames, load_for_stt, resample
from voice_companion.audio.own_audio import OwnAudio

T0 = 50.0
BLOCK = 441  # the speaker's 20 ms blocks at 22 050 Hz
SENTENCES = (
    "Box breathing is a slow, steady way to breathe. You breathe in for four, and hold for four.",
    "Then you breathe out for four, and hold again. We can do it together, whenever you are ready.",
    "Grounding helps when everything feels like too much. You notice five things you can see.",
)


@pytest.fixture(scope="module")
def ours(tts):
    """Three of our sentences with short pauses, at the speaker's own rate."""
    gap = np.zeros(int(0.4 * tts.sample_rate), np.float32)
    return np.concatenate([np.concatenate([tts.synthesize(s) * 0.8, gap]) for s in SENTENCES]), tts.sample_rate


def speak(played: PlayedStream, audio: np.ndarray, rate: int, start: float = T0) -> None:
    """Feed the reference as the speaker's callback does: one block at a time, each with its time."""
    for i in range(0, audio.size, BLOCK):
        played.played(start + i / rate, audio[i : i + BLOCK], rate)


def room(audio16: np.ndarray, gain: float = 0.7, delay: float = 0.12, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(0.06 * STT_RATE)
    ir = np.exp(-np.arange(n) / (0.015 * STT_RATE)) * rng.normal(0, 0.3, n)
    ir[0] = 1.0
    echo = np.convolve(audio16, ir / np.sqrt(np.sum(ir**2)))[: audio16.size] * gain
    mic = np.zeros(audio16.size + int(delay * STT_RATE), np.float32)
    mic[int(delay * STT_RATE) :] += echo
    return mic + rng.normal(0, 1e-3, mic.size).astype(np.float32)


def run(canceller: EchoCanceller, mic: np.ndarray) -> np.ndarray:
    out = []
    for i, frame in enumerate(frames(float_to_int16(mic))):
        arrived = T0 + (i + 1) * FRAME_SAMPLES / STT_RATE
        out.append(canceller.process(arrived, frame))
    return np.concatenate(out).astype(np.float32) / 32768.0


def power(x: np.ndarray) -> float:
    return float(np.mean(np.asarray(x, np.float64) ** 2) + 1e-12)


def test_the_played_stream_is_read_back_at_the_time_it_played():
    played = PlayedStream(keep_seconds=60)
    tone = np.sin(np.arange(22050) * 2 * np.pi * 440 / 22050).astype(np.float32)
    speak(played, tone, 22050)
    assert power(played.read(T0 - 1.0, 1600)) < 1e-9  # before it played: silence
    assert power(played.read(T0 + 2.0, 1600)) < 1e-9  # after: silence
    middle = played.read(T0 + 0.5, 1600)
    assert abs(power(middle) - 0.5) < 0.05
    half = played.read(T0 + 0.95, 1600)  # 50 ms of tone, then nothing
    assert power(half[:700]) > 0.4 and power(half[900:]) < 1e-9


def test_our_echo_is_taken_out_of_the_microphone(ours):
    audio, rate = ours
    canceller = EchoCanceller(PlayedStream(keep_seconds=60))
    speak(canceller.played, audio, rate)
    mic = room(resample(audio, rate, STT_RATE))
    out = run(canceller, mic)
    later = slice(int(3.0 * STT_RATE), int(mic.size - 0.5 * STT_RATE))  # once the filter has learned the room
    erle = 10 * np.log10(power(mic[later]) / power(out[later]))
    assert erle > 15, f"only {erle:.1f} dB of our echo was taken out"
    assert canceller.resyncs == 0


def test_the_persons_voice_over_our_echo_is_kept_and_whisper_hears_it(ours, espeak_wav, stt):
    audio, rate = ours
    canceller = EchoCanceller(PlayedStream(keep_seconds=60))
    speak(canceller.played, audio, rate)
    echo = room(resample(audio, rate, STT_RATE))
    person = load_for_stt(espeak_wav("Wait, I need a moment.")) * 0.5
    at = int(8.0 * STT_RATE)
    voice = np.zeros_like(echo)
    voice[at : at + person.size] = person
    out = run(canceller, echo + voice)
    span = slice(at, at + person.size)
    residual = out[span] - voice[span]
    assert 10 * np.log10(power(voice[span]) / power(residual)) > 6  # the person, well above what is left of us
    assert 10 * np.log10(power(voice[span]) / power(echo[span])) < 3  # where the raw microphone had us as loud
    heard = stt.transcribe(out[span]).text.lower()
    assert "moment" in heard, heard


def test_the_judge_hears_the_raw_frame_and_the_listener_the_cleaned_one(ours):
    """The barge-in judge was measured on the microphone as it comes; only what is listened to
    is cleaned."""
    audio, rate = ours
    audio16 = resample(audio, rate, STT_RATE)
    mic = room(audio16)
    canceller = EchoCanceller(PlayedStream(keep_seconds=60))
    speak(canceller.played, audio, rate)
    ref, own = EchoReference(), OwnAudio(tail=0.3)
    ref.add(T0, audio16)
    own.add(T0, T0 + audio16.size / STT_RATE)
    stamped = [(T0 + (i + 1) * FRAME_SAMPLES / STT_RATE, f) for i, f in enumerate(frames(float_to_int16(mic)))]
    src = MicTurnSource(StampedMic(stamped), own)
    src.double_talk, src.judge_echo, src.canceller = DoubleTalk(ref), True, canceller
    seen: list[np.ndarray] = []
    judged = src.double_talk.person

    def spy(t, frame):
        seen.append(np.array(frame))
        return judged(t, frame)

    src.double_talk.person = spy
    raw = [f for _t, f in stamped]
    heard = []
    for frame in src.frames(None):
        if frame is None:  # every frame has been read
            break
        heard.append(np.array(frame))
    assert len(heard) == len(raw) == len(seen)
    assert all(np.array_equal(s, r) for s, r in zip(seen, raw, strict=True))
    later = slice(len(heard) // 2, len(heard) - 20)
    assert power(np.concatenate(heard[later])) < power(np.concatenate(raw[later])) / 10


def test_without_the_library_it_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(echo_cancel, "_lib", None)
    monkeypatch.setattr(echo_cancel, "_why_not", "the speexdsp library is not installed (Debian/Ubuntu: sudo apt-get "
                                                  "install libspeexdsp1)")
    ok, why = echo_cancel.available()
    assert not ok and "apt-get install libspeexdsp1" in why
    with pytest.raises(RuntimeError, match="libspeexdsp1"):
        EchoCanceller()


def test_doctor_says_whether_its_own_voice_is_taken_out(monkeypatch, capsys):
    from voice_companion.app.doctor import Report, _echo_cancellation
    from voice_companion.config import load_config

    on = load_config(overrides=[("listen.echo_cancel", True, "test")])
    _echo_cancellation(on, Report())
    assert "its own voice is taken out" in capsys.readouterr().out
    monkeypatch.setattr(echo_cancel, "_lib", None)
    monkeypatch.setattr(echo_cancel, "_why_not", "the speexdsp library is not installed (Debian/Ubuntu: sudo apt-get "
                                                  "install libspeexdsp1)")
    _echo_cancellation(on, Report())
    out = capsys.readouterr().out
    assert "libspeexdsp1" in out and "listen.echo_cancel = false" in out
    _echo_cancellation(load_config(overrides=[("listen.echo_cancel", False, "test")]), Report())
    assert "off" in capsys.readouterr().out


def test_a_frame_the_canceller_emptied_is_never_taken_for_the_person(ours, espeak_wav):
    """Even when the judge is fooled (here: it always says "a voice"), a frame whose sound the
    canceller took away was our echo; the person's own frames still come through."""
    audio, rate = ours
    audio16 = resample(audio, rate, STT_RATE)
    echo = room(audio16)
    person = load_for_stt(espeak_wav("Please stop talking now.")) * 0.5
    at = int(8.0 * STT_RATE)
    mic = echo.copy()
    mic[at : at + person.size] += person
    canceller = EchoCanceller(PlayedStream(keep_seconds=60))
    speak(canceller.played, audio, rate)
    own = OwnAudio(tail=0.3)
    own.add(T0, T0 + audio16.size / STT_RATE)
    stamped = [(T0 + (i + 1) * FRAME_SAMPLES / STT_RATE, f) for i, f in enumerate(frames(float_to_int16(mic)))]
    src = MicTurnSource(StampedMic(stamped), own)
    src.double_talk, src.judge_echo, src.canceller = DoubleTalk(EchoReference()), True, canceller
    src.double_talk.person = lambda t, frame: True
    taken = []
    for frame in src.frames(None):
        if frame is None:
            break
        taken.append(not isinstance(frame, OwnEcho))
    first, last = at // FRAME_SAMPLES, (at + person.size) // FRAME_SAMPLES
    # frames where our echo is loud (not the quiet between sentences), once the filter has learned the room
    loud = [i for i in range(int(4.0 * STT_RATE) // FRAME_SAMPLES, first - 5)
            if power(echo[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]) > 1e-3]
    echo_only = [taken[i] for i in loud]
    assert sum(echo_only) <= len(echo_only) * 0.1, f"{sum(echo_only)} of {len(echo_only)} echo frames taken for a voice"
    assert sum(taken[first:last]) >= (last - first) * 0.5
