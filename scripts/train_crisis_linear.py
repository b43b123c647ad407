"""Train the crisis gate's linear model (voice_companion/crisis_linear.npz).

    .venv/bin/python scripts/train_crisis_linear.py            # cross-validate, train, write
    .venv/bin/python scripts/train_crisis_linear.py --dry-run  # cross-validate only
    .venv/bin/python scripts/train_crisis_linear.py --phrasings  # + issue 11's written phrasings

What it is: L2-regularised, class-weighted logistic regression (numpy, Newton's method) on the
MiniLM embedding of the prepared utterance plus 13 similarity features to the example bank
(voice_companion.safety.semantic.linear_inputs). At run time it is OR-ed with the nearest-example
rule, and both only ever raise a flag.

Training data: crisis_prototypes.txt (crisis categories positive, `negative` negative; their
similarity features are leave-one-out), EXTRA_NEGATIVES below and tests/data/crisis_set.jsonl.
With --phrasings also tests/data/crisis_train_phrasings.txt (issue 11: phrasings the way people
talk and type, in the bank's format but never read at run time). The shipped model is trained
without them: with them (weight 0.3 or 1 of a crisis_set row, chosen like the rest) the gate lost
a row of crisis_set and two of crisis_blind3 while gaining on the held-out phrasings, so by the
rule that no set may drop they stay out until a better use of them is found. Optionally one
speech-recognition-like variant per sentence (one random word dropped; fillers, case and
punctuation are already removed by the shared normalisation, so varying those would change
nothing). Utterances under MIN_WORDS words are never scored by the flagger and are left out of
training (they count as "not fired" in the numbers below).

How C, the augmentation, the weight of crisis_set rows and the threshold are chosen: repeated
K-fold on crisis_set (3 x 5 folds; every model is trained on the whole bank + the other folds).
With --phrasings they are in the training side of every fold, like the bank, weighted as crisis_set
rows times a grid factor (GRID_PHRASING_WEIGHT).
For each setting the threshold is the lowest at which the linear model ALONE fires on at most
--max-fpr (1%; 2% was tried for issue 11 and put the direct question to 8.3% of the held-out
look-alikes in crisis_phrasings.jsonl, over the 8% budget) of crisis_set's non-crisis rows out of
fold; the setting kept is the one whose OR with the nearest-example rule has the best out-of-fold recall (ties: fewer false alarms).
The threshold is picked on the same out-of-fold scores it is reported on (one number; slightly
optimistic), unless --threshold-on names a held-out set never trained on (issue 11's third pass:
tests/data/crisis_phrasings2.jsonl). Then it is the lowest at which the linear model alone fires
on at most --threshold-fpr of that set's look-alikes. Tried there (6%, 8%, and the shipped model's
own 10.7%) with --phrasings, it lost blind rows every time, so the shipped weights stay as they were. tests/data/crisis_heldout.jsonl is only reported. The blind sets are never read.

Deterministic (fixed seeds); 4-8 minutes on two shared cores. Any cache goes to a temporary
VOICE_COMPANION_DATA_DIR, never the user's data.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["VOICE_COMPANION_DATA_DIR"] = tempfile.mkdtemp(prefix="vc-train-linear-")

from voice_companion.safety import semantic as cs  # noqa: E402
from voice_companion.safety.check import CATEGORIES  # noqa: E402
from voice_companion.safety.crisis import check_crisis  # noqa: E402
from voice_companion.safety.embedder import SentenceEmbedder, model_dir  # noqa: E402

DATA = ROOT / "tests" / "data"
TRAIN_SET = DATA / "crisis_set.jsonl"
PHRASINGS = DATA / "crisis_train_phrasings.txt"
HELDOUT = DATA / "crisis_heldout.jsonl"
# Issue 11, third pass: hard look-alikes and indirect crises written by the second writer, never trained on.
THRESHOLD_SET = DATA / "crisis_phrasings2.jsonl"
SEED = 20240611
FOLDS, REPEATS = 5, 3
GRID_C = (1.0, 3.0, 10.0, 30.0)
GRID_AUG = (False, True)
GRID_SET_WEIGHT = (1.0, 3.0)  # weight of a crisis_set row relative to a bank example
# Weight of a written phrasing (crisis_train_phrasings.txt) relative to a crisis_set row: they are
# one writer's, unreviewed and many, so the grid may keep them a nudge rather than half the data.
GRID_PHRASING_WEIGHT = (0.3, 1.0)
# Everyday look-alikes the bank and crisis_set have too few of, so that a first model learned
# "a question about heights, distances, tablets or trains" = means, and "i want to ..." cut short =
# intent (the rules decide those from the conversation's context, not the model). Written for
# this script, as negatives; not copied from any test.
EXTRA_NEGATIVES = (
    "how tall is the tower in the city centre", "what is the highest hill near here",
    "how many floors does the hospital have", "how far is it to the supermarket",
    "when does the next bus leave", "which platform does the london train go from",
    "how long does the train to leeds take", "where is the closest pharmacy",
    "how many tablets are in a box of paracetamol", "how often can i take my painkillers",
    "what is the normal dose of ibuprofen for a headache", "can i take my vitamins with coffee",
    "how deep is the swimming pool at the leisure centre", "how long is the bridge over the river",
    "what time does the chemist close", "is there a lift to the top of the car park",
    "how high can a kite fly", "what is the tallest building in the world",
    "where can i buy rope for the garden", "how many stops until the town centre",
    "i really want to", "i think i am going to", "i just want to", "i have been meaning to",
    "i was going to say", "can you tell me how to", "i need to go and", "i have decided to",
    "what is the weather going to be like tomorrow", "how many steps did i walk today",
)
PROBES = (
    "i want to end my life",
    "can we do the breathing exercise again",
    "the man on the radio knows my name and talks about me",
)


def sha256_files(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0")
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, c: float, iters: int = 60) -> tuple[np.ndarray, float]:
    """Minimise sum_i weight_i * logloss_i + |w|^2 / (2C) (bias not penalised), by Newton."""
    n, d = x.shape
    a = np.hstack([x.astype(np.float64), np.ones((n, 1))])
    beta = np.zeros(d + 1)
    reg = np.full(d + 1, 1.0 / c)
    reg[-1] = 0.0
    t = y.astype(np.float64)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ beta, -60, 60)))
        grad = a.T @ (weight * (p - t)) + reg * beta
        hess = (a * (weight * p * (1 - p))[:, None]).T @ a + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta[:-1], float(beta[-1])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


def drop_one_word(text: str, rng: random.Random) -> str | None:
    words = text.split()
    if len(words) < 5:
        return None
    i = rng.randrange(len(words))
    return " ".join(words[:i] + words[i + 1:])


class Data:
    """Inputs (embedding + similarity features) for every row, computed once."""

    def __init__(self, flagger: cs.SemanticFlagger, emb: SentenceEmbedder, bank: list[cs.Prototype],
                 train_rows: list[dict], heldout_rows: list[dict], phrasings: list[cs.Prototype] = ()) -> None:
        self.f = flagger
        rng = random.Random(SEED)
        pos = [p for p in bank if p.category != cs.NEGATIVE]
        neg = [p for p in bank if p.category == cs.NEGATIVE]
        bank_text = [cs.prepare(p.text) for p in pos + neg]
        n_pos = len(pos)
        # The bank's own vectors are the flagger's; leave-one-out similarity features for them.
        bank_vecs = np.vstack([flagger.pos, flagger.neg])
        self.bank_x = self._inputs(bank_vecs, exclude=np.arange(len(bank_vecs)), n_pos=n_pos)
        self.bank_y = np.arange(len(bank_vecs)) < n_pos
        keep = np.array([len(t.split()) >= cs.MIN_WORDS for t in bank_text])
        self.bank_x, self.bank_y = self.bank_x[keep], self.bank_y[keep]
        aug = [drop_one_word(t, rng) for t in bank_text]
        idx = np.array([i for i, t in enumerate(aug) if t and keep[i]])
        v = emb.embed([aug[i] for i in idx])
        self.bank_aug_x = self._inputs(v, exclude=idx, n_pos=n_pos)
        self.bank_aug_y = idx < n_pos
        extra = [cs.prepare(t) for t in EXTRA_NEGATIVES]
        self.bank_x = np.vstack([self.bank_x, self._inputs(emb.embed(extra))])
        self.bank_y = np.concatenate([self.bank_y, np.zeros(len(extra), dtype=bool)])
        # The written phrasings: ordinary inputs (they are not in the bank, so no leave-one-out).
        said = [cs.prepare(p.text) for p in phrasings]
        said_y = np.array([p.category != cs.NEGATIVE for p in phrasings], dtype=bool)
        live_said = np.array([len(t.split()) >= cs.MIN_WORDS for t in said], dtype=bool)
        said = [t for t, live in zip(said, live_said) if live]
        self.said_x = self._inputs(emb.embed(said)) if said else np.zeros((0, self.bank_x.shape[1]), np.float32)
        self.said_y = said_y[live_said]
        said_aug = [drop_one_word(t, rng) for t in said]
        keep_aug = [i for i, t in enumerate(said_aug) if t]
        self.said_aug_x = self._inputs(emb.embed([said_aug[i] for i in keep_aug])) if keep_aug else self.said_x[:0]
        self.said_aug_y = self.said_y[keep_aug]

        def rows(data: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
            text = [cs.prepare(r["text"]) for r in data]
            vecs = emb.embed(text)
            x = self._inputs(vecs)
            y = np.array([bool(r["crisis"]) for r in data])
            live = np.array([len(t.split()) >= cs.MIN_WORDS for t in text])
            scores = flagger.scores_many([r["text"] for r in data])  # flagger has no linear model here
            knn = np.array([s.category is not None and cs.fires(s, flagger.floor, flagger.slope, flagger.offset)
                            for s in scores])
            return x, y, live, knn, np.array(text, dtype=object)

        self.x, self.y, self.live, self.knn, text = rows(train_rows)
        self.rules = np.array([check_crisis(r["text"]).crisis for r in train_rows])
        aug = [drop_one_word(t, rng) if live else None for t, live in zip(text, self.live)]
        self.aug_of = np.array([i for i, t in enumerate(aug) if t])
        self.aug_x = self._inputs(emb.embed([aug[i] for i in self.aug_of]))
        self.h_x, self.h_y, self.h_live, self.h_knn, _ = rows(heldout_rows)
        self.h_rules = np.array([check_crisis(r["text"]).crisis for r in heldout_rows])
        self.h_text = [r["text"] for r in heldout_rows]

    def _inputs(self, vecs: np.ndarray, exclude: np.ndarray | None = None, n_pos: int = 0) -> np.ndarray:
        sims = vecs @ np.vstack([self.f.pos, self.f.neg]).T
        if exclude is not None:
            sims[np.arange(len(vecs)), exclude] = -1.0
        p = len(self.f.pos)
        return cs.linear_inputs(vecs, sims[:, :p], sims[:, p:], self.f.categories)

    def train(self, rows: np.ndarray, c: float, aug: bool, set_weight: float,
              phrasing_weight: float = 1.0) -> tuple[np.ndarray, float]:
        live_rows = rows[self.live[rows]]
        xs, ys, ws = [self.bank_x, self.said_x, self.x[live_rows]], [self.bank_y, self.said_y, self.y[live_rows]], [
            np.ones(len(self.bank_y)), np.full(len(self.said_y), set_weight * phrasing_weight),
            np.full(len(live_rows), set_weight)]
        if aug:
            m = np.isin(self.aug_of, rows)
            xs += [self.bank_aug_x, self.said_aug_x, self.aug_x[m]]
            ys += [self.bank_aug_y, self.said_aug_y, self.y[self.aug_of[m]]]
            ws += [np.ones(len(self.bank_aug_y)), np.full(len(self.said_aug_y), set_weight * phrasing_weight),
                   np.full(int(m.sum()), set_weight)]
        x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
        # class weights: each class carries half of the total weight
        w = w * np.where(y, w.sum() / (2 * w[y].sum()), w.sum() / (2 * w[~y].sum()))
        w = w * (len(w) / w.sum())
        return fit_logistic(x, y, w, c)


def rates(fired: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    return float((fired & y).sum() / max(y.sum(), 1)), float((fired & ~y).sum() / max((~y).sum(), 1))


def lowest_threshold(p: np.ndarray, y: np.ndarray, max_fpr: float) -> float:
    """The lowest threshold with p >= threshold on at most max_fpr of the negatives."""
    neg = np.sort(p[~y])[::-1]
    allowed = int(np.floor(max_fpr * len(neg)))
    if allowed >= len(neg):
        return 0.0
    return float(np.nextafter(neg[allowed], 1.0))


def cross_validate(d: Data, c: float, aug: bool, set_weight: float, max_fpr: float, phrasing_weight: float) -> dict:
    n = len(d.y)
    prob = np.zeros((REPEATS, n))
    for rep in range(REPEATS):
        for held in np.array_split(np.random.default_rng(SEED + rep).permutation(n), FOLDS):
            w, b = d.train(np.setdiff1d(np.arange(n), held), c, aug, set_weight, phrasing_weight)
            prob[rep, held] = sigmoid(d.x[held] @ w + b)
    prob = np.where(d.live, prob, 0.0).ravel()
    y, knn, rules = np.tile(d.y, REPEATS), np.tile(d.knn, REPEATS), np.tile(d.rules, REPEATS)
    thr = lowest_threshold(prob, y, max_fpr)
    lin = prob >= thr
    # "replace": the linear model alone, allowed as many false alarms as the OR has
    either_fpr = rates(lin | knn, y)[1]
    thr_replace = lowest_threshold(prob, y, either_fpr)
    return {
        "C": c, "augment": aug, "set_weight": set_weight, "phrasing_weight": phrasing_weight,
        "threshold": round(thr, 4),
        "knn": rates(knn, y), "linear": rates(lin, y), "knn_or_linear": rates(lin | knn, y),
        "linear_alone_at_same_fpr": rates(prob >= thr_replace, y),
        "rules": rates(rules, y), "gate": rates(lin | knn | rules, y), "gate_knn_only": rates(knn | rules, y),
    }


def fmt(r: tuple[float, float]) -> str:
    return f"recall {r[0]:.3f} fpr {r[1]:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-fpr", type=float, default=0.01, help="false alarms allowed to the linear model alone")
    ap.add_argument("--out", type=Path, default=cs.LINEAR)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--phrasings", action="store_true", help=f"also train on {PHRASINGS.relative_to(ROOT)}")
    ap.add_argument("--threshold-on", type=Path, default=None, metavar="JSONL",
                    help="choose the threshold on this held-out set (never trained on) instead of out of fold on "
                         f"crisis_set: the lowest at which the linear model alone fires on at most --threshold-fpr of "
                         f"its non-crisis rows (e.g. {THRESHOLD_SET.relative_to(ROOT)})")
    ap.add_argument("--threshold-fpr", type=float, default=0.05)
    args = ap.parse_args(argv)
    np.random.seed(SEED)
    start = time.perf_counter()

    def load(path: Path) -> list[dict]:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    emb = SentenceEmbedder.load()
    bank = cs.read_prototypes()
    flagger = cs.SemanticFlagger(emb, bank, linear=None)
    d = Data(flagger, emb, bank, load(TRAIN_SET), load(HELDOUT),
             cs.read_prototypes(PHRASINGS) if args.phrasings else [])
    print(f"embedded in {time.perf_counter() - start:.0f} s: bank {len(d.bank_y)} (+{len(d.bank_aug_y)} variants), "
          f"phrasings {len(d.said_y)}, "
          f"crisis_set {len(d.y)} (+{len(d.aug_of)}), heldout {len(d.h_y)}")

    results = []
    grid_pw = GRID_PHRASING_WEIGHT if args.phrasings else (1.0,)
    for aug, set_weight, pw, c in itertools.product(GRID_AUG, GRID_SET_WEIGHT, grid_pw, GRID_C):
        r = cross_validate(d, c, aug, set_weight, args.max_fpr, pw)
        results.append(r)
        print(f"C={c:<5g} aug={aug!s:<5} set_weight={set_weight:g} phrasings={pw:g} thr={r['threshold']:.3f} | "
              f"linear {fmt(r['linear'])} | knn|linear {fmt(r['knn_or_linear'])} | "
              f"linear alone at same fpr {fmt(r['linear_alone_at_same_fpr'])}")
    best = max(results, key=lambda r: (r["knn_or_linear"][0], -r["knn_or_linear"][1], r["threshold"]))
    combine = "replace" if best["linear_alone_at_same_fpr"][0] > best["knn_or_linear"][0] else "or"
    print(f"\nchosen: C={best['C']:g} augment={best['augment']} set_weight={best['set_weight']:g} "
          f"phrasing_weight={best['phrasing_weight']:g} "
          f"threshold={best['threshold']:.4f} combine={combine}")
    print(f"out-of-fold on crisis_set ({REPEATS}x{FOLDS}-fold): kNN alone {fmt(best['knn'])}; linear alone "
          f"{fmt(best['linear'])}; kNN OR linear {fmt(best['knn_or_linear'])}")
    print(f"  full gate: rules {fmt(best['rules'])}; rules|kNN {fmt(best['gate_knn_only'])}; "
          f"rules|kNN|linear {fmt(best['gate'])}")

    w, b = d.train(np.arange(len(d.y)), best["C"], best["augment"], best["set_weight"], best["phrasing_weight"])
    threshold_on = None
    if args.threshold_on is not None:
        rows = [r for r in load(args.threshold_on) if len(cs.prepare(r["text"]).split()) >= cs.MIN_WORDS]
        x = d._inputs(emb.embed([cs.prepare(r["text"]) for r in rows]))
        p, y = sigmoid(x @ w + b), np.array([bool(r["crisis"]) for r in rows])
        thr = lowest_threshold(p, y, args.threshold_fpr)
        print(f"threshold on {args.threshold_on.name}: {thr:.4f} (out of fold it was {best['threshold']:.4f}); there the "
              f"linear model alone {fmt(rates(p >= thr, y))}")
        best["threshold"] = round(thr, 4)
        threshold_on = {"set": args.threshold_on.name, "max_fpr": args.threshold_fpr, "linear": rates(p >= thr, y)}
    hp = np.where(d.h_live, sigmoid(d.h_x @ w + b), 0.0)
    hl = hp >= best["threshold"]
    heldout = {"knn": rates(d.h_knn, d.h_y), "linear": rates(hl, d.h_y), "knn_or_linear": rates(hl | d.h_knn, d.h_y),
               "rules": rates(d.h_rules, d.h_y), "gate": rates(hl | d.h_knn | d.h_rules, d.h_y)}
    print(f"heldout (trained on the bank + all of crisis_set): kNN {fmt(heldout['knn'])}; linear {fmt(heldout['linear'])}; "
          f"kNN OR linear {fmt(heldout['knn_or_linear'])}; rules {fmt(heldout['rules'])}; gate {fmt(heldout['gate'])}")
    for i in np.where(hl & ~d.h_y)[0]:
        print(f"  heldout false alarm of the linear model: {d.h_text[i]!r} p={hp[i]:.3f}")
    print(f"total {time.perf_counter() - start:.0f} s")
    if args.dry_run:
        return 0

    mdir = model_dir()
    meta = {
        "trainer": "scripts/train_crisis_linear.py", "seed": SEED, "max_fpr": args.max_fpr,
        "phrasings": args.phrasings, "threshold_on": threshold_on,
        "chosen": {k: best[k] for k in ("C", "augment", "set_weight", "phrasing_weight", "threshold")},
        "combine": combine,
        "cv": {k: v for k, v in best.items() if isinstance(v, tuple)}, "heldout": heldout,
        "grid": [{k: r[k] for k in ("C", "augment", "set_weight", "phrasing_weight", "threshold", "linear",
                                    "knn_or_linear")}
                 for r in results],
    }
    np.savez(
        args.out,
        format=np.int64(cs.LINEAR_FORMAT),
        weights=w.astype(np.float32), bias=np.float64(b), threshold=np.float64(best["threshold"]),
        categories=np.array(CATEGORIES), bank_key=np.array(flagger.bank_key),
        probe_texts=np.array(PROBES), probe_vectors=emb.embed(list(PROBES)),
        training_data_sha256=np.array(sha256_files(cs.PROTOTYPES, TRAIN_SET, *([PHRASINGS] if args.phrasings else []))),
        prototypes_sha256=np.array(sha256_files(cs.PROTOTYPES)),
        crisis_set_sha256=np.array(sha256_files(TRAIN_SET)),
        embedder_sha256=np.array(sha256_files(*(mdir / n for n in ("config.json", "tokenizer.json", "model.safetensors")))),
        metadata=np.array(json.dumps(meta)),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
