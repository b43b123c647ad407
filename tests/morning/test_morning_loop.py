"""The long-lived `morning` loop: polls the scheduler, fires once, keeps its state on disk."""

import argparse
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from voice_companion.channels.text import TextChannel
from voice_companion.config import ConfigError, load_config
from voice_companion.morning.notes import state_path
from voice_companion.morning.routine import run_morning

TZ = ZoneInfo("Europe/London")


def args(**kw):
    return argparse.Namespace(now=False, fast=True, out=None, **kw)


def test_fires_once_at_the_time_and_not_again_after_a_restart(capsys):
    cfg = load_config(overrides=[("morning.at", "07:30", "test")])
    clock = [dt.datetime(2026, 11, 23, 7, 29, 40, tzinfo=TZ)]
    made = []

    def channel():
        ch = TextChannel(inp=io.StringIO("yes\n" + "done\n" * 6 + "a walk\n"), out=io.StringIO(), fast=True)
        made.append(ch)
        return ch

    def sleep(seconds):
        clock[0] += dt.timedelta(seconds=seconds)

    run_morning(cfg, args(), channel, now=lambda: clock[0], sleep=sleep, polls=6, tz=TZ)
    assert len(made) == 1 and "wiggle your toes" in made[0].out.getvalue()
    assert state_path().exists()
    err = capsys.readouterr().err
    assert "Morning routine starting" in err and "Morning routine ended: done" in err
    # The process restarts two minutes later, on the same morning: no second wake-up.
    clock[0] += dt.timedelta(minutes=2)
    run_morning(cfg, args(), channel, now=lambda: clock[0], sleep=sleep, polls=3, tz=TZ)
    assert len(made) == 1


def test_no_time_set_is_explained():
    with pytest.raises(ConfigError, match="--at 07:30"):
        run_morning(load_config(), args(), lambda: None, polls=1, tz=TZ)


def test_a_bad_time_is_explained():
    with pytest.raises(ConfigError, match=r"--at: morning.at = 'half past seven-ish': .*07:30"):
        load_config(overrides=[("morning.at", "half past seven-ish", "--at")])
