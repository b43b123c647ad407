"""Faults in the language model, injected for real, and what the person hears: Ollama hung before
its first word or in the middle, killed mid-stream (kill -9), stopped (SIGSTOP), restarted, and a
model server that is dead while the server still lists its models. Every wait is bounded, the
person hears a short line, and the question is answered by the built-in model, not dropped.
(Marked ollama_standin: the one allowed stand-in, since no Ollama server can run here.)"""

from __future__ import annotations

import os
import signal
import threading

import pytest
from ollama_standin import OllamaStandIn, free_port, start_process

from voice_companion.channels.base import Channel
from voice_companion.config import load_config
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.conversation.reply import LLM_LATE_LINE, LLM_LOST_LINE, STILL_THINKING_LINE
from voice_companion.llm.base import SLOW, LLMUnavailable
from voice_companion.llm.holder import SWITCHED_LINE, LLMHolder
from voice_companion.llm.ollama import OllamaBackend
from voice_companion.llm.select import Choice, choose_backend

pytestmark = pytest.mark.ollama_standin
MSG = [{"role": "user", "content": "hello"}]
FAILURE_LINES = {LLM_LATE_LINE, LLM_LOST_LINE, STILL_THINKING_LINE, SWITCHED_LINE}


@pytest.fixture()
def server():
    with OllamaStandIn() as s:
        yield s


def quick(host: str, model: str = "calm") -> OllamaBackend:
    """Short deadlines, and warmed as a session does at start-up."""
    backend = OllamaBackend(model, host, first_token_timeout=1.0, token_timeout=1.0)
    backend.warm("You are brief.")
    assert backend.down == ""
    return backend


class Recorder:
    """A built-in model stand-in for the session tests: answers, and keeps what it was asked."""

    name, model = "embedded", "recorder"

    def __init__(self, reply: str = "I'm here with you. Take your time.") -> None:
        self.reply, self.asked, self.warmed = reply, [], False

    def warm(self, system: str) -> None:
        self.warmed = True

    def stream_chat(self, messages, *, cancel=None):
        self.asked.append(messages)
        yield self.reply

    def classify(self, system, user, choices):
        return None


class Ears(Channel):
    """A channel that keeps what was said; on_say can inject a fault at a chosen moment."""

    def __init__(self, on_say=None) -> None:
        self.said: list[str] = []
        self.on_say = on_say

    def say(self, text: str) -> None:
        self.said.append(text)
        if self.on_say:
            self.on_say(text)

    def listen(self, timeout=None):
        return None


def companion_on(ollama: OllamaBackend, channel: Ears, fallback: Recorder) -> Companion:
    holder = LLMHolder(lambda: Choice(ollama, "", "ollama"), lambda: fallback, room_for_spare=lambda: False)
    return Companion(channel, {}, llm=holder, options=SessionOptions(fast=True))


def history_text(companion: Companion) -> str:
    return " ".join(m["content"] for m in companion.history)


# --- the backend's own deadlines -----------------------------------------------------------------

def test_a_hang_before_the_first_word_says_still_thinking_once_then_gives_up(server):
    backend = quick(server.host)
    server.server.hang = "first"
    got = []
    with pytest.raises(LLMUnavailable, match="did not answer within 1 seconds"):
        for piece in backend.stream_chat(MSG, slow_after=0.3):
            got.append(piece)
    assert got == [SLOW]


def test_a_hang_in_the_middle_of_a_reply_is_cut_after_the_between_word_deadline(server):
    backend = quick(server.host)
    server.server.hang = "middle"
    got = []
    with pytest.raises(LLMUnavailable, match="did not answer"):
        for piece in backend.stream_chat(MSG, slow_after=0.3):
            got.append(piece)
    assert got == ["I'm here. "]


def test_cancel_works_while_the_server_sends_nothing(server):
    backend = OllamaBackend("calm", server.host, first_token_timeout=600.0)
    backend.warm("You are brief.")
    server.server.hang = "first"
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    # Without cancel this would wait ten minutes and then raise.
    assert list(backend.stream_chat(MSG, cancel=cancel)) == []


def test_a_hung_classifier_gives_up_and_the_reply_does_not_wait_on_the_same_hang(server):
    backend = quick(server.host)
    server.server.hang = "classify"
    assert backend.classify("sys", "meh", ("breathing", "talk")) is None
    asked = len(server.requests)
    with pytest.raises(LLMUnavailable, match="did not answer"):
        list(backend.stream_chat(MSG))
    assert len(server.requests) == asked  # no second wait on a server just seen hanging


# --- health checks that exercise the part ----------------------------------------------------------

def test_a_dead_model_server_fails_the_check_even_though_the_model_is_listed(server):
    server.server.runner_dead = True
    backend = OllamaBackend("calm", server.host)
    assert "calm:latest" in backend.models()
    with pytest.raises(LLMUnavailable, match="llama runner process has terminated"):
        backend.check()


def test_a_hung_model_server_fails_the_check_within_its_deadline(server):
    server.server.hang = "first"
    backend = OllamaBackend("calm", server.host)
    backend.check_timeout = 1.0
    with pytest.raises(LLMUnavailable, match="did not answer within 1 seconds"):
        backend.check()


def test_auto_does_not_pick_an_ollama_whose_model_server_is_dead(server, smol_path):
    server.server.runner_dead = True
    cfg = load_config(overrides=[("llm.ollama_host", server.host, "test"), ("llm.ollama_model", "calm", "test"),
                                 ("llm.gguf", str(smol_path), "test")])
    choice = choose_backend(cfg)
    try:
        assert choice.backend.name == "embedded"
        assert "llama runner" in choice.detail
    finally:
        choice.backend.close()


def test_the_check_asks_for_one_token_with_the_configured_model(server):
    OllamaBackend("calm", server.host).check()
    assert server.requests[-1]["model"] == "calm"
    assert server.requests[-1]["options"]["num_predict"] == 1


# --- in a conversation: spoken, and the question answered -------------------------------------------

def test_a_hang_is_spoken_and_the_question_answered_by_the_built_in_model(server):
    ollama = quick(server.host)
    server.server.hang = "first"
    ears, fallback = Ears(), Recorder()
    companion = companion_on(ollama, ears, fallback)
    import voice_companion.conversation.reply as reply

    reply.SLOW_AFTER, saved = 0.3, reply.SLOW_AFTER
    try:
        companion.talk("i had a rough day at work")
    finally:
        reply.SLOW_AFTER = saved
    assert ears.said == [STILL_THINKING_LINE, LLM_LATE_LINE, SWITCHED_LINE, "I'm here with you.", "Take your time."]
    assert fallback.asked[-1][-1]["content"] == "i had a rough day at work"
    # Nothing said to explain the failure is in what the model sees next time.
    assert not any(line in history_text(companion) for line in FAILURE_LINES)
    assert "I'm here with you." in history_text(companion)
    companion.talk("thanks")
    assert len(fallback.asked) == 2 and ears.said[-2:] == ["I'm here with you.", "Take your time."]


def test_ollama_that_hangs_at_start_up_is_replaced_before_the_first_turn(server, tmp_path):
    ollama = OllamaBackend("calm", server.host, first_token_timeout=1.0)
    ollama.cold_timeout = 1.0
    server.server.hang = "first"
    ears, fallback = Ears(), Recorder()
    companion = companion_on(ollama, ears, fallback)
    companion.announce_backend()
    assert companion.llm.backend is fallback and fallback.warmed
    assert ears.said == ["Ollama isn't answering, so I'm using my built-in model instead."]


def test_the_fallback_is_loaded_and_warmed_in_the_background_when_there_is_room(server):
    ollama = quick(server.host)
    fallback = Recorder()
    holder = LLMHolder(lambda: Choice(ollama, "", "ollama"), lambda: fallback, room_for_spare=lambda: True)
    holder.prewarm("You are brief.")
    holder._spare_thread.join(5)
    assert fallback.warmed
    assert holder.fall_back() == SWITCHED_LINE and holder.backend is fallback


# --- a real server process: killed, stopped, restarted -----------------------------------------------

@pytest.fixture()
def standin_process():
    port = free_port()
    procs = [start_process(port)]
    yield port, procs
    for proc in procs:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
            proc.wait()


def test_ollama_killed_mid_stream_is_said_and_the_conversation_goes_on(standin_process):
    port, procs = standin_process
    ollama = quick(f"http://127.0.0.1:{port}", "slow")

    def kill_after_first_words(text):
        if text == "Word 0.":
            procs[0].kill()
            procs[0].wait()

    ears, fallback = Ears(kill_after_first_words), Recorder()
    companion = companion_on(ollama, ears, fallback)
    companion.talk("count for me")
    assert ears.said[0] == "Word 0."
    assert LLM_LOST_LINE in ears.said and SWITCHED_LINE in ears.said
    companion.talk("are you still there")
    assert ears.said[-2:] == ["I'm here with you.", "Take your time."]
    assert not any(line in history_text(companion) for line in FAILURE_LINES)


def test_ollama_stopped_with_sigstop_is_a_bounded_wait_then_the_fallback(standin_process):
    port, procs = standin_process
    ollama = quick(f"http://127.0.0.1:{port}")
    os.kill(procs[0].pid, signal.SIGSTOP)
    ears, fallback = Ears(), Recorder()
    companion_on(ollama, ears, fallback).talk("i feel a bit lost")
    assert ears.said[-3:] == [SWITCHED_LINE, "I'm here with you.", "Take your time."]
    assert LLM_LATE_LINE in ears.said
    assert fallback.asked[-1][-1]["content"] == "i feel a bit lost"


def test_a_restarted_ollama_answers_again(standin_process):
    port, procs = standin_process
    ollama = quick(f"http://127.0.0.1:{port}")
    procs[0].kill()
    procs[0].wait()
    with pytest.raises(LLMUnavailable, match="ollama serve"):
        list(ollama.stream_chat(MSG))
    procs.append(start_process(port))
    assert "".join(ollama.stream_chat(MSG)) == "I'm here. Let's take a slow breath."
