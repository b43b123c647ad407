"""End-of-speech segmenter: decides, frame by frame, when a spoken turn has begun and ended.

Two stages. At a short pause (`gap_seconds`) the words so far are decoded in the background and
judged (speech/turn_end.py): if they read as a finished turn the caller ends it there
(`end_at_gap`); if not ("I have been feeling ...") the turn is held open until the long pause
(`silence_seconds`), so a pause to think is not the end. Pure logic over (frame length,
is-speech) pairs, so it can be tested with no audio at all."""

from __future__ import annotations

from dataclasses import dataclass

# (short pause, long pause) in seconds. A turn that reads as finished ends at the short pause; one
# that does not is held until the long one. "normal" must not end on a 1.2 s pause to think, and
# "patient" (people who pause a lot: tired, tearful, searching for words) not on a 2 s one;
# "quick" suits short commands.
ENDPOINT_PRESETS: dict[str, tuple[float, float]] = {"quick": (0.4, 0.8), "normal": (0.55, 1.4), "patient": (0.7, 2.2)}
# The decode for the short pause starts this far into it, so its answer is (mostly) ready when the
# short pause is reached: the decode, not the pause, is what a person would otherwise wait for.
DECODE_AT = 0.3
# The old one-stage endpoints, kept so scripts/measure_endpoints.py can compare against them.
FIXED_SILENCE: dict[str, float] = {"quick": 0.5, "normal": 0.8, "patient": 1.6}


@dataclass
class Segmenter:
    silence_seconds: float = ENDPOINT_PRESETS["normal"][1]  # the long pause: the turn ends here whatever was said
    gap_seconds: float | None = None  # the short pause at which the turn may end early; None = one stage
    decode_seconds: float = DECODE_AT  # when, into a pause, to start decoding for it (at most gap_seconds)
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
        self.finished_early = False  # ended at a short pause because the words read as finished
        self.gaps = 0  # short pauses reached so far; names the pause a decode belongs to
        self.new_gap = False  # this frame began a pause worth decoding for: decode the speech so far now
        self._speech_run = 0.0
        self._silence_run = 0.0

    @classmethod
    def preset(cls, name: str, **kwargs) -> Segmenter:
        if name not in ENDPOINT_PRESETS:
            raise ValueError(f"endpoint preset must be one of {', '.join(ENDPOINT_PRESETS)}, got {name!r}")
        gap, hold = ENDPOINT_PRESETS[name]
        return cls(silence_seconds=hold, gap_seconds=gap, **kwargs)

    @property
    def in_gap(self) -> bool:
        """Speech has begun and the last short pause has not been broken by speech."""
        return self.in_speech and self.gap_seconds is not None and self._silence_run >= self.gap_seconds

    def end_at_gap(self, gap: int) -> bool:
        """The words up to short pause number `gap` read as finished: end the turn, unless the
        person has spoken again since (then that judgement is stale). True if it ended."""
        if self.ended or gap != self.gaps or not self.in_gap:
            return False
        self.ended = self.finished_early = True
        return True

    def process(self, seconds: float, is_speech: bool) -> bool:
        """Feed one frame. Returns True while the turn is still open (keep feeding)."""
        self.new_gap = False
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
            before = self._silence_run
            self._silence_run += seconds
            start = min(self.decode_seconds, self.gap_seconds) if self.gap_seconds is not None else None
            if start is not None and before < start <= self._silence_run:
                self.gaps += 1
                self.new_gap = True
            if self._silence_run >= self.silence_seconds:
                self.ended = True
        if self.turn_seconds >= self.max_seconds:
            self.too_long = self.ended = True
        return not self.ended
