"""`voice-companion bench`: latency per stage and peak memory, measured on real runs of the
demo utterances through the real models."""

from __future__ import annotations

import json
import resource
import time

from voice_companion.app.demo import demo_utterances, run_conversation
from voice_companion.app.runtime import load_exercises, load_stt, load_tts, make_llm, make_voice_channel
from voice_companion.audio.segmenter import ENDPOINT_PRESETS
from voice_companion.channels.timeline import STAGES
from voice_companion.config import Config
from voice_companion.routing.intents import DEFAULT_EXERCISE

TARGETS = {"first_audio_p50": 2.5, "peak_rss_gb": 2.5}  # issue 2 targets, embedded stack, 2 cores


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def peak_rss_gb(backend=None) -> float:
    """This process's peak plus the model worker's: together they are what the person's machine holds."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    worker = getattr(backend, "peak_rss_bytes", lambda: 0)()
    return (own + worker) / 1024**3


def machine(backend=None) -> str:
    """CPU, cores and the llama.cpp build: figures mean little without them."""
    import os
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    build = getattr(backend, "system_info", "")
    return f"{cpu}, {os.cpu_count()} cores" + (f", llama.cpp build: {build}" if build else "")


class _RealtimeSink:
    """Plays nothing but takes as long as the audio lasts, like a speaker."""

    rate = 22_050

    def play(self, audio, rate, cancel=None) -> None:
        time.sleep(audio.size / rate)


def breathing_drift(cfg: Config, tts, stt, catalog) -> dict:
    """Run box breathing on the real clock and a real-time sink; how far each cue started
    from its ideal time (ideal = first cue + the pattern's lengths)."""
    from voice_companion.conversation.companion import Companion, SessionOptions

    channel = make_voice_channel(cfg, tts=tts, stt=stt, input_wavs=[], to_wav=True)
    channel.sink = _RealtimeSink()
    starts: list[tuple[float, float]] = []
    cue = channel.cue

    def timed_cue(text, kind, seconds):
        starts.append((time.perf_counter(), seconds))
        cue(text, kind, seconds)

    channel.cue = timed_cue
    Companion(channel, catalog, options=SessionOptions()).start_exercise(DEFAULT_EXERCISE["breathing"])
    ideal, worst = starts[0][0], 0.0
    for started, seconds in starts:
        worst = max(worst, abs(started - ideal))
        ideal += seconds
    minutes = (starts[-1][0] - starts[0][0]) / 60
    return {"cues": len(starts), "minutes": round(minutes, 2), "worst_cue_offset_ms": round(worst * 1000, 1)}


def run_bench(cfg: Config, *, as_json: bool = False, rounds: int = 2, drift: bool = False) -> int:
    loads = {}
    t = time.perf_counter(); tts = load_tts(cfg); loads["tts_load"] = time.perf_counter() - t
    t = time.perf_counter(); stt = load_stt(cfg); loads["stt_load"] = time.perf_counter() - t
    llm = make_llm(cfg)
    t = time.perf_counter(); backend = llm.backend; loads["llm_load"] = time.perf_counter() - t
    catalog, _ = load_exercises()
    wavs = demo_utterances()
    # Warm-up round (not counted): the first reply also pays for the system prompt's prefill,
    # which a real session pays once at start-up.
    run_conversation(cfg, wavs[:1], tts=tts, stt=stt, llm=llm, catalog=catalog, to_wav=True)
    per_stage: dict[str, list[float]] = {s: [] for s in STAGES}
    turns = 0
    for _ in range(max(1, rounds)):
        companion = run_conversation(cfg, wavs, tts=tts, stt=stt, llm=llm, catalog=catalog, to_wav=True)
        for tl in companion.channel.timelines.all():
            stages = tl.since_speech_end()
            if not stages:
                continue
            turns += 1
            for name, value in stages.items():
                # LLM stages only mean something on turns the LLM answered.
                if name in ("first_token", "first_sentence") and tl.route != "talk":
                    continue
                per_stage[name].append(value)
    rows = {
        name: {"n": len(v), "p50": _pct(v, 0.5), "p95": _pct(v, 0.95)}
        for name, v in per_stage.items()
    }
    result = {
        "machine": machine(backend),
        "llm": f"{backend.name} {backend.model}" if backend is not None else "none",
        "turns": turns,
        "load_seconds": {k: round(v, 3) for k, v in loads.items()},
        "speech_end_to": {k: {kk: (round(vv, 3) if isinstance(vv, float) else vv) for kk, vv in r.items()} for k, r in rows.items()},
        "peak_rss_gb": round(peak_rss_gb(backend), 3),
        "endpoint_silence_seconds": ENDPOINT_PRESETS[cfg.get("listen.endpoint")],
        "targets": TARGETS,
    }
    if drift:
        result["breathing_drift"] = breathing_drift(cfg, tts, stt, catalog)
    p50 = rows["first_audio"]["p50"]
    result["meets_targets"] = bool(p50 == p50 and p50 < TARGETS["first_audio_p50"] and result["peak_rss_gb"] < TARGETS["peak_rss_gb"])
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"voice-companion bench — {result['llm']}, {turns} turns over {rounds} round(s) of {len(wavs)} utterances")
    print(f"machine: {result['machine']}")
    print(f"model load: tts {loads['tts_load']:.2f}s, stt {loads['stt_load']:.2f}s, llm {loads['llm_load']:.2f}s")
    print(f"\n{'speech end →':<18}{'n':>4}{'p50 (s)':>10}{'p95 (s)':>10}")
    for name, r in rows.items():
        print(f"{name:<18}{r['n']:>4}{r['p50']:>10.3f}{r['p95']:>10.3f}")
    print(f"\npeak memory (RSS): {result['peak_rss_gb']:.2f} GB")
    if drift:
        d = result["breathing_drift"]
        print(f"breathing timing: {d['cues']} cues over {d['minutes']} min, worst cue {d['worst_cue_offset_ms']} ms from its ideal time (target < 50 ms per minute)")
    print(f"(speech end is when the turn closed: {result['endpoint_silence_seconds']} s of silence after the last word, listen.endpoint)")
    print(f"targets: first audio p50 < {TARGETS['first_audio_p50']} s, peak memory < {TARGETS['peak_rss_gb']} GB: "
          f"{'met' if result['meets_targets'] else 'NOT met'}")
    return 0
