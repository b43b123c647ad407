"""The exercise runner on fake time and a fake channel."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fakes import FakeChannel, match_command
from voice_companion.clock import FakeClock
from voice_companion.exercise import engine as eng
from voice_companion.exercise.engine import ExerciseRunner, RunResult, yes_no
from voice_companion.exercise.format import (
    AskStep,
    BranchStep,
    BreatheStep,
    Exercise,
    PauseStep,
    Phase,
    SayStep,
    builtin_dir,
    default_cue,
    load_catalog,
)

CATALOG, _ERRORS = load_catalog([builtin_dir()])


def make(*steps, category: str = "breathing", ex_id: str = "test_ex") -> Exercise:
    return Exercise(id=ex_id, title="Test exercise", category=category, summary="A test.",
                    source="Tests.", triggers=("test",), steps=tuple(steps), path=Path("test.toml"))


def breathe(pattern=((4, "in"), (4, "hold"), (4, "out"), (4, "hold")), cycles=4, **kw) -> BreatheStep:
    return BreatheStep(tuple(Phase(kind, s, default_cue(kind, s)) for s, kind in pattern), cycles, **kw)


BOX = make(SayStep("Hello."), breathe(), SayStep("Bye."))


def run(exercise, channel, clock, **kw) -> tuple[RunResult, ExerciseRunner]:
    runner = ExerciseRunner(exercise, channel, clock, match_command=match_command, **kw)
    return runner.run(), runner


def sensible_for(ex: Exercise):
    """A person who answers each question plainly, and keeps quiet during pauses."""
    prompts = {s.text for s in ex.steps if isinstance(s, (AskStep, BranchStep))}
    prompts |= {s.reprompt for s in ex.steps if isinstance(s, (AskStep, BranchStep))}

    def respond(last_said: str) -> str | None:
        return sensible(last_said) if last_said in prompts else None
    return respond


def sensible(last_said: str) -> str:
    s = last_said.lower()
    for key, answer in (
        ("how are you feeling", "a bit calmer"), ("how do you feel", "a bit calmer"),
        ("can see", "the lamp, the window, a cup, my hands and the door"),
        ("can feel", "my feet, the chair, my jumper and the table"),
        ("can hear", "a car, the fridge and my breathing"),
        ("can smell", "coffee and soap"), ("can taste", "toothpaste"),
        ("one small thing", "make a cup of tea"), ("put a word", "worried"),
        ("in your body", "my chest"), ("one to ten", "six"), ("anything you need", "just to talk"),
    ):
        if key in s:
            return answer
    return "okay"


# ---------------------------------------------------------------------------------------------
# Every shipped exercise runs to the end
# ---------------------------------------------------------------------------------------------

def test_catalog_loaded():
    assert _ERRORS == [] and len(CATALOG) >= 7


@pytest.mark.parametrize("ex_id", sorted(CATALOG))
def test_shipped_exercise_runs_to_the_end_fast(ex_id):
    ex = CATALOG[ex_id]
    clock = FakeClock()
    channel = FakeChannel(clock, responder=sensible_for(ex))
    talk: list[str] = []
    result, runner = run(ex, channel, clock, fast=True, on_talk=lambda t, r: talk.append(t))
    assert result == RunResult(ex_id, True, "done", result.answers)
    assert talk == []  # every answer was understood
    asked_ids = {s.id for s in ex.steps if isinstance(s, AskStep) and s.id}
    assert set(result.answers) == asked_ids
    assert all(e.seconds == 0 for e in channel.cues)  # fast: cues take no time
    assert channel.said[-1] == ex.steps[-1].text
    assert runner.describe_position().endswith("finished")
    # The timed run says exactly the same things in the same order.
    timed_clock = FakeClock()
    timed = FakeChannel(timed_clock, responder=sensible_for(ex))
    run(ex, timed, timed_clock, on_talk=lambda t, r: None)
    assert timed.transcript() == channel.transcript()
    if any(isinstance(s, (BreatheStep, PauseStep)) for s in ex.steps):
        assert timed_clock.now() > clock.now()


def test_get_out_of_bed_remembers_the_next_thing():
    clock = FakeClock()
    result, _ = run(CATALOG["get_out_of_bed"], FakeChannel(clock, responder=sensible_for(CATALOG["get_out_of_bed"])), clock, fast=True)
    assert result.answers["next_thing"] == "make a cup of tea"


def test_478_is_four_cycles_the_first_time_and_more_later():
    ex = CATALOG["breathing_478"]
    for first, cycles in ((True, 4), (False, 8)):
        clock = FakeClock()
        channel = FakeChannel(clock, responder=sensible_for(ex))
        run(ex, channel, clock, fast=True, first_time=first)
        assert len(channel.cues) == 3 * cycles


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------

def test_three_minutes_of_resonance_breathing_do_not_drift():
    rng = random.Random(7)
    clock = FakeClock(1000.0)
    channel = FakeChannel(clock, responder=sensible_for(CATALOG["resonance_breathing"]), cue_cost=lambda: rng.uniform(0.0, 0.2), say_cost=2.0)
    result, _ = run(CATALOG["resonance_breathing"], channel, clock)
    assert result.completed
    cues = channel.cues
    step = next(s for s in CATALOG["resonance_breathing"].steps if isinstance(s, BreatheStep))
    seconds = [p.seconds for p in step.pattern] * step.cycles
    assert len(cues) == len(seconds)
    t0 = cues[0].t
    ideal = t0
    for cue, length in zip(cues, seconds):
        assert abs(cue.t - ideal) < 0.05, (cue, ideal)
        assert cue.seconds == length
        ideal += length
    assert ideal - t0 >= 180  # three minutes of breathing
    assert [c.cue_kind for c in cues[:2]] == ["inhale", "exhale"]
    assert cues[0].text == "Breathe in… two… three… four… five"


def test_last_out_breath_runs_its_full_length_before_speaking_again():
    clock = FakeClock()
    channel = FakeChannel(clock)
    run(BOX, channel, clock)
    bye = next(e for e in channel.events if e.kind == "say" and e.text == "Bye.")
    assert bye.t == pytest.approx(4 * 16.0)


def test_pause_step_listens_for_its_length_and_returns_early_if_spoken_to():
    ex = make(PauseStep(10.0), SayStep("After."))
    clock = FakeClock()
    channel = FakeChannel(clock, [None])
    run(ex, channel, clock)
    assert channel.events[0].kind == "listen" and channel.events[0].seconds == 10.0
    assert channel.said == ["After."] and clock.now() == 10.0

    clock = FakeClock()
    volume: list[int] = []
    channel = FakeChannel(clock, ["louder", None], reply_delay=3.0)
    run(ex, channel, clock, on_volume=volume.append)
    assert volume == [1]
    listens = [e for e in channel.events if e.kind == "listen"]
    assert [e.seconds for e in listens if e.seconds] == [10.0, 7.0]  # only the rest of the pause
    assert channel.said == [eng.LOUDER_LINE, "After."] and clock.now() == 10.0


def test_fast_mode_never_polls_so_scripted_answers_reach_the_questions():
    # Like `--text --fast` fed from a pipe: every line is "already heard" from the start.
    ex = make(SayStep("Hi."), breathe(cycles=2), PauseStep(5.0), AskStep("How do you feel?", id="feel"))
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("calmer")
    result, _ = run(ex, channel, clock, fast=True)
    assert result.answers == {"feel": "calmer"}
    assert not [e for e in channel.events if e.kind == "listen" and e.seconds == 0]


def test_fast_pause_takes_no_time():
    clock = FakeClock()
    channel = FakeChannel(clock)
    run(make(PauseStep(30.0), SayStep("After.")), channel, clock, fast=True)
    assert clock.now() == 0.0


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

def test_stop_during_breathing():
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("stop", after_cues=6)
    result, _ = run(BOX, channel, clock)
    assert (result.completed, result.reason) == (False, "stopped")
    assert len(channel.cues) == 6  # acted on at the end of the phase, not the cycle
    assert channel.said == ["Hello.", eng.STOP_LINE_BREATHING]


def test_stop_while_answering():
    ex = make(AskStep("What can you see?", id="see"), SayStep("Never."), category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, ["stop"])
    result, _ = run(ex, channel, clock)
    assert result.reason == "stopped" and result.answers == {}
    assert channel.said == ["What can you see?", eng.STOP_LINE]


def test_pause_and_resume_mid_cycle_restarts_that_cycle():
    clock = FakeClock()
    channel = FakeChannel(clock, ["resume"])
    channel.interject("pause", after_cues=5)  # first phase of cycle 2
    result, runner = run(BOX, channel, clock)
    assert result.completed
    assert eng.PAUSE_LINE in channel.said and eng.RESUME_LINE in channel.said
    assert len(channel.cues) == 4 * 4 + 1
    resumed = next(i for i, e in enumerate(channel.events) if e.text == eng.RESUME_LINE)
    cues_after = [e for e in channel.events[resumed:] if e.kind == "cue"]
    assert len(cues_after) == 12 and cues_after[0].cue_kind == "inhale"  # cycle 2 from its in-breath


def test_pause_at_the_end_of_a_cycle_resumes_with_the_next_cycle():
    clock = FakeClock()
    channel = FakeChannel(clock, ["I'm ready"])  # plain words work as well as "resume"
    channel.interject("pause", after_cues=4)
    result, _ = run(BOX, channel, clock)
    assert result.completed and len(channel.cues) == 16


def test_while_paused_the_runner_waits_without_a_timeout_and_can_talk():
    clock = FakeClock()
    positions: list[str] = []
    channel = FakeChannel(clock, ["why do we hold the breath?", "resume"])
    channel.interject("pause", after_cues=6)
    result, _ = run(BOX, channel, clock, on_talk=lambda text, r: positions.append(r.describe_position()))
    assert result.completed
    assert positions == ["Test exercise, cycle 2 of 4, paused"]
    waits = [e for e in channel.events if e.kind == "listen" and e.seconds is None]
    assert len(waits) == 2
    assert eng.STILL_PAUSED_LINE in channel.said


def test_stop_while_paused_and_channel_closing_while_paused():
    clock = FakeClock()
    channel = FakeChannel(clock, ["stop"])
    channel.interject("pause", after_cues=2)
    assert run(BOX, channel, clock)[0].reason == "stopped"

    clock = FakeClock()
    channel = FakeChannel(clock)  # nothing more will ever be heard
    channel.interject("pause", after_cues=2)
    assert run(BOX, channel, clock)[0].reason == "no_answer"


def test_repeat_redoes_the_cycle_just_breathed():
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("say that again", after_cues=4)
    result, _ = run(BOX, channel, clock)
    assert result.completed and len(channel.cues) == 20


def test_repeat_a_question():
    ex = make(SayStep("Hello."), AskStep("What can you see?", id="see", ack="Thank you."), category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, ["say that again", "a lamp"])
    result, _ = run(ex, channel, clock)
    assert channel.said == ["Hello.", "What can you see?", "What can you see?", "Thank you."]
    assert result.answers == {"see": "a lamp"}


def test_skip_leaves_the_current_step():
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("skip", after_cues=2)
    result, _ = run(BOX, channel, clock)
    assert result.completed and len(channel.cues) == 2
    assert channel.said == ["Hello.", eng.SKIP_LINE, "Bye."]

    ex = make(AskStep("What can you see?", id="see"), SayStep("Next."), category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, ["skip"])
    result, _ = run(ex, channel, clock)
    assert result.completed and result.answers == {}
    assert channel.said == ["What can you see?", eng.SKIP_LINE, "Next."]


def test_slower_and_faster_scale_the_remaining_breaths():
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("slower", after_cues=4)
    channel.interject("faster", after_cues=8)
    run(BOX, channel, clock)
    lengths = [c.seconds for c in channel.cues]
    assert lengths[:4] == [4.0] * 4
    assert lengths[4:8] == pytest.approx([5.0] * 4)
    assert lengths[8:] == pytest.approx([4.0] * 8)
    assert eng.SLOWER_LINE in channel.said and eng.FASTER_LINE in channel.said
    # The schedule follows the new lengths.
    starts = [c.t for c in channel.cues]
    assert starts[5] - starts[4] == pytest.approx(5.0)


def test_tempo_is_bounded():
    ex = make(AskStep("Ready?"), PauseStep(10.0))
    clock = FakeClock()
    channel = FakeChannel(clock, ["slower"] * 5 + ["yes", None])
    _, runner = run(ex, channel, clock)
    assert runner.scale == pytest.approx(2.0)
    assert channel.said.count(eng.SLOWER_LINE) == 4 and channel.said.count(eng.SLOWEST_LINE) == 1
    assert [e.seconds for e in channel.events if e.kind == "listen"][-1] == pytest.approx(20.0)

    clock = FakeClock()
    channel = FakeChannel(clock, ["faster"] * 5 + ["yes"])
    _, runner = run(make(AskStep("Ready?")), channel, clock)
    assert runner.scale == pytest.approx(0.5)
    assert channel.said.count(eng.FASTER_LINE) == 4 and channel.said.count(eng.FASTEST_LINE) == 1


def test_louder_and_quieter():
    clock = FakeClock()
    volume: list[int] = []
    channel = FakeChannel(clock)
    channel.interject("louder", after_cues=1)
    channel.interject("quieter", after_cues=2)
    result, _ = run(BOX, channel, clock, on_volume=volume.append)
    assert result.completed and volume == [1, -1] and len(channel.cues) == 16
    assert eng.LOUDER_LINE in channel.said and eng.QUIETER_LINE in channel.said

    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("louder", after_cues=1)
    run(BOX, channel, clock)
    assert eng.NO_VOLUME_LINE in channel.said


def test_louder_while_asked_says_the_question_again():
    ex = make(AskStep("What can you see?", id="see"), category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, ["louder", "a lamp"])
    run(ex, channel, clock, on_volume=lambda d: None)
    assert channel.said == ["What can you see?", eng.LOUDER_LINE, "What can you see?"]


def test_not_helping_in_breathing_and_in_grounding():
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("this isn't helping", after_cues=3)
    result, _ = run(BOX, channel, clock)
    assert (result.completed, result.reason) == (False, "not_helping")
    assert "make things feel worse" in channel.said[-1]

    ex = make(AskStep("What can you see?"), category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, ["not helping"])
    result, _ = run(ex, channel, clock)
    assert result.reason == "not_helping" and channel.said[-1] == eng.NOT_HELPING_LINE


def test_time_left():
    ex = CATALOG["resonance_breathing"]
    clock = FakeClock()
    channel = FakeChannel(clock, responder=sensible_for(ex))
    channel.interject("how long left", after_cues=2)
    channel.interject("time left", after_cues=30)
    run(ex, channel, clock)
    lines = [s for s in channel.said if "left" in s]
    assert lines == ["About 3 minutes left.", "Less than a minute left."]

    runner = ExerciseRunner(ex, FakeChannel(FakeClock()), FakeClock(), match_command=match_command)
    total = runner.time_left()
    assert 180 < total < 260
    assert runner.describe_position() == "Slow breathing, not started"
    assert eng._time_left_line(45) == "Less than a minute left."
    assert eng._time_left_line(80) == "About a minute left."
    assert eng._time_left_line(150) == "About 3 minutes left."


def test_time_left_falls_as_breathing_goes_on():
    clock = FakeClock()
    channel = FakeChannel(clock)
    samples: list[tuple[str, float]] = []
    channel.interject("what's that noise?", after_cues=4)
    channel.interject("is this right?", after_cues=12)
    run(BOX, channel, clock, on_talk=lambda t, r: samples.append((r.describe_position(), r.time_left())))
    (pos1, left1), (pos2, left2) = samples
    assert pos1 == "Test exercise, cycle 1 of 4" and pos2 == "Test exercise, cycle 3 of 4"
    assert left1 - left2 == pytest.approx(32.0)


# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------

def test_reprompt_on_silence_then_answer():
    ex = make(AskStep("What can you see?", id="see", reprompt="Take your time.", ack="You said {answer}."),
              category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, [None, None, "a lamp"])
    result, _ = run(ex, channel, clock)
    assert channel.said == ["What can you see?", "Take your time.", "Take your time.", "You said a lamp."]
    assert result.answers == {"see": "a lamp"}
    assert clock.now() == pytest.approx(25 + 25 + 1)


def test_silence_moves_on_kindly_and_long_silence_ends():
    ex = make(AskStep("One?", id="one", timeout=10, max_reprompts=1, reprompt="No rush."),
              AskStep("Two?", id="two", timeout=10, max_reprompts=0), SayStep("End."), category="grounding")
    clock = FakeClock()
    channel = FakeChannel(clock, [None, None, "yes"])
    result, _ = run(ex, channel, clock)
    assert channel.said == ["One?", "No rush.", eng.MOVE_ON_LINE, "Two?", "End."]
    assert result.completed and result.answers == {"two": "yes"}

    clock = FakeClock()
    channel = FakeChannel(clock)  # nobody there at all
    result, _ = run(ex, channel, clock)
    assert (result.completed, result.reason) == (False, "no_answer")
    assert channel.said == ["One?", "No rush.", eng.MOVE_ON_LINE, "Two?", eng.NO_ANSWER_LINE]
    assert clock.now() == pytest.approx(30)


def test_expect_done_waits_kindly_for_done():
    ex = make(AskStep("Wiggle your toes.", expect="done", ack="Good."), category="get_out_of_bed")
    clock = FakeClock()
    channel = FakeChannel(clock, ["not yet", "I can't", "done"])
    result, _ = run(ex, channel, clock)
    assert channel.said == ["Wiggle your toes.", eng.NOT_YET_LINE, eng.NOT_YET_LINE, "Good."]
    assert result.completed


def test_expect_done_sends_other_talk_to_on_talk_then_asks_again():
    ex = make(AskStep("Sit up slowly.", id="sat", expect="done", ack="Well done."), category="get_out_of_bed")
    clock = FakeClock()
    talk: list[str] = []
    channel = FakeChannel(clock, ["why does this help?", "okay"])
    result, _ = run(ex, channel, clock, on_talk=lambda t, r: talk.append(t))
    assert talk == ["why does this help?"]
    assert channel.said == ["Sit up slowly.", "Sit up slowly.", "Well done."]
    assert result.answers == {"sat": "done"}


def test_yes_no_without_on_talk():
    ex = make(AskStep("Are you lying down?", id="lying", expect="yes_no"), category="check_in")
    clock = FakeClock()
    channel = FakeChannel(clock, ["hmm i wonder", "yeah I am"])
    result, _ = run(ex, channel, clock)
    assert channel.said == ["Are you lying down?", eng.NOT_CAUGHT_LINE, "Are you lying down?"]
    assert result.answers == {"lying": "yes"}


def test_yes_no_reading():
    assert yes_no("Yeah.") == "yes" and yes_no("OK") == "yes" and yes_no("did it") == "yes"
    assert yes_no("next") == "yes" and yes_no("sure, why not") == "yes"
    assert yes_no("not yet") == "no" and yes_no("Nope") == "no" and yes_no("I can’t") == "no"
    assert yes_no("not yet done") == "no"
    assert yes_no("what is this for?") is None and yes_no("nothing") is None


# ---------------------------------------------------------------------------------------------
# Branches and talk
# ---------------------------------------------------------------------------------------------

BRANCHY = make(
    BranchStep("More?", on_yes="more", on_no="wind", on_silence="end", timeout=5, max_reprompts=0),
    SayStep("More.", name="more"),
    SayStep("Wind down.", name="wind"),
    BranchStep("Again?", on_yes="next", on_no="end", on_silence="end", timeout=5, max_reprompts=0),
    SayStep("Last."),
)


@pytest.mark.parametrize("replies, said", [
    (["yes", "no"], ["More?", "More.", "Wind down.", "Again?"]),
    (["no", "yes please"], ["More?", "Wind down.", "Again?", "Last."]),
    ([None], ["More?"]),
])
def test_branch(replies, said):
    clock = FakeClock()
    channel = FakeChannel(clock, replies)
    result, _ = run(BRANCHY, channel, clock)
    assert channel.said == said
    assert result.completed


def test_branch_loop_back():
    ex = make(SayStep("Breathe.", name="top"),
              BranchStep("Again?", on_yes="top", on_no="next", max_reprompts=0), SayStep("Done."))
    clock = FakeClock()
    channel = FakeChannel(clock, ["yes", "yes", "no"])
    run(ex, channel, clock)
    assert channel.said == ["Breathe.", "Again?"] * 3 + ["Done."]


def test_talk_during_breathing_goes_to_on_talk_and_carries_on():
    clock = FakeClock()
    channel = FakeChannel(clock)
    channel.interject("why does breathing out slowly help?", after_cues=3)
    calls = []
    result, _ = run(BOX, channel, clock, on_talk=lambda t, r: calls.append((t, r.describe_position())))
    assert calls == [("why does breathing out slowly help?", "Test exercise, cycle 1 of 4")]
    assert result.completed and len(channel.cues) == 16
    assert eng.CARRY_ON_LINE in channel.said


def test_describe_position_while_asking():
    ex = make(SayStep("Hi."), AskStep("Ready?", expect="yes_no"), category="grounding")
    seen = []
    clock = FakeClock()
    channel = FakeChannel(clock, ["what's the point?", "yes"])
    run(ex, channel, clock, on_talk=lambda t, r: seen.append(r.describe_position()))
    assert seen == ['Test exercise, step 2 of 2, waiting for an answer to "Ready?"']
