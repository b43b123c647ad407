"""When to start the morning routine: parsing the person's chosen time and days, and deciding
on each poll whether to start now.

Pure logic: every function takes the current time as an argument, so tests can drive it through
DST changes, sleeps and clock jumps without waiting. The long-lived process polls
MorningScheduler every ~30 s and saves MorningScheduler.state() whenever it differs from what
was last saved (it changes only on the first poll, on "fire"/"skip", and on missed_note()),
and always before running the routine after a "fire".

Two rules shape everything here:
- A start is keyed by the local *date* it was scheduled for, and fires at most once per key.
  That one rule covers clocks set back, DST repeating an hour and process restarts.
- Lateness is measured against the wall clock at the moment of polling. A small jump or a short
  sleep still fires (within the grace window); a long one skips and leaves a gentle note,
  because waking someone two hours "late" with no warning would be worse than not at all.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

log = logging.getLogger(__name__)

_UTC = _dt.UTC
_ALL_DAYS: frozenset[int] = frozenset(range(7))
_WEEKDAYS: frozenset[int] = frozenset(range(5))
_WEEKENDS: frozenset[int] = frozenset({5, 6})

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# How many days of handled keys to remember around "today". Enough to survive any plausible
# clock-set-back; bounded so that a one-off jump into the far future is eventually forgotten
# instead of blocking that date for good.
_KEEP_DAYS = 40


# --------------------------------------------------------------------------------------------
# Parsing


_TIME_HM = re.compile(r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(am|pm)?$")
_TIME_COMPACT = re.compile(r"^(\d{3,4})\s*(am|pm)?$")


def parse_time(s: str) -> _dt.time:
    """"07:30", "7:30", "7.30", "0730", "7am", "7:30 pm", "noon", "midnight" -> datetime.time.

    Raises ValueError with a message fit to show the person (it says what was wrong and gives
    an example), since this usually comes straight from a settings file or a spoken answer.
    """
    if not isinstance(s, str):
        raise ValueError(f"The time should be text like 07:30, not {s!r}.")
    raw = s
    t = s.strip().lower()
    t = re.sub(r"\b([ap])\.?\s*m\.?$", r"\1m", t)  # "7 a.m." / "7 p.m" -> "7 am"
    t = re.sub(r"\s*o'?clock\b", "", t)
    t = re.sub(r"\s+", " ", t).strip()
    example = "Please write it like 07:30, 7:30 am or 19:30."
    if not t:
        raise ValueError(f"No time given. {example}")
    if t in ("noon", "midday", "12 noon"):
        return _dt.time(12, 0)
    if t in ("midnight", "12 midnight"):
        return _dt.time(0, 0)
    m = _TIME_HM.match(t)
    if m:
        hour, minute, meridiem = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    else:
        m = _TIME_COMPACT.match(t)
        if not m:
            raise ValueError(f"I couldn't read {raw!r} as a time. {example}")
        digits, meridiem = m.group(1), m.group(2)
        hour, minute = int(digits[:-2]), int(digits[-2:])
    if minute > 59:
        raise ValueError(f"In {raw!r} the minutes must be between 00 and 59. {example}")
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(
                f"In {raw!r} the hour must be between 1 and 12 when using am/pm. {example}"
            )
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        raise ValueError(f"In {raw!r} the hour must be between 0 and 23. {example}")
    return _dt.time(hour, minute)


def _day_aliases() -> dict[str, int]:
    aliases: dict[str, int] = {}
    extra = {0: ["mo"], 1: ["tu", "tues"], 2: ["we", "weds"], 3: ["th", "thur", "thurs"],
             4: ["fr"], 5: ["sa"], 6: ["su"]}
    for i, name in enumerate(_DAY_NAMES):
        low = name.lower()
        for a in [low, low + "s", low[:3], *extra[i]]:
            aliases[a] = i
    return aliases


_DAY_ALIASES = _day_aliases()
_DAY_GROUPS: dict[str, frozenset[int]] = {
    "daily": _ALL_DAYS, "everyday": _ALL_DAYS, "all": _ALL_DAYS, "always": _ALL_DAYS,
    "weekdays": _WEEKDAYS, "weekday": _WEEKDAYS, "workdays": _WEEKDAYS, "workday": _WEEKDAYS,
    "weekends": _WEEKENDS, "weekend": _WEEKENDS,
}
_DAY_FILLERS = {"on", "every", "each", "only", "and", "the", "days"}
_DAYS_HELP = "Use day names like mon, tue, friday, a range like mon-fri, or weekdays, weekends, daily."


def _day_index(token: str, whole: str) -> int:
    if token in _DAY_ALIASES:
        return _DAY_ALIASES[token]
    raise ValueError(f"I couldn't understand the day {token!r} in {whole!r}. {_DAYS_HELP}")


def parse_days(s: str | Sequence[str] | Iterable[int]) -> frozenset[int]:
    """"weekdays", "weekends", "daily"/"every day", "mon,tue,fri", "mon-fri", full names,
    or a sequence of any of those (or of ints 0=Mon..6=Sun) -> frozenset of weekday numbers."""
    if not isinstance(s, str):
        out: set[int] = set()
        for item in s:
            if isinstance(item, bool) or not isinstance(item, (int, str)):
                raise ValueError(f"I couldn't understand the day {item!r}. {_DAYS_HELP}")
            if isinstance(item, int):
                if not 0 <= item <= 6:
                    raise ValueError(f"Day numbers go from 0 (Monday) to 6 (Sunday), not {item}.")
                out.add(item)
            else:
                out |= parse_days(item)
        if not out:
            raise ValueError(f"No days given. {_DAYS_HELP}")
        return frozenset(out)

    whole = s
    t = s.strip().lower()
    t = re.sub(r"[\u2013\u2014]", "-", t)
    t = re.sub(r"\b(every|all)\s*days?\b", "daily", t)
    t = re.sub(r"\bweek\s+(days?|ends?)\b", r"week\1", t)
    t = re.sub(r"\bwork\s+(days?)\b", r"work\1", t)
    t = re.sub(r"\s+(?:to|through|thru|until|till)\s+", "-", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = t.replace("&", ",")
    tokens = [tok.strip(".") for tok in re.split(r"[,;/+\s]+", t) if tok.strip(".")]
    out = set()
    for tok in tokens:
        if tok in _DAY_FILLERS:
            continue
        if tok in _DAY_GROUPS:
            out |= _DAY_GROUPS[tok]
        elif "-" in tok:
            parts = tok.split("-")
            if len(parts) != 2 or not all(parts):
                raise ValueError(f"I couldn't understand the range {tok!r} in {whole!r}. {_DAYS_HELP}")
            a, b = _day_index(parts[0], whole), _day_index(parts[1], whole)
            # Ranges may wrap round the week ("fri-mon"), as people say them.
            i = a
            while True:
                out.add(i)
                if i == b:
                    break
                i = (i + 1) % 7
        else:
            out.add(_day_index(tok, whole))
    if not out:
        raise ValueError(f"No days given in {whole!r}. {_DAYS_HELP}")
    return frozenset(out)


def describe_days(days: Iterable[int]) -> str:
    """A short human description: "every day", "weekdays", "weekends", "Mon, Wed, Fri"."""
    d = frozenset(days)
    if d == _ALL_DAYS:
        return "every day"
    if d == _WEEKDAYS:
        return "weekdays"
    if d == _WEEKENDS:
        return "weekends"
    return ", ".join(_DAY_ABBR[i] for i in sorted(d))


# --------------------------------------------------------------------------------------------
# The plan and next_fire


@dataclass(frozen=True)
class MorningPlan:
    at: _dt.time                                  # local wall time, e.g. 07:30
    days: frozenset[int] = _ALL_DAYS              # 0=Mon..6=Sun
    grace_minutes: float = 30                     # a start missed by less than this still fires once

    def __post_init__(self) -> None:
        at = self.at
        if isinstance(at, str):
            at = parse_time(at)
        if not isinstance(at, _dt.time):
            raise ValueError(f"MorningPlan.at must be a datetime.time, not {self.at!r}.")
        if at.tzinfo is not None:
            # The plan is wall time in whatever zone the scheduler runs in; an offset baked
            # into the time would silently disagree with it twice a year.
            raise ValueError("MorningPlan.at must be a plain local time without a time zone.")
        days = self.days
        days = parse_days(days) if isinstance(days, str) else frozenset(days)
        if not days or not days <= _ALL_DAYS:
            raise ValueError(f"MorningPlan.days must be a non-empty set of 0..6, not {self.days!r}.")
        if not self.grace_minutes >= 0:
            raise ValueError(f"grace_minutes must be 0 or more, not {self.grace_minutes!r}.")
        object.__setattr__(self, "at", at)
        object.__setattr__(self, "days", days)

    @classmethod
    def parse(cls, at: str, days: str | Sequence[str] = "daily", grace_minutes: float = 30) -> MorningPlan:
        """From the strings in the config file's [morning] section."""
        return cls(parse_time(at), parse_days(days), float(grace_minutes))

    def describe(self) -> str:
        """"07:30, weekdays" — for logs and for reading the setting back to the person."""
        return f"{self.at:%H:%M}, {describe_days(self.days)}"


def _require_aware(when: _dt.datetime, name: str) -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {when!r}.")


def _local_wall(instant_utc: _dt.datetime, tz: _dt.tzinfo) -> _dt.datetime:
    return instant_utc.astimezone(tz).replace(tzinfo=None)


def _resolve(day: _dt.date, at: _dt.time, tz: _dt.tzinfo) -> _dt.datetime:
    """The instant (aware, in tz) when wall time `at` on `day` first happens.

    Fall-back (the time exists twice): fold=0 is the earlier one, which is the one we want.
    Spring-forward (the time doesn't exist): the first valid moment after it, i.e. the
    transition itself (01:30 in a 01:00->02:00 gap fires at 02:00).
    """
    naive = _dt.datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0)
    if _local_wall(first.astimezone(_UTC), tz) == naive:
        return first
    # In a gap, fold=0 and fold=1 map to instants on either side of the transition;
    # bisect for the first instant whose wall time has passed `naive`.
    a = first.astimezone(_UTC)
    b = naive.replace(tzinfo=tz, fold=1).astimezone(_UTC)
    lo, hi = min(a, b), max(a, b)
    if lo == hi:  # a tzinfo that ignores fold; widen so the bisection still brackets the gap
        lo = hi - _dt.timedelta(hours=3)
    lo_s, hi_s = int(lo.timestamp()), int(hi.timestamp()) + 1
    while hi_s - lo_s > 1:
        mid = (lo_s + hi_s) // 2
        if _local_wall(_dt.datetime.fromtimestamp(mid, _UTC), tz) >= naive:
            hi_s = mid
        else:
            lo_s = mid
    return _dt.datetime.fromtimestamp(hi_s, _UTC).astimezone(tz)


def _occurrence(plan: MorningPlan, day: _dt.date, tz: _dt.tzinfo) -> _dt.datetime | None:
    if day.weekday() not in plan.days:
        return None
    return _resolve(day, plan.at, tz)


def _next_after(plan: MorningPlan, tz: _dt.tzinfo, after: _dt.datetime) -> tuple[_dt.date, _dt.datetime]:
    # Aware datetimes sharing a tzinfo compare and subtract by wall time (fold ignored), which
    # is wrong across DST; so every comparison here is done in UTC.
    after_utc = after.astimezone(_UTC)
    day = after.astimezone(tz).date() - _dt.timedelta(days=1)
    for _ in range(10):
        occ = _occurrence(plan, day, tz)
        if occ is not None and occ.astimezone(_UTC) > after_utc:
            return day, occ
        day += _dt.timedelta(days=1)
    raise AssertionError("no occurrence within 10 days; plan.days is validated non-empty")


def _latest_due(plan: MorningPlan, tz: _dt.tzinfo, now: _dt.datetime) -> tuple[_dt.date, _dt.datetime] | None:
    now_utc = now.astimezone(_UTC)
    day = now.astimezone(tz).date() + _dt.timedelta(days=1)
    for _ in range(10):
        occ = _occurrence(plan, day, tz)
        if occ is not None and occ.astimezone(_UTC) <= now_utc:
            return day, occ
        day -= _dt.timedelta(days=1)
    return None


def next_fire(plan: MorningPlan, after: _dt.datetime) -> _dt.datetime:
    """The next scheduled start strictly after `after`, as an aware datetime in after's tzinfo
    (which should be the person's local zone, e.g. ZoneInfo("Europe/London"))."""
    _require_aware(after, "after")
    assert after.tzinfo is not None
    return _next_after(plan, after.tzinfo, after)[1]


# --------------------------------------------------------------------------------------------
# Formatting for log lines and spoken notes


def _fmt_when(when: _dt.datetime) -> str:
    """"07:30 Mon 23 Nov" — locale-independent on purpose (strftime %a follows LC_TIME)."""
    return f"{when:%H:%M} {_DAY_ABBR[when.weekday()]} {when.day} {_MONTH_ABBR[when.month - 1]}"


def _fmt_duration(delta: _dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if mins and not days:
        parts.append(f"{mins} min")
    return " ".join(parts) or "0 min"


def _spoken_time(t: _dt.time) -> str:
    # "7:30" reads better through TTS than "07:30".
    return f"{t.hour}:{t.minute:02d}"


# --------------------------------------------------------------------------------------------
# The scheduler


Action = Literal["wait", "fire", "skip"]


@dataclass(frozen=True)
class Decision:
    action: Action
    scheduled: _dt.datetime | None      # fire/skip: the occurrence concerned; wait: the next one
    message: str                        # a complete log line
    late: _dt.timedelta | None = field(default=None)   # fire/skip: how late the poll was


class MorningScheduler:
    """Decides, each time it is polled, whether to start the routine now.

    Polled every ~30 s by a long-lived process; robust to the machine sleeping and the clock
    jumping. Save state() whenever it changes (always before running the routine after a
    "fire") and pass it back as `state=` on restart, so a restart never fires twice for the
    same day and a miss while the process was down is still noticed.
    """

    STATE_VERSION = 1

    def __init__(self, plan: MorningPlan, tz: _dt.tzinfo, *, state: Mapping[str, Any] | None = None) -> None:
        self.plan = plan
        self.tz = tz
        self._handled: set[_dt.date] = set()
        self._missed: dict[str, str] | None = None
        # A scheduler with no history hasn't been watching: occurrences that passed long
        # before its first poll were never its to miss, so they must not produce a
        # "sorry I didn't wake you" note. `_seeded` records that the first poll has happened.
        self._seeded = False
        if state:
            self._load(state)

    # -- persistence

    def _load(self, state: Mapping[str, Any]) -> None:
        # Bad state must not stop the morning routine for good: keep what parses, drop the rest.
        handled = state.get("handled") or ()
        if not isinstance(handled, (list, tuple)):
            log.warning("morning state: ignoring handled dates that are not a list: %r", handled)
            handled = ()
        for raw in handled:
            try:
                self._handled.add(_dt.date.fromisoformat(str(raw)))
            except ValueError:
                log.warning("morning state: ignoring bad handled date %r", raw)
        missed = state.get("missed")
        if isinstance(missed, Mapping):
            try:
                _dt.date.fromisoformat(str(missed["date"]))
                parse_time(str(missed["at"]))
                self._missed = {"date": str(missed["date"]), "at": str(missed["at"])}
            except (KeyError, ValueError):
                log.warning("morning state: ignoring bad missed entry %r", missed)
        self._seeded = bool(state.get("seeded", bool(self._handled)))

    def state(self) -> dict[str, Any]:
        """JSON-serialisable; give it back as `state=` after a restart."""
        return {
            "version": self.STATE_VERSION,
            "seeded": self._seeded,
            "handled": sorted(d.isoformat() for d in self._handled),
            "missed": dict(self._missed) if self._missed else None,
        }

    # -- deciding

    def _now(self, now: _dt.datetime) -> _dt.datetime:
        _require_aware(now, "now")
        return now.astimezone(self.tz)

    def _prune(self, today: _dt.date) -> None:
        keep = _dt.timedelta(days=_KEEP_DAYS)
        self._handled = {d for d in self._handled if abs(d - today) <= keep}

    def poll(self, now: _dt.datetime) -> Decision:
        now = self._now(now)
        now_utc = now.astimezone(_UTC)
        grace = _dt.timedelta(minutes=self.plan.grace_minutes)
        due = _latest_due(self.plan, self.tz, now)

        if not self._seeded:
            self._seeded = True
            if due is not None and now_utc - due[1].astimezone(_UTC) > grace:
                self._handled.add(due[0])

        if due is not None and due[0] not in self._handled:
            key, scheduled = due
            late = now_utc - scheduled.astimezone(_UTC)
            self._handled.add(key)
            self._prune(now.date())
            if late <= grace:
                when = _fmt_when(scheduled)
                if late >= _dt.timedelta(minutes=1):
                    msg = f"Morning routine starting {_fmt_duration(late)} late (scheduled {when})."
                else:
                    msg = f"Morning routine starting (scheduled {when})."
                return Decision("fire", scheduled, msg, late)
            self._missed = {"date": key.isoformat(), "at": f"{self.plan.at:%H:%M}"}
            nxt = _next_after(self.plan, self.tz, now)[1]
            which = "today" if key == now.date() else f"{_DAY_ABBR[key.weekday()]} {key.day} {_MONTH_ABBR[key.month - 1]}"
            msg = (
                f"Missed the {self.plan.at:%H:%M} start by {_fmt_duration(late)} "
                f"(the machine was asleep or off, or its clock jumped ahead); skipping {which}. "
                f"Next: {_fmt_when(nxt)}."
            )
            return Decision("skip", scheduled, msg, late)

        nxt = _next_after(self.plan, self.tz, now)[1]
        return Decision("wait", nxt, f"Waiting. Next morning routine: {_fmt_when(nxt)}.")

    def missed_note(self, now: _dt.datetime | None = None) -> str | None:
        """After a skip, a gentle line to say next time; returned once, then cleared.

        Pass `now` to get "yesterday" / "this morning" instead of a weekday name. Persist
        state() after calling this, or the note comes back after a restart.
        """
        if not self._missed:
            return None
        missed, self._missed = self._missed, None
        day = _dt.date.fromisoformat(missed["date"])
        at = parse_time(missed["at"])
        when = f"on {_DAY_NAMES[day.weekday()]}"
        if now is not None:
            ago = (self._now(now).date() - day).days
            if ago == 0:
                when = "this morning" if at.hour < 12 else "earlier today"
            elif ago == 1:
                when = "yesterday"
            elif ago >= 7 or ago < 0:
                when = f"on {_DAY_NAMES[day.weekday()]} the {day.day}{_ordinal(day.day)} of {_MONTH_NAMES[day.month - 1]}"
        return f"I didn't wake you {when}, because the computer was asleep at {_spoken_time(at)}."


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
