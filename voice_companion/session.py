"""The conversation: every utterance goes crisis gate → router → exercise or LLM → speech.

Talks only through a Channel, so the same loop runs by voice, by text, on WAV files and in tests."""

from __future__ import annotations

import datetime
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .care import CareNudges
from .care_routes import (
    CareRoutes,
    belief_without_harm,
    detect,
    helpline_answer,
    is_helpline_request,
)
from .channel import Channel
from .clock import Clock, RealClock
from .commands import match_command
from .config import data_dir
from .crisis import CrisisGate, normalise
from .crisis_mode import CrisisMode
from .decision import Decision, decide
from .exercise_engine import ExerciseRunner, RunResult
from .exercise_format import Exercise
from .guard import guard_sentence
from .llm_base import LLMUnavailable
from .prompt import CAREFUL_CONTEXT, build_messages
from .risk import MAX_NOES, SessionRisk
from .router import ExerciseInfo, Router, is_explicit_request
from .sentences import SentenceSplitter
from .speech_text import for_speech

DEFAULT_EXERCISE = {"breathing": "box_breathing", "grounding": "grounding_54321", "get_out_of_bed": "get_out_of_bed"}
HISTORY_TURNS = 6  # recent exchanges the LLM sees; enough for context, short enough to stay fast
MAX_SENTENCES = 3  # a spoken reply longer than this loses a tired listener
CAREFUL_SENTENCES = 2  # after a "no" to the direct question: shorter still, less room to drift

NO_LLM_LINE = "I can't find my words right now, but I can still guide you. We could breathe together, or do a grounding exercise."
LLM_LOST_LINE = "I'm sorry, I lost my train of thought."
GOODBYE_LINE = "Okay. I'll stop here. Take care of yourself, and come back any time."
NOT_IN_EXERCISE = "We're not in an exercise right now. Would you like one? I can do breathing, grounding, or getting up."
OFFER_LINE = "I can guide a breathing exercise, a grounding exercise with your senses, or getting up one small step at a time. Which would you like? Or we can just talk."
SUGGEST_LINE = "I'm here with you. Would you like to try {title}? Or we could do something else, or just talk."
# A request for instructions, a recommendation or advice: the model is never asked for those
# (a 1.5B model gives them confidently and wrongly), so that turn passes the strict guard, which
# lets through only listening and offers.
ASKS_FOR_ADVICE = re.compile(
    r"\b(?:how (?:do|can|should|would|could) i|what should i|which (?:one|is the best|should i|is better)|"
    r"where (?:can|do|should|could) i|recommend|suggest|tell me how|step by step|the best way to|"
    r"is it (?:safe|okay|ok|fine) to|should i|what (?:is|are) the best|can you tell me how|help me (?:plan|write|decide|find))\b"
)
# What a blocked sentence was doing decides the care reply when the person's words do not.
GUARD_ROUTE = {"medication": "medication", "means": "means"}
HELPLINE_LEADS = ("A person is there for you, any time.", "Here is who you can reach.", "Of course. Here it is again.")
# In a risky session an exercise is offered, never started by a keyword ("signal" is not "sigh").
OFFER_ONE_LINE = "Would you like to try {title} together? You can say yes, or we can just keep talking."
NOT_HELPING_OFFER = {
    "breathing": ("grounding_54321", "Would you like to try grounding instead? It uses your senses, not your breath."),
    "grounding": ("box_breathing", "Would you like to try some slow breathing instead, or just talk for a bit?"),
    "get_out_of_bed": (None, "That's okay. We can just talk for a while, if you like."),
    "check_in": ("grounding_54321", "Would you like to try a grounding exercise instead?"),
}


RECALL = re.compile(
    r"what (did|was it) i (say|said|pick|choose|chose)|what was my (one )?(thing|plan)|"
    r"remind me what i|what (am|was) i (going|gonna|supposed) to do|my one thing"
)


class CrisisInterrupt(Exception):
    """Raised out of an exercise when something the person said passed the crisis gate."""

    def __init__(self, text: str, check) -> None:
        super().__init__("crisis")
        self.text, self.check = text, check


class CareInterrupt(Exception):
    """Raised out of an exercise when what the person said needs the gate's answer, a care
    route or the helpline, not the exercise's next prompt. (CrisisInterrupt is the older,
    gate-only form the morning routine still uses.)"""

    def __init__(self, text: str) -> None:
        super().__init__("care")
        self.text = text


class LLMHolder:
    """The chosen LLM backend, loaded on first use; falls back to the embedded one if Ollama fails."""

    def __init__(self, choose: Callable[[], object] | None = None, fallback: Callable[[], object] | None = None) -> None:
        self._choose, self._fallback = choose, fallback
        self._choice = None
        self.announcement = ""

    @property
    def backend(self):
        if self._choice is None and self._choose is not None:
            self._choice = self._choose()
            self.announcement = self._choice.said
        backend = self._choice.backend if self._choice is not None else None
        # A model that keeps crashing is as good as none: say so plainly, not "lost my train of thought".
        return None if getattr(backend, "broken", "") else backend

    def fall_back(self) -> str | None:
        """After Ollama failed mid-session: switch to the embedded model. Returns a line to say."""
        if self._fallback is None or getattr(self.backend, "name", "") != "ollama":
            return None
        try:
            from .llm_select import Choice

            self._choice = Choice(self._fallback(), "", "embedded after Ollama failed")
        except Exception:
            self._choice = None
            self._choose = None
            return None
        return "I lost my connection to Ollama, so I'm using my built-in model now."


@dataclass
class SessionOptions:
    region: str = "US"
    user_instructions: str = ""
    fast: bool = False  # exercises skip their pauses (testing)
    first_run: bool = False
    has_therapist: bool = False
    break_after_minutes: float = 20.0
    late_start: str = "23:00"
    late_end: str = "05:00"
    wall_clock: Callable[[], datetime.datetime] = field(default=datetime.datetime.now)


class GatedChannel:
    """The channel as the exercise runner sees it: everything heard passes the crisis gate first."""

    def __init__(self, inner: Channel, gate: CrisisGate, screen: Callable[[str], None] | None = None) -> None:
        self.inner, self.gate, self.screen = inner, gate, screen

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def listen(self, timeout: float | None = None) -> str | None:
        text = self.inner.listen(timeout)
        if text and self.screen is not None:
            self.screen(text)  # the session's own checks: the gate, then the care routes
        elif text:
            check = self.gate.check(text, semantic=match_command(text) is None)
            # Also in crisis mode (its grounding exercise): a crisis said as an "answer" must get
            # the crisis answer, never "Thank you, just noticing is enough".
            if check.crisis and not (check.tentative and ask_directly(self.inner, self.gate)):
                raise CrisisInterrupt(text, check)
        return text


def ask_directly(channel: Channel, gate: CrisisGate) -> bool:
    """Ask the direct safety question; True only when the answer is a clear no."""
    return ask_outcome(channel, gate) in ("safe", "no")


def ask_outcome(channel: Channel, gate: CrisisGate) -> str:
    """Ask the direct safety question. "safe" (a specific statement), "no" (a bare no),
    "unsafe" (yes, unsure, or a crisis in the answer) or "none" (silence, or no answer)."""
    from .check_in import QUESTION, SAFE_LINE, classify_answer

    channel.say(QUESTION)
    reply = channel.listen(30.0)
    if reply and gate.check(reply, semantic=False).crisis:
        return "unsafe"  # "no… i just want to die" is not a no
    if reply and is_helpline_request(reply):
        return "none"  # not an answer; the caution reply gives the number
    if reply and {"warning", "means"} & set(detect(reply)):
        return "unsafe"  # "the water looks so peaceful" is not a no
    outcome = classify_answer(reply)
    if outcome in ("safe", "no"):
        channel.say(SAFE_LINE)
    return outcome


class Companion:
    def __init__(
        self, channel: Channel, catalog: dict[str, Exercise], *, llm: LLMHolder | None = None,
        options: SessionOptions | None = None, clock: Clock | None = None, log: Callable[[str], None] | None = None,
        set_rate: Callable[[float], None] | None = None, get_rate: Callable[[], float] | None = None,
    ) -> None:
        self.channel = channel
        self.catalog = catalog
        self.llm = llm or LLMHolder()
        self.options = options or SessionOptions()
        self.clock = clock or RealClock()
        self.log = log or (lambda line: None)
        self._set_rate, self._get_rate = set_rate, get_rate
        self.gate = CrisisGate()
        self.crisis = CrisisMode(self.options.region)
        self.router = Router([ExerciseInfo(e.id, e.category, e.title, tuple(e.triggers)) for e in catalog.values()])
        self.care = CareNudges(
            break_after_min=self.options.break_after_minutes, late_start=self.options.late_start,
            late_end=self.options.late_end, has_therapist=self.options.has_therapist,
        )
        self.history: list[dict] = []
        self.last_said: list[str] = []
        self.llm_calls = 0
        self.running = True
        self.decisions: list[Decision] = []
        self.answers: dict[str, str] = {}  # remembered answers from exercises ("next_thing")
        self.risk = SessionRisk()
        self._helpline_asks = 0
        self.care_routes = CareRoutes(self.options.region)

    # --- the loop ----------------------------------------------------------------------

    def greet(self) -> None:
        if self.options.first_run:
            from .care import first_run_note

            for line in first_run_note():
                self.say(line)
        self.say("I'm here. Tell me what you need, or ask for breathing or grounding.")

    def announce_backend(self) -> None:
        """Load the LLM now (not in the middle of the first reply) and say which one it is
        the first time, or when it changed since last time."""
        if self.llm.backend is None and not self.llm.announcement:
            return
        warm = getattr(self.llm.backend, "warm", None)
        if warm is not None:
            warm(build_messages([], "", user_instructions=self.options.user_instructions)[0]["content"])
        from . import state

        marker = data_dir() / "llm-announced"
        said = self.llm.announcement
        if said and said != state.read_text(marker):
            self.say(said)
            state.save_text(marker, said, what="which language model was announced")

    def run(self) -> None:
        # The model loads and warms before the greeting invites speech: a request said while it
        # loaded (18-31 s on a cold start) used to go unheard.
        self.announce_backend()
        self.greet()
        while self.running:
            text = self.channel.listen(None)
            if text is None:
                if getattr(self.channel, "eof", False):
                    break
                continue
            self.handle(text)

    def handle(self, text: str) -> None:
        """One utterance, start to finish: the gate, the conversation's risk, the care routes,
        then commands, exercises and the LLM."""
        routes = detect(text)
        if self.crisis.active:
            self.risk.observe(_own(routes))
            self._crisis_turn(self.crisis.handle(text))
            return
        # In a risky session the LLM does not even break ties: what is unclear is offered.
        decision = decide(text, self.gate, self.router, classify=None if self.risk.risky else self._classifier())
        self.decisions.append(decision)
        self._mark_route(decision.intent)
        if decision.crisis and decision.check.tentative and is_helpline_request(text):
            decision = Decision(decision.route.intent, False, route=decision.route, check=decision.check)
        if decision.crisis:
            if _about_someone_else(text, routes):
                # A worried parent or friend: how to help, and that the line takes their call too.
                self.say_lines(self.care_routes.reply("third_party"))
                return
            self.risk.observe(["tentative" if decision.check.tentative else "crisis", *_own(routes)])
            if decision.check.tentative and self.risk.noes >= MAX_NOES:
                # Asked and answered "no" twice: a third question is not care. The worry is met
                # with the warning-sign reply and the helpline instead.
                self.say_lines(self.care_routes.reply("warning"))
                return
            if decision.check.tentative:
                outcome = self._check_directly()
                if outcome in ("unsafe", "none"):
                    self._enter_crisis(decision.check, outcome, routes)
                    return
                decision = Decision(decision.route.intent, False, route=decision.route, check=decision.check)
            elif belief_without_harm(text, decision.check.category):
                # A belief or voices with no sign of harm: a gentle check, not the full script.
                self._enter_crisis(decision.check, "none", routes)
                return
            else:
                self._crisis_turn(self.crisis.enter(decision.check))
                return
        else:
            self.risk.observe(_own(routes))

        if is_helpline_request(text):
            # Any way of asking, in any mode: the fixed numbers for the region, never the LLM.
            # The lead-in varies so asking again does not get a recording.
            lead = HELPLINE_LEADS[self._helpline_asks % len(HELPLINE_LEADS)]
            self._helpline_asks += 1
            self.say_lines([lead, *helpline_answer(self.options.region)])
            return
        if self.risk.should_ask():
            outcome = self._check_directly()
            if outcome in ("unsafe", "none"):
                self._enter_crisis(decision.check, outcome, routes)
                return
        elif self.risk.escalated():
            self.risk.asked()  # this step is answered by the helpline, not by a third question
            self.say_lines(self.care_routes.reply("warning"))
            return
        if routes:
            self.say_lines(self.care_routes.reply(routes[0]))
            return

        intent = decision.intent
        if intent == "stop":
            self.say(GOODBYE_LINE)
            self.running = False
        elif intent in DEFAULT_EXERCISE and self.risk.risky and not is_explicit_request(text):
            self.talk(text)  # a word that sounds like an exercise ("signal", "get up") is not a request
        elif intent in DEFAULT_EXERCISE and self.risk.risky:
            exercise_id = (decision.route.exercise if decision.route else None) or DEFAULT_EXERCISE[intent]
            self._offer_one(exercise_id)
        elif intent in DEFAULT_EXERCISE:
            exercise_id = (decision.route.exercise if decision.route else None) or DEFAULT_EXERCISE[intent]
            self.start_exercise(exercise_id)
        elif intent == "talk" and self._unsure(decision) and decision.llm_label == "talk":
            self.talk(text)  # the LLM judged it conversation: answer it, and it may offer an exercise
        elif intent == "talk" and self._unsure(decision):
            self._offer(decision)
        elif intent == "talk" and self._recall(text):
            pass
        elif intent == "talk":
            self.talk(text)
        else:
            self._idle_command(intent)

    # --- risk ----------------------------------------------------------------------------

    def _check_directly(self) -> str:
        """The direct question, at most once per rising step of the session's risk."""
        self.risk.asked()
        outcome = ask_outcome(self.channel, self.gate)
        self._safety_log("check-in", {"safe": "answered safe", "no": "answered no"}.get(outcome, "no clear no"))
        if outcome == "safe":
            self.risk.answered_safe()
        elif outcome == "no":
            self.risk.answered_no()  # careful for the rest of the session, never open chat again
        return outcome

    def _enter_crisis(self, check, outcome: str, routes: list[str]) -> None:
        """Yes or unsure: the full crisis answer. No answer at all: the caution tier, a gentle
        check that keeps the line in view without the whole script."""
        self.risk.careful = True  # whatever happens next, never back to open chat
        self.decisions.append(Decision("crisis", True, check=check))
        if outcome == "none":
            care = next((r for r in routes if r != "third_party"), None)
            self._crisis_turn(self.crisis.enter(check, tier="caution", route=care))
        else:
            self._crisis_turn(self.crisis.enter(check))

    def _screen(self, text: str) -> None:
        """Everything heard during an exercise: commands pass; a crisis, a request for the
        helpline and anything a care route is for stop it and are answered first ("the tv is
        sending me messages" is not an answer to "what can you see")."""
        if match_command(text) is not None:
            return
        if self.gate.check(text).crisis:
            raise CareInterrupt(text)  # handle() asks, answers or enters crisis mode, as for any turn
        if is_helpline_request(text) or detect(text):
            raise CareInterrupt(text)

    def _offer_one(self, exercise_id: str) -> None:
        exercise = self.catalog.get(exercise_id)
        if exercise is None:
            self.say(OFFER_LINE)
            return
        self.say(OFFER_ONE_LINE.format(title=exercise.title.lower()))
        reply = self._listen_reply(30.0)
        if reply is None:
            return
        from .exercise_engine import yes_no

        answer = yes_no(reply)
        if answer == "yes" and len(reply.split()) <= 6:
            self.start_exercise(exercise.id)
        elif answer == "no":
            self.say("Okay. I'm here, and we can just talk.")
        else:
            self.handle(reply)

    def _offer(self, decision: Decision) -> None:
        """An unclear request: suggest what the LLM classifier picked, if anything, or the choices."""
        label = decision.llm_label
        exercise = self.catalog.get(DEFAULT_EXERCISE.get(label or "", ""))
        if exercise is None:
            self.say(OFFER_LINE)
            return
        self.say(SUGGEST_LINE.format(title=exercise.title.lower()))
        reply = self._listen_reply(30.0)
        if reply is None:
            return
        from .exercise_engine import yes_no

        answer = yes_no(reply)
        if answer == "yes":
            self.start_exercise(exercise.id)
        elif answer == "no":
            self.say(OFFER_LINE)
        else:
            self.handle(reply)

    def _listen_reply(self, timeout: float) -> str | None:
        """A reply to a question the companion asked. It passes the crisis gate and the care
        routes like everything else; what they are for is handled here and the question dropped."""
        reply = self.channel.listen(timeout)
        if reply is None:
            return None
        check = self.gate.check(reply)
        if check.crisis and not self.crisis.active:
            if check.tentative and self.risk.noes >= MAX_NOES:
                self.handle(reply)
                return None
            if check.tentative and self._check_directly() in ("safe", "no"):
                return reply
            self.risk.observe(["tentative" if check.tentative else "crisis"])
            self.decisions.append(Decision("crisis", True, check=check))
            self._crisis_turn(self.crisis.enter(check))
            return None
        if detect(reply) or is_helpline_request(reply):
            self.handle(reply)
            return None
        return reply

    @staticmethod
    def _unsure(decision: Decision) -> bool:
        return decision.route is not None and not decision.route.sure and bool(decision.route.choices)

    def _recall(self, text: str) -> bool:
        """ "What did I say I'd do?" — answered from this morning's routine, never guessed."""
        thing = self.answers.get("next_thing")
        if not thing or not RECALL.search(text.lower()):
            return False
        self.say(f"This morning you said you'd do this: {thing.rstrip('.')}. One small thing is enough.")
        return True

    # --- speaking ----------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.channel.say(text)
        self.last_said = [text]

    def say_lines(self, lines: list[str]) -> None:
        for line in lines:
            self.channel.say(line)
        self.last_said = list(lines)

    def _mark_route(self, intent: str) -> None:
        timelines = getattr(self.channel, "timelines", None)
        if timelines is not None:
            timelines.current.route = intent

    # --- crisis ------------------------------------------------------------------------

    def _crisis_turn(self, action) -> None:
        self._safety_log("crisis", "crisis mode" if self.crisis.active else "crisis mode ended")
        # The crisis answer covers this step of the session's risk: no direct question on top.
        # Leaving crisis mode takes a clear "I am safe", which lowers it; careful mode stays.
        self.risk.asked()
        self.risk.careful = True
        if action.ended:
            self.risk.answered_safe()
        self.say_lines(action.say)
        if action.start_exercise and action.start_exercise in self.catalog:
            self.start_exercise(action.start_exercise)

    def _safety_log(self, event: str, detail: str) -> None:
        # Local only, and never the person's words: what happened and when.
        from . import state

        line = json.dumps({"time": datetime.datetime.now().isoformat(timespec="seconds"), "event": event, "detail": detail})
        state.append_line(data_dir() / "safety.log", line, what="the safety log entry")

    # --- exercises ---------------------------------------------------------------------

    def start_exercise(self, exercise_id: str) -> RunResult | None:
        exercise = self.catalog.get(exercise_id)
        if exercise is None:
            self.say("I can't find that exercise right now. We could try breathing or grounding instead.")
            return None
        gated = GatedChannel(self.channel, self.gate, screen=self._screen)
        prefetch = getattr(self.channel, "prefetch", None)
        if prefetch is not None:
            prefetch(*_exercise_texts(exercise))
        done_before = _exercises_done()
        runner = ExerciseRunner(
            exercise, gated, self.clock, match_command=match_command, on_talk=self._talk_in_exercise,
            on_volume=self._volume, fast=self.options.fast, first_time=exercise.id not in done_before,
        )
        self.log(f"exercise: {exercise.id}")
        try:
            result = runner.run()
        except CareInterrupt as interrupt:
            self.handle(interrupt.text)  # the exercise stops; the person is answered first
            return None
        self.answers.update(result.answers)
        if result.completed:
            _exercises_done(add=exercise.id)
            self._care("")
        if result.reason == "not_helping" and not self.crisis.active:
            self._offer_instead(exercise)
        return result

    def _offer_instead(self, exercise: Exercise) -> None:
        other, line = NOT_HELPING_OFFER.get(exercise.category, (None, "We can just talk for a while, if you like."))
        self.say(line)
        if other is None:
            return
        reply = self._listen_reply(30.0)
        if reply is None:
            return
        from .exercise_engine import yes_no

        answer = yes_no(reply)
        if answer == "yes":
            self.start_exercise(other)
        elif answer == "no":
            self.say("Okay. I'm here if you want to talk.")
        else:
            self.handle(reply)

    def _talk_in_exercise(self, text: str, runner: ExerciseRunner) -> None:
        if self.crisis.active:
            self._crisis_turn(self.crisis.handle(text))
            return
        if self.risk.careful:
            self.say_lines(self.care_routes.reply("careful"))
            return
        self.talk(text, context=f"The person is in the middle of an exercise: {runner.describe_position()}. Answer briefly, then the exercise continues.")

    def _volume(self, step: int) -> None:
        vol = getattr(self.channel, "volume", None)
        if vol is not None:
            self.channel.volume = min(1.0, max(0.1, vol + 0.15 * step))

    def _idle_command(self, intent: str) -> None:
        if intent == "repeat":
            if self.last_said:
                for line in self.last_said:
                    self.channel.say(line)
            else:
                self.say("I haven't said anything yet. I'm listening.")
        elif intent in ("slower", "faster") and self._set_rate and self._get_rate:
            self._set_rate(self._get_rate() * (0.85 if intent == "slower" else 1.15))
            self.say("Okay, I'll speak a little slower." if intent == "slower" else "Okay, I'll speak a little quicker.")
        elif intent in ("louder", "quieter"):
            self._volume(1 if intent == "louder" else -1)
            self.say("Okay, a little louder." if intent == "louder" else "Okay, a little quieter.")
        elif intent == "pause":
            self.say("Okay. I'll be quiet until you need me.")
        elif intent == "not_helping":
            self.say("I'm sorry. " + OFFER_LINE)
        else:  # resume, skip, time_left outside an exercise
            self.say(NOT_IN_EXERCISE)

    # --- LLM ---------------------------------------------------------------------------

    def _classifier(self):
        backend = self.llm.backend
        if backend is None:
            return None

        def classify(system: str, user: str, choices: tuple[str, ...]):
            # The chat's own system prompt goes first, so llama.cpp's cached prefix stays valid
            # for the next reply; the classifier's instructions travel in the user turn.
            chat_system = build_messages([], "", user_instructions=self.options.user_instructions)[0]["content"]
            return backend.classify(chat_system, f"{system}\n\n{user}", choices)

        return classify

    def talk(self, text: str, context: str = "") -> None:
        backend = self.llm.backend
        if backend is None:
            self.say(NO_LLM_LINE)
            return
        self.llm_calls += 1
        nudge = not context  # healthy-use nudges after a conversation turn, not inside an exercise
        asks_advice = bool(ASKS_FOR_ADVICE.search(normalise(text)))
        strict = self.risk.risky or asks_advice
        if strict:
            # After anything worrying the model only listens: short, no answers to requests.
            context = f"{context} {CAREFUL_CONTEXT}".strip()
        limit = CAREFUL_SENTENCES if (self.risk.careful or self.risk.level >= 2) else MAX_SENTENCES
        messages = build_messages(self.history[-2 * HISTORY_TURNS :], text, user_instructions=self.options.user_instructions, context=context)
        said = self.channel.speak_stream(self._reply_sentences(backend, messages, text, strict=strict, limit=limit))
        if said:
            self.last_said = said
            self.history += [{"role": "user", "content": text}, {"role": "assistant", "content": " ".join(said)}]
        if nudge:
            self._care(text)

    def _fallback(self, reason: str | None, user_text: str) -> list[str]:
        """What is said instead of a blocked sentence: a care reply, never silence, and for a
        number or service the model made up, the real one from the helpline table."""
        if reason == "referral":
            return helpline_answer(self.options.region)
        routes = detect(user_text)
        if routes:
            return self.care_routes.reply(routes[0])
        if reason in GUARD_ROUTE:
            return self.care_routes.reply(GUARD_ROUTE[reason])
        if ASKS_FOR_ADVICE.search(normalise(user_text)) and not self.risk.risky:
            return self.care_routes.reply("advice")
        return self.care_routes.reply("careful")

    def _reply_sentences(self, backend, messages, user_text: str, *, strict: bool = False, limit: int = MAX_SENTENCES) -> Iterator[str]:
        splitter = SentenceSplitter(early_first_clause=True)
        timelines = getattr(self.channel, "timelines", None)
        spoken = 0

        def checked(sentences: list[str]):
            nonlocal spoken
            for raw in sentences:
                if spoken >= limit:
                    raise _StopReply
                sentence = for_speech(raw)
                if not any(c.isalnum() for c in sentence):
                    continue
                verdict = guard_sentence(sentence, user_text, strict=strict)
                if timelines is not None:
                    timelines.mark("first_sentence")
                spoken += 1
                if not verdict.allowed:
                    self._safety_log("guard", verdict.reason or "blocked")
                    yield from self._fallback(verdict.reason, user_text)
                    raise _StopReply
                yield sentence

        try:
            for delta in backend.stream_chat(messages, cancel=getattr(self.channel, "cancel", None)):
                if timelines is not None:
                    timelines.mark("first_token")
                yield from checked(splitter.feed(delta))
            yield from checked(splitter.flush())
        except _StopReply:
            return
        except LLMUnavailable as exc:
            self.log(f"LLM: {exc}")
            yield LLM_LOST_LINE
            switched = self.llm.fall_back()
            if switched:
                yield switched
            return
        if spoken == 0:
            yield "I'm not sure what to say to that. Could you tell me a little more?"

    # --- care --------------------------------------------------------------------------

    def _care(self, text: str) -> None:
        if not self.running:
            return
        nudge = self.care.after_turn(now_monotonic=time.monotonic(), wall=self.options.wall_clock(), user_text=text)
        if nudge:
            self.say(nudge)


def _own(routes: list[str]) -> list[str]:
    """The signals that say something about the speaker's own risk."""
    return [r for r in routes if r != "third_party"]


_FIRST_PERSON_RISK = re.compile(
    r"\b(?:i (?:want|wanna|am going|will|wish|have been|feel|do not want|can not go)|myself|kill me|end me)\b"
)


def _about_someone_else(text: str, routes: list[str]) -> bool:
    """The gate fired on someone else's words ("my son said he wants to die")."""
    if not routes or routes[0] != "third_party":
        return False
    t = normalise(text)
    t = re.sub(r"\bi (?:am|feel|have been) (?:so |really |very )?(?:worried|scared|concerned|afraid|frightened)\b", " ", t)
    return not _FIRST_PERSON_RISK.search(t)


def _exercise_texts(exercise: Exercise) -> tuple[list[str], list[str]]:
    """(lines, cues) an exercise will speak, for synthesizing ahead of time."""
    lines: list[str] = []
    cues: list[str] = []
    for step in exercise.steps:
        for attr in ("text", "reprompt", "ack"):
            value = getattr(step, attr, None)
            if value and "{" not in value:
                lines.append(value)
        for phase in getattr(step, "pattern", ()):
            cues.append(phase.cue)
    return lines, cues


def _exercises_done(add: str | None = None) -> set[str]:
    """Exercises this person has finished before (4-7-8 is kept short the first time)."""
    from . import state

    path = data_dir() / "exercises-done.json"
    done = {x for x in state.load_json(path, list, what="the list of exercises done") or () if isinstance(x, str)}
    if add and add not in done:
        done.add(add)
        state.save_json(path, sorted(done), what="the list of exercises done")
    return done


class _StopReply(Exception):
    """A blocked sentence ends the reply: what follows it cannot be trusted either."""
