"""The built-in language model's own process: llama.cpp runs here, never in the process that
listens and speaks.

Why a separate process: llama.cpp is native code compiled for one kind of CPU. A build that does
not suit the CPU (seen: the AMX kernels of a `-march=native` build segfault on Xeon 4th gen; an
AVX-512 build dies with SIGILL on a CPU without it) would otherwise take the whole session down
mid-sentence. Here it only ends this process; the companion says so and carries on.

Protocol: JSON lines. Requests arrive on stdin; replies leave on the original stdout, which is
kept for the protocol alone (fd 1 is pointed at stderr, so nothing native can corrupt it).
  {"op": "load", "gguf", "context", "threads", "threads_batch", "mmap", "batch", "ubatch", "flash_attn"}
                                                                  -> {"ready": true, "system_info"} | {"error"}
  {"op": "chat", "id", "messages", "max_tokens", "temperature"}   -> {"id", "delta"}* then {"id", "done": true}
  {"op": "classify", "id", "messages", "choices"}                 -> {"id", "result"}
  {"op": "warm", "id", "messages", "state"}                       -> {"id", "done": true, "restored"}
  {"op": "probe", "id", "tokens"}                                 -> {"id", "tokens", "seconds"}
  {"op": "reset", "id"}                                           -> {"id", "done": true} (forgets the cached prompt)
  {"op": "cancel", "id"}                                          (stops that request at its next token)
Any request may end in {"id", "error": "..."} instead.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time

# How llama.cpp names a compiled-in feature, and the /proc/cpuinfo flags a CPU needs for it
# (its AVX512 build switch turns on five instruction sets at once).
FEATURE_FLAGS = {
    "SSE3": ("pni",), "SSSE3": ("ssse3",), "AVX": ("avx",), "AVX2": ("avx2",), "F16C": ("f16c",), "FMA": ("fma",),
    "BMI2": ("bmi2",), "AVX_VNNI": ("avx_vnni",), "AVX512": ("avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"),
    "AVX512_VBMI": ("avx512vbmi",), "AVX512_VNNI": ("avx512_vnni",), "AVX512_BF16": ("avx512_bf16",),
    "AMX_INT8": ("amx_int8",), "DOTPROD": ("asimddp",), "FP16_VA": ("asimdhp",), "SVE": ("sve",),
    "MATMUL_INT8": ("i8mm",), "SME": ("sme",),
}


def compiled_features(system_info: str) -> set[str]:
    """The CPU features a llama.cpp build uses, from its system-info line ("AVX2 = 1 | ...")."""
    found = set()
    for part in system_info.replace("\n", "|").split("|"):
        name, _, value = part.partition("=")
        name = name.strip().split(":")[-1].strip()
        if value.strip() == "1" and name:
            found.add(name)
    return found


def cpu_flags(cpuinfo: str) -> set[str]:
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            flags.update(value.split())
    return flags


def build_problem(system_info: str, cpuinfo: str) -> str | None:
    """Why this llama.cpp build must not run on this CPU, in plain words, or None if it may."""
    flags = cpu_flags(cpuinfo)
    if not flags:
        return None  # nothing to compare against (not Linux): let it try
    features = compiled_features(system_info)
    missing = sorted(f for f in features if not set(FEATURE_FLAGS.get(f, ())) <= flags)
    if missing:
        return (f"llama-cpp-python was built for another processor: it uses {', '.join(missing)}, which this "
                "CPU does not have. Rebuild it for this computer with scripts/setup.sh.")
    if "AMX_INT8" in features:
        return ("llama-cpp-python was built with AMX kernels, which crash on this CPU (seen with llama.cpp's "
                "native build on Intel Xeon 4th gen). Rebuild it portably with scripts/setup.sh.")
    return None


class Worker:
    def __init__(self, out) -> None:
        self.out = out
        self.llm = None
        self.requests: queue.Queue = queue.Queue()
        self.cancelled: set[int] = set()
        self._out_lock = threading.Lock()

    def send(self, **msg) -> None:
        with self._out_lock:
            self.out.write(json.dumps(msg) + "\n")
            self.out.flush()

    def read_stdin(self) -> None:
        # Cancels must land while a reply is being generated, so stdin has its own thread.
        for line in sys.stdin:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("op") == "cancel":
                self.cancelled.add(msg.get("id"))
            else:
                self.requests.put(msg)
        self.requests.put(None)  # the companion has gone: so do we

    def load(self, msg: dict) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import llama_cpp
        except ImportError:
            self.send(error="The built-in language model needs llama-cpp-python. Run scripts/setup.sh.")
            return
        info = llama_cpp.llama_print_system_info()
        info = info.decode("utf-8", "replace") if isinstance(info, bytes) else str(info)
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as f:
                cpuinfo = f.read()
        except OSError:
            cpuinfo = ""
        problem = build_problem(info, cpuinfo)
        if problem and not os.environ.get("VOICE_COMPANION_ALLOW_ANY_BUILD"):
            self.send(error=problem, kind="build")
            return
        try:
            self.llm = llama_cpp.Llama(
                model_path=msg["gguf"], n_ctx=msg["context"], n_threads=msg["threads"],
                n_threads_batch=msg["threads_batch"], verbose=False, use_mmap=msg.get("mmap", True),
                n_batch=msg.get("batch", 512), n_ubatch=msg.get("ubatch", msg.get("batch", 512)),
                flash_attn=msg.get("flash_attn", False),
            )
        except Exception as exc:
            self.send(error=f"{type(exc).__name__}: {exc}", kind="model")
            return
        self.send(ready=True, system_info=" ".join(sorted(compiled_features(info))))

    def chat(self, msg: dict) -> None:
        rid = msg["id"]
        stream = self.llm.create_chat_completion(
            messages=msg["messages"], stream=True, max_tokens=msg["max_tokens"],
            temperature=msg["temperature"], top_p=0.9, repeat_penalty=1.1,
        )
        for chunk in stream:
            if rid in self.cancelled:
                break
            delta = chunk["choices"][0].get("delta", {}).get("content") or ""
            if delta:
                self.send(id=rid, delta=delta)
        self.send(id=rid, done=True)

    def classify(self, msg: dict) -> None:
        from llama_cpp import LlamaGrammar

        choices = msg["choices"]
        grammar = LlamaGrammar.from_string("root ::= " + " | ".join(json.dumps(c) for c in choices), verbose=False)
        out = self.llm.create_chat_completion(messages=msg["messages"], grammar=grammar, max_tokens=8, temperature=0.0)
        value = (out["choices"][0]["message"]["content"] or "").strip()
        self.send(id=msg["id"], result=value if value in choices else None)

    def warm(self, msg: dict) -> None:
        # Reading the system prompt took 3-5 s of every start on 2 cores. Its KV state is kept in
        # a file (named by the client from the model, settings, build and prompt) and read back in
        # a fraction of that on the next start.
        path = msg.get("state")
        if path and self._restore(path):
            self.send(id=msg["id"], done=True, restored=True)
            return
        self.llm.create_chat_completion(messages=msg["messages"], max_tokens=1)
        if path:
            self._save(path)
        self.send(id=msg["id"], done=True, restored=False)

    def _restore(self, path: str) -> bool:
        import ctypes

        import llama_cpp
        import numpy as np

        try:
            with np.load(path) as saved:
                ids, state = saved["ids"], saved["state"]
        except (OSError, ValueError, KeyError):
            return False
        n = int(ids.size)
        if n == 0 or n >= self.llm.n_ctx():
            return False
        buf = (ctypes.c_uint8 * state.size).from_buffer_copy(state.tobytes())
        if llama_cpp.llama_state_set_data(self.llm._ctx.ctx, buf, state.size) != state.size:
            self.llm.reset()
            return False
        # What llama-cpp-python itself restores (load_state), minus the logits table it would
        # copy (hundreds of MB): the next prompt's first new token is evaluated anyway.
        self.llm.input_ids[:n] = ids
        self.llm.n_tokens = n
        self.llm._requires_eval = True
        return True

    def _save(self, path: str) -> None:
        import ctypes

        import llama_cpp
        import numpy as np

        try:
            ctx = self.llm._ctx.ctx
            size = llama_cpp.llama_state_get_size(ctx)
            buf = (ctypes.c_uint8 * size)()
            used = llama_cpp.llama_state_get_data(ctx, buf, size)
            from pathlib import Path

            from voice_companion import state

            # Through state.py like every file under the data directory: private, and written whole.
            target = Path(path)
            state.ensure_dir(target.parent)
            for old in target.parent.glob("*.npz"):  # one prompt is current; older ones are dead weight
                if old != target:
                    old.unlink()
            with state.atomic_writer(target) as f:
                np.savez(f, ids=np.array(self.llm.input_ids[: self.llm.n_tokens]),
                         state=np.frombuffer(buf, np.uint8, count=used))
        except Exception:
            pass  # only a start-up shortcut; the next start reads the prompt again

    def reset(self, msg: dict) -> None:
        # The benchmark's naive pipeline: the next prompt is read from its first token.
        self.llm.reset()
        self.send(id=msg["id"], done=True)

    def probe(self, msg: dict) -> None:
        # A fixed, short prompt: what `doctor` needs is proof that generation runs, and its speed.
        wanted = int(msg.get("tokens", 8))
        t0 = time.perf_counter()
        first = None
        n = 0
        for _ in self.llm.create_completion("The sky is", max_tokens=wanted, temperature=0.0, stream=True):
            n += 1
            if first is None:
                first = time.perf_counter()
        end = time.perf_counter()
        rate_window = end - (first or t0)
        self.send(id=msg["id"], tokens=n, seconds=round(end - t0, 3),
                  tokens_per_second=round((n - 1) / rate_window, 2) if n > 1 and rate_window > 0 else None)

    def serve(self) -> None:
        threading.Thread(target=self.read_stdin, daemon=True).start()
        while True:
            msg = self.requests.get()
            if msg is None:
                return
            op = msg.get("op")
            if op == "load":
                self.load(msg)
                continue
            handler = getattr(self, op, None) if op in ("chat", "classify", "warm", "probe", "reset") else None
            if handler is None or self.llm is None:
                self.send(id=msg.get("id"), error=f"not ready for {op!r}")
                continue
            try:
                handler(msg)
            except Exception as exc:  # out of context, decode errors: this request fails, the worker lives
                self.send(id=msg.get("id"), error=f"{type(exc).__name__}: {exc}")
            finally:
                self.cancelled.discard(msg.get("id"))


def main() -> int:
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    Worker(out).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
