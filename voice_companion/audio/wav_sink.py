"""A speaker stand-in that writes what would have been played into WAV files."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import numpy as np

from voice_companion.audio.format import resample, write_wav


class WavSink:
    def __init__(self, rate: int = 22_050) -> None:
        self.rate = rate
        self.chunks: list[np.ndarray] = []
        self.played_seconds = 0.0

    def play(self, audio: np.ndarray, rate: int, cancel: threading.Event | None = None) -> None:
        if cancel is not None and cancel.is_set():
            return
        audio = resample(audio, rate, self.rate) if rate != self.rate else audio
        self.chunks.append(audio.astype(np.float32))
        self.played_seconds += audio.size / self.rate

    def take(self) -> np.ndarray:
        """Everything played since the last take, as one clip."""
        audio = np.concatenate(self.chunks) if self.chunks else np.zeros(0, np.float32)
        self.chunks = []
        return audio

    def save(self, path: str | Path) -> Path | None:
        """Write the WAV whole or not at all: built in memory, then written atomically, so a
        full disk leaves no file whose header says 0 frames. On failure the reason is said
        plainly (naming the file) and None is returned."""
        from voice_companion import state

        buffer = io.BytesIO()
        write_wav(buffer, self.take(), self.rate)
        path = Path(path)
        return path if state.save_bytes(path, buffer.getvalue(), what="the recording") else None

    def close(self) -> None:
        pass
