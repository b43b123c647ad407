"""Timings of the pure-logic stages every turn passes (the figures unit tests must not assert):
the command matcher, the router, the crisis rules, the whole gate with its similarity layer, and
the similarity layer's warm start. Run by `voice-companion bench`."""

from __future__ import annotations

import json
import time

# Said the way people say them to the companion; none is a crisis, so the whole gate runs.
_TEXTS = (
    "um can you slow dawn a bit for me", "stop", "quite her", "stop the breathing it's making me dizzy",
    "how many more breaths do i have to do", "um i think i'm hyperventilating", "box breeding", "i feel awful",
    "my sister called me today and we talked for ages about her kids", "i can't get out of bed today",
)


def _per_call_ms(fn, texts, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            fn(t)
    return (time.perf_counter() - start) / (rounds * len(texts)) * 1000


def logic_timings(rounds: int = 50) -> dict:
    from voice_companion.app.runtime import load_exercises
    from voice_companion.routing.commands import match_command
    from voice_companion.routing.router import ExerciseInfo, Router
    from voice_companion.safety.crisis import check_crisis
    from voice_companion.safety.semantic import SemanticFlagger

    catalog, _ = load_exercises()
    router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
    for t in _TEXTS:
        router.route(t)  # warm the per-word caches, as a long-running session would
    out = {
        # __wrapped__ and a changed string defeat the whole-utterance caches: real work is measured.
        "command_ms": _per_call_ms(match_command.__wrapped__, _TEXTS, rounds),
        "router_ms": _per_call_ms(lambda t: router.route(t + " "), _TEXTS, rounds),
        "crisis_rules_ms": _per_call_ms(lambda t: check_crisis(t, semantic=False), _TEXTS, rounds),
    }
    SemanticFlagger.load()  # cold, once: embeds the bank or reads the cache
    start = time.perf_counter()
    SemanticFlagger.load()
    out["flagger_warm_start_ms"] = (time.perf_counter() - start) * 1000
    out["crisis_gate_ms"] = _per_call_ms(lambda t: check_crisis(t, semantic=True), _TEXTS, max(1, rounds // 10))
    return {k: round(v, 3) for k, v in out.items()}


if __name__ == "__main__":
    print(json.dumps(logic_timings(), indent=2))
