"""The first decision about each utterance: crisis gate first, then the router. Shared by the
live loop and `voice-companion route`, so what is measured is what runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from voice_companion.exercise.answers import asks_about_exercise
from voice_companion.exercise.format import Exercise
from voice_companion.routing.identity import asks_identity
from voice_companion.routing.intents import CLASSIFIER_LABELS, EXERCISE_INTENTS
from voice_companion.routing.router import Route, Router, classifier_prompt, parse_classifier_output  # noqa: F401
from voice_companion.safety.check import CrisisCheck
from voice_companion.safety.crisis import CrisisGate

# Classify = (system, user, choices) -> one of choices or None; the LLM's constrained output.
Classify = Callable[[str, str, tuple[str, ...]], "str | None"]
# Settle = (text, exercise labels still on offer) -> a label, "talk" or None; in milliseconds
# (intent_semantic). The live loop's tie-break: no turn waits for an LLM prompt before its reply.
Settle = Callable[[str, tuple[str, ...]], "str | None"]


@dataclass(frozen=True)
class Decision:
    intent: str  # "crisis", a command name, an exercise intent, or "talk"
    crisis: bool
    route: Route | None = None
    check: CrisisCheck | None = None
    llm_label: str | None = None  # what the tie-break (embedder or LLM) said, when the rules were unsure

    @property
    def action(self) -> str:
        """What the live loop does with this utterance at the start of a conversation (the
        branches of Companion.handle): the fixed crisis answer, the direct safety question (a
        flag from the similarity layer alone), a command, an exercise, an offer of choices (an
        unclear request the LLM classifier did not call conversation), or open talk."""
        if self.crisis:
            return "safety_question" if self.check is not None and self.check.tentative else "crisis_answer"
        if self.intent in EXERCISE_INTENTS:
            return "exercise"
        if self.intent != "talk":
            return "command"
        if self.route is not None and not self.route.sure and self.route.choices and self.llm_label != "talk":
            return "offer"
        return "talk"

    def as_json(self, text: str) -> dict:
        out = {"text": text, "crisis": self.crisis, "intent": self.intent, "action": self.action}
        if self.crisis and self.check is not None and self.check.category:
            out["category"] = self.check.category
        if not self.crisis and self.route is not None and not self.route.sure and self.llm_label is not None:
            out["suggest"] = self.llm_label
        return out


def decide(text: str, gate: CrisisGate, router: Router, *, exercise_active: bool = False, classify: Classify | None = None,
           settle: Settle | None = None, topic: Exercise | None = None, risky: bool = False) -> Decision:
    """topic: the exercise just offered, done or asked about, so "what if there's nothing to
    taste?" is known as a question about it. risky: the conversation has shown signs of risk."""
    route = router.route(text, exercise_active=exercise_active)
    # The crisis rules judge everything. The semantic flagger (looser, similarity-based) judges
    # what the deterministic layers did not claim: "is it nearly over" is a question about the
    # exercise, and "i don't feel real" a request for grounding, not signs of a crisis. What they
    # did claim it judges by a stricter standard (its linear model alone, longer utterances only)
    # when no exercise is running: the router's keywords also match "how long does it take to
    # bleed out". During an exercise a claimed utterance is the exercise's to handle.
    talk = route.intent == "talk"
    semantic = talk or not exercise_active
    named = lambda t: router.named_exercise(t, prefer=topic and topic.id)  # noqa: E731
    if (talk or route.intent in EXERCISE_INTENTS) and asks_about_exercise(text, named, current=topic) or (
            talk and asks_identity(text)):
        # A question about an exercise, or put to the companion about itself ("are you a real
        # person?"), is judged as words said during an exercise are: by the rules, unless the
        # conversation has already shown risk. The similarity layer read "what if i can't taste
        # anything?" as an overdose, "am i supposed to jump straight out of bed?" as suicidal
        # (its linear model at 0.96-0.999, past even the stricter standard) and "are you a real
        # person?" as psychosis.
        talk, semantic = False, risky
    check = gate.check(text, semantic=semantic, claimed=not talk)
    if check.crisis:
        # Nothing else is consulted: a crisis never reaches an exercise or any LLM. (The route
        # is kept for a tentative flag the person clears by answering the direct question.)
        return Decision("crisis", True, route=route, check=check)
    if not route.sure and settle is not None and route.intent == "talk":
        # Only a suggestion, like the LLM's; and never an exercise the person just turned down.
        allowed = tuple(dict.fromkeys(e.category for e in router.exercises if e.id in route.choices))
        return Decision(route.intent, False, route=route, check=check, llm_label=settle(text, allowed))
    if not route.sure and classify is not None and route.intent == "talk":
        # The LLM only breaks the tie: what it picks is *suggested* to the person, never started
        # on its own (a small model mislabels vague distress as an exercise request).
        system, user = classifier_prompt(text)
        raw = classify(system, user, CLASSIFIER_LABELS)
        label = parse_classifier_output(raw) if raw else None
        return Decision(route.intent, False, route=route, check=check, llm_label=label)
    return Decision(route.intent, False, route=route, check=check)
