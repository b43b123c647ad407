"""Healthy-use nudges, with explicit times (no real clock)."""

from __future__ import annotations

import datetime as dt

from voice_companion.conversation.care import CareNudges, first_run_note

DAY = dt.datetime(2026, 3, 10, 14, 0)


def _turns(care: CareNudges, times_min: list[float], wall: dt.datetime = DAY, text: str = "hm"):
    return [
        care.after_turn(now_monotonic=m * 60, wall=wall + dt.timedelta(minutes=m), user_text=text)
        for m in times_min
    ]


def test_quiet_most_of_the_time() -> None:
    care = CareNudges()
    assert _turns(care, [0, 1, 2, 5, 10]) == [None] * 5


def test_break_after_continuous_use_then_again_only_after_another_period() -> None:
    care = CareNudges(break_after_min=20)
    out = _turns(care, [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40])
    nudges = [i for i, line in enumerate(out) if line]
    assert nudges == [5, 10]  # at 20 min, then at 40 min
    assert "break" in out[5]


def test_long_gap_resets_continuity() -> None:
    care = CareNudges(break_after_min=20)
    # 16 min of use, a 14 min pause, then 20 min more: only the second run reaches 20 minutes.
    out = _turns(care, [0, 4, 8, 12, 16, 30, 34, 38, 42, 46, 50])
    assert all(line is None for line in out[:10])
    assert out[10] is not None


def test_sleep_nudge_once_per_night_across_midnight() -> None:
    care = CareNudges()
    night = dt.datetime(2026, 3, 10, 23, 30)
    seq = [
        (0, night),
        (60, night + dt.timedelta(minutes=1)),
        (120, dt.datetime(2026, 3, 11, 0, 40)),  # after midnight, same night
        (180, dt.datetime(2026, 3, 11, 3, 0)),
    ]
    out = [care.after_turn(now_monotonic=m, wall=w, user_text="hi") for m, w in seq]
    assert out[0] and "late" in out[0]
    assert out[1:] == [None, None, None]
    # next night, it can come once more
    nxt = care.after_turn(now_monotonic=10_000, wall=dt.datetime(2026, 3, 12, 1, 0), user_text="hi")
    assert nxt and "late" in nxt


def test_no_sleep_nudge_in_the_day() -> None:
    care = CareNudges()
    assert care.after_turn(now_monotonic=0, wall=dt.datetime(2026, 3, 10, 5, 0), user_text="x") is None
    assert care.after_turn(now_monotonic=1, wall=dt.datetime(2026, 3, 10, 22, 59), user_text="x") is None


def test_people_nudge_spacing() -> None:
    care = CareNudges(people_every=4)
    texts = ["my friend called", "my mum is worried", "my sister visited", "my partner is away",
             "my friend again", "the weather", "my colleague", "my boss"]
    out = [care.after_turn(now_monotonic=i * 30, wall=DAY, user_text=t) for i, t in enumerate(texts)]
    nudged = [i for i, line in enumerate(out) if line]
    assert nudged == [0, 4]
    assert all(b - a > 1 for a, b in zip(nudged, nudged[1:]))


def test_people_never_twice_in_a_row_even_with_every_one() -> None:
    care = CareNudges(people_every=1)
    out = [care.after_turn(now_monotonic=i * 30, wall=DAY, user_text="my friend") for i in range(6)]
    flags = [line is not None for line in out]
    assert not any(a and b for a, b in zip(flags, flags[1:]))
    assert any(flags)


def test_therapist_mentioned_when_they_have_one() -> None:
    care = CareNudges(has_therapist=True)
    line = care.after_turn(now_monotonic=0, wall=DAY, user_text="my therapist said to rest")
    assert line and "therapist" in line
    plain = CareNudges().after_turn(now_monotonic=0, wall=DAY, user_text="my friend is away")
    assert plain and "therapist" not in plain


def test_one_nudge_per_turn() -> None:
    care = CareNudges(break_after_min=1)
    late = dt.datetime(2026, 3, 10, 23, 30)
    care.after_turn(now_monotonic=0, wall=DAY, user_text="hi")
    line = care.after_turn(now_monotonic=61, wall=late, user_text="my friend")
    assert isinstance(line, str) and line.count(".") <= 3


def test_first_run_note() -> None:
    text = " ".join(first_run_note())
    assert "not a therapist" in text and "crisis" in text and "help line" in text
