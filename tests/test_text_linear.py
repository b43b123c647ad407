"""Every text function a person's words (or the model's) pass through finishes quickly on
10,000 characters of the worst input we know of: runs of punctuation, brackets, newlines,
repeated words, one endless word. Each case runs under a generous alarm: a linear function
needs well under a second here, and the old quadratic or cubic versions needed minutes."""

import random
import signal
import string
from contextlib import contextmanager

import pytest

from voice_companion.app.runtime import load_exercises
from voice_companion.conversation.sentences import MAX_PIECE, SentenceSplitter, split_stream
from voice_companion.conversation.speech_text import for_speech, speakable
from voice_companion.exercise.engine import yes_no
from voice_companion.llm.thinking import ThinkingFilter
from voice_companion.morning.wake import parse_snooze
from voice_companion.routing.commands import match_command
from voice_companion.routing.router import ExerciseInfo, Router
from voice_companion.safety.check import CrisisCheck
from voice_companion.safety.check_in import read_answer
from voice_companion.safety.crisis import CrisisGate
from voice_companion.safety.crisis_mode import CrisisMode
from voice_companion.safety.guard import guard_sentence

ALARM_SECONDS = 20  # per case; linear code takes well under one


@contextmanager
def finishes(what):
    def too_slow(*_):
        raise AssertionError(f"{what} took more than {ALARM_SECONDS} s on 10,000 characters")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(ALARM_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _ten_k(unit):
    return (unit * (10_000 // len(unit) + 1))[:10_000]


rng = random.Random(15)
PATHOLOGICAL = {
    "dots": _ten_k("."),
    "bangs and questions": _ten_k("!?"),
    "ellipses": _ten_k("…"),
    "newlines": _ten_k("\n"),
    "brackets": _ten_k("["),
    "link openers": _ten_k("[a]("),
    "stars": _ten_k("**a"),
    "underscores": _ten_k("._a"),
    "repeated contraction": _ten_k("i'm "),
    "repeated negation": _ten_k("i dont "),
    "repeated abbreviation": _ten_k("e.g. "),
    "one endless word": "".join(rng.choice(string.ascii_lowercase) for _ in range(10_000)),
    "printable noise": "".join(rng.choice(string.printable) for _ in range(10_000)),
    "stray thinking tags": _ten_k("</think>"),
}


@pytest.fixture(scope="module")
def router():
    CrisisGate()  # loads the similarity layer once (embedding its examples), outside the alarms
    catalog, _ = load_exercises()
    return Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])


def _in_crisis_mode(text):
    mode = CrisisMode("US")
    mode.enter(CrisisCheck(True, "suicide", "test"))
    return mode.handle(text)


def _think(text):
    f = ThinkingFilter()
    return f.feed(text) + f.flush()


def _split_by_chars(text):
    s = SentenceSplitter(early_first_clause=True)
    out = [piece for ch in text for piece in s.feed(ch)]
    return out + s.flush()


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_the_persons_words_pass_every_check_in_time(name, router):
    text = PATHOLOGICAL[name]
    for what, fn in [
        ("the crisis gate", lambda t: CrisisGate().check(t, semantic=False)),
        ("the router", router.route),
        ("the command matcher", match_command),
        ("the check-in answer", read_answer),
        ("yes/no", yes_no),
        ("the snooze parser", parse_snooze),
        ("crisis mode", _in_crisis_mode),
    ]:
        with finishes(f"{what} on {name}"):
            fn(text)


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_the_models_words_are_split_cleaned_and_guarded_in_time(name):
    text = PATHOLOGICAL[name]
    with finishes(f"the sentence splitter, char by char, on {name}"):
        pieces = _split_by_chars(text)
    assert all(len(p) <= MAX_PIECE for p in pieces)  # nothing waits for ever to be spoken
    with finishes(f"the sentence splitter, all at once, on {name}"):
        assert "".join("".join(split_stream([text])).split()) == "".join(text.split())  # nothing lost
    for what, fn in [
        ("for_speech", for_speech), ("speakable", speakable), ("the thinking filter", _think),
        ("the output guard", lambda t: guard_sentence(t, t)),
    ]:
        with finishes(f"{what} on {name}"):
            fn(text)


def test_ten_thousand_dots_streamed_one_at_a_time_come_out_in_bounded_pieces():
    # Was cubic: 1,000 dots took 2 s, 10,000 more than 13 minutes.
    with finishes("10,000 dots"):
        pieces = _split_by_chars("." * 10_000 + " Breathe out. ")
    assert pieces[-1] == "Breathe out."
    assert "".join(pieces[:-1]) == "." * 10_000


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from([
    " ", ".", "!", "?", "…", "\n", ",", "-", "'", '"', ")", "*", "**", "_", "`", "[", "](", "#", "> ", "1. ",
    "<think>", "</think>", "i", "i'm", "not", "don't", "want to", "die", "kill", "myself", "stop", "breathe",
    "box", "grounding", "help", "please", "no", "yes", "e.g.", "Dr.", "2.5", "988", "ten more minutes",
]) | st.text(max_size=12)
TEXTS = st.lists(PIECES, max_size=1500).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=TEXTS)
def test_fuzz_no_crash_and_no_pathological_time(text, router):
    with finishes("a fuzzed text"):
        CrisisGate().check(text, semantic=False)
        router.route(text)
        read_answer(text)
        yes_no(text)
        parse_snooze(text)
        for_speech(text)
        _think(text)
        guard_sentence(text, text)
        pieces = list(split_stream(list(text)))
        assert all(len(p) <= MAX_PIECE for p in pieces)
