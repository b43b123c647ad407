"""Runs one exercise script through a Channel, on a Clock, steerable by voice commands.

Pure logic: no audio, no model. The session gives it a channel (voice, text or a test fake), a clock
and a command matcher, and gets back a RunResult. Anything the person says that is neither a command
nor the answer a step is waiting for goes to `on_talk` (the session hands it to the LLM), and then
the exercise carries on where it was.

Where commands are heard: while waiting for an answer, during pauses, and by polling
`channel.listen(timeout=0)` (which must return whatever was already heard, or None, at once) after
every breathing phase. So "stop" in the middle of a long 4-7-8 cycle acts at the end of the current
phase, not the end of the cycle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from voice_companion.channels.base import Channel
from voice_companion.clock import Clock
from voice_companion.exercise.format import (
    JUMP_END,
    JUMP_NEXT,
    AskStep,
    BranchStep,
    BreatheStep,
    Exercise,
    PauseStep,
    SayStep,
    Step,
)
from voice_companion.routing.intents import COMMANDS

# Tempo changes multiply every remaining duration; the bounds keep a run of "slower, slower,
# slower" from turning a 4-second breath into something nobody can hold.
SLOWER = 1.25
FASTER = 0.8
MIN_SCALE = 0.5
MAX_SCALE = 2.0

# After this many questions in a row go unanswered the person has probably put the phone down or
# fallen asleep (which, in bed, may be the best outcome): end quietly rather than talk to the room.
SILENT_STEPS_BEFORE_ENDING = 2

# Rough timing used only for time_left(): a calm voice speaks ~130 words a minute, and a spoken
# answer to a question takes a few seconds.
SECONDS_PER_WORD = 0.45
SECONDS_PER_ANSWER = 8.0

_BREATH_KIND = {"in": "inhale", "hold": "hold", "out": "exhale"}

# What the runner says in its own voice. Short sentences, no hurry, no guilt.
PAUSE_LINE = "Okay, I'll wait. Say 'resume' when you're ready."
STILL_PAUSED_LINE = "I'm still here. Say 'resume' when you're ready."
RESUME_LINE = "Okay. Let's carry on."
CARRY_ON_LINE = "Let's carry on."
SKIP_LINE = "Okay, let's move on."
MOVE_ON_LINE = "That's okay, we can move on."
NOT_YET_LINE = "That's fine. Take all the time you need."
NOT_CAUGHT_LINE = "Sorry, I didn't quite catch that."
NO_ANSWER_LINE = "It's gone quiet, so I'll stop here for now. I'm here whenever you need me."
STOP_LINE = "Okay, we'll stop here. I'm here if you need me."
STOP_LINE_BREATHING = "Okay, we'll stop here. Let your breathing go back to its own pace. I'm here if you need me."
NOT_HELPING_LINE_BREATHING = ("That's okay. Breathing exercises don't suit everyone, "
                              "and they can sometimes make things feel worse.")
NOT_HELPING_LINE = "That's okay. Not every exercise suits everyone, or every moment."
SLOWER_LINE = "Okay, a little slower."
FASTER_LINE = "Okay, a little quicker."
SLOWEST_LINE = "This is as slow as I go."
FASTEST_LINE = "This is as quick as I go."
LOUDER_LINE = "Okay, a little louder."
QUIETER_LINE = "Okay, a little quieter."
NO_VOLUME_LINE = "Sorry, I can't change the volume from here."


@dataclass
class RunResult:
    exercise_id: str
    completed: bool
    reason: str                      # "done" | "stopped" | "not_helping" | "no_answer"
    answers: dict[str, str] = field(default_factory=dict)


class _Finish(Exception):
    """End the whole run (stop, not helping, nobody there)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Jump(Exception):
    """Leave the current step for another (skip)."""

    def __init__(self, index: int) -> None:
        self.index = index


# ---------------------------------------------------------------------------------------------
# Simple yes / no / done reading of a reply
# ---------------------------------------------------------------------------------------------

# Negatives are checked first so "not yet done" and "no, not really" read as no.
_NO_PHRASES = ("not yet", "not really", "not now", "not ready", "can't", "cant", "cannot", "can not",
               "no", "nope", "nah", "don't", "dont", "haven't", "havent")
_YES_PHRASES = ("yes", "yeah", "yep", "yup", "yes please", "sure", "okay", "ok", "done", "did it",
                "i did", "next", "ready", "alright", "all right", "finished", "got it", "uh huh",
                "mm hmm", "i have", "i'm up", "im up")


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z']+", " ", text.lower().replace("’", "'")).strip() + " "


def yes_no(text: str) -> str | None:
    """"yes", "no", or None when the reply is neither (a question, a remark, a story)."""
    padded = _words(text)
    if any(f" {p} " in padded for p in _NO_PHRASES):
        return "no"
    if any(f" {p} " in padded for p in _YES_PHRASES):
        return "yes"
    return None


# ---------------------------------------------------------------------------------------------
# The runner
# ---------------------------------------------------------------------------------------------

class ExerciseRunner:
    def __init__(
        self,
        exercise: Exercise,
        channel: Channel,
        clock: Clock,
        *,
        match_command: Callable[[str], str | None],
        on_talk: Callable[[str, ExerciseRunner], None] | None = None,
        on_volume: Callable[[int], None] | None = None,
        fast: bool = False,
        first_time: bool = True,
    ) -> None:
        self.exercise = exercise
        self.channel = channel
        self.clock = clock
        self.match_command = match_command
        self.on_talk = on_talk
        self.on_volume = on_volume
        self.fast = fast
        self.first_time = first_time

        self.answers: dict[str, str] = {}
        self.scale = 1.0            # multiplies every remaining breath and pause
        self._index = -1            # current step; -1 before run()
        self._finished = False
        self._cycle = 0             # 1-based cycle within the current breathe step
        self._cycles_total = 0
        self._cycles_done = 0
        self._into_cycle = 0.0      # seconds of the current cycle already cued (for time_left)
        self._pause_left = 0.0
        self._paused = False
        # True while a question's answer (or "resume", when paused) is awaited: what is heard then
        # is an answer, not something said over the exercise.
        self.waiting = False
        self._silent_steps = 0

    # -- public --------------------------------------------------------------------------------

    def run(self) -> RunResult:
        steps = self.exercise.steps
        i = 0
        try:
            while i < len(steps):
                self._index, self._cycle, self._pause_left = i, 0, 0.0
                try:
                    nxt = self._run_step(steps[i])
                except _Jump as jump:
                    nxt = jump.index
                i = i + 1 if nxt is None else nxt
        except _Finish as finish:
            self._finished = True
            return RunResult(self.exercise.id, False, finish.reason, dict(self.answers))
        self._finished = True
        return RunResult(self.exercise.id, True, "done", dict(self.answers))

    def describe_position(self) -> str:
        title = self.exercise.title
        if self._finished:
            return f"{title}, finished"
        if self._index < 0:
            return f"{title}, not started"
        step = self.exercise.steps[self._index]
        if isinstance(step, BreatheStep) and self._cycle:
            where = f"{title}, cycle {self._cycle} of {self._cycles_total}"
        else:
            where = f"{title}, step {self._index + 1} of {len(self.exercise.steps)}"
            if isinstance(step, (AskStep, BranchStep)):
                where += f', waiting for an answer to "{step.text}"'
        return where + (", paused" if self._paused else "")

    def time_left(self) -> float:
        """Seconds of scripted time still to come (answers and speech are estimates), following
        the steps in order; branches that jump back are not predicted."""
        if self._finished:
            return 0.0
        start = max(self._index, 0)
        total = 0.0
        for i in range(start, len(self.exercise.steps)):
            step = self.exercise.steps[i]
            if i == self._index and isinstance(step, BreatheStep) and self._cycle:
                left = (self._cycles_total - self._cycles_done) * step.cycle_seconds * self.scale
                total += max(0.0, left - self._into_cycle)
            elif i == self._index and isinstance(step, PauseStep) and self._pause_left > 0:
                total += self._pause_left
            else:
                total += self._estimate(step)
        return total

    # -- steps ---------------------------------------------------------------------------------

    def _run_step(self, step: Step) -> int | None:
        """Run one step; returns the index of the next step, or None for the one after."""
        if isinstance(step, SayStep):
            self._say_step(step)
        elif isinstance(step, PauseStep):
            self._pause_step(step)
        elif isinstance(step, BreatheStep):
            self._breathe_step(step)
        elif isinstance(step, AskStep):
            self._ask_step(step)
        elif isinstance(step, BranchStep):
            return self._branch_step(step)
        else:  # pragma: no cover - the loader only builds the types above
            raise TypeError(f"unknown step {step!r}")
        return None

    def _say_step(self, step: SayStep) -> None:
        # No poll after speaking: a text channel fed from a pipe has every later line "already
        # heard", and a poll here would take the answer meant for the next question.
        self.channel.say(step.text)

    def _pause_step(self, step: PauseStep) -> None:
        if self.fast:
            return
        deadline = self.clock.now() + step.seconds * self.scale
        while True:
            self._pause_left = max(0.0, deadline - self.clock.now())
            if self._pause_left <= 0:
                break
            heard = self.channel.listen(self._pause_left)
            if heard is None:
                # Silence: the pause is over. Sleeping to the deadline too means a channel that
                # returns early can never shorten the pause or spin this loop.
                self.clock.sleep_until(deadline)
                break
            action = self._interjection(heard, carry_on=True)
            if action in ("resume", "repeat"):
                deadline = self.clock.now() + step.seconds * self.scale
        self._pause_left = 0.0

    def _breathe_step(self, step: BreatheStep) -> None:
        self._cycles_total = step.cycles_for(self.first_time)
        last = len(step.pattern) - 1
        done = self._cycles_done = 0
        # Every phase starts at an absolute deadline from `base`, so time spent speaking a cue
        # never accumulates into drift. Anything heard re-anchors `base` to now.
        base, offset = self.clock.now(), 0.0
        while done < self._cycles_total:
            self._cycle = done + 1
            self._into_cycle = 0.0
            redo = False
            for k, phase in enumerate(step.pattern):
                seconds = phase.seconds * self.scale
                if not self.fast:
                    self.clock.sleep_until(base + offset)
                self.channel.cue(phase.cue, _BREATH_KIND[phase.kind], 0.0 if self.fast else seconds)
                offset += seconds
                self._into_cycle += seconds
                # Polled before the wait below: a "stop" that cut the cue short acts now, not
                # when the breath would have ended.
                heard = self._heard_meanwhile()
                if heard is None:
                    if k == last and not self.fast:
                        # Let the out-breath run its full length before anything else is said.
                        self.clock.sleep_until(base + offset)
                    continue
                action = self._interjection(heard, carry_on=True)
                base, offset = self.clock.now(), 0.0
                # "repeat" redoes the cycle just breathed; after a pause, a cycle that was cut
                # short starts again from its in-breath.
                if action == "repeat" or (action == "resume" and k != last):
                    redo = True
                    break
            if not redo:
                done = self._cycles_done = done + 1

    def _ask_step(self, step: AskStep) -> None:
        answer = self._await_answer(step.text, step.reprompt, step.timeout, step.max_reprompts, step.expect)
        if answer is None:
            self.channel.say(MOVE_ON_LINE)
            return
        heard, value = answer
        if step.id:
            self.answers[step.id] = value
        if step.ack:
            # replace, not str.format: a stray brace in a counsellor's text must not crash a session.
            self.channel.say(step.ack.replace("{answer}", heard))

    def _branch_step(self, step: BranchStep) -> int:
        answer = self._await_answer(step.text, step.reprompt, step.timeout, step.max_reprompts, "yes_no")
        if answer is None:
            # No "moving on" line here: the branch's target speaks next (or the run simply ends).
            target = step.on_silence or step.on_no
        else:
            target = step.on_yes if answer[1] == "yes" else step.on_no
        if target == JUMP_NEXT:
            return self._index + 1
        if target == JUMP_END:
            return len(self.exercise.steps)
        return self.exercise.step_index(target)

    def _await_answer(
        self, text: str, reprompt: str, timeout: float, max_reprompts: int, expect: str
    ) -> tuple[str, str] | None:
        """Ask and wait. Returns (what was said, the value to remember), or None if nobody
        answered after the gentle reprompts."""
        self.channel.say(text)
        reprompts = 0
        while True:
            heard = self._listen_waiting(timeout)
            if heard is None:
                if reprompts < max_reprompts:
                    reprompts += 1
                    self.channel.say(reprompt)
                    continue
                self._silent_steps += 1
                if self._silent_steps >= SILENT_STEPS_BEFORE_ENDING:
                    self.channel.say(NO_ANSWER_LINE)
                    raise _Finish("no_answer")
                return None
            self._silent_steps = 0
            heard = heard.strip()
            command = self._command(heard)
            if command:
                action = self._obey(command)
                if action in ("resume", "repeat") or command == "louder":
                    self.channel.say(text)
                continue
            if expect == "any":
                return heard, heard
            verdict = yes_no(heard)
            if expect == "yes_no" and verdict:
                return heard, verdict
            if expect == "done" and verdict == "yes":
                return heard, "done"
            if expect == "done" and verdict == "no":
                self.channel.say(NOT_YET_LINE)
                continue
            # Not an answer to this question: a remark or a question of their own.
            self._talk(heard)
            self.channel.say(text)

    # -- hearing and commands ------------------------------------------------------------------

    def _listen_waiting(self, timeout: float | None) -> str | None:
        self.waiting = True
        try:
            return self.channel.listen(timeout)
        finally:
            self.waiting = False

    def _command(self, text: str) -> str | None:
        command = self.match_command(text)
        return command if command in COMMANDS else None

    def _heard_meanwhile(self) -> str | None:
        """Whatever was said over the exercise, without waiting. Not in fast mode: there a pause
        or a breath takes no time, so nobody could have spoken over it, and a text channel fed
        from a pipe would hand us the answer meant for the next question instead."""
        return None if self.fast else self.channel.listen(0)

    def _interjection(self, heard: str, *, carry_on: bool) -> str:
        """Something said while the exercise was not waiting for an answer."""
        self._silent_steps = 0
        command = self._command(heard)
        if command:
            return self._obey(command)
        self._talk(heard)
        if carry_on:
            self.channel.say(CARRY_ON_LINE)
        return "continue"

    def _talk(self, text: str) -> None:
        if self.on_talk is not None:
            self.on_talk(text, self)
        else:
            self.channel.say(NOT_CAUGHT_LINE)

    def _obey(self, command: str) -> str:
        """Carry out a command. Returns "continue" (carry on where we were), "resume" (after a
        pause: restart the current step or cycle) or "repeat"; stop, skip and not_helping leave
        the step by raising."""
        breathing = self.exercise.category == "breathing"
        if command == "stop":
            self.channel.say(STOP_LINE_BREATHING if breathing else STOP_LINE)
            raise _Finish("stopped")
        if command == "not_helping":
            self.channel.say(NOT_HELPING_LINE_BREATHING if breathing else NOT_HELPING_LINE)
            raise _Finish("not_helping")
        if command == "skip":
            self.channel.say(SKIP_LINE)
            raise _Jump(self._index + 1)
        if command == "pause":
            return self._wait_paused()
        if command == "repeat":
            return "repeat"
        if command in ("slower", "faster"):
            factor = SLOWER if command == "slower" else FASTER
            scale = min(MAX_SCALE, max(MIN_SCALE, self.scale * factor))
            if abs(scale - self.scale) < 1e-9:
                self.channel.say(SLOWEST_LINE if command == "slower" else FASTEST_LINE)
            else:
                self.scale = scale
                self.channel.say(SLOWER_LINE if command == "slower" else FASTER_LINE)
            return "continue"
        if command in ("louder", "quieter"):
            if self.on_volume is None:
                self.channel.say(NO_VOLUME_LINE)
            else:
                self.on_volume(1 if command == "louder" else -1)
                self.channel.say(LOUDER_LINE if command == "louder" else QUIETER_LINE)
            return "continue"
        if command == "time_left":
            self.channel.say(_time_left_line(self.time_left()))
            return "continue"
        return "continue"  # "resume" while not paused: nothing to do

    def _wait_paused(self) -> str:
        self.channel.say(PAUSE_LINE)
        self._paused = True
        try:
            while True:
                heard = self._listen_waiting(None)
                if heard is None:
                    # listen(None) only gives up when the channel has closed: nobody to talk to.
                    raise _Finish("no_answer")
                heard = heard.strip()
                command = self._command(heard)
                # "I'm ready" / "okay" also mean carry on: nobody should have to know the keyword.
                if command in ("resume", "repeat") or (command is None and yes_no(heard) == "yes"):
                    self.channel.say(RESUME_LINE)
                    return "resume"
                if command is None and yes_no(heard) == "no":
                    self.channel.say(NOT_YET_LINE)
                elif command == "pause":
                    self.channel.say(STILL_PAUSED_LINE)
                elif command:
                    self._obey(command)  # stop / skip / not_helping leave from here
                else:
                    self._talk(heard)
                    self.channel.say(STILL_PAUSED_LINE)
        finally:
            self._paused = False

    # -- estimates -----------------------------------------------------------------------------

    def _estimate(self, step: Step) -> float:
        if isinstance(step, SayStep):
            return _speech_seconds(step.text)
        if isinstance(step, PauseStep):
            return step.seconds * self.scale
        if isinstance(step, BreatheStep):
            return step.cycles_for(self.first_time) * step.cycle_seconds * self.scale
        if isinstance(step, (AskStep, BranchStep)):
            return _speech_seconds(step.text) + SECONDS_PER_ANSWER
        return 0.0


def _speech_seconds(text: str) -> float:
    return len(text.split()) * SECONDS_PER_WORD


def _time_left_line(seconds: float) -> str:
    if seconds < 60:
        return "Less than a minute left."
    minutes = int(seconds / 60 + 0.5)  # half up: round() would say 2 for 2.5
    if minutes <= 1:
        return "About a minute left."
    return f"About {minutes} minutes left."
