"""Accuracy of the crisis gate and the router on the test sets, through the same decision the
live loop and `voice-companion route` make (a fresh conversation per utterance, no LLM).

    PYTHONPATH=$PWD .venv/bin/python scripts/measure.py        # numbers
    PYTHONPATH=$PWD .venv/bin/python scripts/measure.py -v     # + the misses on the project's own sets

For each crisis set: recall (a crisis gets the crisis answer or the direct safety question), and
on the non-crises the share that got the full crisis answer and the share that got the question.
Targets: recall >= 0.98, crisis answer on non-crisis <= 3%, question on non-crisis <= 8%.

The third-party set (../shared/thirdparty-crisis/cases.jsonl next to the repository, other
projects' published crisis tests) is read when it is there and reported per source, with and
without its ambiguous rows. It is for measuring only: its misses are never printed, so that
nobody tunes the gate on its sentences.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from voice_companion.app.runtime import load_exercises
from voice_companion.routing.decision import decide
from voice_companion.routing.router import ExerciseInfo, Router
from voice_companion.safety.crisis import CrisisGate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
THIRD_PARTY = ROOT.parent / "shared" / "thirdparty-crisis" / "cases.jsonl"
CRISIS_ACTIONS = ("crisis_answer", "safety_question")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def own_crisis_sets() -> list[Path]:
    # The hand-written sets first, then any later ones (crisis_*.jsonl), blind sets last.
    known = ["crisis_set.jsonl", "crisis_heldout.jsonl"]
    paths = [DATA / n for n in known if (DATA / n).exists()]
    rest = sorted(p for p in DATA.glob("crisis_*.jsonl") if p.name not in known)
    return paths + [p for p in rest if "blind" not in p.name] + [p for p in rest if "blind" in p.name]


class Tally:
    def __init__(self) -> None:
        self.pos = self.caught = self.neg = self.answer = self.question = 0
        self.misses: list[str] = []
        self.alarms: list[str] = []

    def add(self, text: str, crisis: bool, action: str) -> None:
        if crisis:
            self.pos += 1
            self.caught += action in CRISIS_ACTIONS
            if action not in CRISIS_ACTIONS:
                self.misses.append(text)
        else:
            self.neg += 1
            self.answer += action == "crisis_answer"
            self.question += action == "safety_question"
            if action in CRISIS_ACTIONS:
                self.alarms.append(f"{action}: {text}")

    def line(self, name: str) -> str:
        rec = f"{self.caught / self.pos:.3f}" if self.pos else "-"
        ans = f"{self.answer / self.neg:.3f}" if self.neg else "-"
        q = f"{self.question / self.neg:.3f}" if self.neg else "-"
        return f"{name:<34}{self.pos:>5}{rec:>8}{self.neg:>6}{ans:>9}{q:>10}"


HEADER = f"{'set':<34}{'pos':>5}{'recall':>8}{'neg':>6}{'answer':>9}{'question':>10}   (answer/question: share of non-crises)"


def main() -> int:
    verbose = "-v" in sys.argv
    catalog, _ = load_exercises(lambda m: None)
    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    gate = CrisisGate()

    def action(text: str) -> str:
        gate.reset()
        return decide(text, gate, router).action

    print(HEADER)
    by_category: dict[str, dict[str, Tally]] = defaultdict(dict)
    for path in own_crisis_sets():
        data = rows(path)
        t = Tally()
        for r in data:
            a = action(r["text"])
            t.add(r["text"], bool(r["crisis"]), a)
            cat = r.get("category") or ("negative" if not r["crisis"] else "?")
            by_category[cat].setdefault(path.stem, Tally()).add(r["text"], bool(r["crisis"]), a)
        print(t.line(path.name))
        if verbose:
            for m in t.misses:
                print("    miss:", m)
            for m in t.alarms:
                print("    alarm:", m)

    third = rows(THIRD_PARTY)
    if third:
        every, clear, ambiguous = Tally(), Tally(), Tally()
        per_source: dict[str, Tally] = defaultdict(Tally)
        for r in third:
            a = action(r["text"])
            crisis = bool(r["crisis"])
            every.add("", crisis, a)
            if r.get("ambiguous"):
                ambiguous.add("", crisis, a)
            elif not r.get("dup_of"):
                clear.add("", crisis, a)
                per_source[r["id"].split("-")[0]].add("", crisis, a)
        print(f"\nthird party ({THIRD_PARTY.parent}; measured only, misses not shown)")
        print(every.line("  all rows"))
        print(clear.line("  clear rows (no ambiguous, no dups)"))
        print(ambiguous.line("  ambiguous rows only"))
        for source in sorted(per_source):
            print(per_source[source].line(f"    {source} (clear)"))
    else:
        print(f"\n(third-party set not found at {THIRD_PARTY}; skipped)")

    print("\nrecall per category (own sets), and the non-crisis rows' answer/question rates")
    sets = [p.stem for p in own_crisis_sets()]
    print(f"{'category':<16}" + "".join(f"{s.replace('crisis_', ''):>12}" for s in sets))
    for cat in sorted(by_category, key=lambda c: (c == "negative", c)):
        cells = []
        for s in sets:
            t = by_category[cat].get(s)
            if t is None:
                cells.append(f"{'':>12}")
            elif cat == "negative" or not t.pos:
                cells.append(f"{t.answer:>5}/{t.question:<3}{'':>3}" if t.neg else f"{'':>12}")
            else:
                cells.append(f"{t.caught / t.pos:>12.2f}")
        print(f"{cat:<16}" + "".join(cells))

    print(f"\n{'route set':<24}{'n':>5}{'accuracy':>9}")
    for name in ("route_set.jsonl", "route_heldout.jsonl", "route_blind.jsonl"):
        data = rows(DATA / name)
        if not data:
            continue
        t0 = time.perf_counter()
        ok = 0
        for r in data:
            gate.reset()
            ok += decide(r["text"], gate, router).intent == r["intent"]
        per = (time.perf_counter() - t0) / len(data) * 1000
        print(f"{name:<24}{len(data):>5}{ok / len(data):>9.3f}   ({per:.1f} ms per utterance, gate included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
