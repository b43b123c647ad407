"""A fuzz of every reader of a file the person owns, beyond the exercise files
(tests/exercise/test_exercise_fuzz.py): the config file, and under the data directory the state
files (state.load_json), the morning's record and notes, and the journal's days. Whatever is in
the file (any bytes, any TOML or JSON structure, values of the wrong type, inf and nan), the
reader gives a plain message that names the file, never an exception, and never loses anything
else: the other files stay byte for byte as they were, and a damaged file is kept aside whole."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from zoneinfo import ZoneInfo

import pytest
from fakes import toml_value

from voice_companion import state
from voice_companion.config import CHOICES, DEFAULTS, RANGES, ConfigError, config_dir, data_dir, load_config, user_instructions
from voice_companion.conversation import journal
from voice_companion.morning.notes import notes_path, pending_lines, read_morning_file, remembered_today, state_path
from voice_companion.morning.schedule import MorningScheduler

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SETTINGS = [f"{s}.{k}" for s in DEFAULTS for k in DEFAULTS[s]]

# What a person might type as a value: real settings' words, times, hosts, and their near misses
# ("²" is a digit to str.isdigit() and not to int()).
WORDS = st.sampled_from(["07:30", "7:30 pm", "25:99", "²:00", "١٢:٣٠", "auto", "embedded", "hands_free", "mon-fri",
                         "weekdays", "US", "uk", "other", "http://127.0.0.1:abc", "http://10.0.0.5:11434", "127.0.0.1",
                         "tiny.en", "", " ", "true", "nan", "inf", "0", "-1", "²"])
SCALARS = st.one_of(WORDS, st.text(max_size=16), st.integers(-(10**20), 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.booleans())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                      max_leaves=6)


def toml_file(top: dict, sections: dict[str, dict]) -> str:
    text = "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in top.items())
    for section, keys in sections.items():
        text += f"[{json.dumps(section)}]\n" + "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in keys.items())
    return text


def config_is_usable_or_named(path) -> None:
    """The contract the command line relies on: a Config whose every value is in range, each
    problem naming the file, or a ConfigError naming the file (which cli turns into exit 2)."""
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        assert str(path) in str(exc)
        return
    assert all(str(path) in problem for problem in cfg.problems), cfg.problems
    for dotted in SETTINGS:
        value = cfg.get(dotted)
        section, key = dotted.split(".", 1)
        assert type(value) is type(DEFAULTS[section][key]), dotted
    for dotted, (lo, hi) in RANGES.items():
        assert lo <= cfg.get(dotted) <= hi and not (isinstance(cfg.get(dotted), float) and math.isnan(cfg.get(dotted)))
    for dotted, allowed in CHOICES.items():
        assert cfg.get(dotted) in allowed


@settings(FUZZ, max_examples=400)
@given(settings_=st.dictionaries(st.sampled_from([*SETTINGS, "llm.nope", "nope.key"]), VALUES, max_size=8),
       top=st.dictionaries(st.text(max_size=6), VALUES, max_size=2))
@example(settings_={"care.late_start": "²:00"}, top={})
@example(settings_={"audio.input_device": "²", "morning.at": "²:00", "morning.days": "²"}, top={})
@example(settings_={"llm.context": math.inf, "llm.threads": math.nan, "llm.ollama_host": "http://127.0.0.1:abc"}, top={})
def test_any_config_file_is_used_with_plain_notes_or_named(tmp_path, settings_, top):
    sections: dict[str, dict] = {}
    for dotted, value in settings_.items():
        section, key = dotted.split(".", 1)
        sections.setdefault(section, {})[key] = value
    path = tmp_path / "config.toml"
    path.write_text(toml_file(top, sections), encoding="utf-8", errors="surrogatepass")
    config_is_usable_or_named(path)


@settings(FUZZ, max_examples=200)
@given(data=st.binary(max_size=400))
@example(data=b"[llm]\nbackend = \"embedded\"\n\xff\xfe")  # Latin-1 bytes in a file that is otherwise fine
@example(data=b"[[[[[[[[[[" * 400)
def test_any_bytes_in_the_config_file_are_used_or_named(tmp_path, data):
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    config_is_usable_or_named(path)


def test_a_unicode_digit_in_a_clock_time_is_a_plain_note_not_a_crash(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[care]\nlate_start = "²:00"\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.get("care.late_start") == DEFAULTS["care"]["late_start"]
    assert any("care.late_start" in p and "24-hour" in p for p in cfg.problems)


@settings(FUZZ, max_examples=100)
@given(data=st.binary(max_size=300))
@example(data="be brief".encode("latin-1") + b"\xe9")
def test_any_instructions_file_is_used_or_named(data):
    path = config_dir() / "instructions.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        text, where = user_instructions(load_config())
    except ConfigError as exc:
        assert str(path) in str(exc) and "UTF-8" in str(exc)
        return
    assert where == path and text == data.decode("utf-8").strip()


# --- files under the data directory --------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["answers", "values", "date", "pending", "handled", "missed", "at", "seeded", "version",
                         "next_thing", "time", "who", "text"]) | st.text(max_size=6), inner, max_size=5),
    max_leaves=12)
TODAY = dt.date(2026, 6, 10)
DAY = TODAY.isoformat()
OTHER_DAY = "2026-06-09"


def fresh_data_dir() -> None:
    # One tmp_path serves every example of a test; each example starts from an empty directory.
    shutil.rmtree(data_dir(), ignore_errors=True)
    state.ensure_dir(data_dir())


def others() -> dict:
    """The person's other files, written the normal way: none of them may change."""
    state.write_json(journal.journal_dir() / f"{OTHER_DAY}.json", [{"time": "21:00", "who": "you", "text": "my own words"}])
    state.write_json(data_dir() / "exercises-done.json", ["box_breathing"])
    return {p: p.read_bytes() for p in (journal.journal_dir() / f"{OTHER_DAY}.json", data_dir() / "exercises-done.json")}


def damaged_or_kept(path, raw: bytes, err: str) -> None:
    """A file the reader could not use is kept aside whole, and the log names it; one it could
    use is still there, unchanged or rewritten by the reader."""
    aside = path.with_name(path.name + state.CORRUPT_SUFFIX)
    if aside.exists():
        assert aside.read_bytes() == raw
        assert str(path) in err and "damaged" in err and aside.name in err
    else:
        assert "damaged" not in err


def as_bytes(content) -> bytes:
    return content if isinstance(content, bytes) else json.dumps(content).encode()


@settings(FUZZ, max_examples=300)
@given(content=JSON | st.binary(max_size=200))
@example(content=b"[" * 100_000)  # nested too deep for the json module: a RecursionError, not a ValueError
@example(content={"answers": None, "pending": 5})
@example(content={"answers": {"date": DAY, "values": [1, 2]}, "pending": {"a": 1}})
@example(content={"answers": {"date": DAY, "values": {"next_thing": 7, "x": "a walk"}}, "pending": ["Good morning.", 3]})
def test_any_morning_notes_file_leaves_the_morning_and_the_other_files_whole(content, capsys):
    fresh_data_dir()
    kept = others()
    raw = as_bytes(content)
    notes_path().write_bytes(raw)
    capsys.readouterr()
    remembered = remembered_today(TODAY)
    assert isinstance(remembered, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in remembered.items())
    notes = read_morning_file(notes_path())
    lines = pending_lines(notes)
    assert isinstance(lines, list) and all(isinstance(line, str) for line in lines)
    damaged_or_kept(notes_path(), raw, capsys.readouterr().err)
    assert {p: p.read_bytes() for p in kept} == kept


@settings(FUZZ, max_examples=300)
@given(content=JSON | st.binary(max_size=200))
@example(content={"handled": 5, "missed": [1], "seeded": "yes"})
@example(content={"handled": "2026-06-09", "missed": {"date": "2026-06-10", "at": "²:00"}})
@example(content={"handled": [DAY, None, {}], "missed": {"date": DAY}})
def test_any_morning_record_starts_the_scheduler_and_leaves_the_other_files_whole(content, capsys):
    from voice_companion.morning.routine import plan_from_config

    fresh_data_dir()
    kept = others()
    raw = as_bytes(content)
    state_path().write_bytes(raw)
    capsys.readouterr()
    plan = plan_from_config(load_config(overrides=[("morning.at", "07:30", "test")]))
    scheduler = MorningScheduler(plan, ZoneInfo("Europe/London"), state=read_morning_file(state_path()))
    scheduler.poll(dt.datetime(2026, 6, 10, 7, 0, tzinfo=ZoneInfo("Europe/London")))
    json.dumps(scheduler.state())  # what it saves next can be saved
    damaged_or_kept(state_path(), raw, capsys.readouterr().err)
    assert {p: p.read_bytes() for p in kept} == kept


@settings(FUZZ, max_examples=300)
@given(content=JSON | st.binary(max_size=200))
@example(content=[{"time": 9, "who": ["you"], "text": {"a": 1}}, "text", None, {"who": "you"}])
@example(content=b"\xff\xfe[]")
def test_any_journal_day_is_shown_kept_and_added_to_without_touching_other_days(content, capsys):
    fresh_data_dir()
    kept = others()
    raw = as_bytes(content)
    day_file = journal.journal_dir() / f"{DAY}.json"
    day_file.write_bytes(raw)
    capsys.readouterr()
    shown = journal.show(DAY)
    assert isinstance(shown, list) and all(isinstance(line, str) for line in shown)
    damaged_or_kept(day_file, raw, capsys.readouterr().err)
    j = journal.Journal(True, now=lambda: dt.datetime(2026, 6, 10, 9, 15))
    j.add("you", "a new line")
    assert journal.show(DAY)[-1] == "09:15 you: a new line"
    assert j.forget_last() and "a new line" not in " ".join(journal.show(DAY))
    assert journal.days() == [OTHER_DAY, DAY]
    assert {p: p.read_bytes() for p in kept} == kept


def test_a_file_damaged_twice_keeps_both_copies(capsys):
    fresh_data_dir()
    path = data_dir() / "exercises-done.json"
    path.write_bytes(b'["box_breath')
    assert state.load_json(path, list, what="the list of exercises done") is None
    path.write_bytes(b'{"not": "a list"}')
    assert state.load_json(path, list, what="the list of exercises done") is None
    assert (data_dir() / "exercises-done.json.corrupt").read_bytes() == b'["box_breath'
    assert (data_dir() / "exercises-done.json.corrupt.2").read_bytes() == b'{"not": "a list"}'
    err = capsys.readouterr().err
    assert "kept it as exercises-done.json.corrupt.2" in err
