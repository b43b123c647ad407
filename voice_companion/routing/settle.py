"""Settling a request the router's rules were unsure of, in milliseconds, with the sentence
embedder the crisis gate has already loaded.

Why not the LLM: on a 2-core machine its classifier prompt cost 2-3 s before the reply could even
start (issue 16: the whole of the p95). What it decided was small: which exercise to *suggest*
(never start), or "talk". The nearest of a few written examples per label decides the same thing
without the wait. Its answer is a suggestion only, exactly as the LLM's was; the crisis gate has
already run on the words before this is asked.

Labels: "breathing", "grounding", "get_out_of_bed", "talk", or None (a request for help that does
not say which: the person is offered the choices by name)."""

from __future__ import annotations

import threading

import numpy as np

# The companion's own examples, written for this file. Each label's examples say what the LLM
# classifier's instructions described; "choices" is a request that names nothing.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "breathing": (
        "my chest is tight and i can't catch my breath", "my heart is racing and i'm panicking",
        "i think i'm having a panic attack", "i can't breathe properly", "i'm breathing too fast",
        "i'm shaking and my heart is pounding", "help me slow my breathing down",
        "my body won't calm down", "i'm so anxious i feel sick",
    ),
    "grounding": (
        "nothing feels real right now", "i feel spaced out and far away", "i feel detached from my body",
        "i feel like i'm watching myself from outside", "everything seems foggy and distant",
        "i keep zoning out", "i need to come back to the present", "my mind is everywhere and i can't settle",
    ),
    "get_out_of_bed": (
        "i can't get out of bed", "i've been lying here all morning", "i can't face the day",
        "i don't have the energy to get up", "i'm stuck under the covers", "getting up feels impossible today",
    ),
    "choices": (
        "help", "can you help", "can we do something", "what exercises do you have",
        "what can you help me with", "which exercise should we do", "give me something to do",
        "what are my options",
    ),
    "talk": (
        "i had a hard day", "i feel terrible", "i'm sad and tired", "i feel low today",
        "my friend and i had a fight", "why does this work", "how does that help",
        "how do breathing exercises calm you down", "what is the point of grounding", "what is box breathing",
        "i don't want to do that one", "not that one", "i'm worried about tomorrow",
        "i just want to talk", "i feel lonely", "tell me something nice", "i'm fed up",
        # Sleep and the body's illnesses are conversation: getting up is not sleep help, and a
        # side effect or a headache is not panic (the model may still mention an exercise).
        "i can't sleep", "help me fall asleep", "my medication makes me feel ill", "i have a headache and feel sick",
    ),
}
LABELS = ("breathing", "grounding", "get_out_of_bed")
# Below this similarity to every exercise and "choices" example the words are conversation,
# as the LLM classifier's "anything else" was.
FLOOR = 0.45


class SemanticTieBreak:
    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self._labels: list[str] = []
        self._vecs: np.ndarray | None = None
        self._lock = threading.Lock()

    def ready(self) -> None:
        """Embed the examples (a few hundred ms, once): at start-up, not on someone's turn."""
        with self._lock:
            if self._vecs is None:
                labels = [label for label, texts in EXAMPLES.items() for _ in texts]
                vecs = self.embedder.embed([t for texts in EXAMPLES.values() for t in texts])
                self._labels, self._vecs = labels, np.ascontiguousarray(vecs, dtype=np.float32)

    def scores(self, text: str) -> dict[str, float]:
        """Each label's nearest example's cosine similarity."""
        from voice_companion.safety.semantic import prepare

        self.ready()
        sims = self.embedder.embed([prepare(text)])[0] @ self._vecs.T
        out: dict[str, float] = {}
        for label, sim in zip(self._labels, sims):
            out[label] = max(out.get(label, -1.0), float(sim))
        return out

    def settle(self, text: str, allowed: tuple[str, ...] = LABELS) -> str | None:
        """The label for an unsure request. `allowed`: the exercise labels the router still
        offers (a "not the breathing one" must never be answered with breathing)."""
        scores = self.scores(text)
        best = max(scores, key=scores.get)
        if best == "talk" or scores[best] < FLOOR:
            return "talk"
        if best == "choices" or best not in allowed:
            return None
        return best


_shared: SemanticTieBreak | None = None
_failed = False
_shared_lock = threading.Lock()


def shared_tiebreak() -> SemanticTieBreak | None:
    """One per process, on the crisis gate's own embedder (never a second copy of the model);
    None when that model is not there: unsure requests are then offered the choices."""
    global _shared, _failed
    if _shared is not None or _failed:
        return _shared
    with _shared_lock:
        if _shared is None and not _failed:
            from voice_companion.safety.semantic import shared_flagger

            flagger = shared_flagger()
            if flagger is None:
                _failed = True
            else:
                _shared = SemanticTieBreak(flagger.embedder)
    return _shared
