"""Measures "stop" during counted breathing through real audio devices: a recorded "stop" is
played into the microphone at a random moment of box breathing, and the speaker is recorded to
see when it went quiet. Used by the audio-rig test and `scripts/measure_stop.py`.

Needs a running audio rig (scripts/audio_rig.py): "mouth" is the microphone, "ear" the speaker."""

from __future__ import annotations

import dataclasses
import random
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_companion.audio.format import load_for_stt
from voice_companion.routing.intents import DEFAULT_EXERCISE

QUIET_DBFS = -55.0  # below this the ear counts as silent (the quietest breath tone is about -33)


@dataclass
class StopTrial:
    at: float  # seconds into the breathing when "stop" was played
    stopped: bool  # the exercise ended because of it
    heard_after: float | None  # transcript, seconds after the end of the word
    silent_after: float | None  # the speaker went quiet, seconds after the end of the word


class EarRecorder:
    """What the speaker plays, as (arrival time, level in dBFS) per 20 ms."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            ["parec", "--device=ear.monitor", "--format=s16le", "--rate=16000", "--channels=1", "--latency-msec=20"],
            stdout=subprocess.PIPE,
        )
        self.levels: list[tuple[float, float]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            raw = self.proc.stdout.read(640)
            if not raw or len(raw) < 640:
                return
            x = np.frombuffer(raw, np.int16).astype(np.float32) / 32768
            self.levels.append((time.monotonic(), 20 * np.log10(np.sqrt(np.mean(x * x)) + 1e-9)))

    def quiet_from(self, t: float, hold: float = 0.3) -> float | None:
        """The first moment after t from which the ear stayed quiet for `hold` seconds."""
        start = None
        for when, level in list(self.levels):
            if when < t:
                continue
            if level < QUIET_DBFS:
                start = when if start is None else start
                if when - start >= hold:
                    return start
            else:
                start = None
        return None

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=5)


def speech_end(wav: Path) -> float:
    """Seconds into the file where the word ends."""
    audio = load_for_stt(wav)
    loud = np.flatnonzero(np.abs(audio) > 0.02)
    return (loud[-1] + 1) / 16000 if loud.size else 0.0


def breathing_only(catalog: dict, exercise_id: str = DEFAULT_EXERCISE["breathing"]) -> dict:
    """The catalog with the exercise cut down to its breathing, so each try starts at once."""
    from voice_companion.exercise.format import BreatheStep

    ex = catalog[exercise_id]
    # Two cycles: "stop" comes within the first, and a try where it was missed ends soon after.
    steps = tuple(dataclasses.replace(s, cycles=2, max_cycles_first_time=None)
                  for s in ex.steps if isinstance(s, BreatheStep))[:1]
    return {**catalog, exercise_id: dataclasses.replace(ex, steps=steps)}


# A "stop" Whisper was unsure of holds the breathing and asks "Sorry, did you say stop?"; the
# person answers. Long enough for the question to be said, short enough not to be the next cue.
ANSWER_AFTER = 6.0
ANSWERS = 2  # a question asked again is answered again, as a person would; not forever


def answer_for(asked: str | None) -> str | None:
    """What a person who said "stop" answers to the question the companion asked since: "yes"
    to "did you say stop?", "no_stop" ("No, stop.") to a question about another command ("did
    you say pause?"), "stop" to "Shall I stop, or carry on?". None when nothing was asked: a
    "yes" then would answer nothing (and, paused, would mean carry on)."""
    if not asked:
        return None
    text = asked.lower()
    if "did you say stop" in text:
        return "yes"
    if "shall i stop" in text:
        return "stop"
    if "did you say" in text:
        return "no_stop"
    return None


def run_trials(companion, channel, stop_wav: Path, n: int, *, seed: int = 1, span: float = 16.0,
               log=print, answers: dict[str, Path] | None = None) -> list[StopTrial]:
    """n tries, each a fresh box-breathing run with "stop" played `at` a random point of its
    first `span` seconds (one full cycle: in, hold, out, hold). With `answers` (WAVs of "Yes."
    and "No, stop." as "yes" and "no_stop"), a try that is still running ANSWER_AFTER seconds
    after the word and was asked a question since gets the answer a person would give
    (answer_for), and again if it asks again; `stopped` is then whether that ended it."""
    rng = random.Random(seed)
    ear = EarRecorder()
    word = speech_end(stop_wav)
    trials: list[StopTrial] = []
    first_cue: list[float] = []
    real_cue, real_say = channel.cue, channel.say
    asked: list[str] = []  # what the companion said in this try (the last line is its question)
    answers = {**(answers or {}), "stop": stop_wav}

    def cue(*args, **kwargs):
        if not first_cue:
            first_cue.append(time.monotonic())
        return real_cue(*args, **kwargs)

    def say(text, *args, **kwargs):
        asked.append(text)
        return real_say(text, *args, **kwargs)

    def answer() -> None:
        question = asked[-1] if asked else None
        wav = answers.get(answer_for(question) or "")
        if wav is not None:
            log(f"  asked {question!r}: answered {answer_for(question)}")
            subprocess.run(["paplay", "--device=mouth", str(wav)], check=True)

    channel.cue, channel.say = cue, say
    try:
        time.sleep(1.5)  # a new input stream delivers its first audio ~1.4 s after opening
        for i in range(n):
            first_cue.clear()
            at = rng.uniform(0.3, span)
            result: list = []
            runner = threading.Thread(target=lambda: result.append(companion.start_exercise(DEFAULT_EXERCISE["breathing"])))
            runner.start()
            while not first_cue:
                time.sleep(0.01)
            time.sleep(max(0.0, first_cue[0] + at - time.monotonic()))
            # Only what is said from the word on is a question about it. Cleared before it is
            # played: paplay returns only once the sound has drained, and on a busy machine the
            # question can already have been asked by then.
            asked.clear()
            played = time.monotonic()
            subprocess.run(["paplay", "--device=mouth", str(stop_wav)], check=True)
            word_end = played + word
            runner.join(timeout=ANSWER_AFTER if len(answers) > 1 else 90)
            for _again in range(ANSWERS):
                if not runner.is_alive() or len(answers) <= 1 or not asked:
                    break
                answer()
                asked.clear()  # a question asked again (the answer was not caught) is answered again
                runner.join(timeout=ANSWER_AFTER)
            runner.join(timeout=90 - ANSWER_AFTER * ANSWERS)
            stopped = bool(result) and result[0] is not None and result[0].reason == "stopped"
            # timelines use perf_counter; convert to monotonic through the current offset
            offset = time.monotonic() - time.perf_counter()
            marks = [t.marks.get("transcript") for t in channel.timelines.all()]
            # The word's own transcript: the first after it began (later ones are the answer's).
            heard = [m + offset for m in marks if m is not None and m + offset > played]
            heard_at = min(heard) if heard else None
            quiet = ear.quiet_from(word_end - 1.0)
            trial = StopTrial(at, stopped, None if heard_at is None else heard_at - word_end,
                              None if quiet is None else quiet - word_end)
            trials.append(trial)
            log(f"try {i + 1}: stop at {at:5.2f} s  stopped={trial.stopped}  heard after "
                f"{_fmt(trial.heard_after)}  quiet after {_fmt(trial.silent_after)}")
            # Judged above on this try's own word (and answer); only then is it ended for the next.
            if not _wind_down(runner, stop_wav, answer, asked):
                # Two exercises on one channel would listen on one microphone at once: no more tries.
                log(f"try {i + 1} never ended, even after more stops; the other tries are not run")
                trials.extend(StopTrial(0.0, False, None, None) for _ in range(n - len(trials)))
                break
            time.sleep(1.0)
    finally:
        channel.cue, channel.say = real_cue, real_say
        ear.stop()
    return trials


def _wind_down(runner: threading.Thread, stop_wav: Path, answer, asked: list[str], *, tries: int = 3) -> bool:
    """After a missed try the exercise may still run (paused, or asking): say "stop" again, and
    answer its question, until it ends, as a person would. False if it never did."""
    for _ in range(tries):
        if not runner.is_alive():
            return True
        asked.clear()
        subprocess.run(["paplay", "--device=mouth", str(stop_wav)], check=True)
        runner.join(timeout=ANSWER_AFTER)
        if runner.is_alive():
            answer()
        runner.join(timeout=15.0)
    return not runner.is_alive()


def _fmt(x: float | None) -> str:
    return "  never" if x is None else f"{x:+.2f} s"


def summary(trials: list[StopTrial]) -> str:
    ok = [t for t in trials if t.stopped]
    heard = sorted(t.heard_after for t in ok if t.heard_after is not None)
    quiet = sorted(t.silent_after for t in ok if t.silent_after is not None)

    def pct(xs, q):
        return f"{xs[min(len(xs) - 1, int(q * len(xs)))]:.2f}" if xs else "-"

    return (f"stop worked {len(ok)}/{len(trials)}; heard after the word: median {pct(heard, 0.5)} s, "
            f"max {pct(heard, 1.0)} s; speaker quiet after the word: median {pct(quiet, 0.5)} s, max {pct(quiet, 1.0)} s")
