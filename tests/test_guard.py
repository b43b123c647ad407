"""Output guard: each LLM sentence is checked before it is spoken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voice_companion.guard import REPLACEMENTS, guard_sentence

ROWS = [json.loads(line) for line in open(Path(__file__).parent / "data" / "guard_set.jsonl")]
BLOCK = [r for r in ROWS if r["block"]]
ALLOW = [r for r in ROWS if not r["block"]]


def test_set_size() -> None:
    assert len(BLOCK) >= 40 and len(ALLOW) >= 40


@pytest.mark.parametrize("row", BLOCK, ids=[r["text"][:40] for r in BLOCK])
def test_blocks(row: dict) -> None:
    verdict = guard_sentence(row["text"])
    assert not verdict.allowed
    assert verdict.reason == row["reason"]
    assert verdict.text == REPLACEMENTS[row["reason"]]


@pytest.mark.parametrize("row", ALLOW, ids=[r["text"][:40] for r in ALLOW])
def test_allows(row: dict) -> None:
    verdict = guard_sentence(row["text"])
    assert verdict.allowed, verdict
    assert verdict.text == row["text"] and verdict.reason is None


def test_summary() -> None:
    blocked = sum(not guard_sentence(r["text"]).allowed for r in BLOCK)
    allowed = sum(guard_sentence(r["text"]).allowed for r in ALLOW)
    print(f"\nguard: blocked {blocked}/{len(BLOCK)}, allowed {allowed}/{len(ALLOW)}")


def test_agreement_blocked_only_after_delusional_user_text() -> None:
    user = "someone is watching me through the tv"
    assert guard_sentence("Yes, that could be true.", user).reason == "delusion"
    assert guard_sentence("Yes, that could be true.", "is it going to rain tomorrow").allowed
    assert guard_sentence("Yes, that sounds really frightening.", user).allowed


def test_replacements_are_calm_and_short() -> None:
    for line in REPLACEMENTS.values():
        assert "!" not in line and len(line.split()) <= 25
