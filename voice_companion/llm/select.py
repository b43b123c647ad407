"""Pick the LLM backend: a local Ollama server when it answers and has the model, else the
embedded llama.cpp model. The reason is kept so it can be said out loud and shown in `doctor`."""

from __future__ import annotations

from dataclasses import dataclass

from voice_companion.config import Config
from voice_companion.llm.base import ChatBackend, LLMUnavailable
from voice_companion.llm.ollama import OllamaBackend, RemoteHostRefused, resolve_host
from voice_companion.models import ModelMissing, gguf_path


@dataclass
class Choice:
    backend: ChatBackend | None
    said: str  # one short sentence for the person
    detail: str  # what was tried, for the log and `doctor`


def make_ollama(cfg: Config) -> OllamaBackend:
    host = resolve_host(cfg.get("llm.ollama_host"), cfg.get("llm.allow_remote_ollama"))
    return OllamaBackend(
        cfg.get("llm.ollama_model"), host,
        max_tokens=cfg.get("llm.max_tokens"), temperature=cfg.get("llm.temperature"),
        first_token_timeout=cfg.get("llm.first_token_timeout"), token_timeout=cfg.get("llm.token_timeout"),
    )


def make_embedded(cfg: Config, gguf=None):
    from voice_companion.llm.embedded import EmbeddedBackend

    return EmbeddedBackend(
        gguf or gguf_path(cfg.get("llm.gguf")), context=cfg.get("llm.context"), threads=cfg.get("llm.threads"),
        max_tokens=cfg.get("llm.max_tokens"), temperature=cfg.get("llm.temperature"),
        first_token_timeout=cfg.get("llm.first_token_timeout"), token_timeout=cfg.get("llm.token_timeout"),
    )


def choose_backend(cfg: Config) -> Choice:
    wanted = cfg.get("llm.backend")
    notes: list[str] = []
    if wanted in ("auto", "ollama"):
        try:
            backend = make_ollama(cfg)
            backend.check()
            return Choice(backend, f"I'm using the Ollama model {backend.model} on this computer.", f"ollama {backend.model} at {backend.host}")
        except (LLMUnavailable, RemoteHostRefused) as exc:
            notes.append(f"Ollama: {exc}")
    try:
        backend = make_embedded(cfg)
    except (LLMUnavailable, ModelMissing) as exc:
        notes.append(f"built-in model: {exc}")
        return Choice(
            None,
            "I can't reach a language model right now, so I can only guide exercises.",
            "; ".join(notes),
        )
    if wanted == "ollama":
        said = "Ollama isn't available, so I'm using my built-in model instead."
    else:
        said = "I'm using my built-in model."
    return Choice(backend, said, "; ".join(notes + [f"using the built-in model {backend.model}"]))
