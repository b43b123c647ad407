from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from voice_companion.morning.schedule import (
    MorningPlan,
    MorningScheduler,
    describe_days,
    next_fire,
    parse_days,
    parse_time,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def local(tz: dt.tzinfo, *args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz, fold=fold)


def plan(at: str = "07:30", days: str = "daily", grace: float = 30) -> MorningPlan:
    return MorningPlan(parse_time(at), parse_days(days), grace)


def run(sched: MorningScheduler, start: dt.datetime, end: dt.datetime, step_s: float = 30):
    """Poll every step_s seconds of real (UTC) time; return the non-wait decisions with poll times."""
    out = []
    t = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while t <= end:
        d = sched.poll(t)
        if d.action != "wait":
            out.append((t, d))
        t += dt.timedelta(seconds=step_s)
    return out


# ---------------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "text, expected",
    [
        ("07:30", dt.time(7, 30)), ("7:30", dt.time(7, 30)), ("7.30", dt.time(7, 30)),
        ("0730", dt.time(7, 30)), ("730", dt.time(7, 30)), ("7am", dt.time(7, 0)),
        ("7 AM", dt.time(7, 0)), ("7 a.m.", dt.time(7, 0)), ("7:30 pm", dt.time(19, 30)),
        ("7:30PM", dt.time(19, 30)), ("12am", dt.time(0, 0)), ("12 pm", dt.time(12, 0)),
        ("19:05", dt.time(19, 5)), ("  6:45  ", dt.time(6, 45)), ("7 o'clock", dt.time(7, 0)),
        ("noon", dt.time(12, 0)), ("0:00", dt.time(0, 0)),
    ],
)
def test_parse_time_accepts_common_forms(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [("25:00", "hour must be between 0 and 23"), ("13pm", "between 1 and 12"),
     ("7:75", "minutes must be between"), ("seven", "couldn't read 'seven'"),
     ("", "No time given"), ("7:3", "couldn't read")],
)
def test_parse_time_rejects_with_clear_message(text, fragment):
    with pytest.raises(ValueError) as e:
        parse_time(text)
    assert fragment in str(e.value)
    if text:
        assert "07:30" in str(e.value)  # always shows an example


@pytest.mark.parametrize(
    "text, expected",
    [
        ("weekdays", {0, 1, 2, 3, 4}), ("weekends", {5, 6}), ("daily", set(range(7))),
        ("every day", set(range(7))), ("Every Day", set(range(7))), ("mon,tue,fri", {0, 1, 4}),
        ("mon-fri", set(range(5))), ("Mon – Thu", {0, 1, 2, 3}), ("monday to wednesday", {0, 1, 2}),
        ("Monday, Wednesday and Friday", {0, 2, 4}), ("fri-mon", {4, 5, 6, 0}),
        ("tues thurs", {1, 3}), ("on sundays", {6}), ("weekends, wed", {2, 5, 6}),
        (["mon", "weekends"], {0, 5, 6}), ([0, 6], {0, 6}),
    ],
)
def test_parse_days(text, expected):
    assert parse_days(text) == frozenset(expected)


@pytest.mark.parametrize("text, bad", [("mon,frday", "'frday'"), ("mon-funday", "'funday'"),
                                       ("mon-", "'mon-'"), (["tue", "xyz"], "'xyz'")])
def test_parse_days_names_the_bad_part(text, bad):
    with pytest.raises(ValueError) as e:
        parse_days(text)
    assert bad in str(e.value)
    assert "weekdays" in str(e.value)


def test_parse_days_empty():
    with pytest.raises(ValueError, match="No days"):
        parse_days("")
    with pytest.raises(ValueError, match="No days"):
        parse_days([])


def test_plan_defaults_and_validation():
    p = MorningPlan(dt.time(7, 30))
    assert p.days == frozenset(range(7)) and p.grace_minutes == 30
    assert MorningPlan.parse("7:30", "weekdays").describe() == "07:30, weekdays"
    assert describe_days({0, 2, 4}) == "Mon, Wed, Fri"
    with pytest.raises(ValueError):
        MorningPlan(dt.time(7), frozenset())
    with pytest.raises(ValueError):
        MorningPlan(dt.time(7), frozenset({7}))
    with pytest.raises(ValueError):
        MorningPlan(dt.time(7, tzinfo=UTC))


# ---------------------------------------------------------------------------------- next_fire


def test_next_fire_later_today_tomorrow_and_strictly_after():
    p = plan("07:30")
    assert next_fire(p, local(LONDON, 2024, 11, 25, 6, 0)) == local(LONDON, 2024, 11, 25, 7, 30)
    assert next_fire(p, local(LONDON, 2024, 11, 25, 8, 0)) == local(LONDON, 2024, 11, 26, 7, 30)
    # Exactly at the time: "strictly after" means tomorrow.
    assert next_fire(p, local(LONDON, 2024, 11, 25, 7, 30)) == local(LONDON, 2024, 11, 26, 7, 30)
    # Across a month and a year boundary.
    assert next_fire(p, local(LONDON, 2024, 12, 31, 23, 0)) == local(LONDON, 2025, 1, 1, 7, 30)


def test_next_fire_result_is_in_the_local_zone():
    nf = next_fire(plan("07:30"), local(NEW_YORK, 2024, 6, 3, 1, 0))
    assert nf.tzinfo is NEW_YORK and (nf.hour, nf.minute) == (7, 30)


def test_next_fire_weekdays_friday_to_monday():
    p = plan("07:30", "weekdays")
    fri_after = local(LONDON, 2024, 11, 22, 8, 0)  # Friday
    assert fri_after.weekday() == 4
    assert next_fire(p, fri_after) == local(LONDON, 2024, 11, 25, 7, 30)  # Monday
    assert next_fire(p, local(LONDON, 2024, 11, 23, 12, 0)) == local(LONDON, 2024, 11, 25, 7, 30)


def test_next_fire_specific_days():
    p = plan("09:00", "tue,thu")
    assert next_fire(p, local(LONDON, 2024, 11, 25, 0, 0)) == local(LONDON, 2024, 11, 26, 9, 0)
    assert next_fire(p, local(LONDON, 2024, 11, 26, 9, 1)) == local(LONDON, 2024, 11, 28, 9, 0)


def test_next_fire_rejects_naive():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_fire(plan(), dt.datetime(2024, 11, 25, 6, 0))


def test_london_spring_forward_gap_fires_at_first_valid_moment():
    # 2024-03-31: 01:00 GMT -> 02:00 BST, so 01:30 doesn't exist that day.
    p = plan("01:30")
    nf = next_fire(p, local(LONDON, 2024, 3, 30, 12, 0))
    assert nf.astimezone(UTC) == utc(2024, 3, 31, 1, 0)
    assert (nf.hour, nf.minute) == (2, 0)
    # The day after is normal again.
    assert next_fire(p, nf).astimezone(UTC) == utc(2024, 4, 1, 0, 30)
    # A time not in the gap just moves with the offset.
    assert next_fire(plan("07:30"), local(LONDON, 2024, 3, 31, 0, 0)).astimezone(UTC) == utc(2024, 3, 31, 6, 30)


def test_london_fall_back_fires_the_first_of_the_repeated_times():
    # 2024-10-27: 02:00 BST -> 01:00 GMT, so 01:30 happens twice.
    p = plan("01:30")
    nf = next_fire(p, local(LONDON, 2024, 10, 26, 12, 0))
    assert nf.astimezone(UTC) == utc(2024, 10, 27, 0, 30)  # 01:30 BST, the first one
    # From between the two 01:30s, the next start is tomorrow, not the repeat.
    between = utc(2024, 10, 27, 1, 0).astimezone(LONDON)
    assert next_fire(p, between).astimezone(UTC) == utc(2024, 10, 28, 1, 30)


def test_new_york_spring_forward_and_fall_back():
    # 2024-03-10: 02:00 EST -> 03:00 EDT.
    nf = next_fire(plan("02:30"), local(NEW_YORK, 2024, 3, 9, 12, 0))
    assert nf.astimezone(UTC) == utc(2024, 3, 10, 7, 0) and (nf.hour, nf.minute) == (3, 0)
    # 2024-11-03: 02:00 EDT -> 01:00 EST; 01:30 EDT is the first.
    nf = next_fire(plan("01:30"), local(NEW_YORK, 2024, 11, 2, 12, 0))
    assert nf.astimezone(UTC) == utc(2024, 11, 3, 5, 30)
    assert next_fire(plan("01:30"), nf).astimezone(UTC) == utc(2024, 11, 4, 6, 30)


# ---------------------------------------------------------------------------------- scheduler


def test_fires_exactly_once_a_day_when_polled_every_30s():
    s = MorningScheduler(plan("07:30"), LONDON)
    events = run(s, local(LONDON, 2024, 11, 25, 6, 0), local(LONDON, 2024, 11, 27, 9, 0))
    assert [d.action for _, d in events] == ["fire", "fire", "fire"]
    assert [t.astimezone(LONDON).strftime("%d %H:%M") for t, _ in events] == ["25 07:30", "26 07:30", "27 07:30"]
    d = events[0][1]
    assert d.message == "Morning routine starting (scheduled 07:30 Mon 25 Nov)."
    assert d.scheduled == local(LONDON, 2024, 11, 25, 7, 30)


def test_wait_decision_names_the_next_start():
    s = MorningScheduler(plan("07:30"), LONDON)
    d = s.poll(local(LONDON, 2024, 11, 25, 6, 0))
    assert d.action == "wait"
    assert d.scheduled == local(LONDON, 2024, 11, 25, 7, 30)
    assert "07:30 Mon 25 Nov" in d.message


def test_weekdays_only_skips_the_weekend_silently():
    s = MorningScheduler(plan("07:30", "weekdays"), LONDON)
    events = run(s, local(LONDON, 2024, 11, 22, 6, 0), local(LONDON, 2024, 11, 25, 9, 0), step_s=60)
    assert [(t.astimezone(LONDON).strftime("%a"), d.action) for t, d in events] == [("Fri", "fire"), ("Mon", "fire")]
    assert s.missed_note() is None


@pytest.mark.parametrize(
    "tz, at, start, end, fire_utc",
    [
        (LONDON, "01:30", utc(2024, 3, 30, 20), utc(2024, 3, 31, 6), utc(2024, 3, 31, 1, 0)),      # gap
        (LONDON, "01:30", utc(2024, 10, 26, 20), utc(2024, 10, 27, 6), utc(2024, 10, 27, 0, 30)),  # repeat
        (NEW_YORK, "02:30", utc(2024, 3, 10, 1), utc(2024, 3, 10, 12), utc(2024, 3, 10, 7, 0)),    # gap
        (NEW_YORK, "01:30", utc(2024, 11, 3, 1), utc(2024, 11, 3, 12), utc(2024, 11, 3, 5, 30)),   # repeat
        (NEW_YORK, "07:00", utc(2024, 11, 3, 1), utc(2024, 11, 3, 14), utc(2024, 11, 3, 12, 0)),
    ],
)
def test_scheduler_through_dst_changes_fires_once_at_the_right_instant(tz, at, start, end, fire_utc):
    s = MorningScheduler(plan(at), tz)
    events = run(s, start, end)
    assert [(t, d.action) for t, d in events] == [(fire_utc, "fire")]


def test_short_sleep_within_grace_still_fires_once():
    s = MorningScheduler(plan("07:30"), LONDON)
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 20)).action == "wait"
    # Machine asleep 07:20 -> 07:45.
    d = s.poll(local(LONDON, 2024, 11, 25, 7, 45))
    assert d.action == "fire"
    assert d.late == dt.timedelta(minutes=15)
    assert d.message == "Morning routine starting 15 min late (scheduled 07:30 Mon 25 Nov)."
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 46)).action == "wait"
    assert s.missed_note() is None


def test_long_sleep_skips_with_message_and_a_note_said_once():
    s = MorningScheduler(plan("07:30"), LONDON)
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 0)).action == "wait"
    d = s.poll(local(LONDON, 2024, 11, 25, 9, 40))
    assert d.action == "skip"
    assert d.scheduled == local(LONDON, 2024, 11, 25, 7, 30)
    assert d.message.startswith("Missed the 07:30 start by 2 h 10 min (the machine was asleep")
    assert d.message.endswith("skipping today. Next: 07:30 Tue 26 Nov.")
    assert s.poll(local(LONDON, 2024, 11, 25, 9, 41)).action == "wait"
    # The next day fires as usual, and the note is there to say first.
    assert s.poll(local(LONDON, 2024, 11, 26, 7, 30)).action == "fire"
    note = s.missed_note(local(LONDON, 2024, 11, 26, 7, 30))
    assert note == "I didn't wake you yesterday, because the computer was asleep at 7:30."
    assert s.missed_note() is None


def test_missed_note_wording_depends_on_when_it_is_said():
    def skipped() -> MorningScheduler:
        s = MorningScheduler(plan("07:30"), LONDON)
        s.poll(local(LONDON, 2024, 11, 25, 7, 0))
        assert s.poll(local(LONDON, 2024, 11, 25, 11, 0)).action == "skip"
        return s

    assert "this morning" in skipped().missed_note(local(LONDON, 2024, 11, 25, 11, 0))
    assert "on Monday," in skipped().missed_note(local(LONDON, 2024, 11, 28, 7, 30))
    assert "on Monday," in skipped().missed_note()
    assert "the 25th of November" in skipped().missed_note(local(LONDON, 2024, 12, 9, 7, 30))


def test_off_for_a_long_weekend_skips_once_for_the_latest_day():
    s = MorningScheduler(plan("07:30"), LONDON)
    s.poll(local(LONDON, 2024, 11, 22, 7, 0))
    d = s.poll(local(LONDON, 2024, 11, 25, 10, 0))
    assert d.action == "skip" and d.scheduled == local(LONDON, 2024, 11, 25, 7, 30)
    assert "2 h 30 min" in d.message
    assert s.poll(local(LONDON, 2024, 11, 25, 10, 1)).action == "wait"


def test_clock_jump_forward_a_little_still_fires():
    s = MorningScheduler(plan("07:30"), LONDON)
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 20)).action == "wait"
    # NTP corrects the clock by +20 min between two polls 30 s apart.
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 40, 30)).action == "fire"


def test_clock_jump_forward_a_lot_skips():
    s = MorningScheduler(plan("07:30"), LONDON)
    assert s.poll(local(LONDON, 2024, 11, 25, 6, 0)).action == "wait"
    assert s.poll(local(LONDON, 2024, 11, 25, 12, 0)).action == "skip"


def test_clock_set_back_after_firing_does_not_fire_again():
    s = MorningScheduler(plan("07:30"), LONDON)
    events = run(s, local(LONDON, 2024, 11, 25, 7, 0), local(LONDON, 2024, 11, 25, 7, 45))
    assert [d.action for _, d in events] == ["fire"]
    # Someone sets the clock back an hour; 07:30 comes round again on the wall.
    again = run(s, local(LONDON, 2024, 11, 25, 6, 45), local(LONDON, 2024, 11, 25, 9, 0))
    assert again == []


def test_clock_set_back_a_day_after_firing_does_not_refire_yesterday():
    s = MorningScheduler(plan("07:30"), LONDON)
    events = run(s, local(LONDON, 2024, 11, 24, 7, 0), local(LONDON, 2024, 11, 25, 8, 0), step_s=60)
    assert [d.action for _, d in events] == ["fire", "fire"]
    assert s.poll(local(LONDON, 2024, 11, 24, 7, 45)).action == "wait"
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 50)).action == "wait"


def test_clock_set_back_before_the_time_just_waits_and_then_fires():
    s = MorningScheduler(plan("07:30"), LONDON)
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 29)).action == "wait"
    assert s.poll(local(LONDON, 2024, 11, 25, 6, 29)).action == "wait"
    events = run(s, local(LONDON, 2024, 11, 25, 6, 30), local(LONDON, 2024, 11, 25, 8, 0))
    assert [(t.astimezone(LONDON).strftime("%H:%M"), d.action) for t, d in events] == [("07:30", "fire")]


def test_clock_briefly_jumping_years_ahead_does_not_block_today():
    s = MorningScheduler(plan("07:30"), LONDON)
    s.poll(local(LONDON, 2024, 11, 25, 6, 0))
    assert s.poll(local(LONDON, 2031, 1, 1, 12, 0)).action == "skip"
    s.poll(local(LONDON, 2024, 11, 25, 6, 1))
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 30)).action == "fire"


def test_restart_with_persisted_state_does_not_fire_twice():
    p = plan("07:30")
    s = MorningScheduler(p, LONDON)
    s.poll(local(LONDON, 2024, 11, 25, 7, 0))
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 30)).action == "fire"
    saved = json.loads(json.dumps(s.state()))
    # The routine crashes; systemd restarts the process a few minutes later.
    s2 = MorningScheduler(p, LONDON, state=saved)
    assert s2.poll(local(LONDON, 2024, 11, 25, 7, 34)).action == "wait"
    assert s2.poll(local(LONDON, 2024, 11, 26, 7, 30)).action == "fire"


def test_restart_keeps_the_missed_note_and_knows_it_was_watching():
    p = plan("07:30")
    s = MorningScheduler(p, LONDON)
    s.poll(local(LONDON, 2024, 11, 25, 6, 0))
    saved = json.loads(json.dumps(s.state()))
    # Machine off from 06:00 to 10:00; the restarted process must still notice the miss.
    s2 = MorningScheduler(p, LONDON, state=saved)
    assert s2.poll(local(LONDON, 2024, 11, 25, 10, 0)).action == "skip"
    s3 = MorningScheduler(p, LONDON, state=json.loads(json.dumps(s2.state())))
    assert s3.missed_note() is not None
    assert MorningScheduler(p, LONDON, state=s3.state()).missed_note() is None


def test_first_ever_start_after_the_time_is_not_a_miss():
    s = MorningScheduler(plan("07:30"), LONDON)
    d = s.poll(local(LONDON, 2024, 11, 25, 14, 0))
    assert d.action == "wait" and d.scheduled == local(LONDON, 2024, 11, 26, 7, 30)
    assert s.missed_note() is None


def test_first_ever_start_within_grace_fires():
    s = MorningScheduler(plan("07:30"), LONDON)
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 40)).action == "fire"


def test_zero_grace_fires_on_time_and_skips_late():
    s = MorningScheduler(plan("07:30", grace=0), LONDON)
    s.poll(local(LONDON, 2024, 11, 25, 7, 0))
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 30)).action == "fire"
    s.poll(local(LONDON, 2024, 11, 26, 7, 0))
    assert s.poll(local(LONDON, 2024, 11, 26, 7, 31)).action == "skip"


def test_poll_accepts_any_aware_time_and_rejects_naive():
    s = MorningScheduler(plan("07:30"), NEW_YORK)
    s.poll(utc(2024, 11, 25, 11, 0))   # 06:00 EST
    assert s.poll(utc(2024, 11, 25, 12, 30)).action == "fire"
    with pytest.raises(ValueError):
        s.poll(dt.datetime(2024, 11, 25, 7, 30))


def test_bad_state_is_tolerated():
    s = MorningScheduler(plan("07:30"), LONDON, state={"handled": ["nope", "2024-11-24"], "missed": {"date": "x"}})
    assert s.missed_note() is None
    s.poll(local(LONDON, 2024, 11, 25, 7, 0))
    assert s.poll(local(LONDON, 2024, 11, 25, 7, 30)).action == "fire"


def test_state_is_json_and_bounded():
    s = MorningScheduler(plan("07:30"), LONDON)
    run(s, local(LONDON, 2024, 1, 1, 7, 0), local(LONDON, 2024, 4, 1, 8, 0), step_s=1800)
    st = s.state()
    json.dumps(st)
    assert 30 <= len(st["handled"]) <= 82
