"""A fuzz of the exercise-file reader with what a person might really save: any mix of known and
unknown fields, wrong types, inf and nan, lists where text belongs, bytes that are not UTF-8.
Whatever it is, the file is either loaded or named with a reason; it never raises."""

from __future__ import annotations

import math

import pytest
from fakes import toml_value

from voice_companion.exercise.format import _load

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FIELDS = ["id", "title", "category", "summary", "source", "triggers", "minutes", "extra"]
STEP_FIELDS = ["type", "name", "text", "seconds", "timeout", "pattern", "cycles", "max_reprompts", "expect",
               "on_yes", "on_no", "on_silence", "ack", "reprompt", "id", "max_cycles_first_time"]
SCALARS = st.one_of(
    st.sampled_from(["say", "pause", "ask", "breathe", "branch", "next", "end", "breathing", "in", "out", "a_b", ""]),
    st.text(max_size=20), st.integers(-5, 10**9), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(["phase", "seconds", "cue"]), inner, max_size=3)),
                      max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(top=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8),
       steps=st.lists(st.dictionaries(st.sampled_from(STEP_FIELDS), VALUES, max_size=6), max_size=4))
def test_any_exercise_file_is_loaded_or_named(tmp_path, top, steps):
    text = "".join(f"{k} = {toml_value(v)}\n" for k, v in top.items())
    for step in steps:
        text += "[[steps]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in step.items())
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    exercise, errors = _load(path)
    assert (exercise is None) != (not errors)
    assert all("fuzz.toml" in str(e) for e in errors)
    if exercise is not None:
        for step in exercise.steps:
            for attr in ("seconds", "timeout"):
                value = getattr(step, attr, None)
                assert value is None or (math.isfinite(value) and value > 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes_are_named_not_raised(tmp_path, data):
    path = tmp_path / "bytes.toml"
    path.write_bytes(data)
    exercise, errors = _load(path)
    assert exercise is None and errors and "bytes.toml" in str(errors[0])
