"""The exercise file format: shipped files are sound, and broken files fail precisely."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import REPO

from voice_companion.exercise.format import (
    AskStep,
    BranchStep,
    BreatheStep,
    ExerciseError,
    PauseStep,
    SayStep,
    builtin_dir,
    check_file,
    default_cue,
    load_catalog,
    load_exercise,
)

SHIPPED_IDS = {"grounding_54321", "box_breathing", "breathing_478", "cyclic_sigh",
               "resonance_breathing", "get_out_of_bed"}


# ---------------------------------------------------------------------------------------------
# Shipped exercises
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog():
    exercises, errors = load_catalog([builtin_dir()])
    assert errors == []
    return exercises


def test_builtin_dir_is_the_repo_exercises_dir():
    assert builtin_dir() == REPO / "exercises"


def test_every_shipped_file_checks_clean():
    files = sorted(builtin_dir().glob("*.toml"))
    assert len(files) >= 7
    for f in files:
        assert check_file(f) == [], f


def test_required_exercises_are_shipped(catalog):
    assert SHIPPED_IDS <= set(catalog)
    assert {"body_scan", "name_what_you_feel"} & set(catalog)


def test_shipped_metadata(catalog):
    for ex in catalog.values():
        assert 6 <= len(ex.triggers) <= 15, ex.id
        assert len(set(t.lower() for t in ex.triggers)) == len(ex.triggers), ex.id
        assert ex.summary.endswith("."), ex.id
        assert ex.minutes and ex.minutes > 0, ex.id
        assert ex.path.stem == ex.id  # one file per exercise, named after it
        text = ex.path.read_text(encoding="utf-8")
        assert text.startswith("# ") and "type" in text.split("id =")[0], "commented header"


def test_sources_cite_the_technique(catalog):
    assert "Balban" in catalog["cyclic_sigh"].source and "2023" in catalog["cyclic_sigh"].source
    assert "Weil" in catalog["breathing_478"].source
    assert "Lehrer" in catalog["resonance_breathing"].source
    assert "Lewinsohn" in catalog["get_out_of_bed"].source and "Martell" in catalog["get_out_of_bed"].source
    assert "CBT" in catalog["grounding_54321"].source and "DBT" in catalog["grounding_54321"].source


def _breathe_steps(ex):
    return [s for s in ex.steps if isinstance(s, BreatheStep)]


def test_breathing_exercises_offer_stop_early_and_end_by_asking_how_they_feel(catalog):
    for ex in catalog.values():
        if ex.category != "breathing":
            continue
        first_breathe = next(i for i, s in enumerate(ex.steps) if isinstance(s, BreatheStep))
        before = " ".join(s.text for s in ex.steps[:first_breathe] if isinstance(s, SayStep))
        assert "stop" in before.lower(), ex.id
        last_ask = [s for s in ex.steps if isinstance(s, AskStep)][-1]
        assert "feel" in last_ask.text.lower(), ex.id
        assert ex.steps.index(last_ask) > first_breathe


def test_breathing_patterns(catalog):
    box = _breathe_steps(catalog["box_breathing"])[0]
    assert [(p.kind, p.seconds) for p in box.pattern] == [("in", 4), ("hold", 4), ("out", 4), ("hold", 4)]
    assert box.cycles == 4

    b478 = _breathe_steps(catalog["breathing_478"])[0]
    assert [(p.kind, p.seconds) for p in b478.pattern] == [("in", 4), ("hold", 7), ("out", 8)]
    assert b478.cycles_for(first_time=True) == 4

    sigh = _breathe_steps(catalog["cyclic_sigh"])[0]
    kinds = [p.kind for p in sigh.pattern]
    assert kinds == ["in", "in", "out"]
    assert sigh.pattern[1].seconds < sigh.pattern[0].seconds  # a short top-up
    assert sigh.pattern[2].seconds > sigh.pattern[0].seconds + sigh.pattern[1].seconds
    assert 4 <= sigh.cycles <= 6

    res = _breathe_steps(catalog["resonance_breathing"])[0]
    assert [(p.kind, p.seconds) for p in res.pattern] == [("in", 5.5), ("out", 5.5)]
    per_minute = 60 / res.cycle_seconds
    assert 5 <= per_minute <= 7
    assert 150 <= res.cycles * res.cycle_seconds <= 210


def test_grounding_asks_each_sense_and_lets_people_adapt(catalog):
    g = catalog["grounding_54321"]
    asks = [s for s in g.steps if isinstance(s, AskStep)]
    assert [a.id for a in asks[:5]] == ["see", "touch", "hear", "smell", "taste"]
    assert all(a.ack for a in asks)
    smell = asks[3]
    assert "if you can't smell anything" in smell.text.lower()


def test_get_out_of_bed_is_tiny_steps_waiting_for_done(catalog):
    g = catalog["get_out_of_bed"]
    done_steps = [s for s in g.steps if isinstance(s, AskStep) and s.expect == "done"]
    texts = " ".join(s.text.lower() for s in done_steps)
    for word in ("toes", "stretch", "sit up", "floor", "curtains", "water"):
        assert word in texts
    assert all(s.ack for s in done_steps)  # praise each step
    next_thing = [s for s in g.steps if isinstance(s, AskStep) and s.id == "next_thing"]
    assert len(next_thing) == 1 and next_thing[0].expect == "any"


def test_no_guilt_or_hurry_in_shipped_text(catalog):
    banned = ("should have", "you must", "hurry", "come on", "lazy", "just do it", "!")
    for ex in catalog.values():
        for s in ex.steps:
            for text in (getattr(s, "text", ""), getattr(s, "ack", "") or "", getattr(s, "reprompt", "")):
                for b in banned:
                    assert b not in text.lower(), (ex.id, text)


def test_default_cue_counts():
    assert default_cue("in", 4) == "Breathe in… two… three… four"
    assert default_cue("hold", 7).startswith("Hold… two")
    assert default_cue("out", 8).endswith("eight")
    assert default_cue("in", 5.5) == "Breathe in… two… three… four… five"
    assert default_cue("hold", 1) == "Hold"


# ---------------------------------------------------------------------------------------------
# Broken files
# ---------------------------------------------------------------------------------------------

GOOD = '''
id = "{id}"
title = "A test"
category = "breathing"
summary = "A test exercise."
source = "Tests."
triggers = ["test me", "run the test"]
'''

GOOD_STEPS = '''
[[steps]]
type = "say"
text = "Hello."

[[steps]]
name = "breath"
type = "breathe"
pattern = [{phase = "in", seconds = 4}, {phase = "out", seconds = 4}]
cycles = 2
'''


def write(tmp: Path, name: str, ex_id: str, steps: str = GOOD_STEPS) -> Path:
    path = tmp / f"{name}.toml"
    path.write_text(GOOD.format(id=ex_id) + steps, encoding="utf-8")
    return path


def assert_error_in_catalog(tmp: Path, steps: str, *, step: int | None, field: str, words: str):
    """The broken file is reported precisely and the good neighbours still load."""
    write(tmp, "a_good", "good_one")
    broken = write(tmp, "broken", "broken_one", steps)
    write(tmp, "z_good", "good_two")
    catalog, errors = load_catalog([tmp])
    assert set(catalog) == {"good_one", "good_two"}
    assert len(errors) >= 1
    err = errors[0]
    assert isinstance(err, ExerciseError)
    assert err.file == broken
    assert err.exercise_id == "broken_one"
    assert err.step == step
    assert err.field == field
    message = str(err)
    assert "broken.toml" in message
    assert "exercise 'broken_one'" in message
    if step is not None:
        assert f"step {step}" in message
    assert f"field '{field}'" in message
    assert words in message
    assert message.endswith(".")
    with pytest.raises(ExerciseError) as raised:
        load_exercise(broken)
    assert str(raised.value) == message
    return err


def test_unknown_step_type(tmp_path):
    steps = GOOD_STEPS + '\n[[steps]]\ntype = "dance"\ntext = "x"\n'
    assert_error_in_catalog(tmp_path, steps, step=3, field="type", words="unknown step type 'dance'")


def test_missing_field(tmp_path):
    steps = GOOD_STEPS + '\n[[steps]]\ntype = "pause"\n'
    assert_error_in_catalog(tmp_path, steps, step=3, field="seconds", words="is missing")


def test_negative_seconds(tmp_path):
    steps = '[[steps]]\ntype = "say"\ntext = "Hi."\n\n[[steps]]\ntype = "pause"\nseconds = 1\n\n' \
            '[[steps]]\ntype = "pause"\nseconds = -4\n'
    err = assert_error_in_catalog(tmp_path, steps, step=3, field="seconds", words="must be a positive number, got -4")
    assert str(err).endswith("broken.toml: exercise 'broken_one', step 3, field 'seconds': "
                             "must be a positive number, got -4.")


def test_zero_seconds_in_a_breathing_phase(tmp_path):
    steps = '[[steps]]\ntype = "breathe"\ncycles = 2\n' \
            'pattern = [{phase = "in", seconds = 4}, {phase = "hold", seconds = 0}]\n'
    assert_error_in_catalog(tmp_path, steps, step=1, field="pattern[2].seconds",
                            words="must be a positive number, got 0")


def test_non_numeric_seconds(tmp_path):
    steps = '[[steps]]\ntype = "pause"\nseconds = "four"\n'
    assert_error_in_catalog(tmp_path, steps, step=1, field="seconds", words="got 'four'")


def test_bad_cycles(tmp_path):
    steps = '[[steps]]\ntype = "breathe"\ncycles = 2.5\npattern = [{phase = "in", seconds = 4}]\n'
    assert_error_in_catalog(tmp_path, steps, step=1, field="cycles", words="whole number")


def test_bad_phase_name(tmp_path):
    steps = '[[steps]]\ntype = "breathe"\ncycles = 2\npattern = [{phase = "inhale", seconds = 4}]\n'
    assert_error_in_catalog(tmp_path, steps, step=1, field="pattern[1].phase", words="in, hold, out")


def test_unknown_field_catches_typos(tmp_path):
    steps = '[[steps]]\ntype = "pause"\nsecnds = 4\n'
    # The first problem reported is the typo itself, not the resulting missing field.
    assert_error_in_catalog(tmp_path, steps, step=1, field="secnds", words="is not a field of a pause step")


def test_bad_expect(tmp_path):
    steps = '[[steps]]\ntype = "ask"\ntext = "Ready?"\nexpect = "maybe"\n'
    assert_error_in_catalog(tmp_path, steps, step=1, field="expect", words="any, yes_no, done")


def test_duplicate_step_name(tmp_path):
    steps = GOOD_STEPS + '\n[[steps]]\nname = "breath"\ntype = "say"\ntext = "Again."\n'
    assert_error_in_catalog(tmp_path, steps, step=3, field="name", words="duplicate step name 'breath' (also used by step 2)")


def test_branch_to_unknown_name(tmp_path):
    steps = GOOD_STEPS + '\n[[steps]]\ntype = "branch"\ntext = "More?"\non_yes = "breth"\non_no = "end"\n'
    assert_error_in_catalog(tmp_path, steps, step=3, field="on_yes", words="unknown step name 'breth'")


def test_reserved_step_name(tmp_path):
    steps = '[[steps]]\nname = "end"\ntype = "say"\ntext = "Hi."\n'
    assert_error_in_catalog(tmp_path, steps, step=1, field="name", words="reserved")


def test_bad_category_names_the_field_without_a_step(tmp_path):
    path = tmp_path / "cat.toml"
    path.write_text(GOOD.format(id="cat_one").replace('"breathing"', '"yoga"') + GOOD_STEPS)
    write(tmp_path, "other", "other_one")
    catalog, errors = load_catalog([tmp_path])
    assert set(catalog) == {"other_one"}
    (err,) = errors
    assert (err.exercise_id, err.step, err.field) == ("cat_one", None, "category")
    assert "cat.toml: exercise 'cat_one', field 'category': must be one of" in str(err)


def test_missing_steps(tmp_path):
    path = tmp_path / "nosteps.toml"
    path.write_text(GOOD.format(id="no_steps"))
    (msg,) = check_file(path)
    assert "nosteps.toml: exercise 'no_steps', field 'steps': is missing" in msg


def test_duplicate_exercise_id_is_an_error_for_the_later_file(tmp_path):
    first = write(tmp_path, "a_first", "same_id")
    second = write(tmp_path, "b_second", "same_id")
    write(tmp_path, "c_other", "other_id")
    catalog, errors = load_catalog([tmp_path])
    assert set(catalog) == {"same_id", "other_id"}
    assert catalog["same_id"].path == first
    (err,) = errors
    assert err.file == second and err.exercise_id == "same_id" and err.field == "id" and err.step is None
    assert "b_second.toml: exercise 'same_id', field 'id': id is already used by" in str(err)
    assert "a_first.toml" in str(err)


def test_user_dir_adds_exercises_but_cannot_replace_builtins(tmp_path):
    write(tmp_path, "mine", "my_exercise")
    write(tmp_path, "box", "box_breathing")
    catalog, errors = load_catalog([builtin_dir(), tmp_path, tmp_path / "does_not_exist"])
    assert "my_exercise" in catalog
    assert catalog["box_breathing"].path.parent == builtin_dir()
    assert [e.file.name for e in errors] == ["box.toml"]
    # check_file warns about the clash too, before the person even restarts the program.
    (msg,) = check_file(tmp_path / "box.toml")
    assert "already used by the built-in" in msg


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('id = "oops\ntitle = "x"\n')
    write(tmp_path, "fine", "fine_one")
    catalog, errors = load_catalog([tmp_path])
    assert set(catalog) == {"fine_one"}
    (err,) = errors
    assert err.file == path and err.exercise_id is None
    assert "bad.toml: is not valid TOML" in str(err)


def test_check_file_lists_every_problem(tmp_path):
    steps = '[[steps]]\ntype = "pause"\nseconds = 0\n\n[[steps]]\ntype = "jump"\n\n' \
            '[[steps]]\ntype = "branch"\ntext = "More?"\non_yes = "nowhere"\non_no = "next"\n'
    path = write(tmp_path, "many", "many_problems", steps)
    messages = check_file(path)
    assert len(messages) == 3
    assert "step 1, field 'seconds'" in messages[0]
    assert "step 2, field 'type'" in messages[1]
    assert "step 3, field 'on_yes'" in messages[2]


def test_check_file_ok(tmp_path):
    assert check_file(write(tmp_path, "ok", "ok_one")) == []


def test_loaded_steps_have_defaults(tmp_path):
    steps = '[[steps]]\nname = "q"\ntype = "ask"\ntext = "Ready?"\n\n' \
            '[[steps]]\ntype = "branch"\ntext = "Again?"\non_yes = "q"\non_no = "end"\n\n' \
            '[[steps]]\ntype = "pause"\nseconds = 2.5\n'
    ex = load_exercise(write(tmp_path, "d", "defaults", steps))
    ask, branch, pause = ex.steps
    assert ask == AskStep(text="Ready?", name="q")
    assert ask.timeout == 25 and ask.max_reprompts == 2 and ask.expect == "any"
    assert isinstance(branch, BranchStep) and branch.on_silence == "end"
    assert pause == PauseStep(2.5)
    assert ex.step_index("q") == 0
