"""Is this 30 ms frame speech? webrtcvad, with an energy floor because webrtcvad alone
calls loud noise (and near-silent hiss) speech."""

from __future__ import annotations

import numpy as np
import webrtcvad

from .audio_format import FRAME_SAMPLES, STT_RATE, rms_dbfs


class SpeechDetector:
    def __init__(self, aggressiveness: int = 2, floor_dbfs: float = -50.0) -> None:
        self._vad = webrtcvad.Vad(aggressiveness)
        self.floor_dbfs = floor_dbfs

    def is_speech(self, frame: np.ndarray) -> bool:
        if frame.size != FRAME_SAMPLES:
            raise ValueError(f"frames must be {FRAME_SAMPLES} samples of 16 kHz int16")
        if rms_dbfs(frame) < self.floor_dbfs:
            return False
        return self._vad.is_speech(frame.tobytes(), STT_RATE)
