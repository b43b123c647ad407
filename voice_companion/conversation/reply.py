"""One reply of the language model, as the sentences that are spoken.

The stream is cut into sentences as it arrives (the first clause early, so the first words come
sooner), shaped (no lists, no lead-ins, no exercise steps the model tries to lead), cleaned for
speech, and checked sentence by sentence by the output guard and, for a question about an
exercise, against the exercise's own file. A late first word gets "still thinking"; a backend that
fails mid-reply gets one short line and, when Ollama failed, the built-in model answers the same
question. Nothing the model writes is spoken without passing here."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator

from voice_companion.channels.base import Channel
from voice_companion.conversation.reply_shape import END, KEEP, ends_sentence, finish_clause, judge
from voice_companion.conversation.sentences import SentenceSplitter
from voice_companion.conversation.speech_text import for_speech
from voice_companion.exercise import answers, polarity
from voice_companion.exercise.format import Exercise
from voice_companion.llm.base import SLOW, LLMUnavailable
from voice_companion.llm.holder import LLMHolder
from voice_companion.safety.guard import guard_sentence

MAX_SENTENCES = 3  # a spoken reply longer than this loses a tired listener
LLM_LOST_LINE = "I'm sorry, I lost my train of thought."
STILL_THINKING_LINE = "I'm still thinking. Just a moment."
LLM_LATE_LINE = "I'm sorry, that's taking too long."
SLOW_AFTER = 5.0  # seconds of silence before "still thinking": long enough to be rare, short enough to reassure
UNSURE_LINE = "I'm not sure what to say to that. Could you tell me a little more?"
# The model saying it has no answer ("I am not sure.", "I'm sorry, but I can't assist with that.").
_UNSURE = re.compile(r"^(?:i am|i'm|i’m) not sure\b|^i (?:do not|don't|don’t) know\b"
                     r"|^(?:i'm |i am )?sorry, (?:but )?i (?:can't|cannot|can’t) (?:assist|help) with", re.IGNORECASE)
FACTS_TEMPERATURE = 0.1


class _StopReply(Exception):
    """The reply ends here: what was said before stands."""


class Reply:
    def __init__(self, channel: Channel, holder: LLMHolder, *, instead_of_blocked: Callable[[str | None, str], list[str]],
                 offer_line: Callable[[str], str], safety_log: Callable[[str, str], None],
                 log: Callable[[str], None]) -> None:
        """instead_of_blocked(reason, user_text): what is said instead of a sentence the guard
        blocked; offer_line(user_text): exercises offered by name when the model wanted to list
        or lead one."""
        self.channel, self.holder = channel, holder
        self.instead_of_blocked, self.offer_line, self.safety_log, self.log = instead_of_blocked, offer_line, safety_log, log
        self.explained: list[str] = []

    def sentences(self, backend, messages, user_text: str, *, strict: bool = False, limit: int = MAX_SENTENCES,
                  facts: Exercise | None = None, nearest: str | None = None) -> Iterator[str]:
        """The reply, sentence by sentence, as it may be spoken. Also yields the lines that explain a
        failure (kept in self.explained, so they never enter the conversation's history)."""
        splitter = SentenceSplitter(early_first_clause=True)
        timelines = self.channel.timelines
        spoken = 0
        mid_sentence = False  # the last piece said was a first clause: finish its sentence first
        shaped = False  # a list, a lead-in or a self-led exercise step was left out

        last = ""  # the last piece said, to finish it if the reply stops mid-sentence

        def checked(sentences: list[str], final: bool = False):
            nonlocal spoken, mid_sentence, shaped, last
            for raw in sentences:
                if spoken >= limit and not mid_sentence:
                    raise _StopReply
                verdict_shape, text = judge(raw)
                if verdict_shape != KEEP:
                    shaped = True
                if verdict_shape == END and mid_sentence:
                    raise _StopReply
                sentence = for_speech(text)
                if not any(c.isalnum() for c in sentence):
                    if verdict_shape == END:
                        raise _StopReply  # a list started: what was said before it stands
                    continue
                if final and not ends_sentence(sentence):
                    # The model ran out of tokens mid-sentence: that fragment is not said.
                    if spoken or mid_sentence:
                        raise _StopReply
                    sentence += "."
                verdict = guard_sentence(sentence, user_text, strict=strict)
                if timelines is not None:
                    timelines.mark("first_sentence")
                if not mid_sentence:
                    spoken += 1
                if not verdict.allowed:
                    mid_sentence = shaped = False  # what is said instead is the whole answer
                    self.safety_log("guard", verdict.reason or "blocked")
                    yield from self.instead_of_blocked(verdict.reason, user_text)
                    raise _StopReply
                against_line = (spoken == 1 and not mid_sentence and nearest is not None
                                and polarity.yes_against_line(sentence, user_text, nearest))
                if facts is not None and (against_line or answers.contradicts(sentence, facts)):
                    # Not what the file says (a count, a phase, or a yes where its nearest line
                    # says no): the file's own words instead, and nothing more.
                    mid_sentence = False
                    self.log(f"contradiction: {facts.id}" + (" (yes against the file's line)" if against_line else ""))
                    yield from answers.file_answer(facts, user_text, nearest)
                    raise _StopReply
                if facts is not None and spoken == 1 and not mid_sentence and _UNSURE.match(sentence):
                    # Asked about an exercise, the model has no answer: said so, then what its file
                    # does say (the line nearest the question, how it goes) rather than a shrug.
                    self.log(f"unsure: {facts.id}")
                    yield sentence
                    yield from answers.file_answer(facts, user_text, nearest)
                    raise _StopReply
                mid_sentence = not ends_sentence(sentence)
                last = sentence
                yield sentence
                if verdict_shape == END:
                    raise _StopReply

        # A backend that can tell a late first word (Ollama, the built-in model) lets the person hear "still thinking".
        params = inspect.signature(backend.stream_chat).parameters
        slow = {"slow_after": SLOW_AFTER} if "slow_after" in params else {}
        if facts is not None and "temperature" in params:
            slow["temperature"] = FACTS_TEMPERATURE  # answered from a file: the likeliest words, not varied ones
        try:
            for delta in backend.stream_chat(messages, cancel=self.channel.cancel, **slow):
                if delta is SLOW:
                    yield self._explain(STILL_THINKING_LINE)
                    continue
                if timelines is not None:
                    timelines.mark("first_token")
                yield from checked(splitter.feed(delta))
            yield from checked(splitter.flush(), final=True)
        except _StopReply:
            pass
        except LLMUnavailable as exc:
            self.log(f"LLM: {exc}")
            late = "did not answer within" in str(exc)
            yield self._explain(LLM_LATE_LINE if late else LLM_LOST_LINE)
            switched = self.holder.fall_back()
            if switched:
                yield self._explain(switched)
                if spoken == 0 and self.holder.backend is not None:
                    # The question is answered, not dropped: the person need not repeat it.
                    yield from self.sentences(self.holder.backend, messages, user_text, strict=strict, limit=limit)
            return
        if mid_sentence:
            yield finish_clause(last)  # a first clause was said and its sentence never came
        elif spoken == 0 and shaped and facts is not None:
            yield from answers.file_answer(facts, user_text, nearest)  # asked about it: the file's words
        elif spoken == 0 and shaped:
            yield self.offer_line(user_text)  # it wanted to give a list or lead an exercise
        elif shaped and facts is None and spoken < limit and not last.rstrip(" \"')").endswith("?"):
            # "Sure!" and then it would have led one itself: the offer by name, so the person
            # can say yes and the engine leads it.
            yield self.offer_line(user_text)
        elif spoken == 0:
            yield UNSURE_LINE

    def _explain(self, line: str) -> str:
        self.explained.append(line)
        return line
