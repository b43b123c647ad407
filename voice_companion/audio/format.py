"""Audio as numbers: reading and writing WAV files, mono 16 kHz conversion, level. No devices."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

STT_RATE = 16_000  # what the microphone path and Whisper use
FRAME_MS = 30
FRAME_SAMPLES = STT_RATE * FRAME_MS // 1000  # 480


class AudioFileError(Exception):
    """A WAV file that cannot be used; the message names it and says why."""


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Samples as float32 in [-1, 1], shape (n,) for mono or (n, channels), and the rate."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            raw = w.readframes(n)
    except FileNotFoundError:
        raise AudioFileError(f"{path}: no such file.") from None
    except (wave.Error, EOFError) as exc:
        raise AudioFileError(f"{path}: not a PCM WAV file I can read ({exc}). Convert it with: sox IN -r 16000 -c 1 OUT.wav") from None
    if width == 1:
        data = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        data = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    elif width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3)
        ints = (b[:, 0].astype(np.int32) | (b[:, 1].astype(np.int32) << 8) | (b[:, 2].astype(np.int32) << 16))
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        data = ints.astype(np.float32) / float(1 << 23)
    elif width == 4:
        data = np.frombuffer(raw, "<i4").astype(np.float32) / float(1 << 31)
    else:
        raise AudioFileError(f"{path}: {width * 8}-bit samples are not supported; use 16-bit PCM.")
    if channels > 1:
        data = data.reshape(-1, channels)
    return data, rate


def to_mono(samples: np.ndarray) -> np.ndarray:
    return samples.mean(axis=1).astype(np.float32) if samples.ndim == 2 else samples.astype(np.float32)


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Mono float resampling by linear interpolation, with a crude low-pass when shrinking
    so 44.1 kHz recordings do not alias into the speech band."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32)
    if target < rate:
        k = max(1, int(round(rate / target)))
        if k > 1:
            samples = np.convolve(samples, np.ones(k, np.float32) / k, mode="same")
    n_out = int(round(samples.size * target / rate))
    x_out = np.arange(n_out, dtype=np.float64) * (rate / target)
    return np.interp(x_out, np.arange(samples.size), samples).astype(np.float32)


def load_for_stt(path: str | Path) -> np.ndarray:
    """Any PCM WAV (any rate, mono or stereo) as 16 kHz mono float32."""
    data, rate = read_wav(path)
    return resample(to_mono(data), rate, STT_RATE)


def float_to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)


def int16_to_float(samples: np.ndarray) -> np.ndarray:
    return samples.astype(np.float32) / 32768.0


def write_wav(path, samples: np.ndarray, rate: int) -> None:
    """To a path, or to a binary file object (a buffer written out atomically elsewhere)."""
    if isinstance(path, (str, Path)):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path = str(path)
    data = samples if samples.dtype == np.int16 else float_to_int16(samples)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())


def rms_dbfs(samples: np.ndarray) -> float:
    """Loudness of a block in dBFS (float samples in [-1, 1], or int16)."""
    x = int16_to_float(samples) if samples.dtype == np.int16 else samples
    if x.size == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
    return 20.0 * np.log10(max(rms, 1e-6))


def frames(samples: np.ndarray, size: int = FRAME_SAMPLES):
    """Split 16 kHz int16 audio into whole frames (the tail is padded with silence)."""
    if samples.dtype != np.int16:
        samples = float_to_int16(samples)
    pad = (-samples.size) % size
    if pad:
        samples = np.concatenate([samples, np.zeros(pad, np.int16)])
    for i in range(0, samples.size, size):
        yield samples[i : i + size]
