"""Take our own voice out of the microphone: acoustic echo cancellation with speexdsp.

The microphone hears the speaker. We know what we played, and when (the speaker reports each
block with the moment it reaches the speaker), so an adaptive filter can learn the room's echo
path from it and subtract its estimate of the echo from each microphone frame. What is left is
the person, the room's noise, and a little of our voice where the filter has not caught up.

speexdsp's echo canceller (the one PulseAudio and many VoIP programs use) does the filtering;
it is a small C library every Debian-based system with a sound server already has
(`libspeexdsp1`), called through ctypes, so nothing is built at install. Without it the
microphone is used as it is and `available()` says why.

The reference is kept as one continuous stream on the time.monotonic() clock, and read with a
cursor that advances exactly one frame per microphone frame: an adaptive filter needs the
played sound and the microphone in a fixed relation, so the frames' jittery arrival times are
followed only when they drift further than a buffer's worth (then the filter re-learns).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections import deque

import numpy as np

from voice_companion.audio.format import FRAME_SAMPLES, STT_RATE, resample

SUB = 160  # speexdsp's frame: 10 ms
# The filter must span the echo's delay past our reference and the room's tail; a longer one
# learns more slowly. On the rig the echo comes 30 ms after the block's stamp; in a simulated
# room (tests/audio/test_echo_cancel.py, 120 ms late and 60 ms of reverberation) 128 ms took out
# 9 dB, 256 ms 22 dB and 512 ms 16 dB of it.
FILTER_SECONDS = 0.256
RESYNC = 0.06  # the cursor follows the frames' stamps only when they drift this far from it
KEEP = 5.0  # seconds of played sound kept: the microphone is read within a fraction of that
_SET_SAMPLING_RATE = 24  # SPEEX_ECHO_SET_SAMPLING_RATE

_lib = None
_why_not = ""


def _load():
    global _lib, _why_not
    if _lib is not None or _why_not:
        return _lib
    name = ctypes.util.find_library("speexdsp") or "libspeexdsp.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        _why_not = "the speexdsp library is not installed (Debian/Ubuntu: sudo apt-get install libspeexdsp1)"
        return None
    lib.speex_echo_state_init.restype = ctypes.c_void_p
    lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_echo_state_destroy.argtypes = [ctypes.c_void_p]
    lib.speex_echo_cancellation.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.speex_echo_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    _lib = lib
    return lib


def available() -> tuple[bool, str]:
    """(True, "") when echo cancellation can run here; (False, why) otherwise."""
    return (_load() is not None, _why_not)


class PlayedStream:
    """What the speaker played, at 16 kHz, as one stream on the time.monotonic() clock.
    `played` is called from the speaker's callback and only queues."""

    def __init__(self, keep_seconds: float = KEEP) -> None:
        self.keep = keep_seconds
        self._pending: deque[tuple[float, np.ndarray, int]] = deque(maxlen=int(keep_seconds * 50) + 50)
        self._audio = np.zeros(0, np.float32)
        self._start = 0.0  # the time of _audio[0]
        self._lock = threading.Lock()

    def played(self, t: float, samples: np.ndarray, rate: int) -> None:
        self._pending.append((t, samples, rate))

    def _digest(self) -> None:
        while self._pending:
            t, samples, rate = self._pending.popleft()
            block = resample(np.asarray(samples, np.float32), rate, STT_RATE)
            end = self._start + self._audio.size / STT_RATE
            if self._audio.size == 0 or abs(t - end) > 0.03:
                # The first block, or a gap (the stream was reopened): start again from here,
                # with silence where nothing was played.
                gap = int(round((t - end) * STT_RATE)) if self._audio.size and t > end else 0
                if self._audio.size and 0 < gap < self.keep * STT_RATE:
                    self._audio = np.concatenate([self._audio, np.zeros(gap, np.float32), block])
                else:
                    self._audio, self._start = block, t
            else:
                self._audio = np.concatenate([self._audio, block])
            excess = self._audio.size - int(self.keep * STT_RATE)
            if excess > 0:
                self._audio = self._audio[excess:]
                self._start += excess / STT_RATE

    def read(self, t: float, n: int) -> np.ndarray:
        """n samples of what was played from time t (silence where nothing was)."""
        with self._lock:
            self._digest()
            out = np.zeros(n, np.float32)
            a = int(round((t - self._start) * STT_RATE))
            lo, hi = max(a, 0), min(a + n, self._audio.size)
            if hi > lo:
                out[lo - a : hi - a] = self._audio[lo:hi]
            return out


class EchoCanceller:
    """Microphone frames (16 kHz int16, FRAME_SAMPLES each, stamped with their arrival) in,
    the same frames with our own echo taken out."""

    def __init__(self, played: PlayedStream | None = None, filter_seconds: float = FILTER_SECONDS) -> None:
        lib = _load()
        if lib is None:
            raise RuntimeError(f"Echo cancellation is not available: {_why_not}.")
        self._lib = lib
        self.played = played or PlayedStream()
        self._state = lib.speex_echo_state_init(SUB, int(filter_seconds * STT_RATE))
        rate = ctypes.c_int(STT_RATE)
        lib.speex_echo_ctl(self._state, _SET_SAMPLING_RATE, ctypes.byref(rate))
        self._cursor: float | None = None  # when the next frame's reference starts
        self._lock = threading.Lock()
        self.resyncs = 0

    def process(self, arrived: float, frame: np.ndarray) -> np.ndarray:
        frame = np.ascontiguousarray(frame, dtype=np.int16)
        start = arrived - frame.size / STT_RATE  # a frame arrives when its last sample is in
        with self._lock:
            if self._state is None:
                return frame
            if self._cursor is None or abs(start - self._cursor) > RESYNC:
                if self._cursor is not None:
                    self.resyncs += 1
                self._cursor = start
            ref = self.played.read(self._cursor, frame.size)
            self._cursor += frame.size / STT_RATE
            ref16 = np.ascontiguousarray(np.clip(ref * 32767.0, -32768, 32767).astype(np.int16))
            out = np.empty_like(frame)
            for i in range(0, frame.size - SUB + 1, SUB):
                self._lib.speex_echo_cancellation(
                    self._state, frame[i:].ctypes.data, ref16[i:].ctypes.data, out[i:].ctypes.data)
            return out

    def close(self) -> None:
        with self._lock:
            if self._state is not None:
                self._lib.speex_echo_state_destroy(self._state)
                self._state = None

    def __del__(self) -> None:  # pragma: no cover - a safety net; close() is the way
        try:
            self.close()
        except Exception:
            pass


assert FRAME_SAMPLES % SUB == 0
