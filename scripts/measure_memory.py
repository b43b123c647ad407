#!/usr/bin/env python3
"""Where the companion's memory goes: each part loaded alone in a fresh process (so one part's
pages never count for another), and the language model's worker under different llama.cpp
settings. Prints peak RSS (VmHWM) and, at the end, anonymous vs file-backed resident memory:
file-backed pages are the memory-mapped model file, anonymous ones are copies and buffers.

    PYTHONPATH=. .venv/bin/python scripts/measure_memory.py [--gguf qwen2.5-coder-1.5b-instruct]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

PARTS = {
    "python + imports": "import numpy, voice_companion.conversation.companion",
    "sentence embedder (crisis gate)": "from voice_companion.safety.semantic import shared_flagger; f = shared_flagger(); f.flag('i had a long day at work')",
    "whisper (speech recognition)": "from voice_companion.models import whisper_dir; from voice_companion.speech.stt import SpeechToText; import numpy as np; "
                                    "s = SpeechToText(whisper_dir()); s.transcribe(np.zeros(32000, np.float32))",
    "piper (voice)": "from voice_companion.models import voice_path; from voice_companion.speech.tts import TextToSpeech; "
                     "t = TextToSpeech(voice_path('en_US-joe-medium')); t.synthesize('I am here with you. Let us breathe together.')",
}


def status(pid: int | str = "self") -> dict[str, float]:
    out = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
                out[key] = int(value.split()[0]) / 1024
    return out


def part(code: str) -> dict[str, float]:
    """Run code in a fresh interpreter; its memory after, in MB."""
    script = f"{code}\nimport json, sys; sys.path.insert(0, 'scripts'); from measure_memory import status; print(json.dumps(status()))"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def worker(gguf: str, **settings) -> dict[str, float]:
    """The embedded model's worker after loading, reading the system prompt and one reply."""
    from voice_companion.llm.embedded import EmbeddedBackend
    from voice_companion.llm.prompt import build_messages
    from voice_companion.models import gguf_path

    backend = EmbeddedBackend(gguf_path(gguf), threads=1, max_tokens=40, **settings)
    try:
        messages = build_messages([], "I had a rough day at work.")
        backend.warm(messages[0]["content"])
        "".join(backend.stream_chat(messages))
        return status(backend.pid)
    finally:
        backend.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", default="qwen2.5-coder-1.5b-instruct")
    ap.add_argument("--only-worker", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    print(f"{'part':<48}{'peak':>8}{'anon':>8}{'file':>8}  (MB, resident)")
    if not args.only_worker:
        for name, code in PARTS.items():
            r = part(code)
            if "error" in r:
                print(f"{name:<48}  failed: {r['error']}")
            else:
                print(f"{name:<48}{r['VmHWM']:>8.0f}{r['RssAnon']:>8.0f}{r['RssFile']:>8.0f}")
    for label, settings in (
        ("worker: mmap, context 2048, batch 512", {}),
        ("worker: no mmap, context 2048, batch 512", {"mmap": False}),
        ("worker: no mmap, context 1024, batch 512", {"mmap": False, "context": 1024}),
        ("worker: no mmap, context 2048, batch 128", {"mmap": False, "batch": 128}),
        ("worker: mmap, context 2048, batch 128", {"batch": 128}),
    ):
        r = worker(args.gguf, **settings)
        print(f"{label:<48}{r['VmHWM']:>8.0f}{r['RssAnon']:>8.0f}{r['RssFile']:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
