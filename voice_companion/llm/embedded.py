"""The built-in model: llama.cpp from a local GGUF file, run in a worker process of its own
(see llm/worker.py for why). To the rest of the companion it is one more chat backend.

Every wait on the worker has a deadline, so a hung or crashed model costs the person seconds of
silence and one short spoken line, never the session."""

from __future__ import annotations

import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from voice_companion.llm.base import SLOW, LLMUnavailable
from voice_companion.llm.thinking import ThinkingFilter
from voice_companion.models import ModelMissing

_EOF = object()
# After this many crashes in a row (no good reply between them) the build or the model is at
# fault, not bad luck: stop restarting and say what to do.
MAX_CRASHES = 2


def default_threads() -> int:
    # On a small machine the speech parts need a core of their own; llama.cpp threads that
    # spin-wait on a busy core collapse throughput (measured: 2 threads < 2 tok/s on 2 cores).
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        what = {"SIGSEGV": "crashed (segmentation fault)", "SIGILL": "crashed (illegal instruction)",
                "SIGKILL": "was killed (out of memory?)", "SIGBUS": "crashed (bus error)"}.get(name, f"was stopped by {name}")
        return what
    return f"exited with code {code}"


def crash_advice(code: int | None) -> str:
    if code in (-signal.SIGILL, -signal.SIGSEGV, -signal.SIGBUS):
        return (" This usually means llama-cpp-python was compiled for a different processor. "
                "Rebuild it for this computer with scripts/setup.sh.")
    return ""


class EmbeddedBackend:
    name = "embedded"

    def __init__(
        self, gguf: Path, *, context: int = 2048, threads: int = 0, max_tokens: int = 120, temperature: float = 0.6,
        first_token_timeout: float = 20.0, token_timeout: float = 10.0, load_timeout: float = 180.0,
        mmap: bool = False, batch: int = 512, ubatch: int = 128, flash_attn: bool = True,
    ) -> None:
        self.model = gguf.name
        self.path = gguf
        self.context = context
        self.threads = threads or default_threads()
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.first_token_timeout = first_token_timeout
        self.token_timeout = token_timeout
        self.load_timeout = load_timeout
        # No mmap: llama.cpp repacks the weights for this CPU's kernels into memory of its own,
        # and with mmap the file's pages stayed resident beside that copy (measured with
        # scripts/measure_memory.py, Qwen2.5 1.5B Q4_K_M: worker peak 1.86 GB with mmap, of it
        # 1.09 GB the mapped file; 1.27 GB without). llama.cpp also reads the whole file in at load
        # (MAP_POPULATE), so even the token-embedding rows a session never uses were resident.
        # Flash attention and a micro-batch of 128 tokens shrink the scratch memory of reading a
        # long prompt (attention scores for 512 tokens at once): scripts/measure_memory.py, worker
        # peak with the longest prompt 1,312 -> 1,241 MB, the same speed (interleaved, 2 cores: a turn's
        # first token 0.81 / 0.78 s, system prompt 1.95 / 1.85 s, 39 / 39 ms a token; busy: 1.67 / 1.64,
        # 4.1 / 3.8 s, 43 / 45 ms).
        # A q8_0 KV cache would save 26 MB more but slowed each turn's first token by a quarter.
        self.mmap, self.batch, self.ubatch, self.flash_attn = mmap, batch, ubatch, flash_attn
        self.system_info = ""
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # one request at a time on one context
        self._proc: subprocess.Popen | None = None
        self._replies: queue.Queue = queue.Queue()
        self._stderr_tail: deque[str] = deque(maxlen=20)
        self._crashes = 0
        self._broken = ""  # set when restarting is pointless; the plain reason
        self._warm_messages: list[dict] | None = None
        self._start()

    # --- the worker process ---------------------------------------------------------------

    def _start(self) -> None:
        env = dict(os.environ)
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            # -P: import the voice_companion this process runs, never a same-named folder in
            # whatever directory the person started it from.
            proc = subprocess.Popen(
                [sys.executable, "-P", "-m", "voice_companion.llm.worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8", bufsize=1,
            )
        except OSError as exc:
            raise LLMUnavailable(f"The built-in language model could not start ({exc}).") from None
        self._proc = proc
        self._warmed = False
        self._replies = queue.Queue()
        threading.Thread(target=self._read_replies, args=(proc, self._replies), daemon=True).start()
        threading.Thread(target=self._read_stderr, args=(proc,), daemon=True).start()
        self._send({"op": "load", "gguf": str(self.path), "context": self.context, "threads": self.threads,
                    "threads_batch": os.cpu_count() or self.threads, "mmap": self.mmap, "batch": self.batch,
                    "ubatch": self.ubatch, "flash_attn": self.flash_attn})
        msg = self._next(self.load_timeout)
        if msg is _EOF or msg is None:
            code = self._reap(kill=msg is None)
            why = f"The built-in language model {describe_exit(code)} while loading.{crash_advice(code)}"
            raise LLMUnavailable(why)
        if "error" in msg:
            self._reap(kill=True)
            if msg.get("kind") == "model":
                raise ModelMissing(f"The language model {self.path} could not be loaded ({msg['error']}). "
                                   "It may be damaged; reinstall it (scripts/setup.sh).")
            raise LLMUnavailable(msg["error"])
        self.system_info = msg.get("system_info", "")

    @staticmethod
    def _read_replies(proc: subprocess.Popen, replies: queue.Queue) -> None:
        for line in proc.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                continue
        replies.put(_EOF)

    def _read_stderr(self, proc: subprocess.Popen) -> None:
        # Kept only to explain a crash; llama.cpp's own chatter never holds the person's words.
        for line in proc.stderr:
            self._stderr_tail.append(line.rstrip())

    def _send(self, msg: dict) -> None:
        try:
            self._proc.stdin.write(json.dumps(msg) + "\n")
            self._proc.stdin.flush()
        except (OSError, ValueError, AttributeError):
            pass  # a dead worker shows up as end of its replies

    def _next(self, timeout: float):
        """The worker's next reply, _EOF if it died, None if it said nothing in time."""
        try:
            return self._replies.get(timeout=timeout)
        except queue.Empty:
            return None

    def _reap(self, kill: bool = False) -> int | None:
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if kill and proc.poll() is None:
            proc.kill()
        try:
            return proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            return None

    def _fail(self, code: int | None, hung: bool = False) -> LLMUnavailable:
        """The worker died or hung: note it, start a fresh one in the background for the next
        turn, and return the error to raise for this one."""
        self._crashes += 1
        what = "stopped answering" if hung else describe_exit(code)
        reason = f"The built-in language model {what}.{crash_advice(code)}"
        if self._crashes >= MAX_CRASHES:
            self._broken = reason
        else:
            threading.Thread(target=self._restart, daemon=True).start()
        return LLMUnavailable(reason)

    def _restart(self) -> None:
        with self._lock:
            if self._proc is not None:
                return
            try:
                self._start()
                if self._warm_messages:
                    self._request({"op": "warm", "messages": self._warm_messages}, self.load_timeout)
            except (LLMUnavailable, ModelMissing) as exc:
                self._broken = str(exc)

    def _ensure_running(self) -> None:
        if self._broken:
            raise LLMUnavailable(self._broken)
        if self._proc is None:
            self._start()

    def _request(self, msg: dict, timeout: float) -> dict:
        """One request that has a single answer. Only a real reply clears the crash count: a
        fresh worker that warms up fine and then crashes again is still crashing in a row."""
        rid = next(self._ids)
        self._send({**msg, "id": rid})
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(max(0.0, deadline - time.monotonic()))
            if reply is _EOF:
                raise self._fail(self._reap())
            if reply is None:
                self._reap(kill=True)
                raise self._fail(None, hung=True)
            if reply.get("id") != rid:
                continue  # the tail of a request that was cancelled
            if "error" in reply:
                raise LLMUnavailable(f"The local language model stopped ({reply['error']}).")
            if msg["op"] != "warm":
                self._crashes = 0
            self._warmed = True
            return reply

    def close(self) -> None:
        if self._proc is not None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            self._reap()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def peak_rss_bytes(self) -> int:
        """The worker's own peak memory (Linux), which the companion's process does not count."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except (OSError, TypeError, ValueError):
            pass
        return 0

    # --- the backend interface ------------------------------------------------------------

    def warm(self, system: str) -> None:
        """Process the system prompt now, at start-up, so the first reply does not pay for it
        (llama.cpp reuses the longest matching prefix of the previous prompt)."""
        self._warm_messages = [{"role": "system", "content": system}, {"role": "user", "content": "Hello."}]
        with self._lock:
            try:
                self._ensure_running()
                reply = self._request({"op": "warm", "messages": self._warm_messages, "state": self._state_file()},
                                      self.load_timeout)
                self.warm_restored = bool(reply.get("restored"))
            except LLMUnavailable:
                pass  # an optimisation only; the crash is counted and the next reply says what happened

    warm_restored = False  # the last warm read the system prompt's state from its file

    def _state_file(self) -> str | None:
        """Where the system prompt's KV state is kept between starts: named by everything that
        makes it valid (the model file, context, batch, llama.cpp build, the prompt itself)."""
        import hashlib

        from voice_companion.config import data_dir

        try:
            st = self.path.stat()
        except OSError:
            return None
        # flash_attn changes how the V cache is laid out, so it is part of what the state fits.
        key = json.dumps([str(self.path), st.st_size, st.st_mtime_ns, self.context, self.batch, self.mmap,
                          self.ubatch, self.flash_attn, self.system_info, self._warm_messages])
        return str(data_dir() / "prompt-state" / (hashlib.sha256(key.encode()).hexdigest()[:20] + ".npz"))

    @property
    def broken(self) -> str:
        """Why this model will not answer again this session ("" while it may)."""
        return self._broken

    def stream_chat(self, messages, *, cancel: threading.Event | None = None, slow_after: float | None = None,
                    temperature: float | None = None) -> Iterator[str]:
        """Reply text as it comes. With slow_after, SLOW is yielded once when the first word is
        that late, so the person can be told it is still thinking. `temperature` for this reply
        only (an answer from an exercise's facts is better sampled close to greedy)."""
        flt = ThinkingFilter()
        with self._lock:
            self._ensure_running()
            rid = next(self._ids)
            self._send({"op": "chat", "id": rid, "messages": messages, "max_tokens": self.max_tokens,
                        "temperature": self.temperature if temperature is None else temperature})
            finished = False
            # A cold worker must first read the whole system prompt (seen: 22 s on a busy
            # 2-core machine); once that prefix is cached, the first word comes in well under a second.
            wait = self.first_token_timeout if self._warmed else self.load_timeout
            started, got_any, slow_said = time.monotonic(), False, False
            try:
                while True:
                    deadline = time.monotonic() + wait
                    reply = None
                    while reply is None:
                        if cancel is not None and cancel.is_set():
                            return
                        if slow_after is not None and not got_any and not slow_said and time.monotonic() - started >= slow_after:
                            slow_said = True
                            yield SLOW
                        left = deadline - time.monotonic()
                        if left <= 0:
                            self._reap(kill=True)
                            finished = True
                            raise self._fail(None, hung=True)
                        reply = self._next(min(0.05, left))
                    if reply is _EOF:
                        finished = True
                        raise self._fail(self._reap())
                    if reply.get("id") != rid:
                        continue
                    if "error" in reply:
                        finished = True
                        raise LLMUnavailable(f"The local language model stopped ({reply['error']}).")
                    if reply.get("done"):
                        finished = True
                        self._crashes = 0
                        self._warmed = True
                        break
                    wait, got_any = self.token_timeout, True
                    text = flt.feed(reply.get("delta", ""))
                    if text:
                        yield text
            finally:
                if not finished:  # the reader stopped early (cancel, a blocked sentence): stop generating
                    self._send({"op": "cancel", "id": rid})
        rest = flt.flush()
        if rest:
            yield rest

    def classify(self, system: str, user: str, choices: tuple[str, ...]) -> str | None:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        with self._lock:
            try:
                self._ensure_running()
                reply = self._request({"op": "classify", "messages": messages, "choices": list(choices)},
                                      self.first_token_timeout)
            except LLMUnavailable:
                return None
        value = reply.get("result")
        return value if value in choices else None

    def reset_cache(self) -> None:
        """Forget the cached prompt, so the next one is read whole (the benchmark's naive pipeline)."""
        with self._lock:
            self._ensure_running()
            self._request({"op": "reset"}, self.first_token_timeout)

    def probe(self, tokens: int = 8) -> dict:
        """Generate a few tokens, for `doctor`: proof that this build really runs here, and how fast."""
        with self._lock:
            self._ensure_running()
            return self._request({"op": "probe", "tokens": tokens}, self.first_token_timeout + tokens * self.token_timeout)
