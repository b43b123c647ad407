"""The model a person actually gets (Qwen2.5-Coder 1.5B, Q4_K_M) through the real embedded path:
its worker process, the real system prompt, the guard and the speech cleanup. Loaded once per test
session; select these with `-m default_model`."""

import io

import pytest
from fakes import FixedLLM

from voice_companion.app.runtime import load_exercises
from voice_companion.channels.text import TextChannel
from voice_companion.conversation.companion import NO_LLM_LINE, Companion, SessionOptions
from voice_companion.conversation.reply import LLM_LOST_LINE

pytestmark = pytest.mark.default_model


def test_the_default_model_gives_a_short_kind_spoken_reply(default_backend):
    catalog = load_exercises()[0]
    out = io.StringIO()
    channel = TextChannel(inp=io.StringIO("I've had a long day and my shoulders feel so tight.\n"), out=out, fast=True)
    companion = Companion(channel, catalog, llm=FixedLLM(default_backend), options=SessionOptions(fast=True))
    companion.greet()
    companion.announce_backend()  # as a session does: the system prompt is read before the first turn
    greeting = out.getvalue()
    companion.handle(channel.listen(None))
    reply = out.getvalue()[len(greeting):]
    assert LLM_LOST_LINE not in reply and NO_LLM_LINE not in reply
    words = reply.split()
    assert 5 <= len(words) <= 90, reply  # at most three short spoken sentences
    assert not any(mark in reply for mark in ("**", "##", "\n1.", "- ")), reply  # speech, not markdown
    assert reply.rstrip()[-1] in ".!?", reply
    assert companion.history and companion.history[-1]["role"] == "assistant"


def test_doctor_style_probe_generates_tokens_at_a_measurable_rate(default_backend):
    probe = default_backend.probe(8)
    assert probe["tokens"] >= 2 and probe["tokens_per_second"] > 0


def test_asked_whether_to_breathe_in_through_the_mouth_it_never_says_yes(default_backend):
    """The model said "Yes, you breathe in through your mouth" to this in every measured run; the
    file says in through the nose. Whatever the model says, the person hears the file's way."""
    catalog = load_exercises()[0]
    out = io.StringIO()
    channel = TextChannel(inp=io.StringIO("do i breathe in through my mouth for the four seven eight\n"), out=out, fast=True)
    companion = Companion(channel, catalog, llm=FixedLLM(default_backend), options=SessionOptions(fast=True))
    companion.announce_backend()
    start = len(out.getvalue())
    companion.handle(channel.listen(None))
    reply = out.getvalue()[start:]
    assert "nose" in reply.lower(), reply
    assert "yes" not in reply.lower().split(".")[0], reply
