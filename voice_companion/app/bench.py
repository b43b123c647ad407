"""`voice-companion bench`: the project's measure of speed. A fixed set of spoken requests of four
kinds (commands, exercise requests, questions about an exercise, open talk) goes through the real
pipeline, and through a naive pipeline on the same models in the same run (transcribe the whole
utterance, generate the whole reply, synthesize all of it). Ratios hold on a shared machine where
absolute times do not, so both are printed."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from voice_companion.app.bench_logic import logic_timings
from voice_companion.app.demo import run_conversation
from voice_companion.app.runtime import load_exercises, load_stt, load_tts, make_llm, make_voice_channel
from voice_companion.audio.segmenter import ENDPOINT_PRESETS
from voice_companion.config import Config
from voice_companion.routing.intents import DEFAULT_EXERCISE

KINDS = ("command", "exercise", "question", "talk")

# The fixed set. Each is one turn at the start of a conversation. Talk holds two requests the
# rules are unsure of ("I need some help"): they are where a tie-break used to cost the p95.
REQUESTS: dict[str, tuple[str, ...]] = {
    # Each is heard right by the tiny Whisper model in the Piper voice ("Slower." comes out as
    # "It's lower.", "Pause." as "Oh, I was.", "cyclic sigh" as "cyclic side"): the bench times the pipeline, not mishearing.
    "command": ("Slow down, please.", "Louder.", "Pause, please.", "Stop."),
    "exercise": ("Can we do box breathing?", "Help me ground myself.",
                 "I need a breathing exercise.", "Let's do the five four three two one one."),
    "question": ("What is box breathing?", "What is grounding?",
                 "How long does box breathing take?", "What is the five four three two one exercise?"),
    "talk": ("I had a rough day at work.", "My sister and I argued again this morning.",
             "I need some help.", "Can you help me with something?"),
}

# Per kind, speech end → first audio, p50 (issue 16; 2-core CPU, embedded stack).
TARGETS = {"command": 0.3, "exercise": 0.5, "question": 0.5, "talk": 1.2, "peak_rss_gb": 1.5, "cold_start_s": 3.0}
STAGES = ("transcript", "decision", "first_token", "first_audio")


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _summary(values: list[float]) -> dict:
    r = lambda v: None if v is None else round(v, 3)  # noqa: E731
    return {"n": len(values), "p50": r(_pct(values, 0.5)), "p95": r(_pct(values, 0.95))}


def peak_rss_parts_gb(backend=None) -> dict[str, float]:
    """This process's peak and the model worker's: together they are what the person's machine holds."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    worker = getattr(backend, "peak_rss_bytes", lambda: 0)()
    return {"companion": round(own / 1024**3, 3), "model_worker": round(worker / 1024**3, 3)}


def peak_rss_gb(backend=None) -> float:
    return sum(peak_rss_parts_gb(backend).values())


def machine(backend=None) -> str:
    """CPU, cores and the llama.cpp build: figures mean little without them."""
    import platform

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    build = getattr(backend, "system_info", "")
    return f"{cpu}, {os.cpu_count()} cores" + (f", llama.cpp build: {build}" if build else "")


def synthesize_requests(tts, kinds: tuple[str, ...], folder: Path) -> dict[str, list[Path]]:
    """The requests as 16 kHz mono WAVs in the project's own Piper voice, made at bench time:
    the voice is what this install has, and nothing binary needs to live in the repository."""
    from voice_companion.audio.format import STT_RATE, resample, write_wav

    out: dict[str, list[Path]] = {}
    for kind in kinds:
        out[kind] = []
        for n, text in enumerate(REQUESTS[kind]):
            audio = resample(tts.synthesize(text), tts.sample_rate, STT_RATE)
            path = folder / f"{kind}-{n}.wav"
            write_wav(path, audio, STT_RATE)
            out[kind].append(path)
    return out


class _SaidLog:
    """What the companion said in one turn, for the naive pipeline to say the same words."""

    def __init__(self, channel) -> None:
        self.lines: list[str] = []
        inner_say, inner_cue = channel.say, channel.cue

        def say(text):
            self.lines.append(text)
            inner_say(text)

        def cue(text, kind, seconds):
            self.lines.append(text)
            inner_cue(text, kind, seconds)

        channel.say, channel.cue = say, cue


def naive_turn(wav: Path, said: list[str], companion, tts, stt) -> dict:
    """One turn of the naive pipeline on the same models: the whole utterance transcribed, the
    same decision made (the LLM tie-break before anything else when the rules are unsure), the
    whole reply generated with the model's cache cleared (no prefix reuse), then all of it
    synthesized. First audio is when that synthesis ends."""
    import numpy as np

    from voice_companion.audio.format import load_for_stt
    from voice_companion.conversation.speech_text import speakable
    from voice_companion.llm.prompt import build_messages
    from voice_companion.routing.decision import decide

    audio = load_for_stt(wav)
    t0 = time.perf_counter()
    text = stt.transcribe(audio).text
    t_transcript = time.perf_counter()
    decision = decide(text, companion.gate, companion.router, classify=companion._classifier())
    t_decision = time.perf_counter()
    marks = {"transcript": t_transcript - t0, "decision": t_decision - t0}
    # An exercise is paced over minutes: what a naive pipeline says first is its opening line.
    reply = " ".join(said[:1] if decision.action == "exercise" else said)
    backend = companion.llm.backend
    if decision.action == "talk" and backend is not None and companion.llm_calls:
        reset = getattr(backend, "reset_cache", None)
        if reset is not None:
            reset()
        messages = build_messages([], text, user_instructions=companion.options.user_instructions,
                                  catalog=companion.catalog_prompt)
        reply = "".join(backend.stream_chat(messages))
        marks["first_token"] = time.perf_counter() - t0  # the whole reply is the first token it hands on
    t_synth = time.perf_counter()
    chunks = list(tts._chunks(speakable(reply))) or [np.zeros(0, np.float32)]  # uncached, on purpose
    synth = np.concatenate(chunks)
    marks["first_audio"] = time.perf_counter() - t0
    return {"marks": marks, "stt_s": t_transcript - t0, "audio_s": audio.size / 16000,
            "tts_s": marks["first_audio"] - (t_synth - t0), "speech_s": synth.size / tts.sample_rate}


def cold_start(cfg: Config) -> dict:
    """Process start → ready to listen, in a fresh process: interpreter, imports, models, the
    LLM loaded and its system prompt read (or its saved state), the greeting synthesized. When
    the prompt's state was not saved yet (the first start after an install or a change of model
    or instructions), that start is reported too and the usual one measured after it."""
    first = _cold_start_once(cfg)
    if first.get("restored") is False:
        again = _cold_start_once(cfg)
        if "cold_start_s" in again:
            again["first_start_s"] = first["cold_start_s"]
            return again
    return first


def _cold_start_once(cfg: Config) -> dict:
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "voice_companion.app.bench", "--cold-child", json.dumps(_settings(cfg))],
        capture_output=True, text=True, timeout=600, env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
    )
    try:
        child = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return {"cold_start_s": round(child["ready"] - started, 3), "restored": child.get("restored"),
            "parts_s": {k: round(v, 3) for k, v in child["parts"].items()}}


def _settings(cfg: Config) -> dict:
    """The config file and every setting that did not come from it or the defaults, so the
    child process runs with exactly this configuration."""
    return {"path": str(cfg.path) if cfg.path is not None else None,
            "set": [[k, v] for k, v, source in cfg.items() if not source.startswith("default")]}


def _cold_child(argv: list[str]) -> int:
    """The measured process of cold_start: what `voice-companion talk` does before it first listens."""
    from voice_companion.app.runtime import make_companion
    from voice_companion.config import load_config

    settings = json.loads(argv[0])
    cfg = load_config(Path(settings["path"]) if settings["path"] else None, [(k, v, "bench") for k, v in settings["set"]])
    parts, t = {}, time.perf_counter()
    llm = make_llm(cfg)
    llm.start_choosing()  # as cmd_talk does
    tts, stt = load_tts(cfg), load_stt(cfg)
    parts["voice_and_whisper"] = time.perf_counter() - t
    t = time.perf_counter()
    channel = make_voice_channel(cfg, tts=tts, stt=stt, input_wavs=[], to_wav=True)
    companion = make_companion(cfg, channel, llm=llm, fast=True)
    parts["companion"] = time.perf_counter() - t
    t = time.perf_counter()
    companion.announce_backend()
    parts["llm_load_and_warm"] = time.perf_counter() - t
    t = time.perf_counter()
    companion.greet()
    parts["greeting"] = time.perf_counter() - t
    ready = time.time()
    backend = companion.llm.backend
    restored = getattr(backend, "warm_restored", None)
    if backend is not None and hasattr(backend, "close"):
        backend.close()
    print(json.dumps({"ready": ready, "parts": parts, "restored": restored}))
    return 0


def run_kinds(cfg: Config, kinds: tuple[str, ...], rounds: int, *, tts, stt, llm, catalog, folder: Path) -> dict:
    wavs = synthesize_requests(tts, kinds, folder)
    ours: dict[str, dict[str, list[float]]] = {k: {s: [] for s in STAGES} for k in kinds}
    naive: dict[str, dict[str, list[float]]] = {k: {s: [] for s in STAGES} for k in kinds}
    routes: dict[str, dict[str, int]] = {k: {} for k in kinds}  # what each request turned into
    stt_rt, tts_rt = [0.0, 0.0], [0.0, 0.0]  # seconds spent, seconds of audio
    # Warm-up (not counted): the first reply also pays for reading the system prompt, which a
    # real session pays once at start-up.
    run_conversation(cfg, wavs[kinds[0]][:1], tts=tts, stt=stt, llm=llm, catalog=catalog, to_wav=True)
    for _ in range(max(1, rounds)):
        for kind in kinds:
            for wav in wavs[kind]:
                said: list[_SaidLog] = []
                # Each request is the first turn of a fresh session: nothing it says was
                # synthesized by an earlier request (a real session starts with an empty cache).
                with tts._lock:
                    tts._cache.clear()

                def on_turn(n, text, channel, companion, said=said):
                    if n == 0:  # after the greeting: only the turn's own words are logged
                        said.append(_SaidLog(channel))
                        # Paced like a voice while a pause is decoded, so the decode's time
                        # lands where a person would wait for it (capture.WavTurnSource).
                        channel.turns.realtime = True

                companion = run_conversation(cfg, [wav], tts=tts, stt=stt, llm=llm, catalog=catalog,
                                             to_wav=True, on_turn=on_turn)
                turns = [tl for tl in companion.channel.timelines.all() if tl.since_speech_end()]
                if turns:
                    route = turns[0].route or "-"
                    routes[kind][route] = routes[kind].get(route, 0) + 1
                    for stage, value in turns[0].since_speech_end().items():
                        if stage in ours[kind]:
                            ours[kind][stage].append(value)
                lines = said[0].lines if said else []
                n = naive_turn(wav, lines, companion, tts, stt)
                for stage, value in n["marks"].items():
                    naive[kind][stage].append(value)
                stt_rt[0] += n["stt_s"]; stt_rt[1] += n["audio_s"]
                tts_rt[0] += n["tts_s"]; tts_rt[1] += n["speech_s"]
    out: dict[str, dict] = {}
    for kind in kinds:
        row: dict[str, object] = {}
        for stage in STAGES:
            if ours[kind][stage]:
                row[stage] = _summary(ours[kind][stage])
            if naive[kind][stage]:
                row["naive_" + stage] = _summary(naive[kind][stage])
        a, b = row.get("first_audio", {}).get("p50"), row.get("naive_first_audio", {}).get("p50")
        row["first_audio_vs_naive"] = round(a / b, 3) if a is not None and b else None
        row["routes"] = routes[kind]
        out[kind] = row
    rtf = {"stt_rtf": round(stt_rt[0] / stt_rt[1], 3) if stt_rt[1] else None,
           "tts_rtf": round(tts_rt[0] / tts_rt[1], 3) if tts_rt[1] else None}
    return {"kinds": out, **rtf}


def run_bench(cfg: Config, *, as_json: bool = False, rounds: int = 2, drift: bool = False,
              kinds: tuple[str, ...] = KINDS, cold: bool = True) -> int:
    unknown = [k for k in kinds if k not in REQUESTS]
    if unknown:
        print(f"Unknown kind {', '.join(unknown)}: choose from {', '.join(KINDS)}.", file=sys.stderr)
        return 2
    # Cold start first, while no model of ours is in memory to share pages with the child.
    cold_result = cold_start(cfg) if cold else {}
    loads = {}
    t = time.perf_counter(); tts = load_tts(cfg); loads["tts_load"] = time.perf_counter() - t
    t = time.perf_counter(); stt = load_stt(cfg); loads["stt_load"] = time.perf_counter() - t
    llm = make_llm(cfg)
    t = time.perf_counter(); backend = llm.backend; loads["llm_load"] = time.perf_counter() - t
    catalog, _ = load_exercises()
    with tempfile.TemporaryDirectory(prefix="vc-bench-") as tmp:
        measured = run_kinds(cfg, kinds, rounds, tts=tts, stt=stt, llm=llm, catalog=catalog, folder=Path(tmp))
    result = {
        "machine": machine(backend),
        "llm": f"{backend.name} {backend.model}" if backend is not None else "none",
        "rounds": rounds,
        "requests_per_kind": {k: len(REQUESTS[k]) for k in kinds},
        "load_seconds": {k: round(v, 3) for k, v in loads.items()},
        "cold_start_s": cold_result.get("cold_start_s"),
        "cold_start_parts_s": cold_result.get("parts_s", {}),
        "cold_start_prompt_state_read": cold_result.get("restored"),
        "first_start_s": cold_result.get("first_start_s"),
        **measured,
        "peak_rss_gb": round(peak_rss_gb(backend), 3),
        "peak_rss_parts_gb": peak_rss_parts_gb(backend),
        "endpoint_pauses_seconds": list(ENDPOINT_PRESETS[cfg.get("listen.endpoint")]),
        "logic_ms": logic_timings(),
        "targets": TARGETS,
    }
    if "error" in cold_result:
        result["cold_start_error"] = cold_result["error"]
    if drift:
        result["breathing_drift"] = breathing_drift(cfg, tts, stt, catalog)
    if backend is not None and hasattr(backend, "close"):
        backend.close()
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    _print_table(result, kinds)
    return 0


def _fmt(v) -> str:
    return "-" if v is None else f"{v:.2f}"


def _print_table(result: dict, kinds: tuple[str, ...]) -> None:
    print(f"voice-companion bench — {result['llm']}, {result['rounds']} round(s), "
          f"{sum(result['requests_per_kind'].values())} spoken requests per round")
    print(f"machine: {result['machine']}")
    loads = result["load_seconds"]
    print(f"model load in this process: tts {loads['tts_load']:.2f}s, stt {loads['stt_load']:.2f}s, llm {loads['llm_load']:.2f}s")
    print("\nspeech end → (seconds; ours p50 / p95, naive p50, ours ÷ naive p50)")
    print(f"{'kind':<10}{'stage':<13}{'p50':>7}{'p95':>7}{'naive':>8}{'ratio':>7}")
    for kind in kinds:
        row = result["kinds"][kind]
        for stage in STAGES:
            ours, naive = row.get(stage), row.get("naive_" + stage)
            if ours is None and naive is None:
                continue
            p50 = (ours or {}).get("p50")
            n50 = (naive or {}).get("p50")
            ratio = f"{p50 / n50:.2f}" if p50 is not None and n50 else "-"
            print(f"{kind:<10}{stage:<13}{_fmt(p50):>7}{_fmt((ours or {}).get('p95')):>7}{_fmt(n50):>8}{ratio:>7}")
        print(f"{'':<10}routes: " + ", ".join(f"{r} {n}" for r, n in sorted(row["routes"].items())))
    print(f"\nspeech recognition real-time factor {_fmt(result['stt_rtf'])}, speech synthesis {_fmt(result['tts_rtf'])} "
          "(seconds of work per second of audio)")
    if result.get("cold_start_s") is not None:
        parts = ", ".join(f"{k} {v:.2f}s" for k, v in result["cold_start_parts_s"].items())
        print(f"cold start (process start → ready to listen): {result['cold_start_s']:.2f} s ({parts})")
        if result.get("first_start_s") is not None:
            print(f"  the first start, before the system prompt's state was saved: {result['first_start_s']:.2f} s")
    elif result.get("cold_start_error"):
        print(f"cold start not measured: {result['cold_start_error']}")
    parts = result["peak_rss_parts_gb"]
    print(f"peak memory (RSS): {result['peak_rss_gb']:.2f} GB (this process {parts['companion']:.2f}, "
          f"the model worker {parts['model_worker']:.2f})")
    if "breathing_drift" in result:
        d = result["breathing_drift"]
        print(f"breathing timing: {d['cues']} cues over {d['minutes']} min, worst cue {d['worst_cue_offset_ms']} ms "
              "from its ideal time (target < 50 ms per minute)")
    lg = result["logic_ms"]
    print(f"per turn, without models: command match {lg['command_ms']:.3f} ms, router {lg['router_ms']:.3f} ms, "
          f"crisis rules {lg['crisis_rules_ms']:.3f} ms, whole gate {lg['crisis_gate_ms']:.1f} ms "
          f"(the similarity layer's warm start {lg['flagger_warm_start_ms']:.0f} ms)")
    gap, hold = result["endpoint_pauses_seconds"]
    print(f"(speech end is when the turn closed: the pause after the last word, listen.endpoint, is not included: "
          f"{gap} s when the words read as finished, {hold} s when they trail off)")
    t = result["targets"]
    print("targets, first audio p50: " + ", ".join(f"{k} ≤ {t[k]} s" for k in KINDS)
          + f"; talk ≤ 0.35 × naive; p95 ≤ 2 × p50; cold start ≤ {t['cold_start_s']} s; peak memory ≤ {t['peak_rss_gb']} GB")


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


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--cold-child":
    sys.exit(_cold_child(sys.argv[2:]))
