"""The model chosen and loaded in the background at start-up (LLMHolder.start_choosing): it overlaps
the voice and Whisper loading, and nobody gets a second model or a half-made choice."""

import threading
import time

from voice_companion.llm.holder import LLMHolder
from voice_companion.llm.select import Choice


class Slow:
    name = "embedded"


def test_the_first_turn_waits_for_the_model_loading_in_the_background_and_gets_the_same_one():
    made, loading = [], threading.Event()

    def choose():
        loading.set()
        time.sleep(0.3)  # a model loading in its own process
        made.append(Slow())
        return Choice(made[-1], "I'm using my built-in model.", "embedded")

    holder = LLMHolder(choose)
    holder.start_choosing()
    assert loading.wait(5)
    backend = holder.backend  # asked while it is still loading
    assert backend is made[0] and len(made) == 1
    assert holder.announcement == "I'm using my built-in model."


def test_a_choice_that_failed_in_the_background_is_made_again_by_whoever_asks_next():
    calls = []

    def choose():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the worker could not start")
        return Choice(Slow(), "", "embedded")

    holder = LLMHolder(choose)
    holder.start_choosing()
    for _ in range(100):
        if calls:
            break
        time.sleep(0.01)
    assert isinstance(holder.backend, Slow) and len(calls) == 2
