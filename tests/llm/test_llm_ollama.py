"""The Ollama backend against a local stand-in server speaking Ollama's streaming protocol.
(Marked ollama_standin: the one allowed stand-in, since no Ollama server can run here.)"""


import pytest
from ollama_standin import OllamaStandIn, free_port

from voice_companion.config import load_config
from voice_companion.llm.base import LLMUnavailable
from voice_companion.llm.ollama import OllamaBackend, RemoteHostRefused, resolve_host
from voice_companion.llm.select import choose_backend

pytestmark = pytest.mark.ollama_standin
MSG = [{"role": "user", "content": "hello"}]


@pytest.fixture()
def server():
    with OllamaStandIn() as s:
        yield s


def test_streams_text_in_pieces_and_asks_for_no_thinking(server):
    backend = OllamaBackend("calm", server.host)
    pieces = list(backend.stream_chat(MSG))
    assert "".join(pieces) == "I'm here. Let's take a slow breath."
    assert len(pieces) == 3
    assert server.requests[-1]["think"] is False and server.requests[-1]["stream"] is True


def test_thinking_is_never_returned(server):
    text = "".join(OllamaBackend("thinker", server.host).stream_chat(MSG))
    assert text == "You matter. Let's breathe."
    assert "bridge" not in text and "secret" not in text


def test_a_model_that_rejects_the_think_switch_still_answers(server):
    text = "".join(OllamaBackend("nothink", server.host).stream_chat(MSG))
    assert text.startswith("I'm here.")
    assert "think" not in server.requests[-1]


def test_missing_model_says_how_to_pull_it(server):
    backend = OllamaBackend("llama3.2:3b", server.host)
    with pytest.raises(LLMUnavailable, match=r"ollama pull llama3.2:3b"):
        list(backend.stream_chat(MSG))
    with pytest.raises(LLMUnavailable, match=r"ollama pull llama3.2:3b"):
        backend.check()


def test_connection_refused_says_to_start_the_server():
    backend = OllamaBackend("calm", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(LLMUnavailable, match="ollama serve"):
        list(backend.stream_chat(MSG))
    with pytest.raises(LLMUnavailable, match="ollama serve"):
        backend.models()


def test_a_stream_cut_midway_raises_after_the_text_that_came(server):
    got = []
    with pytest.raises(LLMUnavailable):
        for piece in OllamaBackend("cutter", server.host).stream_chat(MSG):
            got.append(piece)
    assert "".join(got) == "I'm here. Let's take "


def test_classify_uses_a_json_schema_and_returns_a_choice(server):
    assert OllamaBackend("calm", server.host).classify("sys", "i cant breathe", ("grounding", "breathing", "talk")) == "breathing"
    assert server.requests[-1]["format"]["properties"]["intent"]["enum"] == ["grounding", "breathing", "talk"]


def test_only_loopback_hosts_unless_allowed(monkeypatch):
    assert resolve_host("") == "http://127.0.0.1:11434"
    monkeypatch.setenv("OLLAMA_HOST", "localhost:9999")
    assert resolve_host("") == "http://localhost:9999"
    assert resolve_host("0.0.0.0") == "http://127.0.0.1:11434"
    assert resolve_host("[::1]:8080") == "http://[::1]:8080"
    for remote in ("http://192.168.1.20:11434", "ollama.example.com", "10.0.0.5"):
        with pytest.raises(RemoteHostRefused, match="leave"):
            resolve_host(remote)
    assert resolve_host("http://192.168.1.20:11434", allow_remote=True) == "http://192.168.1.20:11434"


def test_auto_prefers_a_local_ollama_with_the_model(server):
    cfg = load_config(overrides=[("llm.ollama_host", server.host, "test"), ("llm.ollama_model", "calm", "test")])
    choice = choose_backend(cfg)
    assert choice.backend.name == "ollama"
    assert "Ollama" in choice.said


def test_auto_falls_back_to_embedded_when_the_model_is_not_pulled(server, smol_path):
    cfg = load_config(overrides=[("llm.ollama_host", server.host, "test"), ("llm.ollama_model", "llama3.2:3b", "test"),
                                 ("llm.gguf", str(smol_path), "test")])
    choice = choose_backend(cfg)
    assert choice.backend.name == "embedded"
    assert "ollama pull llama3.2:3b" in choice.detail


def test_explicit_ollama_that_is_down_falls_back_and_says_so(smol_path):
    cfg = load_config(overrides=[("llm.backend", "ollama", "test"), ("llm.ollama_host", f"127.0.0.1:{free_port()}", "test"),
                                 ("llm.gguf", str(smol_path), "test")])
    choice = choose_backend(cfg)
    assert choice.backend.name == "embedded"
    assert "Ollama isn't available" in choice.said and "ollama serve" in choice.detail


PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def test_proxy_variables_never_carry_the_words_of_a_local_conversation(server, monkeypatch):
    # A proxy in the environment (a work laptop, a VPN tool) would receive every word; this one
    # is a dead port, so using it at all would fail the call.
    dead = f"http://127.0.0.1:{free_port()}"
    for var in PROXY_VARS:
        monkeypatch.setenv(var, dead)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    backend = OllamaBackend("calm", server.host)
    assert "calm:latest" in backend.models()
    assert "".join(backend.stream_chat(MSG)) == "I'm here. Let's take a slow breath."
    assert backend.classify("sys", "i cant breathe", ("breathing", "talk")) == "breathing"
    assert server.requests[-1]["messages"][-1]["content"] == "i cant breathe"


def test_a_redirect_from_the_server_is_refused_and_the_words_go_nowhere_else(server):
    with OllamaStandIn() as elsewhere:
        server.server.redirect_to = elsewhere.host
        backend = OllamaBackend("calm", server.host)
        with pytest.raises(LLMUnavailable, match="another address") as err:
            list(backend.stream_chat(MSG))
        assert "words stay here" in str(err.value)
        with pytest.raises(LLMUnavailable, match="another address"):
            backend.check()
        assert backend.classify("sys", "hello", ("breathing", "talk")) is None
        assert elsewhere.hits == [] and server.hits
