"""The opt-in journal: off by default; "keep a note of this" or user.journal turns it on; a crisis
turn is kept only as "a crisis answer was given"; "forget what I just said" works by voice; the
command lists, shows and really deletes."""

from __future__ import annotations

import datetime
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

from fakes import FixedLLM

from voice_companion.app.runtime import load_exercises
from voice_companion.channels.text import TextChannel
from voice_companion.config import data_dir
from voice_companion.conversation import journal
from voice_companion.conversation.companion import Companion, SessionOptions

TODAY = datetime.date.today().isoformat()


class Recorder:
    name, model = "embedded", "recorder"

    def stream_chat(self, messages, *, cancel=None):
        yield "I'm here with you."

    def classify(self, system, user, choices):
        return None


def converse(lines, *, journal_on=False):
    out = io.StringIO()
    channel = TextChannel(inp=io.StringIO("\n".join(lines) + "\n"), out=out, fast=True)
    companion = Companion(channel, load_exercises()[0], llm=FixedLLM(Recorder()),
                          options=SessionOptions(fast=True, journal=journal_on))
    companion.run()
    return out.getvalue(), companion


def test_nothing_is_kept_by_default():
    converse(["my day was long and grey"])
    assert journal.days() == []
    assert not (data_dir() / "journal").exists()


def test_keep_a_note_of_this_keeps_the_rest_of_the_conversation():
    said, _ = converse(["i slept badly", "keep a note of this", "my day was long and grey"])
    assert journal.KEEPING_LINE in said
    kept = "\n".join(journal.show(TODAY))
    assert "you: my day was long and grey" in kept and "companion: I'm here with you." in kept
    assert "slept badly" not in kept  # before it was asked for
    path = data_dir() / "journal" / f"{TODAY}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_crisis_turn_is_kept_only_as_a_note():
    converse(["i feel numb", "i want to kill myself", "i am safe now"], journal_on=True)
    kept = "\n".join(journal.show(TODAY))
    assert journal.CRISIS_NOTE in kept
    assert "kill" not in kept
    assert "i feel numb" in kept


def test_forget_what_i_just_said_takes_it_out_of_the_note_and_the_history():
    said, companion = converse(["my sister called", "forget what i just said", "i made tea"], journal_on=True)
    assert journal.FORGOT_LINE in said
    kept = "\n".join(journal.show(TODAY))
    assert "sister" not in kept and "i made tea" in kept
    assert not any("sister" in m["content"] for m in companion.history)


def test_forget_inside_a_longer_sentence_is_not_a_command():
    said, _ = converse(["forget that i want to die"], journal_on=True)
    assert journal.FORGOT_LINE not in said
    assert "988" in said


def test_the_command_lists_shows_and_really_forgets(tmp_path):
    converse(["my day was long and grey"], journal_on=True)
    exe = str(Path(sys.executable).with_name("voice-companion"))

    def run(*args):
        return subprocess.run([exe, "journal", *args], capture_output=True, text=True, timeout=120, env=dict(os.environ))

    assert TODAY in run().stdout
    assert "long and grey" in run("show", TODAY).stdout
    assert "gone" in run("forget", TODAY).stdout
    assert journal.days() == [] and TODAY not in run().stdout
    converse(["another day"], journal_on=True)
    assert "1 journal day" in run("forget", "--all").stdout and journal.days() == []
    bad = run("show", "yesterday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stdout
