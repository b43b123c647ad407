"""How close a question must be to one of its exercise's file lines before that line is said as
the answer, without the model. Run on tests/data/exercise_answer_lines.jsonl: questions written
for this (not the measured sets), each with the file line that answers it, or null where the
file is silent. For each floor: how many questions would get a line, and how many of those
lines are the answer.

    .venv/bin/python scripts/calibrate_answer_lines.py [--file F] [-v]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", type=Path, default=DATA / "exercise_answer_lines.jsonl")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    os.environ["VOICE_COMPANION_DATA_DIR"] = tempfile.mkdtemp(prefix="vc-calibrate-")
    from voice_companion.app.runtime import load_exercises
    from voice_companion.exercise.file_lines import shared_index

    catalog, _ = load_exercises(lambda m: None)
    index = shared_index()
    if index is None:
        print("the sentence embedder is not installed", file=sys.stderr)
        return 1
    rows = [json.loads(line) for line in args.file.read_text().splitlines() if line.strip()]
    results = []
    for r in rows:
        near = index.nearest(catalog[r["exercise"]], r["text"])
        want = r["line"] if isinstance(r["line"], list) else [r["line"]] if r["line"] else []
        # Only a line sharing a distinctive word with the question is ever said without the model.
        results.append((near.score if near.shares else 0.0, near.line in want, bool(want), r["text"], near.line))
    if args.verbose:
        for score, right, has, text, line in sorted(results, reverse=True):
            print(f"  {score:.3f} {'right' if right else ('WRONG' if has else 'silent')}  {text!r} -> {line!r}")
    print("floor  said  right  wrong  silent-but-said  (of", len(rows), "questions,", sum(h for *_, h, _, _ in [(0, 0, x[2], 0, 0) for x in results]), "with an answer line)")
    for floor in [x / 100 for x in range(40, 80, 2)]:
        said = [x for x in results if x[0] >= floor]
        right = sum(x[1] for x in said)
        silent = sum(not x[2] for x in said)
        print(f"{floor:.2f}  {len(said):4d}  {right:5d}  {len(said) - right - silent:5d}  {silent:5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
