"""Is this 30 ms frame speech? webrtcvad, with an energy floor because webrtcvad alone
calls loud noise (and near-silent hiss) speech, and a check for voice above 1 kHz because
webrtcvad also calls the soft breath tones speech (more than 90% of their frames)."""

from __future__ import annotations

import numpy as np
import webrtcvad

from voice_companion.audio.format import FRAME_SAMPLES, STT_RATE, rms_dbfs

_WINDOW = np.hanning(FRAME_SAMPLES).astype(np.float32)
_FREQS = np.fft.rfftfreq(FRAME_SAMPLES, 1 / STT_RATE)
_VOICE_BAND = (_FREQS >= 1000) & (_FREQS <= 4000)
# The breath tones glide between 220 and 330 Hz with one octave above (earcons.py), so nothing of
# theirs reaches 1 kHz: at most -80 dB in that band (at volume 0.8), against -64 dB for the
# quietest tenth of voiced frames of "stop" spoken at a tenth of full level. Formants and
# consonants always put a voice there.
VOICE_BAND_FLOOR_DB = -72.0


def voice_band_db(frame: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(frame.astype(np.float32) / 32768 * _WINDOW)) ** 2
    return float(10 * np.log10(spectrum[_VOICE_BAND].sum() / FRAME_SAMPLES + 1e-12))


class SpeechDetector:
    def __init__(self, aggressiveness: int = 2, floor_dbfs: float = -50.0) -> None:
        self._vad = webrtcvad.Vad(aggressiveness)
        self.floor_dbfs = floor_dbfs

    def is_speech(self, frame: np.ndarray) -> bool:
        if frame.size != FRAME_SAMPLES:
            raise ValueError(f"frames must be {FRAME_SAMPLES} samples of 16 kHz int16")
        if rms_dbfs(frame) < self.floor_dbfs:
            return False
        if not self._vad.is_speech(frame.tobytes(), STT_RATE):
            return False
        return voice_band_db(frame) >= VOICE_BAND_FLOOR_DB
