"""`voice-companion journal summary DAY`: a short summary written by the default model, marked as
machine-written, that never sees or retells a crisis turn and never gives the person a feeling
they did not name."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from voice_companion.config import data_dir
from voice_companion.conversation import journal_summary as js

DAY = "2026-12-06"
NIGHT = [
    {"time": "21:02", "who": "you", "text": "I can't sleep again, my mind keeps going over the meeting tomorrow"},
    {"time": "21:02", "who": "companion", "text": "That sounds tiring. Would you like to try 4-7-8 breathing, or talk for a bit?"},
    {"time": "21:03", "who": "you", "text": "just talk. I keep thinking my boss will say my work isn't good enough"},
    {"time": "21:05", "who": "note", "text": "a crisis answer was given"},
    {"time": "21:08", "who": "you", "text": "okay let's do the breathing"},
    {"time": "21:08", "who": "companion", "text": "Let's breathe together. 4-7-8 breathing."},
]


class Recording:
    """The real model, with every request it was given kept for the test to read."""

    def __init__(self, backend) -> None:
        self.backend, self.requests = backend, []

    def stream_chat(self, messages, **kwargs):
        self.requests.append(messages)
        return self.backend.stream_chat(messages, **kwargs)


def test_the_model_never_sees_the_crisis_note_and_the_crisis_is_told_in_fixed_words():
    lines, crises = js.conversation_lines(NIGHT)
    assert crises == ["21:05"]
    assert not any("crisis" in line for line in lines)
    assert lines[0].startswith("Person: ") and lines[1].startswith("Companion: ")


def test_a_feeling_the_person_never_named_is_not_written():
    said = "Person: I can't sleep, my mind keeps going over the meeting and I feel like a failure"
    assert js.unsaid_feeling("You began to feel calmer after the breathing.", said) == "calmer"
    assert js.unsaid_feeling("You felt anxious about the meeting.", said) == "anxious"
    assert js.unsaid_feeling("You talked about not sleeping and the meeting.", said) is None
    assert js.unsaid_feeling("You said you were worried.", "Person: I'm so worried about it") is None
    assert js.unsaid_feeling("You talked about your sadness.", "Person: I just feel sad") is None
    assert js.unsaid_feeling("You felt calmer.", "Person: a bit calm now") is None
    assert js.unsaid_feeling("You felt relieved.", "Person: I feel relaxed") == "relieved"
    assert js.unsaid_feeling("You felt hopeless.", "Person: I hope it gets better") == "hopeless"


def test_a_long_day_keeps_its_latest_lines_within_the_context():
    lines = [f"Person: line {i} " + "word " * 40 for i in range(200)]
    kept, cut = js.fit(lines, js.budget_for(2048, 120))
    assert cut and kept[-1] == lines[-1]
    assert sum(len(line) + 1 for line in kept) <= js.budget_for(2048, 120)
    assert js.fit(lines[:3], 10_000) == (lines[:3], False)


@pytest.mark.default_model
def test_the_default_model_writes_a_short_marked_summary(default_backend):
    model = Recording(default_backend)
    lines, code = js.summarise(DAY, NIGHT, model, context_tokens=2048, max_tokens=120)
    assert code == 0, lines
    header, body = lines[0], lines[1:]
    assert "written by the language model" in header and f"journal show {DAY}" in header
    assert body[-1] == "At 21:05, a crisis answer was given, with a helpline."
    summary = body[:-1]
    assert 1 <= len(summary) <= js.MAX_SENTENCES, lines
    said = " ".join(e["text"] for e in NIGHT if e["who"] == "you")
    for sentence in summary:
        assert sentence[-1] in ".!?…" and not js._ECHO.match(sentence), sentence
        assert js.unsaid_feeling(sentence, said) is None, sentence
    sent = json.dumps(model.requests)
    assert "crisis" not in sent.lower()


def test_without_a_language_model_the_summary_says_so_and_where_the_note_is():
    lines, code = js.summarise(DAY, NIGHT, None, context_tokens=2048, max_tokens=120)
    assert code == 1 and "can't reach a language model" in lines[0] and f"journal show {DAY}" in lines[0]


def test_the_command_summarises_a_day_or_says_plainly_why_not(tmp_path):
    exe = str(Path(sys.executable).with_name("voice-companion"))
    config = tmp_path / "config.toml"
    config.write_text('[llm]\nbackend = "embedded"\ngguf = "/nowhere/model.gguf"\n')

    def run(*args):
        return subprocess.run([exe, "--config", str(config), "journal", *args], capture_output=True, text=True,
                              timeout=120, env=dict(os.environ))

    today = datetime.date.today().isoformat()
    assert "Nothing kept for" in run("summary", today).stdout
    (data_dir() / "journal").mkdir(parents=True, exist_ok=True)
    (data_dir() / "journal" / f"{DAY}.json").write_text(json.dumps(NIGHT))
    no_model = run("summary", DAY)
    assert no_model.returncode == 1 and "can't reach a language model" in no_model.stdout, no_model
    assert "Traceback" not in no_model.stderr
    bad = run("summary", "last tuesday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stdout
