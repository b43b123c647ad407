"""Healthy-use nudges: breaks, sleep, and real people.

A companion that is always there can quietly replace the people and rest someone needs. These
nudges are rare on purpose (at most one per turn, each with its own spacing) and gentle: they
never scold, never count hours out loud, never end the conversation for the person.
Time comes in as arguments, so tests need no real clock.
"""

from __future__ import annotations

import datetime as _dt
import re

_GAP_RESET_S = 5 * 60  # a pause this long means the person already took a break

_PEOPLE = re.compile(
    r"\b(?:friends?|mum|mom|mother|dad|father|parents?|partner|husband|wife|boyfriend|girlfriend|"
    r"sister|brother|sibling|son|daughter|kids|children|aunt|uncle|cousin|gran|grandma|grandad|"
    r"nan|colleagues?|coworkers?|boss|neighbou?r|flatmate|roommate|therapist|counsell?or|"
    r"doctor|gp|nurse|teacher|mate|best friend|family)\b"
)


def _parse_hhmm(value: str) -> _dt.time:
    hours, minutes = value.split(":")
    return _dt.time(int(hours), int(minutes))


class CareNudges:
    def __init__(
        self,
        *,
        break_after_min: float = 20,
        late_start: str = "23:00",
        late_end: str = "05:00",
        people_every: int = 4,
        has_therapist: bool = False,
    ) -> None:
        self.break_after_s = break_after_min * 60
        self.late_start = _parse_hhmm(late_start)
        self.late_end = _parse_hhmm(late_end)
        self.people_every = max(1, people_every)
        self.has_therapist = has_therapist

        self._run_start: float | None = None  # start of continuous use, or of the last break nudge
        self._last_turn: float | None = None
        self._last_sleep_night: _dt.date | None = None
        self._people_turns_since_nudge: int | None = None  # None: no people nudge yet
        self._people_nudged_last_turn = False

    # -- the one public hook ----------------------------------------------------------------------
    def after_turn(
        self, *, now_monotonic: float, wall: _dt.datetime, user_text: str
    ) -> str | None:
        """Call once after each turn. Returns at most one line to say, usually None."""
        self._track_continuity(now_monotonic)
        nudged_people_before = self._people_nudged_last_turn
        self._people_nudged_last_turn = False

        # Order: sleep first (the most time-bound), then breaks, then people. Each check that is
        # skipped because another nudge spoke keeps its own state and can speak next turn.
        if line := self._sleep(wall):
            return line
        if line := self._break(now_monotonic):
            return line
        return self._people(user_text, nudged_people_before)

    # -- breaks -----------------------------------------------------------------------------------
    def _track_continuity(self, now: float) -> None:
        if self._last_turn is None or now - self._last_turn > _GAP_RESET_S:
            self._run_start = now
        self._last_turn = now

    def _break(self, now: float) -> str | None:
        assert self._run_start is not None
        if now - self._run_start < self.break_after_s:
            return None
        self._run_start = now  # the next suggestion needs another full period
        return (
            "We've been talking for a while. It might feel good to take a short break,"
            " stretch, or have a drink of water. I'll be here."
        )

    # -- sleep ------------------------------------------------------------------------------------
    def _is_late(self, t: _dt.time) -> bool:
        if self.late_start <= self.late_end:
            return self.late_start <= t < self.late_end
        return t >= self.late_start or t < self.late_end

    def _night_of(self, wall: _dt.datetime) -> _dt.date:
        # 01:30 belongs to the night that began the evening before.
        if self.late_start > self.late_end and wall.time() < self.late_end:
            return (wall - _dt.timedelta(days=1)).date()
        return wall.date()

    def _sleep(self, wall: _dt.datetime) -> str | None:
        if not self._is_late(wall.time()):
            return None
        night = self._night_of(wall)
        if night == self._last_sleep_night:
            return None
        self._last_sleep_night = night
        return (
            "It's quite late now. Rest might help, even just lying down with your eyes closed."
            " We can do a slow breathing exercise for sleep if you like."
        )

    # -- people -----------------------------------------------------------------------------------
    def _people(self, user_text: str, nudged_last_turn: bool) -> str | None:
        if not _PEOPLE.search(user_text.lower()):
            return None
        if self._people_turns_since_nudge is not None:
            self._people_turns_since_nudge += 1
            if self._people_turns_since_nudge < self.people_every or nudged_last_turn:
                return None
        self._people_turns_since_nudge = 0
        self._people_nudged_last_turn = True
        if self.has_therapist and re.search(r"\b(?:therapist|counsell?or)\b", user_text.lower()):
            return "It might help to bring this to your therapist too. They know you and can help."
        if self.has_therapist:
            return (
                "It sounds like the people around you matter. Talking to one of them, or to your"
                " therapist, could really help."
            )
        return (
            "It sounds like the people around you matter. Reaching out to one of them,"
            " even with a short message, could help."
        )


def first_run_note() -> list[str]:
    """Spoken once, the first time the assistant starts: what it is, what it is not."""
    return [
        "Hello. I'm a voice companion for simple coping exercises, like breathing, grounding,"
        " and getting out of bed.",
        "I'm not a therapist or a doctor, and I'm not a replacement for the people in your life.",
        "I'm not made for a crisis.",
        "If you are in danger or thinking about ending your life, please contact a helpline"
        " or your local emergency number.",
        "You can say 'help line' at any time, and I'll tell you who to call.",
        "Everything stays on this device.",
    ]
