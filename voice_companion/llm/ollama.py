"""An Ollama server on this machine, through the official client, streaming."""

from __future__ import annotations

import ipaddress
import json
import os
import queue
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlparse

from voice_companion.llm.base import SLOW, LLMUnavailable
from voice_companion.llm.thinking import ThinkingFilter

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
    context = 2048  # Ollama's own default window; the session trims history to fit it

    def __init__(
        self, model: str, host: str, *, max_tokens: int = 120, temperature: float = 0.6,
        first_token_timeout: float = 20.0, token_timeout: float = 10.0,
    ) -> None:
        import ollama

        self._ollama = ollama
        self.model = model
        self.host = host
        self.first_token_timeout = first_token_timeout
        self.token_timeout = token_timeout
        # A cold server first loads the model and reads the whole system prompt (measured: ~33 s
        # on a 2-core machine); after that the first word comes in a few seconds.
        self.cold_timeout = max(60.0, 3 * first_token_timeout)
        self.check_timeout = max(15.0, 1.5 * first_token_timeout)
        # The library's own read timeout only ends threads left reading a hung server; every
        # wait the person feels is bounded below, by the deadlines above.
        self.client = self._client(self.cold_timeout + token_timeout)
        self.options = {"num_predict": max_tokens, "temperature": temperature}
        self._think_param = True  # turned off for servers/models that reject `think`
        self._warmed = False
        self.down = ""  # set when a hang or a dead server was seen outside a reply (classify, warm)

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
        """The model is listed AND answers a one-word request: a server whose model runner is
        dead or hung still lists its models."""
        names = self.models()
        if not _has_model(names, self.model):
            raise LLMUnavailable(
                f"The Ollama server has no model called {self.model}. Run: ollama pull {self.model}"
            )
        self._one_token([{"role": "user", "content": "Hello."}], self.check_timeout)

    def warm(self, system: str) -> None:
        """Load the model and read the system prompt now, at start-up, so the first reply does
        not pay for it (Ollama keeps the prompt's prefix cached). A hang here is remembered in
        `down`, so the session can switch before the person's first turn."""
        try:
            self._one_token([{"role": "system", "content": system}, {"role": "user", "content": "Hello."}], self.cold_timeout)
        except LLMUnavailable as exc:
            self.down = str(exc)

    def _one_token(self, messages: list[dict], timeout: float) -> None:
        def ask():
            return self._chat(messages, options={**self.options, "num_predict": 1})

        _bounded(self._with_think_retry(ask), timeout, self._late_message(timeout), self._errors)
        self._warmed = True

    def _chat(self, messages, options=None, **kwargs):
        extra = {"think": False} if self._think_param else {}
        return self.client.chat(model=self.model, messages=messages, options=options or self.options, **extra, **kwargs)

    def _rejects_think(self, exc: Exception) -> bool:
        """An older server, or a model with no thinking switch, refuses `think`: drop it."""
        if self._think_param and "think" in str(exc).lower() and getattr(exc, "status_code", 0) == 400:
            self._think_param = False
            return True
        return False

    def _with_think_retry(self, call):
        def run():
            try:
                return call()
            except self._ollama.ResponseError as exc:
                if not self._rejects_think(exc):
                    raise
                return call()
        return run

    def _errors(self, exc: Exception) -> LLMUnavailable:
        """Plain words for whatever the client raised."""
        if isinstance(exc, LLMUnavailable):
            return exc
        if isinstance(exc, self._ollama.ResponseError):
            code = getattr(exc, "status_code", 0)
            if 300 <= code < 400:
                return LLMUnavailable(_redirect_message(self.host))
            if code == 404:
                return LLMUnavailable(f"The Ollama server has no model called {self.model}. Run: ollama pull {self.model}")
            return LLMUnavailable(f"The Ollama server said: {exc.error}")
        return LLMUnavailable(_down_message(self.host, exc))  # httpx connect/read errors, a cut stream, bad JSON

    def _late_message(self, seconds: float) -> str:
        return (f"The Ollama server at {self.host} did not answer within {seconds:g} seconds. "
                "If it keeps happening, restart it (ollama serve) or set llm.backend = \"embedded\".")

    def stream_chat(self, messages, *, cancel: threading.Event | None = None, slow_after: float | None = None,
                    temperature: float | None = None) -> Iterator[str]:
        """Reply text as it comes. The server is read on a thread of its own, so every wait
        here has a deadline and cancel is seen within 50 ms even while the server sends nothing.
        With slow_after, SLOW is yielded once when the first word is that late."""
        if self.down:
            reason, self.down = self.down, ""
            raise LLMUnavailable(reason)
        flt = ThinkingFilter()
        pieces: queue.Queue = queue.Queue()
        stop = threading.Event()
        options = self.options if temperature is None else {**self.options, "temperature": temperature}
        threading.Thread(target=self._pump, args=(messages, pieces, stop, options), daemon=True).start()
        first = self.first_token_timeout if self._warmed else self.cold_timeout
        wait, got_any, slow_said = first, False, False
        started = time.monotonic()
        try:
            while True:
                deadline = time.monotonic() + wait
                item = None
                while item is None:
                    if cancel is not None and cancel.is_set():
                        return
                    now = time.monotonic()
                    if slow_after is not None and not got_any and not slow_said and now - started >= slow_after:
                        slow_said = True
                        yield SLOW
                    if now >= deadline:
                        raise LLMUnavailable(self._late_message(wait))
                    try:
                        item = pieces.get(timeout=0.05)
                    except queue.Empty:
                        pass
                kind, value = item
                if kind == "error":
                    raise value
                if kind == "done":
                    break
                got_any = True
                self._warmed = True
                wait = self.token_timeout
                text = flt.feed(value)
                if text:
                    yield text
        finally:
            stop.set()  # the reader stops at its next chunk; a hung one ends at the client timeout
        rest = flt.flush()
        if rest:
            yield rest

    def _pump(self, messages, pieces: queue.Queue, stop: threading.Event, options: dict | None = None) -> None:
        try:
            while True:
                stream = None
                try:
                    # With stream=True the client connects on the first next(), so errors appear there.
                    stream = self._chat(messages, options=options, stream=True)
                    for chunk in stream:
                        if stop.is_set():
                            return
                        # chunk.message.thinking is ignored on purpose: thinking is never spoken.
                        pieces.put(("text", chunk.message.content or ""))
                    break
                except self._ollama.ResponseError as exc:
                    if self._rejects_think(exc):
                        continue
                    raise
                finally:
                    if stream is not None:
                        stream.close()
            pieces.put(("done", None))
        except Exception as exc:
            pieces.put(("error", self._errors(exc)))

    def classify(self, system: str, user: str, choices: tuple[str, ...]) -> str | None:
        """Only a tie-breaker, so never worth a long wait: past the first-word deadline the
        answer is None and the hang is remembered, so this turn's reply falls back at once
        instead of waiting on the same hung server again."""
        if self.down:
            return None
        schema = {"type": "object", "properties": {"intent": {"type": "string", "enum": list(choices)}}, "required": ["intent"]}
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        wait = self.first_token_timeout if self._warmed else self.cold_timeout
        try:
            resp = _bounded(self._with_think_retry(lambda: self._chat(messages, format=schema)), wait,
                            self._late_message(wait), self._errors)
            value = json.loads(resp.message.content or "{}").get("intent")
        except LLMUnavailable as exc:
            if "said:" not in str(exc):  # a hang or a dead server, not a refused request
                self.down = str(exc)
            return None
        except (ValueError, AttributeError):
            return None
        return value if value in choices else None


def _bounded(call, timeout: float, late: str, errors):
    """call() on a thread of its own, given at most `timeout` seconds. A hung call is left to
    end at the client's own timeout; the caller moves on now."""
    box: dict = {}

    def run():
        try:
            box["value"] = call()
        except Exception as exc:
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise LLMUnavailable(late)
    if "error" in box:
        raise errors(box["error"]) from None
    return box["value"]


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
