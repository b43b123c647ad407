"""The built-in model in its worker process (real llama.cpp, SmolLM2 for speed): it answers, it
can be cancelled, and when the native code crashes or hangs the person hears one short line and the
conversation goes on, with exercises and crisis answers untouched."""

import io
import os
import signal
import threading

import pytest
from fakes import FixedLLM

from voice_companion.app.runtime import load_exercises
from voice_companion.channels.text import TextChannel
from voice_companion.conversation.companion import Companion, SessionOptions
from voice_companion.conversation.reply import LLM_LOST_LINE
from voice_companion.llm.base import LLMUnavailable
from voice_companion.llm.embedded import EmbeddedBackend
from voice_companion.llm.worker import build_problem, compiled_features

MSG = [{"role": "system", "content": "You are brief."}, {"role": "user", "content": "Say hello."}]

XEON_AMX = ("flags : fpu sse sse2 pni ssse3 fma f16c avx avx2 bmi2 avx512f avx512cd avx512vl avx512dq avx512bw "
            "avx512_vnni amx_tile amx_int8 amx_bf16")
OLD_LAPTOP = "flags : fpu sse sse2 pni ssse3 sse4_2 avx"
PI5 = "Features : fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp"


# --- which build may run on which CPU (pure) ----------------------------------------------------

def test_system_info_is_read_as_the_set_of_features_compiled_in():
    info = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | AVX512 = 0 | LLAMAFILE = 1 |"
    assert compiled_features(info) >= {"SSE3", "AVX2", "FMA", "F16C"}
    assert "AVX512" not in compiled_features(info)


def test_a_portable_avx2_build_runs_on_a_xeon_with_amx():
    assert build_problem("CPU : AVX = 1 | AVX2 = 1 | FMA = 1 | F16C = 1 | BMI2 = 1", XEON_AMX) is None


def test_a_build_with_amx_kernels_is_refused_on_a_cpu_where_they_crash():
    problem = build_problem("CPU : AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1", XEON_AMX)
    assert "AMX" in problem and "scripts/setup.sh" in problem


def test_a_build_for_a_newer_cpu_is_refused_with_what_it_lacks():
    problem = build_problem("CPU : AVX = 1 | AVX2 = 1 | FMA = 1", OLD_LAPTOP)
    assert "AVX2" in problem and "FMA" in problem and "another processor" in problem
    assert build_problem("CPU : NEON = 1 | DOTPROD = 1 | FP16_VA = 1", PI5) is None
    assert "SVE" in build_problem("CPU : NEON = 1 | DOTPROD = 1 | SVE = 1", PI5)


# --- the worker process, for real ----------------------------------------------------------------

@pytest.fixture
def fresh(smol_path):
    """A backend of its own (tests here kill its worker), with short deadlines."""
    backend = EmbeddedBackend(smol_path, context=1024, threads=1, max_tokens=24, temperature=0.0,
                              first_token_timeout=3.0, token_timeout=3.0)
    backend.warm("You are brief.")  # as a session does at start-up
    yield backend
    backend.close()


def test_the_model_answers_from_its_own_process(smol):
    text = "".join(smol.stream_chat(MSG))
    assert any(c.isalpha() for c in text)
    assert smol.pid is not None and smol.pid != os.getpid()
    assert "AMX_INT8" not in smol.system_info.split()
    with open("/proc/cpuinfo") as f:  # the installed build suits this very CPU
        assert build_problem(" | ".join(f"{x} = 1" for x in smol.system_info.split()), f.read()) is None


def test_a_cancelled_reply_stops_and_leaves_nothing_behind_for_the_next(fresh):
    cancel = threading.Event()
    got = []
    for piece in fresh.stream_chat([{"role": "user", "content": "Count slowly from one to fifty."}], cancel=cancel):
        got.append(piece)
        cancel.set()
    assert len(got) == 1
    again = "".join(fresh.stream_chat(MSG))
    assert any(c.isalpha() for c in again)


@pytest.mark.parametrize("sig, words", [(signal.SIGSEGV, "segmentation fault"), (signal.SIGKILL, "killed")])
def test_a_crashed_worker_is_a_plain_message_and_the_next_reply_works(fresh, sig, words):
    os.kill(fresh.pid, sig)
    with pytest.raises(LLMUnavailable, match=words):
        "".join(fresh.stream_chat(MSG))
    assert any(c.isalpha() for c in "".join(fresh.stream_chat(MSG)))  # restarted


def test_a_hung_worker_is_given_up_on_after_the_first_token_deadline(fresh):
    os.kill(fresh.pid, signal.SIGSTOP)
    with pytest.raises(LLMUnavailable, match="stopped answering"):
        "".join(fresh.stream_chat(MSG))
    assert any(c.isalpha() for c in "".join(fresh.stream_chat(MSG)))


def test_a_late_first_word_is_signalled_once_before_the_deadline(fresh):
    from voice_companion.llm.base import SLOW

    os.kill(fresh.pid, signal.SIGSTOP)
    got = []
    with pytest.raises(LLMUnavailable, match="stopped answering"):
        for piece in fresh.stream_chat(MSG, slow_after=0.5):
            got.append(piece)
    assert got == [SLOW]  # "still thinking" once, then the apology


def test_a_model_that_keeps_crashing_is_given_up_with_what_to_do(fresh):
    for _ in range(2):
        os.kill(fresh.pid, signal.SIGSEGV)
        with pytest.raises(LLMUnavailable):
            "".join(fresh.stream_chat(MSG))
        fresh._restart()  # what the background restart does, without waiting for it
    with pytest.raises(LLMUnavailable, match="scripts/setup.sh"):
        "".join(fresh.stream_chat(MSG))
    assert fresh.classify("sys", "i cant breathe", ("breathing", "talk")) is None  # rules alone decide


class _Unwarmed:
    """The backend without its start-up warm-up, so the crash is met by the first reply."""

    def __init__(self, backend):
        self.name, self.model = backend.name, backend.model
        self.stream_chat, self.classify = backend.stream_chat, backend.classify


def test_the_conversation_goes_on_when_the_model_crashes(fresh):
    catalog = load_exercises()[0]
    os.kill(fresh.pid, signal.SIGSEGV)
    out = io.StringIO()
    lines = ["tell me about the sea", "help me breathe", "stop", "i want to kill myself"]
    channel = TextChannel(inp=io.StringIO("\n".join(lines) + "\n"), out=out, fast=True)
    companion = Companion(channel, catalog, llm=FixedLLM(_Unwarmed(fresh)), options=SessionOptions(fast=True))
    companion.run()
    said = out.getvalue()
    assert LLM_LOST_LINE in said  # one short line for the lost reply…
    assert "breathe in" in said.lower()  # …the exercise still runs…
    assert "988" in said  # …and a crisis still gets the helpline


def test_a_second_start_reads_the_system_prompt_from_its_saved_state_and_answers_the_same(smol_path):
    from voice_companion.llm.prompt import build_messages

    messages = build_messages([], "Say hello to the sea.")
    replies, restored = [], []
    for _ in range(2):
        backend = EmbeddedBackend(smol_path, context=2048, threads=1, max_tokens=12, temperature=0.0)
        try:
            backend.warm(messages[0]["content"])
            restored.append(backend.warm_restored)
            replies.append("".join(backend.stream_chat(messages)))
        finally:
            backend.close()
    assert restored == [False, True]
    assert replies[0] and replies[0] == replies[1]
    # The saved state holds the person's standing instructions: private, like every file there.
    from voice_companion.config import data_dir

    saved = list((data_dir() / "prompt-state").glob("*"))
    assert len(saved) == 1 and saved[0].stat().st_mode & 0o777 == 0o600
    assert saved[0].parent.stat().st_mode & 0o777 == 0o700
