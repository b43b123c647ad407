"""Files under the data directory: atomic, private, and honest about damage and full disks.
Real processes are killed mid-write; the full disk is a real 64 KB tmpfs when the tests run as
root, otherwise a directory whose writes fail as a full disk's do."""

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest
from fakes import REPO

from voice_companion import state
from voice_companion.config import data_dir


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_in_a_private_directory():
    path = data_dir() / "morning-notes.json"
    assert state.save_json(path, {"answers": {"values": {"one_thing": "call my sister"}}}, what="the morning notes")
    assert mode(data_dir()) == 0o700 and mode(path) == 0o600
    assert json.loads(path.read_text())["answers"]["values"]["one_thing"] == "call my sister"
    assert state.append_line(data_dir() / "safety.log", '{"event": "guard"}', what="the safety log entry")
    assert mode(data_dir() / "safety.log") == 0o600


def test_an_older_open_directory_and_log_are_made_private():
    d = data_dir()
    d.mkdir(parents=True)
    os.chmod(d, 0o755)
    log = d / "safety.log"
    log.write_text('{"event": "old"}\n')
    os.chmod(log, 0o644)
    state.append_line(log, '{"event": "new"}', what="the safety log entry")
    assert mode(d) == 0o700 and mode(log) == 0o600
    assert log.read_text().splitlines() == ['{"event": "old"}', '{"event": "new"}']


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file():
    path = data_dir() / "exercises-done.json"
    state.write_json(path, ["box_breathing"])
    with pytest.raises(RuntimeError):
        with state.atomic_writer(path) as f:
            f.write(b'["box_breathing", "grou')
            raise RuntimeError("the process fell over here")
    assert json.loads(path.read_text()) == ["box_breathing"]
    assert sorted(p.name for p in data_dir().iterdir()) == ["exercises-done.json"]


WRITER = """
import sys
from pathlib import Path
from voice_companion import state
path = Path(sys.argv[1])
n = 0
print("ready", flush=True)
while True:
    n += 1
    # Big enough that a kill lands inside the write most of the time.
    state.write_json(path, {"version": n, "notes": ["a quiet line of notes"] * 40000})
"""


def test_kill_9_during_a_write_never_leaves_half_a_file(tmp_path):
    path = data_dir() / "morning-notes.json"
    state.write_json(path, {"version": 0, "notes": []})
    seen = set()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for i in range(12):
        p = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, env=env)
        assert p.stdout.readline().strip() == b"ready"
        time.sleep(0.05 + 0.037 * i)  # land at different points of the write
        p.send_signal(signal.SIGKILL)
        p.wait()
        data = json.loads(path.read_text())  # the old version or the new one, whole
        assert data["version"] == 0 or len(data["notes"]) == 40000
        seen.add(data["version"])
    assert len(seen) > 1  # the writers did get files written between kills
    # A temp file a killed writer left behind is cleared by the next write of that file.
    state.write_json(path, {"version": -1, "notes": []})
    assert [p.name for p in data_dir().iterdir()] == ["morning-notes.json"]


def test_a_damaged_state_file_is_kept_aside_and_reported(capsys):
    path = data_dir() / "exercises-done.json"
    data_dir().mkdir(parents=True)
    path.write_text('["box_breathing", "grounding_5')  # cut short, as a crash could leave it
    assert state.load_json(path, list, what="the list of exercises done") is None
    err = capsys.readouterr().err
    assert "exercises-done.json" in err and "damaged" in err and "exercises-done.json.corrupt" in err
    assert (data_dir() / "exercises-done.json.corrupt").read_text() == '["box_breathing", "grounding_5'
    assert not path.exists()
    path.write_text('{"not": "a list"}')
    assert state.load_json(path, list, what="the list of exercises done") is None
    assert "expected a JSON list" in capsys.readouterr().err


def test_no_file_yet_is_not_damage(capsys):
    assert state.load_json(data_dir() / "morning-state.json", what="the morning schedule's record") is None
    assert capsys.readouterr().err == ""


@pytest.fixture()
def full_data_dir(tmp_path, monkeypatch):
    """The data directory on a disk with no space left."""
    d = tmp_path / "full"
    d.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(d)], capture_output=True).returncode == 0
    monkeypatch.setenv("VOICE_COMPANION_DATA_DIR", str(d))
    if mounted:
        try:
            with open(d / "filler", "wb") as f:
                while True:
                    f.write(b"x" * 4096)
                    f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    else:
        real_write = os.write

        def write(fd, data):
            if os.readlink(f"/proc/self/fd/{fd}").startswith(str(d)):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        monkeypatch.setattr(state.os, "write", write)
        real_fdopen = os.fdopen
        monkeypatch.setattr(state.os, "fdopen", lambda fd, m: _FullFile(real_fdopen(fd, m)))
    yield d
    if mounted:
        subprocess.run(["umount", str(d)], check=True)


class _FullFile:
    def __init__(self, f):
        self.f = f

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.f, name)


def test_a_full_disk_is_said_plainly_once_and_nothing_half_written_is_left(full_data_dir, capsys):
    path = full_data_dir / "morning-notes.json"
    big = {"notes": ["a line that will not fit"] * 5000}
    assert state.save_json(path, big, what="the morning notes") is False
    assert state.save_json(path, big, what="the morning notes") is False
    assert state.append_line(full_data_dir / "safety.log", "x" * 9000, what="the safety log entry") is False
    err = capsys.readouterr().err
    assert err.count("morning-notes.json") == 1  # once, not on every try
    assert "the disk is full" in err and "without saving the morning notes" in err and "Free some space" in err
    assert "Traceback" not in err
    assert not path.exists()
    assert not [p for p in full_data_dir.iterdir() if p.name.endswith(".tmp")]


def test_the_morning_routine_carries_on_when_the_disk_is_full(full_data_dir, capsys):
    import argparse
    import datetime as dt
    import io
    from zoneinfo import ZoneInfo

    from voice_companion.channels.text import TextChannel
    from voice_companion.config import load_config
    from voice_companion.morning.routine import run_morning

    tz = ZoneInfo("Europe/London")
    cfg = load_config(overrides=[("morning.at", "07:30", "test")])
    clock = [dt.datetime(2026, 11, 23, 7, 29, 40, tzinfo=tz)]
    made = []

    def channel():
        made.append(TextChannel(inp=io.StringIO("yes\n" + "done\n" * 6 + "a walk\n"), out=io.StringIO(), fast=True))
        return made[-1]

    def sleep(seconds):
        clock[0] += dt.timedelta(seconds=seconds)

    assert run_morning(cfg, argparse.Namespace(now=False, fast=True, out=None), channel,
                       now=lambda: clock[0], sleep=sleep, polls=6, tz=tz) == 0
    err = capsys.readouterr().err
    assert "Morning routine ended: done" in err  # the whole routine ran
    assert "wiggle your toes" in made[0].out.getvalue()
    assert "the disk is full" in err and "Traceback" not in err


def test_a_damaged_exercise_history_is_reported_not_silently_reset(capsys):
    from voice_companion.conversation.companion import _exercises_done

    data_dir().mkdir(parents=True)
    (data_dir() / "exercises-done.json").write_text('["breathing_478", "box_brea')
    assert _exercises_done(add="box_breathing") == {"box_breathing"}
    assert "damaged" in capsys.readouterr().err
    assert (data_dir() / "exercises-done.json.corrupt").exists()
    assert _exercises_done() == {"box_breathing"}
    assert mode(data_dir() / "exercises-done.json") == 0o600
