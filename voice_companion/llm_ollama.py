"""An Ollama server on this machine, through the official client, streaming."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlparse

from .llm_base import LLMUnavailable
from .thinking import ThinkingFilter

DEFAULT_HOST = "http://127.0.0.1:11434"


class RemoteHostRefused(Exception):
    pass


def parse_host(host: str) -> tuple[str, str, int]:
    """(scheme, host name, port) of an Ollama address as people write it ("localhost:11434",
    "http://127.0.0.1", "[::1]:8080"). ValueError says plainly what is wrong with it."""
    text = host.strip()
    if "://" not in text:
        text = "http://" + text
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https"):
        raise ValueError(f"it must start with http:// or https://, not {parsed.scheme}://")
    try:
        port = parsed.port or 11434
    except ValueError:
        raise ValueError("the port after the colon must be a number from 1 to 65535") from None
    name = parsed.hostname or "127.0.0.1"
    if not name or any(c.isspace() for c in name):
        raise ValueError("the host name is missing or has spaces in it")
    return parsed.scheme, name, port


def resolve_host(configured: str = "", allow_remote: bool = False) -> str:
    """The Ollama address to use: config, then $OLLAMA_HOST, then loopback. Anything that is
    not this machine is refused unless the person allowed it, since words would leave the device."""
    host = configured or os.environ.get("OLLAMA_HOST", "") or DEFAULT_HOST
    try:
        scheme, name, port = parse_host(host)
    except ValueError as exc:
        where = "llm.ollama_host" if configured else "OLLAMA_HOST"
        raise LLMUnavailable(f"The Ollama address {host!r} ({where}) cannot be used: {exc}. "
                             f"Write it like {DEFAULT_HOST}.") from None
    if name in ("0.0.0.0", "::"):  # the server's "listen everywhere"; as a client it means here
        name = "127.0.0.1"
    if not allow_remote and not _is_loopback(name):
        raise RemoteHostRefused(
            f"The Ollama address {host} is not on this machine, so your words would leave it. "
            "voice-companion refuses that. Use a local server, or set llm.allow_remote_ollama = true "
            "if you really mean to."
        )
    bracket = f"[{name}]" if ":" in name else name
    return f"{scheme}://{bracket}:{port}"


def _is_loopback(name: str) -> bool:
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class OllamaBackend:
    name = "ollama"

    def __init__(self, model: str, host: str, *, max_tokens: int = 120, temperature: float = 0.6, timeout: float = 120.0) -> None:
        import ollama

        self._ollama = ollama
        self.model = model
        self.host = host
        self.client = self._client(timeout)
        self.options = {"num_predict": max_tokens, "temperature": temperature}
        self._think_param = True  # turned off for servers/models that reject `think`

    def _client(self, timeout: float):
        """The person's words go to this address and nowhere else. A proxy from the environment
        (HTTP_PROXY, ALL_PROXY; NO_PROXY=localhost does not cover 127.0.0.1) would carry them
        off the machine, so for a server on this machine the environment is not trusted at all;
        a redirect could send them anywhere, so none is followed."""
        local = _is_loopback(urlparse(self.host).hostname or "")
        return self._ollama.Client(host=self.host, timeout=timeout, follow_redirects=False, trust_env=not local)

    def models(self, timeout: float = 1.5) -> list[str]:
        """Names the server has; raises LLMUnavailable when no server answers."""
        try:
            listing = self._client(timeout).list()
        except Exception as exc:
            raise LLMUnavailable(_down_message(self.host, exc)) from None
        return [m.model for m in listing.models]

    def check(self) -> None:
        names = self.models()
        if not _has_model(names, self.model):
            raise LLMUnavailable(
                f"The Ollama server has no model called {self.model}. Run: ollama pull {self.model}"
            )

    def _chat(self, messages, **kwargs):
        extra = {"think": False} if self._think_param else {}
        return self.client.chat(model=self.model, messages=messages, options=self.options, **extra, **kwargs)

    def _rejects_think(self, exc: Exception) -> bool:
        """An older server, or a model with no thinking switch, refuses `think`: drop it."""
        if self._think_param and "think" in str(exc).lower() and getattr(exc, "status_code", 0) == 400:
            self._think_param = False
            return True
        return False

    def stream_chat(self, messages, *, cancel: threading.Event | None = None) -> Iterator[str]:
        flt = ThinkingFilter()
        while True:
            try:
                # With stream=True the client connects on the first next(), so errors appear there.
                for chunk in self._chat(messages, stream=True):
                    if cancel is not None and cancel.is_set():
                        return
                    # chunk.message.thinking is ignored on purpose: thinking is never spoken.
                    text = flt.feed(chunk.message.content or "")
                    if text:
                        yield text
                break
            except self._ollama.ResponseError as exc:
                if self._rejects_think(exc):
                    continue
                if 300 <= getattr(exc, "status_code", 0) < 400:
                    raise LLMUnavailable(_redirect_message(self.host)) from None
                if getattr(exc, "status_code", 0) == 404:
                    raise LLMUnavailable(f"The Ollama server has no model called {self.model}. Run: ollama pull {self.model}") from None
                raise LLMUnavailable(f"The Ollama server said: {exc.error}") from None
            except Exception as exc:  # httpx connect/read errors, a cut stream, bad JSON
                raise LLMUnavailable(_down_message(self.host, exc)) from None
        rest = flt.flush()
        if rest:
            yield rest

    def classify(self, system: str, user: str, choices: tuple[str, ...]) -> str | None:
        schema = {"type": "object", "properties": {"intent": {"type": "string", "enum": list(choices)}}, "required": ["intent"]}
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        try:
            try:
                resp = self._chat(messages, format=schema)
            except self._ollama.ResponseError as exc:
                if not self._rejects_think(exc):
                    raise
                resp = self._chat(messages, format=schema)
            value = json.loads(resp.message.content or "{}").get("intent")
        except Exception:
            return None
        return value if value in choices else None


def _has_model(names: list[str], wanted: str) -> bool:
    full = wanted if ":" in wanted else wanted + ":latest"
    return wanted in names or full in names


def _redirect_message(host: str) -> str:
    return (f"The server at {host} tried to send the conversation to another address. "
            "voice-companion does not follow that, so your words stay here. Check llm.ollama_host.")


def _down_message(host: str, exc: Exception) -> str:
    if 300 <= getattr(exc, "status_code", 0) < 400:
        return _redirect_message(host)
    if isinstance(exc, (ConnectionError, socket.error)) or "connect" in type(exc).__name__.lower() or "connect" in str(exc).lower():
        return f"No Ollama server is answering at {host}. Start it with: ollama serve"
    return f"The Ollama server at {host} stopped answering ({type(exc).__name__})."
