"""The morning routine's files under the data directory: its record (so it never fires twice a day)
and the person's answers (the one thing for the next hour), read back by the day's conversation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from voice_companion import state
from voice_companion.config import data_dir


def state_path() -> Path:
    return data_dir() / "morning-state.json"


def notes_path() -> Path:
    return data_dir() / "morning-notes.json"


_WHAT = {"morning-state.json": "the morning schedule's record", "morning-notes.json": "the morning notes"}


def read_morning_file(path: Path) -> dict:
    # A damaged file must not stop the morning: it is kept aside, the log says so, and the
    # morning goes on from an empty record.
    return state.load_json(path, dict, what=_WHAT.get(path.name, path.name)) or {}


def write_morning_file(path: Path, data: dict) -> None:
    # A full disk must not stop the morning either: state says so once and the routine goes on.
    state.save_json(path, data, what=_WHAT.get(path.name, path.name))


def remembered_today(today: dt.date | None = None) -> dict[str, str]:
    """Answers the person gave this morning (e.g. the one thing for the next hour)."""
    notes = read_morning_file(notes_path())
    day = (today or dt.date.today()).isoformat()
    answers = notes.get("answers")
    # Only text answers under text names: the file is the person's to edit, and a hand-edited
    # number or list must not reach the conversation's sentences.
    if not isinstance(answers, dict) or answers.get("date") != day or not isinstance(answers.get("values"), dict):
        return {}
    return {k: v for k, v in answers["values"].items() if isinstance(k, str) and isinstance(v, str)}


def pending_lines(notes: dict) -> list[str]:
    """Takes the lines saved to say at the next morning out of `notes`; anything that is not a
    list of text is dropped (it was never written by the routine)."""
    pending = notes.pop("pending", [])
    return [line for line in pending if isinstance(line, str) and line.strip()] if isinstance(pending, list) else []
