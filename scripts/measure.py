"""Accuracy of the crisis gate and the router on the test sets, through the same decision the
live loop and `voice-companion route` make (a fresh conversation per utterance, no LLM).

    .venv/bin/python scripts/measure.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from voice_companion.crisis import CrisisGate
from voice_companion.decision import decide
from voice_companion.router import ExerciseInfo, Router
from voice_companion.runtime import load_exercises

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def rows(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def main() -> int:
    catalog, _ = load_exercises(lambda m: None)
    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    gate = CrisisGate()
    print(f"{'crisis set':<24}{'n':>5}{'recall':>9}{'FPR':>8}{'FPR firm':>10}   (firm: the crisis answer at once; else one direct question)")
    for name in ("crisis_set.jsonl", "crisis_heldout.jsonl", "crisis_blind.jsonl", "crisis_blind2.jsonl", "crisis_blind3.jsonl"):
        data = rows(name)
        if not data:
            continue
        tp = fn = fp = tn = firm = 0
        misses = []
        for r in data:
            gate.reset()
            d = decide(r["text"], gate, router)
            got = d.crisis
            firm += got and not d.check.tentative and not r["crisis"]
            if r["crisis"]:
                tp += got
                fn += not got
            else:
                fp += got
                tn += not got
            if got != r["crisis"]:
                misses.append(r["text"])
        print(f"{name:<24}{len(data):>5}{tp / max(1, tp + fn):>9.3f}{fp / max(1, fp + tn):>8.3f}{firm / max(1, fp + tn):>10.3f}")
        if "-v" in sys.argv:
            for m in misses:
                print("    miss:", m)
    print(f"\n{'route set':<24}{'n':>5}{'accuracy':>9}")
    for name in ("route_set.jsonl", "route_heldout.jsonl", "route_blind.jsonl"):
        data = rows(name)
        if not data:
            continue
        t = time.perf_counter()
        ok = 0
        for r in data:
            gate.reset()
            ok += decide(r["text"], gate, router).intent == r["intent"]
        per = (time.perf_counter() - t) / len(data) * 1000
        print(f"{name:<24}{len(data):>5}{ok / len(data):>9.3f}   ({per:.1f} ms per utterance, gate included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
