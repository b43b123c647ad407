"""When the assistant's own voice was playing, so a half-duplex listener can ignore its echo
without ignoring everything around it.

Each stretch of our own voice (a sentence, a counted word in a breathing cue, an earcon) is kept
as a window of time.monotonic(); a microphone frame that arrived inside a window, widened by the
echo's delay, is our own voice and never opens a turn. With an echo judge (double_talk), frames
in the echo's tail and under a judged tone are the judge's to decide instead (in_tail), so an
answer said at once is heard. The soft breath tones are not windows: the speech detector
already tells them from a voice (vad.SpeechDetector), so the person is heard over them."""

from __future__ import annotations

import threading

# Measured on the PulseAudio rig with a speaker-to-microphone loopback: the echo of a sound
# arrives 60-240 ms after it was written, and ends that long after it. 0.3 s covers that with
# room for a real speaker's reverberation; each 0.1 s more is 0.1 s in which "stop" is not heard.
ECHO_TAIL = 0.3
ECHO_LEAD = 0.02


class OwnAudio:
    def __init__(self, tail: float = ECHO_TAIL, lead: float = ECHO_LEAD) -> None:
        self.tail, self.lead = tail, lead
        # (start, end of the sound that hides a voice, end of its echo)
        self._windows: list[tuple[float, float, float]] = []
        self._lock = threading.Lock()

    def add(self, start: float, end: float, *, judged: bool = False) -> None:
        """Our own sound was played from `start` to `end` (time.monotonic()). judged: a tone a
        voice is easily told from (the listening tone), whose frames are judged, not dropped."""
        with self._lock:
            # Windows older than a minute cannot match any frame still waiting to be read.
            self._windows = [w for w in self._windows if w[2] > end - 60.0]
            self._windows.append((start - self.lead, start if judged else end, end + self.tail))

    def covers(self, t: float) -> bool:
        with self._lock:
            return any(a <= t <= b for a, _end, b in self._windows)

    def in_tail(self, t: float) -> bool:
        """Nothing of ours that hides a voice was playing at `t`, but its echo may still come:
        the tail after our sound, or a judged tone."""
        with self._lock:
            covered = [end for a, end, b in self._windows if a <= t <= b]
        return bool(covered) and all(t > end for end in covered)

    def quiet_after(self) -> float:
        """When the echo of everything played so far has died away."""
        with self._lock:
            return max((b for _a, _end, b in self._windows), default=0.0)
