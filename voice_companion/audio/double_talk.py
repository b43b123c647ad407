"""Is the person talking over our own voice? (barge-in, hands-free, `--barge-in`)

The microphone hears our voice back from the speaker. We know exactly what we played and when,
so for each microphone frame we can say how loud our own echo can be in each frequency band: the
loudest the played sound was in that band over the echo's possible delays, times how loud the
echo has been relative to it so far in this room (learned while we talk, per band). A frame where
many bands are well above that is a second voice: the person's. A voice has energy where our
own sentence has none at that moment (other formants, other syllable timing), which an echo of
our own sound never has. Pure numpy over the played audio and the microphone frames, so it is
tested on real recordings without any device."""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from voice_companion.audio.format import FRAME_SAMPLES, STT_RATE, resample

HOP = 160  # 10 ms: the played sound's band energies are kept at this step
_EDGES = np.geomspace(300, 4000, 25)  # 24 bands over the voice's range
_FREQS = np.fft.rfftfreq(FRAME_SAMPLES, 1 / STT_RATE)
_BAND_OF = [np.flatnonzero((_FREQS >= lo) & (_FREQS < hi)) for lo, hi in zip(_EDGES[:-1], _EDGES[1:], strict=True)]
_WINDOW = np.hanning(FRAME_SAMPLES).astype(np.float32)
FLOOR = 1e-7  # band energy (full scale = 1) below which a band is silence, for both sides

# Chosen on simulated rooms (the measurement behind tests/audio/test_double_talk.py: two Piper
# replies echoed at 0.3-2.5x with 60-240 ms delay and reverberation; three espeak voices as loud
# as the echo, half and a third as loud): 24 bands, the learned gain at the 90th percentile,
# 6 dB over a fifth of the bands gave no false cut in 18 echo-only runs and no missed voice in
# 18, the voice found 0.45 s after it began (median; at most 1.1 s). 12 bands missed 1-4 of 18;
# the 75th percentile, or 9 dB, cut us short or missed more; 0.1 s of delay slack slowed it.
# Measured on the PulseAudio rig with the speaker looped into the microphone: the echo arrives
# 60-240 ms after it was written (own_audio.ECHO_TAIL keeps 0.3 s for a real room's reverberation).
MAX_DELAY = 0.35
CONTINUOUS = 0.03  # blocks closer than this in time are one stretch of sound
DELAY_FRAMES = 100  # the last 3 s of microphone frames heard while we played
DELAY_SLACK = 0.05  # the echo's delay wanders this much (buffers), and a room smears it
DELAY_MIN_CORRELATION = 0.6
LEARN_FRAMES = 40  # frames of our own echo heard before the judge is trusted
MARGIN = 10 ** (6 / 10)  # a band must be 6 dB above the loudest the echo could be there
SHARE = 0.2  # of the bands where sound was heard
NOISE_FRAMES = 200  # 6 s of frames heard while nothing of ours played
NOISE_MARGIN = 4  # a band 6 dB over the room's noise has sound in it


def band_energies(frames: np.ndarray) -> np.ndarray:
    """(n, FRAME_SAMPLES) float audio → (n, bands) mean power per band."""
    spectrum = np.abs(np.fft.rfft(frames * _WINDOW, axis=-1)) ** 2 / FRAME_SAMPLES
    return np.stack([spectrum[..., idx].mean(axis=-1) for idx in _BAND_OF], axis=-1)


def frame_bands(frame: np.ndarray) -> np.ndarray:
    """One microphone frame (int16 or float) → its band energies."""
    x = np.asarray(frame)
    x = x.astype(np.float32) / 32768.0 if x.dtype.kind == "i" else x.astype(np.float32)
    return band_energies(x[None, :])[0]


class EchoReference:
    """What we played, as band energies every 10 ms on the time.monotonic() clock.

    Fed from the speaker's own callback (`played`): each block with the moment it reaches the
    speaker, so a late start, an underrun or a busy machine moves the reference with the sound
    instead of leaving it where we meant to play it. `add` takes a whole sound at once."""

    def __init__(self, keep_seconds: float = 30.0) -> None:
        self.keep = keep_seconds
        self._times = np.zeros(0)
        self._energies = np.zeros((0, len(_BAND_OF)))
        self._pending: deque[tuple[float, np.ndarray, int]] = deque(maxlen=1500)  # 30 s of 20 ms blocks
        self._buf = np.zeros(FRAME_SAMPLES, np.float32)  # the last 30 ms, then what is not yet a hop
        self._buf_end: float | None = None  # when the last sample in _buf is played
        self._lock = threading.Lock()

    def played(self, t: float, samples: np.ndarray, rate: int) -> None:
        """One block of the speaker's output, starting at `t`. Called from the audio callback, so
        it only queues: the work is done by the reader."""
        self._pending.append((t, samples, rate))

    def add(self, start: float, audio: np.ndarray) -> None:
        """`audio` (float, 16 kHz) starts playing at `start`."""
        with self._lock:
            self._append(start, np.asarray(audio, np.float32))

    def _digest(self) -> None:
        while self._pending:
            t, samples, rate = self._pending.popleft()
            self._append(t, resample(samples, rate, STT_RATE))

    def _append(self, start: float, audio: np.ndarray) -> None:
        if self._buf_end is None or abs(start - self._buf_end) > CONTINUOUS:
            self._buf = np.zeros(FRAME_SAMPLES, np.float32)  # a new stretch of sound
        self._buf = np.concatenate([self._buf, audio])
        self._buf_end = start + audio.size / STT_RATE
        hops = (self._buf.size - FRAME_SAMPLES) // HOP
        if hops <= 0:
            return
        # Each hop's energy is that of the 30 ms ending at it, as a microphone frame is.
        ends = FRAME_SAMPLES + HOP * np.arange(1, hops + 1)
        windows = self._buf[ends[:, None] - FRAME_SAMPLES + np.arange(FRAME_SAMPLES)]
        times = self._buf_end - (self._buf.size - ends) / STT_RATE
        self._buf = self._buf[ends[-1] - FRAME_SAMPLES :]
        keep = self._times > times[-1] - self.keep
        self._times = np.concatenate([self._times[keep], times])
        self._energies = np.concatenate([self._energies[keep], band_energies(windows)])

    def _window(self, t0: float, t1: float) -> np.ndarray:
        with self._lock:
            self._digest()
            a, b = np.searchsorted(self._times, [t0, t1], side="left")
            return self._energies[a:b]

    def level_at(self, times: np.ndarray) -> np.ndarray:
        """The played sound's total energy (log10) at each time; NaN where nothing played."""
        with self._lock:
            self._digest()
            known, energies = self._times, self._energies
        out = np.full(times.shape, np.nan)
        if known.size == 0:
            return out
        idx = np.clip(np.searchsorted(known, times), 0, known.size - 1)
        near = np.abs(known[idx] - times) <= HOP / STT_RATE
        out[near] = np.log10(energies[idx[near]].sum(axis=1) + FLOOR)
        return out

    def loudest(self, t0: float, t1: float) -> np.ndarray | None:
        """The most each band held between t0 and t1, or None if nothing of ours played then."""
        window = self._window(t0, t1)
        return window.max(axis=0) if len(window) else None


class DoubleTalk:
    """Judges microphone frames against the reference: True when a voice that is not ours is
    in the frame. Learns, per band, how loud the echo is relative to what we played (the room,
    the volume, the microphone's gain), from frames that are plainly only our echo."""

    def __init__(self, reference: EchoReference, *, max_delay: float = MAX_DELAY, margin: float = MARGIN,
                 share: float = SHARE) -> None:
        self.reference, self.max_delay, self.margin, self.share = reference, max_delay, margin, share
        self._ratios: deque[np.ndarray] = deque(maxlen=300)  # ~9 s of our own echo
        self.gain = np.ones(len(_BAND_OF))  # before any learning: the echo no louder than the sound
        # The echo's delay, once found: then only the played sound around that delay can be in a
        # frame, not everything of the last 0.35 s, and a voice stands out far sooner.
        self.delay: float | None = None
        self._heard: deque[tuple[float, float]] = deque(maxlen=DELAY_FRAMES)  # (time, log energy)
        self._since_estimate = 0
        self.noise = np.zeros(len(_BAND_OF))  # the room's own noise per band, once heard
        self._silence = np.zeros(len(_BAND_OF))
        self._quiet: deque[np.ndarray] = deque(maxlen=NOISE_FRAMES)
        self._since_noise = 0

    def person(self, t: float, frame: np.ndarray) -> bool:
        """`frame`: int16 or float microphone samples that arrived at `t` (time.monotonic())."""
        mic = frame_bands(frame)
        if self.delay is None:
            echo = self.reference.loudest(t - FRAME_SAMPLES / STT_RATE - self.max_delay, t)
        else:
            echo = self.reference.loudest(t - FRAME_SAMPLES / STT_RATE - self.delay - DELAY_SLACK,
                                          t - self.delay + DELAY_SLACK)
        if echo is None:
            return True  # nothing of ours could be in it
        self._track_delay(t, mic)
        if self.delay is None or len(self._ratios) < LEARN_FRAMES:
            # Until the room is learned (the first seconds of the session's first words, the
            # greeting) nothing is taken for the person: a guess would cut us short.
            self._learn(mic, echo)
            return False
        # The room's noise is not asked here: over our own voice and cues the judge stays as it
        # was measured (a noise level learned from late echo frames made it cut itself short).
        verdict = self._verdict(mic, echo, self._silence)
        if verdict is None:
            return False
        self._learn(mic, echo)
        return verdict

    def person_after(self, t: float, frame: np.ndarray, within: float) -> bool:
        """A frame heard after our sound stopped, while its echo may still come (`within`
        seconds of it). The echo's delay wanders on a busy machine, so the ceiling here is the
        loudest our sound was in each band over the whole of that time: an answer begun right
        after our question is heard, the late echo of our last word is not. Nothing is learned
        from these frames: their ceiling is not the echo's own level."""
        if self.delay is None or len(self._ratios) < LEARN_FRAMES:
            return False
        mic = frame_bands(frame)
        echo = self.reference.loudest(t - FRAME_SAMPLES / STT_RATE - within, t)
        if echo is None:
            return True
        return bool(self._verdict(mic, echo, self.noise))

    def background(self, frame: np.ndarray) -> None:
        """A frame heard while nothing of ours played: the room's own noise is learned from
        these, so that in the echo's tail (person_after) a fan's hum in bands our sound leaves
        empty is not taken for a voice."""
        self._quiet.append(frame_bands(frame))
        self._since_noise += 1
        if len(self._quiet) >= NOISE_FRAMES // 4 and self._since_noise >= 33:
            self._since_noise = 0
            # The middle of each band over the last seconds. A narrow band's noise swings a lot
            # frame to frame (a lower percentile, times NOISE_MARGIN, let two in five fan frames
            # through in some band); a person talking meanwhile only lifts it, which errs on
            # taking a frame for our own echo, as it was before the noise was learned.
            self.noise = np.median(np.stack(self._quiet), axis=0)

    def _verdict(self, mic: np.ndarray, echo: np.ndarray, noise: np.ndarray) -> bool | None:
        """A second voice: enough of the bands with sound in them are well above both the
        loudest our echo could be there and the room's noise. None: too little sound to say."""
        heard = mic > NOISE_MARGIN * noise + FLOOR
        if heard.sum() < 3:
            return None
        above = heard & (mic > self.margin * self.gain * echo + noise + FLOOR)
        return bool(above.sum() >= self.share * heard.sum())

    def _track_delay(self, t: float, mic: np.ndarray) -> None:
        """Find the delay at which the microphone's loudness best follows what we played."""
        self._heard.append((t, float(np.log10(mic.sum() + FLOOR))))
        self._since_estimate += 1
        if len(self._heard) < DELAY_FRAMES // 2 or self._since_estimate < 33:
            return
        self._since_estimate = 0
        times, levels = (np.array(v) for v in zip(*self._heard, strict=True))
        best, best_r = None, DELAY_MIN_CORRELATION
        for d in np.arange(0.0, self.max_delay + 1e-9, HOP / STT_RATE):
            played = self.reference.level_at(times - d)
            ok = ~np.isnan(played)
            if ok.sum() < DELAY_FRAMES // 3 or np.std(played[ok]) == 0 or np.std(levels[ok]) == 0:
                continue
            r = float(np.corrcoef(played[ok], levels[ok])[0, 1])
            if r > best_r:
                best, best_r = float(d), r
        if best is not None:
            self.delay = best

    def _learn(self, mic: np.ndarray, echo: np.ndarray) -> None:
        loud = echo > 100 * FLOOR
        if loud.sum() < len(loud) // 2:
            return
        ratio = np.where(loud, mic / np.maximum(echo, FLOOR), np.nan)
        self._ratios.append(ratio)
        if len(self._ratios) >= 20:
            # Every frame is learned from, the person's too: they talk over us far less than
            # half the time, and a gain learned too high only makes barging in harder, never
            # makes us interrupt ourselves. The top tenth: a louder echo than learned would
            # be taken for the person.
            learned = np.nanpercentile(np.stack(self._ratios), 90, axis=0)
            self.gain = np.where(np.isnan(learned), self.gain, np.clip(learned, 0.01, 100.0))
