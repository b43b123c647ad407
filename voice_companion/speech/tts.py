"""Text-to-speech with Piper, from a local voice file. Every line is cached for the session,
so scripted lines (exercise cues) are synthesized once and play on time."""

from __future__ import annotations

import queue
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from voice_companion import background
from voice_companion.models import ModelMissing


class TextToSpeech:
    def __init__(self, onnx: Path, *, rate: float = 1.0, cache_size: int = 512) -> None:
        from piper import PiperVoice

        try:
            self.voice = PiperVoice.load(str(onnx))
        except Exception as exc:  # onnxruntime / json errors on a damaged voice
            raise ModelMissing(f"The voice {onnx} could not be loaded ({exc}); reinstall it (scripts/setup.sh).") from None
        self.sample_rate = int(self.voice.config.sample_rate)
        self._base_length = float(getattr(self.voice.config, "length_scale", 1.0) or 1.0)
        self.rate = rate
        self._cache: OrderedDict[tuple[str, float], np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # onnxruntime sessions are not to be shared mid-run
        self.synth_count = 0  # how many lines were actually synthesized (not served from cache)

    def set_rate(self, rate: float) -> None:
        self.rate = min(2.0, max(0.5, rate))

    def _cached(self, key) -> np.ndarray | None:
        """A line made before (called under the lock)."""
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
        return hit

    def _keep(self, key, chunks: list[np.ndarray]) -> np.ndarray:
        """A line just made, kept whole, the oldest dropped past the cache size (under the lock)."""
        audio = np.concatenate(chunks or [np.zeros(0, np.float32)])
        self.synth_count += 1
        self._cache[key] = audio
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return audio

    def synthesize(self, text: str) -> np.ndarray:
        """The whole line as float32 mono at self.sample_rate."""
        text = text.strip()
        key = (text, round(self.rate, 3))
        with self._lock:
            hit = self._cached(key)
            return hit if hit is not None else self._keep(key, list(self._chunks(text)))

    def stream(self, text: str) -> Iterator[np.ndarray]:
        """The line sentence by sentence as each is made, so the first can play while the rest
        are synthesized (a long exercise opening waited ~1 s for all of it). A cached line comes
        whole; a line made here is cached whole, as synthesize() would."""
        text = text.strip()
        key = (text, round(self.rate, 3))
        with self._lock:
            hit = self._cached(key)
        if hit is not None:
            yield hit
            return
        parts: queue.Queue = queue.Queue()

        def produce() -> None:
            made: list[np.ndarray] = []
            try:
                with self._lock:
                    for chunk in self._chunks(text):
                        made.append(chunk)
                        parts.put(chunk)
                    self._keep(key, made)
            except BaseException as exc:  # surfaced to the listener below
                parts.put(exc)
            finally:
                parts.put(None)

        background.start(produce, "tts-stream")
        while (item := parts.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _chunks(self, text: str):
        from piper import SynthesisConfig

        cfg = SynthesisConfig(length_scale=self._base_length / self.rate, normalize_audio=True, volume=0.9)
        for part in (piece for opening in opening_clause(text) for piece in bounded_sentences(opening)):
            for chunk in self.voice.synthesize(part, cfg):
                # A short breath between sentences inside one line sounds less rushed.
                yield np.concatenate([chunk.audio_float_array.astype(np.float32),
                                      np.zeros(int(0.12 * self.sample_rate), np.float32)])


_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
_CLAUSE_END = re.compile(r"[,;:](?=\s)")


def opening_clause(text: str, *, long_words: int = 9, min_words: int = 3, max_words: int = 12) -> list[str]:
    """The line as the parts to synthesize one after another: a long first sentence has its
    opening clause on its own ("Breathing exercises can make some people feel worse," then the
    rest), so the first words can play after a third of the time. Measured on 2 busy cores
    (scripts/measure_answers.py): a file's first sentence alone took 0.5-0.6 s to make."""
    end = _SENTENCE_END.search(text)
    first = text[: end.start() + 1] if end else text
    if len(first.split()) < long_words:
        return [text]
    for m in _CLAUSE_END.finditer(first):
        words = len(first[: m.start()].split())
        if words > max_words:
            break
        if words >= min_words and len(first[m.end():].split()) >= min_words:
            return [text[: m.end()], text[m.end():].strip()]
    # No comma early on ("One 2023 study found that five minutes a day of cyclic sighing..."):
    # before a word that starts a clause, where a speaker may pause too.
    words = first.split()
    for i in range(max(min_words, 4), min(max_words, len(words) - min_words) + 1):
        if words[i].lower() in _CLAUSE_WORDS:
            head = " ".join(words[:i])
            return [head, text[len(head):].strip()]
    return [text]


_CLAUSE_WORDS = frozenset("that when because which while if before after until so but".split())

# Piper's memory grows with the longest sentence it is given in one go (measured with the
# en_US-joe-medium voice: about 20 MB of onnxruntime arena per second of speech, which the arena
# then keeps: a 9 s sentence held 186 MB, a 3.5 s one 75 MB). A sentence longer than this is made
# clause by clause, cut only where a speaker pauses anyway (after a comma, or before "because",
# "when" ...), so the words and their order are unchanged.
LONG_SENTENCE_WORDS = 16


def bounded_sentences(text: str, *, max_words: int = LONG_SENTENCE_WORDS, min_words: int = 4) -> list[str]:
    """The text as pieces to synthesize: unchanged when no sentence in it is longer than
    max_words; otherwise sentence by sentence, each long one cut at its clause boundaries."""
    sentences, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        sentences.append(text[start: m.end()].strip())
        start = m.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    if all(len(s.split()) <= max_words for s in sentences):
        return [text]
    pieces: list[str] = []
    for sentence in sentences:
        rest = sentence
        while len(rest.split()) > max_words:
            cut = _clause_cut(rest, max_words, min_words)
            if cut is None:
                break  # no place a speaker would pause: made whole, as before
            pieces.append(rest[:cut].strip())
            rest = rest[cut:].strip()
        pieces.append(rest)
    return pieces


def _clause_cut(sentence: str, max_words: int, min_words: int) -> int | None:
    """Where to end the first piece: the last punctuated clause boundary that keeps it at most
    max_words, else the first word that starts a clause (as opening_clause), leaving at least
    min_words on each side."""
    best = None
    for m in _CLAUSE_END.finditer(sentence):
        head = len(sentence[: m.end()].split())
        if head > max_words:
            break
        if head >= min_words and len(sentence[m.end():].split()) >= min_words:
            best = m.end()
    if best is not None:
        return best
    words = sentence.split()
    for i in range(min_words, min(max_words, len(words) - min_words) + 1):
        # "so" also means "very" mid-sentence ("asked so much of you"): no pause there.
        if words[i].lower() in _CLAUSE_WORDS and words[i].lower() != "so":
            return len(" ".join(words[:i]))
    return None
