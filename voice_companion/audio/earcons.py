"""Short generated tones that tell a person what is happening without a screen.

Soft sine tones with slow fades: nothing sharp, nothing like an alarm clock."""

from __future__ import annotations

import numpy as np

RATE = 22_050


def _fade(x: np.ndarray, seconds: float) -> np.ndarray:
    n = min(int(seconds * RATE), x.size // 2)
    if n > 0:
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n, dtype=np.float32))
        x[:n] *= ramp
        x[-n:] *= ramp[::-1]
    return x


def glide(f0: float, f1: float, seconds: float, level: float, fade: float = 0.03) -> np.ndarray:
    """A sine whose pitch moves smoothly from f0 to f1 (Hz)."""
    n = max(1, int(seconds * RATE))
    freq = np.linspace(f0, f1, n, dtype=np.float64)
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    # A quiet octave above makes the tone rounder than a bare sine.
    x = (np.sin(phase) + 0.2 * np.sin(2 * phase)).astype(np.float32) * (level / 1.2)
    return _fade(x, fade)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(max(0, int(seconds * RATE)), np.float32)


def earcon(kind: str, seconds: float = 0.0) -> np.ndarray:
    """The tone for `kind` as float32 at RATE."""
    if kind == "listening":  # two rising notes: "your turn"
        return np.concatenate([glide(523, 523, 0.09, 0.25), silence(0.03), glide(784, 784, 0.12, 0.25)])
    if kind == "heard":  # one soft low note: "got it"
        return glide(659, 587, 0.12, 0.18)
    if kind == "done":  # falling pair: "that's the end"
        return np.concatenate([glide(784, 784, 0.1, 0.2), silence(0.03), glide(523, 523, 0.16, 0.2)])
    if kind == "fade_in":  # a slow swell for the morning, never a beep
        seconds = seconds or 3.0
        x = glide(392, 523, seconds, 0.3, fade=0.05)
        return x * np.linspace(0.0, 1.0, x.size, dtype=np.float32) ** 2
    if kind == "inhale":  # rises with the breath in
        return glide(220, 330, seconds or 4.0, 0.12, fade=0.4)
    if kind == "exhale":  # falls with the breath out
        return glide(330, 220, seconds or 4.0, 0.12, fade=0.4)
    if kind == "hold":  # held breath: a very quiet steady note
        return glide(330, 330, seconds or 4.0, 0.05, fade=0.3)
    raise ValueError(f"unknown earcon {kind!r}")
