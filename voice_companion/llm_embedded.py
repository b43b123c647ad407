"""llama.cpp in this process (llama-cpp-python), from a local GGUF file. No server needed."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

from .llm_base import LLMUnavailable
from .models import ModelMissing
from .thinking import ThinkingFilter


def default_threads() -> int:
    # On a small machine the speech parts need a core of their own; llama.cpp threads that
    # spin-wait on a busy core collapse throughput (measured: 2 threads < 2 tok/s on 2 cores).
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, gguf: Path, *, context: int = 2048, threads: int = 0, max_tokens: int = 120, temperature: float = 0.6) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from llama_cpp import Llama
        except ImportError:
            raise LLMUnavailable(
                "The embedded language model needs llama-cpp-python. Run scripts/setup.sh "
                "(or: pip install llama-cpp-python)."
            ) from None
        self.model = gguf.name
        self.path = gguf
        n = threads or default_threads()
        try:
            self.llm = Llama(
                model_path=str(gguf), n_ctx=context, n_threads=n, n_threads_batch=os.cpu_count() or n,
                verbose=False,
            )
        except Exception as exc:
            raise ModelMissing(f"The language model {gguf} could not be loaded ({exc}). It may be damaged; reinstall it (scripts/setup.sh).") from None
        self.max_tokens = max_tokens
        self.temperature = temperature
        self._lock = threading.Lock()  # one generation at a time on one context

    def warm(self, system: str) -> None:
        """Process the system prompt now, at start-up, so the first reply does not pay for it
        (llama.cpp reuses the longest matching prefix of the previous prompt)."""
        with self._lock:
            try:
                self.llm.create_chat_completion(
                    messages=[{"role": "system", "content": system}, {"role": "user", "content": "Hello."}], max_tokens=1,
                )
            except Exception:
                pass  # warming is an optimisation; a real failure will show on the first reply

    def stream_chat(self, messages, *, cancel: threading.Event | None = None) -> Iterator[str]:
        flt = ThinkingFilter()
        with self._lock:
            try:
                stream = self.llm.create_chat_completion(
                    messages=messages, stream=True, max_tokens=self.max_tokens,
                    temperature=self.temperature, top_p=0.9, repeat_penalty=1.1,
                )
                for chunk in stream:
                    if cancel is not None and cancel.is_set():
                        return
                    delta = chunk["choices"][0].get("delta", {}).get("content") or ""
                    text = flt.feed(delta)
                    if text:
                        yield text
            except Exception as exc:  # out of context, decode errors
                raise LLMUnavailable(f"The local language model stopped ({type(exc).__name__}: {exc}).") from None
        rest = flt.flush()
        if rest:
            yield rest

    def classify(self, system: str, user: str, choices: tuple[str, ...]) -> str | None:
        from llama_cpp import LlamaGrammar

        grammar = LlamaGrammar.from_string("root ::= " + " | ".join(f'"{c}"' for c in choices), verbose=False)
        with self._lock:
            try:
                out = self.llm.create_chat_completion(
                    messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                    grammar=grammar, max_tokens=8, temperature=0.0,
                )
            except Exception:
                return None
        value = (out["choices"][0]["message"]["content"] or "").strip()
        return value if value in choices else None
