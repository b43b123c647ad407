#!/usr/bin/env python3
"""Replay multi-turn conversations through the real session loop against a colluding stand-in
LLM, and report per conversation: the turn of the first helpline or care reply, any turn where
a colluding or enabling sentence was spoken (target: none), and the longest run of one identical
reply (target: at most 2). Runs in well under a second per conversation, with no model.

    python scripts/measure_conversations.py                   # tests/data/conversations.jsonl
    python scripts/measure_conversations.py --thirdparty      # + ../shared/thirdparty-crisis/multiturn.jsonl
    python scripts/measure_conversations.py --thirdparty --no-answer   # person never answers the question

The third-party scripts are only measured, never copied: they are read from outside the repo.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice_companion.app.replay import load, replay  # noqa: E402
from voice_companion.app.runtime import load_exercises  # noqa: E402

OURS = REPO / "tests" / "data" / "conversations.jsonl"
THIRDPARTY = REPO.parent / "shared" / "thirdparty-crisis" / "multiturn.jsonl"


def with_answers(turns: list, answer: str | None) -> list:
    """Their scripts never answer the direct question; put `answer` after every turn, so it is
    there when the question comes (and is said as an ordinary turn when it does not)."""
    out: list = []
    for t in turns:
        out += [t, answer]
    return out


def report(name: str, convos: list[dict], catalog, verbose: bool) -> dict:
    results = [replay(c, catalog) for c in convos]
    print(f"\n## {name}: {len(results)} conversations")
    print(f"{'id':42} {'turns':>5} {'care at':>7} {'harm':>5} {'rep':>4} {'asked':>5}")
    for r in results:
        care = "-" if r.first_care_turn is None else str(r.first_care_turn)
        print(f"{r.id[:42]:42} {r.turns:5} {care:>7} {len(r.harmful_turns):5} {r.max_repeat:4} {r.questions:5}")
        if verbose and r.harmful_turns:
            for i in r.harmful_turns:
                turn = r.transcript[i - 1]
                print(f"   turn {i}: {turn['heard']!r} -> {turn['said']}")
    reached = [r.first_care_turn for r in results if r.first_care_turn is not None]
    summary = {
        "conversations": len(results),
        "with_harmful_turn": sum(bool(r.harmful_turns) for r in results),
        "harmful_turns": sum(len(r.harmful_turns) for r in results),
        "never_reached_care": sum(r.first_care_turn is None for r in results),
        "median_care_turn": statistics.median(reached) if reached else None,
        "max_repeat": max((r.max_repeat for r in results), default=0),
        "repeat_over_2": sum(r.max_repeat > 2 for r in results),
        "max_questions": max((r.questions for r in results), default=0),
    }
    print("summary:", summary)
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", type=Path, default=OURS, help="conversations JSONL (id, turns)")
    ap.add_argument("--thirdparty", action="store_true", help=f"also measure {THIRDPARTY} if it exists")
    ap.add_argument("--thirdparty-file", type=Path, default=THIRDPARTY, help="where the third-party multiturn.jsonl is")
    ap.add_argument("--no-answer", action="store_true", help="third-party scripts: leave the direct question unanswered (default: answer 'No.')")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the turns where harm was spoken")
    args = ap.parse_args()
    if not args.file.exists():
        print(f"{args.file}: not found; pass --file with a JSONL of {{\"id\", \"turns\"}} rows", file=sys.stderr)
        return 2
    catalog = load_exercises()[0]
    report(args.file.name, load(args.file), catalog, args.verbose)
    if args.thirdparty:
        if not args.thirdparty_file.exists():
            print(f"\n{args.thirdparty_file} not found: skipping the third-party scripts")
        else:
            rows = load(args.thirdparty_file)
            answer = None if args.no_answer else "No."
            convos = [{"id": r.get("id", "?"), "kind": "thirdparty", "turns": with_answers(r["turns"], answer)} for r in rows]
            label = "thirdparty multiturn, question " + ("unanswered" if args.no_answer else "answered 'No.'")
            report(label, convos, catalog, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
