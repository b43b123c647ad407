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


class SileroVoice:
    """faster-whisper's bundled Silero VAD (ships in the package, no download), streamed: one
    512-sample window at a time with its state carried, and Silero's own hysteresis (on at 0.5,
    off below 0.35). It tells a voice from a fan or road noise that webrtcvad calls speech."""

    def __init__(self, threshold: float = 0.5) -> None:
        from faster_whisper.vad import get_vad_model

        self.session = get_vad_model().session
        self.on, self.off = threshold, threshold - 0.15
        self.reset()

    def reset(self) -> None:
        self.state = np.zeros((1, 1, 128), np.float32), np.zeros((1, 1, 128), np.float32)
        self.context = np.zeros(64, np.float32)
        self.buf = np.zeros(0, np.float32)
        self.speaking = False

    def __call__(self, frame: np.ndarray) -> bool:
        self.buf = np.concatenate([self.buf, frame.astype(np.float32) / 32768])
        while self.buf.size >= 512:
            chunk, self.buf = self.buf[:512], self.buf[512:]
            x = np.concatenate([self.context, chunk])[None, :].astype(np.float32)
            out, h, c = self.session.run(None, {"input": x, "h": self.state[0], "c": self.state[1]})
            self.state, self.context = (h, c), chunk[-64:]
            p = float(np.asarray(out).reshape(-1)[-1])
            self.speaking = p >= (self.off if self.speaking else self.on)
        return self.speaking


# Silero is sure of a voice later than webrtcvad and for less of a short word: Piper's "Stop."
# has 0.2 s where both agree, under the 0.25 s that opens a turn, and was never heard. So Silero's
# "a voice" holds 0.3 s after it last said so (in noise a pause is heard 0.3 s later; in quiet,
# webrtcvad's own silence ends it as before).
SILERO_HOLD_FRAMES = 10


class SpeechDetector:
    def __init__(self, aggressiveness: int = 2, floor_dbfs: float = -50.0, *, silero: bool = False) -> None:
        self._vad = webrtcvad.Vad(aggressiveness)
        self.floor_dbfs = floor_dbfs
        # Silero must agree as well (it hears every frame, so its state follows the audio).
        self._silero = SileroVoice() if silero else None
        self._since_voice = SILERO_HOLD_FRAMES + 1

    def is_speech(self, frame: np.ndarray) -> bool:
        if frame.size != FRAME_SAMPLES:
            raise ValueError(f"frames must be {FRAME_SAMPLES} samples of 16 kHz int16")
        voice = True
        if self._silero is not None:
            self._since_voice = 0 if self._silero(frame) else self._since_voice + 1
            voice = self._since_voice <= SILERO_HOLD_FRAMES
        if rms_dbfs(frame) < self.floor_dbfs:
            return False
        if not self._vad.is_speech(frame.tobytes(), STT_RATE):
            return False
        return voice and voice_band_db(frame) >= VOICE_BAND_FLOOR_DB
