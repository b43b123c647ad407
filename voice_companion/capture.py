"""Turn capture: from a stream of 16 kHz frames to one utterance, using the VAD and segmenter.

The same code cuts turns from the live microphone and from WAV files, so the demo, the benchmark
and the tests go through exactly what a person's voice goes through."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio_format import FRAME_MS, FRAME_SAMPLES, STT_RATE, frames, int16_to_float, load_for_stt
from .segmenter import Segmenter
from .vad import SpeechDetector

PRE_ROLL_FRAMES = 10  # 300 ms kept from before speech was detected, so first syllables survive


@dataclass
class Turn:
    audio: np.ndarray  # float32 16 kHz, empty if nobody spoke
    heard_speech: bool
    too_long: bool = False
    stopped_by_key: bool = False
    speech_end: float = 0.0  # time.perf_counter() when the turn was closed


def cut_turn(
    frame_iter: Iterator[np.ndarray | None],
    detector: SpeechDetector,
    segmenter: Segmenter,
    *,
    key_pressed: Callable[[], bool] = lambda: False,
) -> Turn:
    """Read frames until the segmenter closes the turn. A None frame means "no audio arrived in
    time" and is counted as silence, so a stalled source cannot hang the turn."""
    segmenter.reset()
    pre: deque[np.ndarray] = deque(maxlen=PRE_ROLL_FRAMES)
    kept: list[np.ndarray] = []
    stopped = False
    for frame in frame_iter:
        if frame is None:
            frame = np.zeros(FRAME_SAMPLES, np.int16)
        speech = detector.is_speech(frame)
        was_in = segmenter.in_speech
        still_open = segmenter.process(FRAME_MS / 1000, speech)
        if segmenter.in_speech:
            if not was_in:
                kept.extend(pre)
            kept.append(frame)
        else:
            pre.append(frame)
        if key_pressed():
            stopped = True
            break
        if not still_open:
            break
    end = time.perf_counter()
    audio = int16_to_float(np.concatenate(kept)) if kept else np.zeros(0, np.float32)
    return Turn(audio, bool(kept), too_long=segmenter.too_long, stopped_by_key=stopped, speech_end=end)


class WavTurnSource:
    """A person's side of a conversation from WAV files: each file is one utterance, and a
    pause follows it. Frames are handed out in order across listens, like a real timeline;
    after the last file the iterator ends (the person has nothing more to say)."""

    echo = False  # a file cannot hear the assistant, so nothing needs discarding during cues

    def __init__(self, paths: list[Path], *, trailing_silence: float = 2.0) -> None:
        self.pending = list(paths)
        self.trailing_silence = trailing_silence
        self._frames: deque[np.ndarray] = deque()
        self.exhausted = not self.pending

    def _next_file(self) -> bool:
        if not self.pending:
            self.exhausted = True
            return False
        audio = load_for_stt(self.pending.pop(0))
        audio = np.concatenate([audio, np.zeros(int(self.trailing_silence * STT_RATE), np.float32)])
        self._frames = deque(frames(audio))
        return True

    def frames(self, timeout: float | None) -> Iterator[np.ndarray | None]:
        while True:
            if not self._frames and not self._next_file():
                return
            yield self._frames.popleft()

    def flush(self) -> None:
        pass


class MicTurnSource:
    """Frames from the live microphone until the turn's deadline."""

    echo = True  # the microphone hears the speaker
    exhausted = False

    def __init__(self, mic) -> None:
        self.mic = mic

    def frames(self, timeout: float | None) -> Iterator[np.ndarray | None]:
        while True:
            yield self.mic.read(timeout=0.5)

    def flush(self) -> None:
        # Half-duplex: drop what the microphone picked up while we were speaking.
        self.mic.flush()
