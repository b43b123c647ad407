#!/usr/bin/env python3
"""Where the companion's memory goes: each part loaded alone in a fresh process (so one part's
pages never count for another), and the language model's worker under different llama.cpp
settings. Prints peak RSS (VmHWM) and, at the end, anonymous vs file-backed resident memory:
file-backed pages are the memory-mapped model file, anonymous ones are copies and buffers.
`--session` instead runs a session-like load in one process (Whisper decoding in fresh threads, as
the early decode does, while Piper speaks long and short lines; 16 turns) with glibc's own number
of malloc arenas and with the two the companion sets (voice_companion/memory.py).

    PYTHONPATH=. .venv/bin/python scripts/measure_memory.py [--gguf qwen2.5-coder-1.5b-instruct] [--session]
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
    """The embedded model's worker after loading, reading the system prompt, one reply and then a
    prompt as long as the companion ever sends (six earlier exchanges at their 600-character cap)."""
    from voice_companion.llm.embedded import EmbeddedBackend
    from voice_companion.llm.prompt import build_messages
    from voice_companion.models import gguf_path

    # A long prompt can take more than the live deadline on a busy 2-core machine.
    backend = EmbeddedBackend(gguf_path(gguf), threads=1, max_tokens=40, first_token_timeout=600, **settings)
    try:
        messages = build_messages([], "I had a rough day at work.")
        backend.warm(messages[0]["content"])
        "".join(backend.stream_chat(messages))
        said = ("I keep going over the meeting on Monday and the way my manager looked at me when I spoke. " * 7)[:600]
        heard = ("That sounds like it has stayed with you, and it makes sense to feel uneasy after it. " * 7)[:600]
        exchanges = 6 if backend.context >= 2048 else 1  # what the companion's trimming would keep
        history = [{"role": r, "content": c} for _ in range(exchanges) for r, c in (("user", said), ("assistant", heard))]
        "".join(backend.stream_chat(build_messages(history, "I had a rough day at work.")))
        return status(backend.pid)
    finally:
        backend.close()


SESSION = """
import os, threading, wave, json
import numpy as np
from voice_companion.models import whisper_dir, voice_path
from voice_companion.speech.stt import SpeechToText
from voice_companion.speech.tts import TextToSpeech
from voice_companion.safety.semantic import shared_flagger
import voice_companion.conversation.companion
tts, stt, flagger = TextToSpeech(voice_path('en_US-joe-medium')), SpeechToText(whisper_dir()), shared_flagger()
clips = []
for name in sorted(os.listdir('demo')):
    if name.endswith('.wav'):
        with wave.open(os.path.join('demo', name)) as w:
            clips.append(np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768)
lines = ['That sounds really hard, and I am glad you told me about it.',
         'Would you like to try some slow breathing together, or would you rather just talk for a while about what happened today?',
         'Breathe in slowly.', 'Let us notice five things you can see around you, taking your time with each one.']
for i in range(16):
    a = clips[i % len(clips)]
    heard = threading.Thread(target=lambda: (stt.transcribe(a[: a.size // 2]), stt.transcribe(a)), name='early-decode')
    spoken = threading.Thread(target=lambda: list(tts.stream(lines[i % 4] + f' {i}.')), name='tts-stream')
    heard.start(); spoken.start(); heard.join(); spoken.join()
    flagger.flag(f'I had a long day at work, number {i}')
"""


def session(arenas: int | None) -> dict[str, float]:
    env = dict(os.environ)
    if arenas:
        env["MALLOC_ARENA_MAX"] = str(arenas)  # memory.tune() leaves a set value alone
    script = f"{SESSION}\nimport sys; sys.path.insert(0, 'scripts'); from measure_memory import status; print(json.dumps(status()))"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, env=env)
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", default="qwen2.5-coder-1.5b-instruct")
    ap.add_argument("--only-worker", action="store_true")
    ap.add_argument("--session", action="store_true", help="only the session-like load, glibc's arenas against ours")
    ap.add_argument("--rounds", type=int, default=3, help="pairs of --session runs, interleaved")
    args = ap.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if args.session:
        print(f"{'session (16 turns)':<48}{'peak':>8}{'held':>8}  (MB)")
        for _ in range(args.rounds):
            for label, arenas in (("glibc's arenas (8 per core)", 8 * (os.cpu_count() or 1)), ("two arenas (memory.py)", None)):
                r = session(arenas)
                print(f"{label:<48}  failed: {r['error']}" if "error" in r else f"{label:<48}{r['VmHWM']:>8.0f}{r['VmRSS']:>8.0f}")
        return 0
    print(f"{'part':<48}{'peak':>8}{'anon':>8}{'file':>8}  (MB, resident)")
    if not args.only_worker:
        for name, code in PARTS.items():
            r = part(code)
            if "error" in r:
                print(f"{name:<48}  failed: {r['error']}")
            else:
                print(f"{name:<48}{r['VmHWM']:>8.0f}{r['RssAnon']:>8.0f}{r['RssFile']:>8.0f}")
    for label, settings in (
        ("worker: as shipped (no mmap, flash attn, ubatch 128)", {}),
        ("worker: before (no flash attn, ubatch 512)", {"flash_attn": False, "ubatch": 512}),
        ("worker: flash attn, ubatch 512", {"ubatch": 512}),
        ("worker: mmap", {"mmap": True}),
        ("worker: context 1024", {"context": 1024}),
    ):
        r = worker(args.gguf, **settings)
        print(f"{label:<48}{r['VmHWM']:>8.0f}{r['RssAnon']:>8.0f}{r['RssFile']:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
