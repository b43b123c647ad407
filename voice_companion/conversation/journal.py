"""The opt-in journal: many people use a companion like this to journal, or to bring notes to a
therapist. Off unless `user.journal = true`, or the person says "keep a note of this" (that
session only). One file per day under the data directory, written through state.py (atomic,
0600). A crisis turn is recorded only as "a crisis answer was given": never the words."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

from voice_companion import state
from voice_companion.config import data_dir

CRISIS_NOTE = "a crisis answer was given"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEEP_NOTE = re.compile(
    r"(?:please |okay |ok )?(?:can you |could you )?(?:keep|take|make) (?:a )?notes? (?:of|on|about) (?:this|that|today|our talk)"
    r"(?: please)?|(?:please )?(?:start|turn on) (?:the |my )?journal(?: please)?"
)
FORGET_LAST = re.compile(
    r"(?:please |okay |ok )?forget (?:what i just said|what i said|the last thing i said|that)(?: please)?"
)
KEEPING_LINE = ("Okay. I'll keep a note of today's conversation, only on this computer. "
                "You can say \"forget what I just said\" at any time.")
FORGOT_LINE = "Okay. I've let go of what you just said."
NOTHING_LINE = "Okay. There was nothing of that kept."


def journal_dir() -> Path:
    return data_dir() / "journal"


def _file(day: str) -> Path:
    return journal_dir() / f"{day}.json"


def day_entries(day: str) -> list:
    return state.load_json(_file(day), list, what="the journal") or []


class Journal:
    def __init__(self, enabled: bool = False, now: Callable[[], datetime.datetime] = datetime.datetime.now) -> None:
        self.on = enabled
        self._now = now

    def _day(self) -> str:
        return self._now().date().isoformat()

    def _entries(self, day: str) -> list:
        return day_entries(day)

    def add(self, who: str, text: str) -> None:
        if not self.on or not text.strip():
            return
        day = self._day()
        entries = self._entries(day)
        entries.append({"time": self._now().strftime("%H:%M"), "who": who, "text": text.strip()})
        state.save_json(_file(day), entries, what="the journal")

    def crisis(self) -> None:
        self.add("note", CRISIS_NOTE)

    def forget_last(self) -> bool:
        """Take the person's last words (and the answer to them) out of today's note."""
        day = self._day()
        entries = self._entries(day)
        mine = [i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("who") == "you"]
        if not mine:
            return False
        del entries[mine[-1] :]
        state.save_json(_file(day), entries, what="the journal")
        return True


def days() -> list[str]:
    folder = journal_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if DAY.match(p.stem))


def show(day: str) -> list[str]:
    names = {"you": "you", "companion": "companion", "note": "note"}
    lines = []
    for e in day_entries(day):
        if isinstance(e, dict) and isinstance(e.get("text"), str):
            lines.append(f"{e.get('time', '')} {names.get(e.get('who'), 'note')}: {e['text']}")
    return lines


def forget(day: str) -> bool:
    try:
        _file(day).unlink()
    except FileNotFoundError:
        return False
    return True


def forget_all() -> int:
    gone = 0
    for day in days():
        gone += forget(day)
    return gone


def command(action: str | None, day: str | None, everything: bool, out: Callable[[str], None],
            summarise: Callable[[str, list], tuple[list[str], int]] | None = None) -> int:
    """`voice-companion journal [show DAY | summary DAY | forget DAY | forget --all]`.
    summarise(day, entries) writes a day's summary (it needs the language model, so the caller
    brings it)."""
    if action in (None, "list"):
        listed = days()
        out("\n".join(listed) if listed else "No journal days kept (set user.journal = true, or say \"keep a note of this\").")
        return 0
    if action == "forget" and everything:
        n = forget_all()
        out(f"Deleted {n} journal day(s) from {journal_dir()}. They are gone.")
        return 0
    if day is None or not DAY.match(day):
        out(f"Say which day, as YYYY-MM-DD (for example: voice-companion journal {action} "
            f"{datetime.date.today().isoformat()}).")
        return 2
    if action == "summary" and summarise is not None:
        kept = day_entries(day)
        if not kept:
            out(f"Nothing kept for {day}.")
            return 0
        lines, code = summarise(day, kept)
        out("\n".join(lines))
        return code
    if action == "show":
        lines = show(day)
        out("\n".join(lines) if lines else f"Nothing kept for {day}.")
        return 0
    if forget(day):
        out(f"Deleted the journal for {day}. It is gone.")
    else:
        out(f"Nothing kept for {day}.")
    return 0
