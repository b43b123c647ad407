"""End-of-speech segmenter: decides, frame by frame, when a spoken turn has begun and ended.

Pure logic over (frame length, is-speech) pairs, so it can be tested with no audio at all."""

from __future__ import annotations

from dataclasses import dataclass

# Seconds of silence that end a turn. "patient" suits people who pause mid-sentence
# (tired, tearful, thinking); "quick" suits short commands.
ENDPOINT_PRESETS: dict[str, float] = {"quick": 0.5, "normal": 0.8, "patient": 1.6}


@dataclass
class Segmenter:
    silence_seconds: float = ENDPOINT_PRESETS["normal"]
    speech_seconds: float = 0.25  # speech needed before a turn counts as started (a click is not a turn)
    max_seconds: float = 30.0  # longest turn; longer speech is cut here
    start_timeout: float | None = None  # give up if no speech begins within this (None = wait)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.in_speech = False
        self.ended = False
        self.timed_out = False
        self.too_long = False
        self.elapsed = 0.0  # since the segmenter was reset
        self.turn_seconds = 0.0  # since speech began
        self._speech_run = 0.0
        self._silence_run = 0.0

    @classmethod
    def preset(cls, name: str, **kwargs) -> Segmenter:
        if name not in ENDPOINT_PRESETS:
            raise ValueError(f"endpoint preset must be one of {', '.join(ENDPOINT_PRESETS)}, got {name!r}")
        return cls(silence_seconds=ENDPOINT_PRESETS[name], **kwargs)

    def process(self, seconds: float, is_speech: bool) -> bool:
        """Feed one frame. Returns True while the turn is still open (keep feeding)."""
        if self.ended:
            return False
        self.elapsed += seconds
        if not self.in_speech:
            if is_speech:
                self._speech_run += seconds
                if self._speech_run >= self.speech_seconds:
                    self.in_speech = True
                    self.turn_seconds = self._speech_run
                    self._silence_run = 0.0
            else:
                # Brief speech blips decay rather than reset, so a soft start is not lost.
                self._speech_run = max(0.0, self._speech_run - seconds)
                if self.start_timeout is not None and self.elapsed >= self.start_timeout:
                    self.timed_out = self.ended = True
            return not self.ended
        self.turn_seconds += seconds
        if is_speech:
            self._silence_run = 0.0
        else:
            self._silence_run += seconds
            if self._silence_run >= self.silence_seconds:
                self.ended = True
        if self.turn_seconds >= self.max_seconds:
            self.too_long = self.ended = True
        return not self.ended
