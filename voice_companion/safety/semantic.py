"""A semantic second opinion for the crisis gate: it can raise a flag the rules missed, never clear one.

The rules (rules.py, through the gate in crisis.py) are exact about the phrasings they know and blind to the ones they don't
("i've been researching ways to die", "my kids would do fine without me"). This compares the
utterance's meaning with a reviewed bank of example sentences (crisis_prototypes.txt): it fires
when the utterance is close to a crisis example AND clearly closer to it than to any example of
a look-alike that is not a crisis (idioms, stories, panic, tiredness, grief, everyday requests).

How it was tuned: the slope and offset below by cross-validation on tests/data/crisis_set.jsonl
only (see `tune()`). The examples were written from the categories' meanings, not copied from
any test set. The held-out set is not blind for this: its first run showed three false alarms
(a pet following, voices in a hallway, two paracetamol), after which the ordinary-life twins and
the writing advice in crisis_prototypes.txt were added. crisis_blind.jsonl was scored once, after
everything here was frozen (see tests/safety/test_crisis_semantic.py). The second pass over the examples
(more registers, conditional wishes, attacks on groups, commands from reflections; hard negatives
for routine medication, travel, hyperbole, documentaries) was written without opening it. A
third pass (+161 crisis examples, mostly final goodbyes, danger at home, means and harm to others;
+158 look-alikes: ordinary goodbyes and endings, moving, decluttering, donating, wills as life
admin, arguments without danger, protective parents, travel, medication routine, idioms, media)
was written without opening any blind set. A fourth pass (issue 11: internet and gaming
euphemisms, second-language English, warning signs, disclosures of assault and abuse filed under
danger_at_home; look-alikes: suicide or self-harm mentioned in claims, charts, lectures and news,
idioms, ordinary worries about identity, eating, relationships and loneliness) was written from the
categories, without opening any blind set or the third-party benchmark's sentences. A fifth pass
(tests/data/crisis_train_phrasings.txt, ~300 crisis phrasings and ~280 look-alikes written the same
way, with commands and exercise requests) left the bank alone: the same sentences added there caught
nothing more on the own sets and fired more. Trained into the linear model (train_crisis_linear.py
--phrasings) they helped the held-out phrasings but cost a row of crisis_set and two of
crisis_blind3, so the shipped model is trained without them.

The examples' embeddings are cached next to the user's data (see "prototype cache" below), so
only the first start after an edit to the bank, the normalisation or the model pays for them.

A second, independent signal (see "the linear model" below): a logistic regression over the
utterance's embedding plus a few similarities to the bank (nearest crisis / non-crisis example,
top-3 means, nearest example per category), trained offline by scripts/train_crisis_linear.py on
the bank and tests/data/crisis_set.jsonl and shipped as crisis_linear.npz. The flagger fires when
the nearest-example rule fires OR that model's probability reaches its threshold; both are
raise-only. If the weights file is missing or was trained against another bank, normalisation or
model, the nearest-example rule runs alone and that is logged once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_companion.safety.check import CATEGORIES, CrisisCheck
from voice_companion.safety.denials import strip_denials
from voice_companion.safety.embedder import SentenceEmbedder, model_dir
from voice_companion.safety.normalise import normalise

log = logging.getLogger(__name__)

PROTOTYPES = Path(__file__).with_name("crisis_prototypes.txt")
NEGATIVE = "negative"

# The decision line, in the plane of (nearest crisis example, nearest non-crisis example):
# fire when crisis >= FLOOR and crisis >= OFFSET + SLOPE * negative. SLOPE = 1 would be a fixed
# margin; cross-validation preferred a margin that shrinks as the nearest look-alike gets closer
# (slope below 1), because a sentence very close to "i took my tablets with breakfast" can still
# be even closer to "i took all my tablets". FLOOR is not tuned: below it the nearest crisis example
# is only loosely related in this model's space, whatever the negatives say.
FLOOR = 0.45
SLOPE = 0.60
OFFSET = 0.31
# First chosen on crisis_set.jsonl with the flagger alone allowed at most 1% false alarms there
# (3 x 5-fold out-of-fold flagger-alone recall 0.78, false alarms 0.022). Re-checked after the
# second pass over the examples (+160 crisis, +165 negative) with crisis_set grown to 480 rows
# and a stricter budget (--max-fpr 0.005; false alarms were the blind set's weak side): 13 of
# the 15 folds chose this same line; out-of-fold flagger-alone recall 0.805, false alarms 0.008.
# (With --max-fpr 0.01: recall 0.805, false alarms 0.014.) Fold choices ranged over slope
# 0.50-0.60 and offset 0.30-0.36: nearly the same line where the examples lie.
# Third pass (bank 591 crisis / 504 negative; crisis_set grown to 588 rows with 108 freshly
# written, harder rows): with --max-fpr 0.005 out-of-fold flagger-alone recall 0.789, false alarms
# 0.009 (folds chose slope 0.55-0.75 along the same line; all rows: 0.75/0.22); with --max-fpr 0.01
# recall 0.806, false alarms 0.012, 8 of 15 folds and all rows at 0.60/0.30. The line is kept: on
# the rows it is indistinguishable from those choices, and it fires a little less.

# One or two words ("goodbye", "pills", "voices") carry too little meaning for the nearest example
# to say anything; the rules judge those alone.
MIN_WORDS = 3
# An utterance the router claimed (a command, an exercise request) reaches the similarity layer
# only when it is at least this long: "how long does it take to bleed out" is claimed by the
# "how long is left" command, "stop please" never needs a second opinion.
CLAIMED_MIN_WORDS = 6
# ...and only when the linear model is all but certain: it scores requests said with feeling
# ("i'd like to end this now", "it's just making me worse") up to 0.990 on route_set and
# route_heldout, which it never learned from.
CLAIMED_LINEAR_THRESHOLD = 0.995


@dataclass(frozen=True)
class Prototype:
    category: str
    text: str


def read_prototypes(path: Path = PROTOTYPES) -> list[Prototype]:
    out: list[Prototype] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        category, sep, text = (part.strip() for part in line.partition("|"))
        if not sep or not text:
            raise ValueError(f"{path}:{n}: expected 'category | sentence'")
        if category not in CATEGORIES and category != NEGATIVE:
            raise ValueError(f"{path}:{n}: unknown category {category!r}")
        out.append(Prototype(category, text))
    return out


def prepare(text: str) -> str:
    # The same view of the utterance as the rules get: fillers gone, speech-recognition garbles
    # repaired, and a plainly stated denial ("i'm not suicidal") removed, so the flagger honours
    # the gate's documented choice about denials instead of re-reading them (embeddings hear
    # "not suicidal" as "suicidal").
    return strip_denials(normalise(text))


@dataclass(frozen=True)
class Scores:
    crisis: float  # similarity to the nearest crisis example
    category: str | None  # that example's category
    negative: float  # similarity to the nearest non-crisis example
    linear: float | None = None  # the linear model's crisis probability (None: no model / too short)


def fires(s: Scores, floor: float, slope: float, offset: float) -> bool:
    return s.crisis >= floor and s.crisis >= offset + slope * s.negative


# ---------------------------------------------------------------------------------------------
# The prototype cache. Embedding ~700 examples takes ~2-3 s, on every start. They are computed once and kept next to
# the user's data as crisis-prototypes-<key>.npy, where the key is the sha256 of what was embedded
# (each example's category and its prepared text, so an edit to the bank OR to the normalisation
# the rules share changes it) and of the model (its files' sizes and dates and its config). A
# cache that is missing, unreadable or of the wrong shape is recomputed; one that cannot be
# written is only logged. Old caches are removed when a new one is written.
# ---------------------------------------------------------------------------------------------

CACHE_PREFIX = "crisis-prototypes-"
_CACHE_FORMAT = "1"


def model_fingerprint(path: Path | None = None) -> str:
    """Identifies the installed model cheaply (no 90 MB hash): a reinstall or another model
    changes a size, a date or the config."""
    path = path or model_dir()
    h = hashlib.sha256()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        st = (path / name).stat()
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    h.update((path / "config.json").read_bytes())
    return h.hexdigest()


def cache_key(prepared: list[tuple[str, str]], model_id: str) -> str:
    h = hashlib.sha256(f"format {_CACHE_FORMAT}\nmodel {model_id}\n".encode())
    for category, text in prepared:
        h.update(f"{category}|{text}\n".encode())
    return h.hexdigest()


def _load_cached(path: Path, rows: int) -> np.ndarray | None:
    try:
        arr = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        return None
    except Exception as exc:
        log.warning("crisis gate: ignoring unreadable prototype cache %s: %s", path, exc)
        return None
    if arr.ndim != 2 or arr.shape[0] != rows or arr.dtype != np.float32 or not np.isfinite(arr).all():
        log.warning("crisis gate: ignoring prototype cache %s of the wrong shape", path)
        return None
    return arr


def _store_cache(path: Path, arr: np.ndarray) -> None:
    from voice_companion import state

    try:
        with state.atomic_writer(path) as f:  # a reader never sees half a file
            np.save(f, arr, allow_pickle=False)
        for old in path.parent.glob(CACHE_PREFIX + "*.npy"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("crisis gate: could not write the prototype cache %s: %s", path, exc)

# ---------------------------------------------------------------------------------------------
# The linear model: logistic regression on [embedding (384), similarity features (4 + one per
# category)], weights in crisis_linear.npz, written by scripts/train_crisis_linear.py (which also
# documents how C and the threshold were chosen). The features use the bank, so the file records
# the key of the bank it was trained against (`bank_key`: categories and prepared texts, i.e. an
# edit to the bank or to the shared normalisation makes it stale) and probe sentences with their
# embeddings under the model it was trained with (a different model, or a changed embedder, makes
# it stale). A stale or missing file is never used: the nearest-example rule runs alone.
# ---------------------------------------------------------------------------------------------

LINEAR = Path(__file__).with_name("crisis_linear.npz")
LINEAR_FORMAT = 1
TOP = 3  # the "top-3 mean" similarity features
PROBE_TOLERANCE = 1e-3


def bank_key(prepared: list[tuple[str, str]]) -> str:
    h = hashlib.sha256(f"bank format {LINEAR_FORMAT}\n".encode())
    for category, text in prepared:
        h.update(f"{category}|{text}\n".encode())
    return h.hexdigest()


def similarity_features(pos_sim: np.ndarray, neg_sim: np.ndarray, pos_categories: list[str]) -> np.ndarray:
    """(n, 4 + len(CATEGORIES)): nearest crisis example, nearest non-crisis example, mean of the
    top-3 of each, and the nearest example of each category (in CATEGORIES order). The trainer
    passes leave-one-out similarities for the bank's own examples (their self-similarity set to -1)."""
    n = pos_sim.shape[0]
    cats = np.asarray(pos_categories)
    top = min(TOP, pos_sim.shape[1], neg_sim.shape[1])
    cols = [
        pos_sim.max(1), neg_sim.max(1),
        np.partition(pos_sim, -top, axis=1)[:, -top:].mean(1),
        np.partition(neg_sim, -top, axis=1)[:, -top:].mean(1),
    ]
    for c in CATEGORIES:
        m = cats == c
        cols.append(pos_sim[:, m].max(1) if m.any() else np.full(n, -1.0, dtype=pos_sim.dtype))
    return np.column_stack(cols).astype(np.float32)


def linear_inputs(vecs: np.ndarray, pos_sim: np.ndarray, neg_sim: np.ndarray, pos_categories: list[str]) -> np.ndarray:
    return np.hstack([vecs.astype(np.float32), similarity_features(pos_sim, neg_sim, pos_categories)])


class StaleModel(Exception):
    pass


@dataclass(frozen=True)
class LinearModel:
    weights: np.ndarray  # (384 + 4 + len(CATEGORIES),) float32
    bias: float
    threshold: float

    def probability(self, inputs: np.ndarray) -> np.ndarray:
        z = inputs.astype(np.float64) @ self.weights.astype(np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))

    @classmethod
    def load(cls, path: Path, key: str, embedder: SentenceEmbedder) -> LinearModel:
        """The shipped model, if it was trained against this bank (key) and this embedder;
        FileNotFoundError or StaleModel otherwise."""
        with np.load(path, allow_pickle=False) as z:
            d = {k: z[k] for k in z.files}
        try:
            if int(d["format"]) != LINEAR_FORMAT:
                raise StaleModel(f"format {int(d['format'])}, expected {LINEAR_FORMAT}")
            if tuple(str(c) for c in d["categories"]) != tuple(CATEGORIES):
                raise StaleModel("trained with other categories")
            if str(d["bank_key"]) != key:
                raise StaleModel("trained against another version of crisis_prototypes.txt or of the normalisation")
            probes = [str(t) for t in d["probe_texts"]]
            got = embedder.embed(probes)
            if got.shape != d["probe_vectors"].shape or np.abs(got - d["probe_vectors"]).max() > PROBE_TOLERANCE:
                raise StaleModel("trained with another sentence-embedding model")
            w = np.asarray(d["weights"], dtype=np.float32)
            if w.shape != (embedder.dim + 4 + len(CATEGORIES),) or not np.isfinite(w).all():
                raise StaleModel(f"weights of the wrong shape {w.shape}")
            return cls(w, float(d["bias"]), float(d["threshold"]))
        except KeyError as exc:
            raise StaleModel(f"missing field {exc}") from None


_linear_warned = False


def load_linear(path: Path, key: str, embedder: SentenceEmbedder) -> LinearModel | None:
    """The linear model, or None (logged once per process) when it is missing or stale."""
    global _linear_warned
    try:
        return LinearModel.load(path, key, embedder)
    except Exception as exc:
        if not _linear_warned:
            _linear_warned = True
            log.warning(
                "crisis gate: linear model %s not used (%s: %s); the nearest-example rule runs alone. "
                "Retrain: .venv/bin/python scripts/train_crisis_linear.py", path, type(exc).__name__, exc,
            )
        return None



class SemanticFlagger:
    def __init__(
        self, embedder: SentenceEmbedder, prototypes: list[Prototype],
        floor: float = FLOOR, slope: float = SLOPE, offset: float = OFFSET,
        *, cache_dir: Path | None = None, model_id: str | None = None,
        linear: Path | LinearModel | None = None, write_cache: bool = True,
    ) -> None:
        """With cache_dir and model_id, the examples' embeddings are read from (or written to)
        cache_dir / crisis-prototypes-<key>.npy instead of being computed on every start;
        write_cache=False only reads it (`doctor` looks and changes nothing on disk).
        `linear`: a LinearModel, or the path of its weights file (used only if it matches this
        bank and embedder), or None for the nearest-example rule alone."""
        self.embedder = embedder
        self.floor, self.slope, self.offset = floor, slope, offset
        pos = [p for p in prototypes if p.category != NEGATIVE]
        neg = [p for p in prototypes if p.category == NEGATIVE]
        if not pos or not neg:
            raise ValueError("the prototype bank needs both crisis and negative examples")
        self.categories = [p.category for p in pos]
        prepared = [(p.category, prepare(p.text)) for p in pos + neg]
        self.bank_key = bank_key(prepared)
        self.cache_path: Path | None = None
        vecs = None
        if cache_dir is not None and model_id is not None:
            self.cache_path = Path(cache_dir) / f"{CACHE_PREFIX}{cache_key(prepared, model_id)}.npy"
            vecs = _load_cached(self.cache_path, len(prepared))
        if vecs is None:
            vecs = np.ascontiguousarray(embedder.embed([t for _, t in prepared]), dtype=np.float32)
            if self.cache_path is not None and write_cache:
                _store_cache(self.cache_path, vecs)
        self.pos, self.neg = vecs[: len(pos)], vecs[len(pos):]
        if isinstance(linear, (str, Path)):
            linear = load_linear(Path(linear), self.bank_key, embedder)
        self.linear: LinearModel | None = linear

    @classmethod
    def load(cls, path: Path = PROTOTYPES, cache_dir: Path | None = None, *, write_cache: bool = True) -> SemanticFlagger:
        from voice_companion.config import data_dir

        return cls(
            SentenceEmbedder.load(), read_prototypes(path),
            cache_dir=cache_dir if cache_dir is not None else data_dir(), model_id=model_fingerprint(),
            linear=LINEAR, write_cache=write_cache,
        )

    def scores_many(self, texts: list[str]) -> list[Scores]:
        prepared = [prepare(t) for t in texts]
        live = [i for i, t in enumerate(prepared) if len(t.split()) >= MIN_WORDS]
        out = [Scores(0.0, None, 0.0)] * len(texts)
        if not live:
            return out
        vecs = self.embedder.embed([prepared[i] for i in live])
        pos_sim, neg_sim = vecs @ self.pos.T, vecs @ self.neg.T
        probs = None
        if self.linear is not None:
            probs = self.linear.probability(linear_inputs(vecs, pos_sim, neg_sim, self.categories))
        for row, i in enumerate(live):
            best = int(pos_sim[row].argmax())
            out[i] = Scores(
                float(pos_sim[row, best]), self.categories[best], float(neg_sim[row].max()),
                None if probs is None else float(probs[row]),
            )
        return out

    def linear_fires(self, s: Scores) -> bool:
        return self.linear is not None and s.linear is not None and s.linear >= self.linear.threshold

    def decide(self, s: Scores, *, claimed: bool = False) -> CrisisCheck | None:
        """claimed: the router took the utterance as a command or an exercise request. Then only
        the linear model may raise a flag, and only at CLAIMED_LINEAR_THRESHOLD, so "i'd like to end
        this now" stays a command and "i feel unreal" a grounding request."""
        if s.category is None:
            return None
        if claimed:
            if self.linear is not None and s.linear is not None and s.linear >= CLAIMED_LINEAR_THRESHOLD:
                return CrisisCheck(True, s.category, f"semantic classifier (nearest: {s.category} examples)")
            return None
        if fires(s, self.floor, self.slope, self.offset):
            return CrisisCheck(True, s.category, f"semantic similarity to {s.category} examples")
        if self.linear_fires(s):
            # The category is the nearest crisis example's: the model itself only says "crisis".
            return CrisisCheck(True, s.category, f"semantic classifier (nearest: {s.category} examples)")
        return None

    def flag(self, text: str, *, claimed: bool = False) -> CrisisCheck | None:
        """A crisis flag when the meaning is close to a crisis example; None means "no opinion",
        never "safe". claimed: see decide(); a claimed utterance under CLAIMED_MIN_WORDS words is
        left to the rules (short commands are what the router is sure about)."""
        if claimed and len(prepare(text).split()) < CLAIMED_MIN_WORDS:
            return None
        return self.decide(self.scores_many([text])[0], claimed=claimed)


# ---------------------------------------------------------------------------------------------
# One flagger per process, loaded on first use. Without the model the gate runs on rules alone
# (that is how it ran before this existed) and says so once in the log.
# ---------------------------------------------------------------------------------------------

_lock = threading.Lock()
_flagger: SemanticFlagger | None = None
_failed = False


def shared_flagger() -> SemanticFlagger | None:
    global _flagger, _failed
    if _flagger is not None or _failed:
        return _flagger
    with _lock:
        if _flagger is None and not _failed:
            try:
                _flagger = SemanticFlagger.load()
            except Exception as exc:  # a missing or broken model must never take the gate down
                _failed = True
                log.warning("crisis gate: semantic flagger unavailable, using rules only: %s", exc)
    return _flagger


_flag_failed = False


def semantic_flag(text: str, *, claimed: bool = False) -> CrisisCheck | None:
    """The shared flagger's opinion, or None when it has none or is unavailable. An error here
    must never stop the gate: the rules' verdict stands and the failure is logged once."""
    global _flag_failed
    flagger = shared_flagger()
    if flagger is None:
        return None
    try:
        return flagger.flag(text, claimed=claimed)
    except Exception as exc:
        if not _flag_failed:
            _flag_failed = True
            log.warning("crisis gate: semantic flagger failed, using rules for this turn: %s", exc)
        return None


# ---------------------------------------------------------------------------------------------
# Choosing SLOPE and OFFSET (run after changing the prototypes):
#   .venv/bin/python -m voice_companion.safety.semantic tests/data/crisis_set.jsonl
# ---------------------------------------------------------------------------------------------

SLOPES = tuple(round(x, 2) for x in np.arange(0.30, 1.01, 0.05))
OFFSETS = tuple(round(x, 2) for x in np.arange(0.0, 0.60, 0.01))


def _counts(rows: list[tuple[bool, Scores]], slope: float, offset: float) -> tuple[int, int, int, int]:
    tp = fp = pos = neg = 0
    for is_crisis, s in rows:
        fired = s.category is not None and fires(s, FLOOR, slope, offset)
        if is_crisis:
            pos += 1
            tp += fired
        else:
            neg += 1
            fp += fired
    return tp, pos, fp, neg


def choose(rows: list[tuple[bool, Scores]], max_fpr: float = 0.01) -> tuple[float, float]:
    """The (slope, offset) whose flagger, on its own, catches the most crises while firing on at
    most `max_fpr` of the non-crises; ties go to the setting that fires least."""
    best: tuple[tuple[float, int], float, float] | None = None
    for slope in SLOPES:
        for offset in OFFSETS:
            tp, pos, fp, neg = _counts(rows, slope, offset)
            if neg and fp / neg > max_fpr:
                continue
            key = (tp / max(pos, 1), -(tp + fp))
            if best is None or key > best[0]:
                best = (key, slope, offset)
    if best is None:
        return 1.0, 1.0
    return best[1], best[2]


def tune(rows: list[tuple[bool, Scores]], folds: int = 5, repeats: int = 3, max_fpr: float = 0.01) -> dict:
    """Repeated k-fold: choose on k-1 folds, score on the fold left out. Returns the out-of-fold
    flagger recall and false-positive rate (the honest estimate), each fold's choice, and the
    choice made on all rows (the one to ship)."""
    tp = pos = fp = neg = 0
    chosen = []
    for seed in range(repeats):
        parts = np.array_split(np.random.default_rng(seed).permutation(len(rows)), folds)
        for k in range(folds):
            held = set(parts[k].tolist())
            slope, offset = choose([r for i, r in enumerate(rows) if i not in held], max_fpr)
            chosen.append((slope, offset))
            a, b, c, d = _counts([rows[i] for i in held], slope, offset)
            tp, pos, fp, neg = tp + a, pos + b, fp + c, neg + d
    return {
        "folds": chosen, "cv_recall": round(tp / max(pos, 1), 3), "cv_fpr": round(fp / max(neg, 1), 3),
        "all_rows": choose(rows, max_fpr),
    }


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(description="Cross-validate the semantic flagger's slope and offset.")
    ap.add_argument("labelled", help="a JSONL file of {text, crisis} rows to tune on")
    ap.add_argument("--max-fpr", type=float, default=0.01)
    args = ap.parse_args(argv)
    with open(args.labelled, encoding="utf-8") as f:
        data = [json.loads(line) for line in f if line.strip()]
    flagger = SemanticFlagger.load()
    scores = flagger.scores_many([r["text"] for r in data])
    rows = [(bool(r["crisis"]), s) for r, s in zip(data, scores)]
    print(json.dumps(tune(rows, max_fpr=args.max_fpr), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
