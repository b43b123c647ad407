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

from voice_companion.audio.format import FRAME_MS, FRAME_SAMPLES, STT_RATE, frames, int16_to_float, load_for_stt
from voice_companion.audio.segmenter import Segmenter
from voice_companion.audio.vad import SpeechDetector

PRE_ROLL_FRAMES = 10  # 300 ms kept from before speech was detected, so first syllables survive


class OwnEcho(np.ndarray):
    """A microphone frame picked up while the assistant's own voice played (see own_audio): it
    neither opens a turn nor counts as the silence that ends one. Its audio is still kept, so a
    "stop" said over a counted word reaches Whisper whole."""


class MicrophoneLost(Exception):
    """The microphone stopped delivering audio (unplugged, sound server gone)."""


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
    on_open: Callable[[], None] = lambda: None,
    pre_roll: int = PRE_ROLL_FRAMES,
) -> Turn:
    """Read frames until the segmenter closes the turn. A None frame means "no audio arrived in
    time" and is counted as silence, so a stalled source cannot hang the turn. `on_open` is
    called the moment speech begins (a breathing cue stops talking over the person). `pre_roll`
    frames from before the opening are kept: more where the start of speech is found late."""
    segmenter.reset()
    pre: deque[np.ndarray] = deque(maxlen=pre_roll)
    kept: list[np.ndarray] = []
    stopped = False
    for frame in frame_iter:
        if frame is None:
            frame = np.zeros(FRAME_SAMPLES, np.int16)
        was_in = segmenter.in_speech
        if isinstance(frame, OwnEcho):
            still_open = not segmenter.ended
        else:
            still_open = segmenter.process(FRAME_MS / 1000, detector.is_speech(frame))
        frame = np.asarray(frame)
        if segmenter.in_speech:
            if not was_in:
                kept.extend(pre)
                on_open()
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


# A microphone stream delivers a frame every 30 ms; one that has delivered nothing for this long
# is gone (unplugged, or the sound server died), not quiet: silence still arrives as frames.
DEAD_AFTER = 2.0


class MicTurnSource:
    """Frames from the live microphone until the turn's deadline. Frames that arrived while our
    own voice played (`own`, an own_audio.OwnAudio) come out as OwnEcho."""

    echo = True  # the microphone hears the speaker
    exhausted = False

    def __init__(self, mic, own=None, *, dead_after: float = DEAD_AFTER) -> None:
        self.mic = mic
        self.own = own
        self.dead_after = dead_after
        self.stop_at: float | None = None  # frames that arrived after this end the iteration
        # With barge-in (double_talk.DoubleTalk): a frame heard while we spoke is still the
        # person's when it holds a voice our own echo cannot explain.
        self.double_talk = None

    def frames(self, timeout: float | None) -> Iterator[np.ndarray | None]:
        last = time.monotonic()
        while True:
            got = self.mic.read_stamped(timeout=0.25)
            now = time.monotonic()
            if got is None:
                if now - last >= self.dead_after:
                    raise MicrophoneLost(getattr(self.mic, "name", "the microphone"))
                yield None
                continue
            last = now
            t, frame = got
            if self.stop_at is not None and t > self.stop_at:
                return
            if self.own is not None and self.own.covers(t) and not (
                self.double_talk is not None and self.double_talk.person(t, frame)
            ):
                frame = frame.view(OwnEcho)
            yield frame

    def flush(self) -> None:
        # Half-duplex: drop what the microphone picked up while we were speaking.
        self.mic.flush()

    def reopen(self) -> None:
        """Wait for the microphone to deliver sound again (see MicrophoneSource.reopen)."""
        self.mic.reopen()
