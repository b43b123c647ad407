"""The conversation: every utterance goes crisis gate → router → exercise or LLM → speech.

Talks only through a Channel, so the same loop runs by voice, by text, on WAV files and in tests."""

from __future__ import annotations

import datetime
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from voice_companion import background
from voice_companion.channels.base import Channel
from voice_companion.clock import Clock, RealClock
from voice_companion.config import data_dir
from voice_companion.conversation.care import CareNudges
from voice_companion.conversation.choices import listed, picked
from voice_companion.conversation.gated import CareInterrupt, GatedChannel, ask_outcome
from voice_companion.conversation.reply import MAX_SENTENCES, Reply
from voice_companion.exercise import answers, file_lines
from voice_companion.exercise.answers import is_start_request
from voice_companion.exercise.engine import RESUME_LINE, ExerciseRunner, RunResult, yes_no
from voice_companion.exercise.format import Exercise
from voice_companion.llm.holder import LLMHolder
from voice_companion.llm.prompt import CAREFUL_CONTEXT, build_messages
from voice_companion.routing import identity
from voice_companion.routing.commands import COMMANDS, match_command
from voice_companion.routing.decision import Decision, decide
from voice_companion.routing.intents import DEFAULT_EXERCISE
from voice_companion.routing.router import ExerciseInfo, Router, is_explicit_request
from voice_companion.safety.care_routes import (
    CareRoutes,
    belief_without_harm,
    detect,
    helpline_answer,
    is_helpline_request,
)
from voice_companion.safety.crisis import CrisisGate
from voice_companion.safety.crisis_mode import CrisisMode
from voice_companion.safety.normalise import normalise
from voice_companion.safety.risk import MAX_NOES, SessionRisk
from voice_companion.speech import hearing

HISTORY_TURNS = 6  # recent exchanges the LLM sees; enough for context, short enough to stay fast
TOPIC_TURNS = 2  # "it" still means the exercise last talked about for this many turns
CAREFUL_SENTENCES = 2  # after a "no" to the direct question: shorter still, less room to drift

NO_LLM_LINE = "I can't find my words right now, but I can still guide you. We could breathe together, or do a grounding exercise."
OLLAMA_SILENT_LINE = "Ollama isn't answering, so I'm using my built-in model instead."
MAX_TURN_CHARS = 1500  # what the model sees of one turn; the crisis gate always reads all of it
HISTORY_TURN_CHARS = 600  # each earlier turn, as kept for the model
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
ASKS_FOR_OPTIONS = re.compile(
    r"\b(?:(?:give|tell|show|suggest|recommend|list|name) (?:me )?(?:some |a few |any |two |three )?(?:good |simple |easy )?(?:coping )?"
    r"(?:exercises|techniques|ideas|things|options|ways|strategies|skills|tools|tips)"
    r"|(?:any|some|what|which) (?:good |simple |easy )?coping (?:strategies|skills|tools|tips|techniques)"
    r"|(?:need|want|have you got|got any|could use) (?:some |any |a few )?(?:ideas|tips|suggestions)"
    r"|what (?:can|could|should) i do (?:about (?:it|this|that)|for (?:it|this)|to (?:feel better|calm down|help|stop it))"
    r"|(?:strategies|skills|tools|tips|techniques) (?:for|to) (?:help (?:me |you )?)?(?:cope|coping|calm|relax|unwind|wind down|sleep|stress|anxiety|panic)"
    r"|what (?:exercises|techniques|options) (?:are there|do you have|can (?:i|we|you) do|would help|could help|might help|help)"
    r"|(?:any|some|which) exercises (?:for|to|that|when|i can)|exercises (?:for|to do) when)\b"
)
ABOUT_IT = re.compile(r"\b(?:about|for) (?:it|this|that)\b|\bstop it\b")
# Asked for help to settle: when the model's answer is blocked ("Certainly! Let me…" reads as a
# request answered literally), exercises that fit are offered instead of a bare "what's on your mind".
ASKS_FOR_CALM = re.compile(
    r"\b(?:help (?:me |you )?|how (?:do|can|could) i |ways to |want to |need to |trying to )(?:\w+ )?"
    r"(?:relax|calm down|wind down|unwind|settle|sleep|fall asleep|de ?stress|cope|chill out"
    r"|stop (?:overthinking|worrying|panicking|spiralling|spiraling|ruminating))\b"
    r"|\b(?:do|guide|lead|teach|walk) (?:me |us )?(?:through )?(?:a |some )?(?:guided )?(?:meditation|body scan|mindfulness"
    r"|relaxation|muscle relaxation|visuali[sz]ation)"
)
# What a blocked sentence was doing decides the care reply when the person's words do not.
GUARD_ROUTE = {"medication": "medication", "means": "means"}
HELPLINE_LEADS = ("A person is there for you, any time.", "Here is who you can reach.", "Of course. Here it is again.")
# In a risky session an exercise is offered, never started by a keyword ("signal" is not "sigh").
OFFER_ONE_LINE = "Would you like to try {title} together? You can say yes, or we can just keep talking."
NOT_HELPING_OFFER = {
    "breathing": (DEFAULT_EXERCISE["grounding"], "Would you like to try grounding instead? It uses your senses, not your breath."),
    "grounding": (DEFAULT_EXERCISE["breathing"], "Would you like to try some slow breathing instead, or just talk for a bit?"),
    "get_out_of_bed": (None, "That's okay. We can just talk for a while, if you like."),
    "check_in": (DEFAULT_EXERCISE["grounding"], "Would you like to try a grounding exercise instead?"),
}


RECALL = re.compile(
    r"what (did|was it) i (say|said|pick|choose|chose)|what was my (one )?(thing|plan)|"
    r"remind me what i|what (am|was) i (going|gonna|supposed) to do|my one thing"
)


def local_now() -> datetime.datetime:
    """The person's local time, for the late-night and break nudges."""
    return datetime.datetime.now()


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
    language: str = "en"  # replies are in this language (stt.language)
    journal: bool = False  # keep today's conversation (user.journal); "keep a note of this" turns it on
    wall_clock: Callable[[], datetime.datetime] = field(default=lambda: local_now())  # looked up per call: tests fix it


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
        from voice_companion.conversation.journal import Journal

        self.journal = Journal(self.options.journal)
        self._spoken: list[str] = []  # what was said this turn, for the journal
        self._depth = 0
        self._cut_short = False  # this turn's words cut the companion's own voice short
        self._crisis_turns = 0
        # Built once from the files: the system prompt must stay byte-identical for the session.
        self.catalog_prompt = answers.catalog_text(catalog)
        self.topic: str | None = None    # the exercise last offered, explained or done: "it"
        self._topic_turns = 0  # turns since; "is it safe" three turns on is about something else
        self._offered: str | None = None  # offered with "Would you like to try it?": a yes starts it
        self._choices: tuple[str, ...] = ()  # offered by name, two or three: see _pick_offered
        self._said_before = ""  # the person's previous utterance: what "about it" is about
        self._asked_which = False  # a yes to them was asked "which one?"
        self._runner: ExerciseRunner | None = None  # the exercise running now, for the screen

    # --- the loop ----------------------------------------------------------------------

    def _embed_file_lines_later(self) -> None:
        """Each exercise file's lines embedded once, behind the greeting: done before the
        greeting it cost 1.4 s of cold start, and a question asked first embeds its own file."""
        index = file_lines.shared_index()
        if index is None:
            return

        def embed() -> None:
            try:
                for exercise in list(self.catalog.values()):
                    index.nearest(exercise, exercise.title)
            except Exception as exc:  # noqa: BLE001 - a question then embeds its file itself
                self.log(f"embedding the exercise files' lines failed: {exc}")

        background.start(embed, "file-lines")

    def greet(self) -> None:
        if self.options.first_run:
            from voice_companion.conversation.care import first_run_note

            for line in first_run_note():
                self.say(line)
        self.say("I'm here. Tell me what you need, or ask for breathing or grounding.")

    def announce_backend(self) -> None:
        """Load the LLM now (not in the middle of the first reply) and say which one it is
        the first time, or when it changed since last time."""
        from voice_companion.routing.settle import shared_tiebreak

        tiebreak = shared_tiebreak()  # its examples are embedded now, not on someone's turn
        if tiebreak is not None:
            tiebreak.ready()
        try:
            self._load_backend()
        finally:
            self._embed_file_lines_later()  # after the model's warm-up: two cores, one at a time

    def _load_backend(self) -> None:
        if self.llm.backend is None and not self.llm.announcement:
            return
        system = self._system_prompt()
        backend = self.llm.backend
        warm = getattr(backend, "warm", None)
        if warm is not None:
            warm(system)
        if getattr(backend, "down", ""):
            # Ollama lists its model but did not answer: switch before the person's first turn.
            self.log(f"LLM: {backend.down}")
            if self.llm.fall_back():
                self.llm.announcement = OLLAMA_SILENT_LINE
                warm = getattr(self.llm.backend, "warm", None)
                if warm is not None:
                    warm(system)
        elif hasattr(self.llm, "prewarm"):
            self.llm.prewarm(system)
        from voice_companion import state

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
                if self.channel.eof:
                    break
                continue
            self.handle(text)

    def handle(self, text: str) -> None:
        """One utterance, and the journal's part in it (when it is on): the words and the
        answer, or only "a crisis answer was given"."""
        if self._journal_request(text):
            return
        if self._depth == 0:
            # Read before anything is said back: a "stop" that cut its own voice short.
            self._cut_short = bool(getattr(self.channel, "cut_short", False))
        self._depth += 1
        start, crisis_before = len(self._spoken), self._crisis_turns
        try:
            self._handle(text)
        finally:
            self._depth -= 1
        if self._depth == 0 and self.journal.on:
            if self._crisis_turns != crisis_before:
                self.journal.crisis()
            else:
                self.journal.add("you", text)
                self.journal.add("companion", " ".join(self._spoken[start:]))
        if self._depth == 0:
            self._spoken.clear()

    def _journal_request(self, text: str) -> bool:
        """ "Keep a note of this" and "forget what I just said": only as the whole utterance, so
        nothing else said with them (least of all anything the gate must hear) is swallowed."""
        from voice_companion.conversation.journal import (
            FORGET_LAST,
            FORGOT_LINE,
            KEEP_NOTE,
            KEEPING_LINE,
            NOTHING_LINE,
        )

        t = normalise(text).strip(" .!?")
        if KEEP_NOTE.fullmatch(t):
            self.journal.on = True
            self.say(KEEPING_LINE)
            return True
        if FORGET_LAST.fullmatch(t):
            had = bool(self.history)
            self.history = self.history[:-2]  # and the model does not keep it either
            forgot = self.journal.on and self.journal.forget_last()
            self.say(FORGOT_LINE if (forgot or had) else NOTHING_LINE)
            return True
        return False

    def _handle(self, text: str) -> None:
        """One utterance, start to finish: the gate, the conversation's risk, the care routes,
        then commands, exercises and the LLM."""
        before, self._said_before = self._said_before, text
        # A list offered last turn is answered now or not at all (a crisis in between drops it).
        choices, asked_which, self._choices, self._asked_which = self._choices, self._asked_which, (), False
        routes = detect(text)
        if self.crisis.active:
            self.risk.observe(_own(routes))
            self._crisis_turn(self.crisis.handle(text))
            return
        # In a risky session the LLM does not even break ties: what is unclear is offered.
        decision = decide(text, self.gate, self.router, settle=None if self.risk.risky else self._settle(),
                          topic=self.catalog.get(self.topic or ""), risky=self.risk.risky)
        # Whisper was unsure of the words: speech.hearing decides whether to ask first. A possible
        # crisis becomes the tentative path (the direct question, never small talk); a command
        # or a request is confirmed below, after the gate, the helpline and the care routes.
        ask = hearing.consider(self.channel.last_heard, text, intent=decision.intent, crisis=decision.crisis)
        if ask is not None and ask.kind == "safety":
            decision = Decision("crisis", True, route=decision.route, check=ask.check)
        self.decisions.append(decision)
        self._mark_route(decision.intent)
        timelines = self.channel.timelines
        if timelines is not None:
            timelines.mark("decision")
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
                outcome = self._check_directly(ask.say if ask is not None and ask.kind == "safety" else None)
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
        if identity.asks_identity(text):
            # "Are you a real person?": what it is, plainly, never the model's improvisation.
            self.say_lines(identity.LINES)
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
        if ask is not None and ask.kind == "confirm":
            self._confirm(ask, decision)
            return

        intent = decision.intent
        offered, self._offered = self._offered, None
        self._topic_turns += 1
        if self._topic_turns > TOPIC_TURNS:
            self.topic = None
        if intent in ("talk", "time_left", "not_helping", *DEFAULT_EXERCISE) and self._answer_question(text):
            return
        if intent == "talk" and offered and self._said_yes(text):
            self.start_exercise(offered)
            return
        if intent == "talk" and choices and self._pick_offered(text, choices, asked_which):
            return
        if intent in ("talk", *DEFAULT_EXERCISE) and ASKS_FOR_OPTIONS.search(normalise(text)) and not is_start_request(text):
            # "give me exercises for when i'm overwhelmed": two or three that fit, by name; they
            # choose. "What can I do about it?" leans on what was said before it ("so anxious").
            self.say(self._offer_line(f"{before} {text}" if ABOUT_IT.search(normalise(text)) else text))
            return
        if intent == "stop":
            self._stop()
        elif intent in DEFAULT_EXERCISE and self.risk.risky and not is_explicit_request(text):
            self.talk(text)  # a word that sounds like an exercise ("signal", "get up") is not a request
        elif intent in DEFAULT_EXERCISE and self.risk.risky:
            exercise_id = (decision.route.exercise if decision.route else None) or DEFAULT_EXERCISE[intent]
            self._offer_one(exercise_id)
        elif intent in DEFAULT_EXERCISE:
            exercise_id = (decision.route.exercise if decision.route else None) or DEFAULT_EXERCISE[intent]
            if is_explicit_request(text) or self.router.asked_by_name(text):
                self.start_exercise(exercise_id)
            else:
                # A state ("i can't sleep and my mind keeps racing"), not a request: an exercise
                # starts only when asked for by name or when the person says yes to an offer.
                self._offer_one(exercise_id)
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

    # --- asking about what it was unsure it heard (the policy: speech/hearing.py) ---------------

    def _confirm(self, ask: hearing.Ask, decision: Decision) -> None:
        """ "Sorry, did you say stop?" when idle. Yes (or the command again) acts; no carries on;
        silence does nothing (nothing is started or ended on a guess). The answer passes the
        gate and the care routes like any reply."""
        self.log(f"hearing: asked before acting on {ask.intent}")
        self.say(ask.say)
        reply = self._listen_reply(hearing.CONFIRM_SECONDS)
        meaning = hearing.reply_to(ask, reply)
        if meaning == "act":
            self._act_on(ask.intent, decision)
        elif meaning == "carry_on":
            self.say(hearing.NO_LINE)
        elif meaning == "other" and reply is not None:
            self.handle(reply)

    def _act_on(self, intent: str, decision: Decision) -> None:
        if intent == "stop":
            self._stop()
        elif intent in DEFAULT_EXERCISE:
            # They said yes to it by name: that is a request, in a risky session too.
            self.start_exercise((decision.route.exercise if decision.route else None) or DEFAULT_EXERCISE[intent])
        else:
            self._idle_command(intent)

    # --- risk ----------------------------------------------------------------------------

    def _check_directly(self, question: str | None = None) -> str:
        """The direct question, at most once per rising step of the session's risk."""
        self.risk.asked()
        outcome = ask_outcome(self.channel, self.gate, question)
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

    def _screen(self, text: str) -> str | None:
        """Everything heard during an exercise. The gate first, on commands too (rules only
        there); a crisis, a request for the helpline and anything a care route is for stop it
        and are answered first ("the tv is sending me messages" is not an answer to "what can
        you see"). Then, if Whisper was unsure, speech.hearing decides whether to ask: returns
        the words for the exercise, or None when the question settled it."""
        command = self._gate_in_exercise(text)
        return self._ask_in_exercise(text, command)

    def _gate_in_exercise(self, text: str) -> str | None:
        """The gate and the care routes on a line heard in an exercise; returns the command it is."""
        command = match_command(text)
        if self.gate.check(text, semantic=command is None).crisis:
            raise CareInterrupt(text)  # handle() asks, answers or enters crisis mode, as for any turn
        if command is None and (is_helpline_request(text) or detect(text)):
            raise CareInterrupt(text)
        return command

    def _ask_in_exercise(self, text: str, command: str | None) -> str | None:
        runner = self._runner
        ask = hearing.consider(self.channel.last_heard, text, intent=command if command in COMMANDS else "talk",
                               crisis=False, exercise_active=runner is not None and not runner.waiting)
        if ask is None:
            return text
        if ask.kind == "safety":
            raise CareInterrupt(text)  # the exercise stops; handle() asks the direct question
        return self._confirm_in_exercise(ask)

    def _confirm_in_exercise(self, ask: hearing.Ask) -> str | None:
        """The exercise waits while it asks (it is between cues: nothing else is said). Yes, or
        the command again: the command goes to the exercise. No: it carries on. Silence after a
        silencing command: it pauses, and stays paused until they say carry on."""
        self.log(f"hearing: asked before acting on {ask.intent} in an exercise")
        self.say(ask.say)
        reply = self.channel.listen(hearing.CONFIRM_SECONDS)
        command = self._gate_in_exercise(reply) if reply else None  # "yes, but..." is read by the gate first
        meaning = hearing.reply_to(ask, reply)
        if meaning == "other" and reply and command in hearing.SILENCING:
            # "No, stop." to "did you say pause?": asked once already, they have now said it
            # twice. Asking again would talk over someone trying to silence it.
            return hearing.COMMAND_PHRASES[command]
        if meaning == "other" and reply:
            return self._ask_in_exercise(reply, command)  # a new utterance, already gated
        if meaning == "act":
            return hearing.COMMAND_PHRASES[ask.intent]
        if meaning == "hold":
            return hearing.COMMAND_PHRASES["pause"]
        if meaning == "carry_on":
            self.say(RESUME_LINE)
        return None

    # --- questions about an exercise ----------------------------------------------------

    def _answer_question(self, text: str, runner: ExerciseRunner | None = None) -> bool:
        """A question about an exercise, answered from its file ("how long is the four seven
        eight one" answers; it does not start it). An open question goes to the LLM with the
        file's facts, and what it says is checked against them. False: not such a question."""
        current = runner.exercise.id if runner is not None else self.topic
        question = answers.ask(text, lambda t: self.router.named_exercise(t, prefer=current), current=current,
                               current_exercise=self.catalog.get(current) if current else None)
        if question is None or question.exercise not in self.catalog:
            return False
        exercise = self.catalog[question.exercise]
        self._set_topic(exercise.id)
        self.log(f"question: {question.kind} about {exercise.id}")
        if question.kind == "open":
            near = self._nearest_line(exercise, text)
            # Said in place of the model only with a word of the question in it: meaning alone is
            # not enough. Checking the model's yes against it costs at most the model's wording.
            if near is not None and near.shares and near.score >= file_lines.SAY_FLOOR:
                # One line of the file plainly answers it: said as written, no model guess.
                self.log("question: answered with the file's nearest line")
                self.say_lines(file_lines.spoken(near, exercise))
                return True
            if self.llm.backend is not None and not self.risk.risky:
                where = f"The person is in the middle of an exercise: {runner.describe_position()}. " if runner else ""
                nearest = near.line if near is not None and near.score >= file_lines.CHECK_FLOOR else None
                # The nearest line is not put in the model's facts: measured, it changed no answer's
                # facts (39/42 and 25/31 either way), and it made every open question longer to read.
                self.talk(text, context=where + answers.facts_context(exercise, text), facts=exercise, nearest=nearest)
                return True
        seconds_left = runner.time_left() if runner is not None and question.kind == "duration" else None
        lines = answers.answer(question, exercise, text, seconds_left=seconds_left, running=runner is not None)
        self.say_lines(lines)
        if lines[-1] == answers.OFFER:
            self._offered = exercise.id
        return True

    def _nearest_line(self, exercise: Exercise, text: str) -> file_lines.Nearest | None:
        index = file_lines.shared_index()
        if index is None:
            return None
        try:
            return index.nearest(exercise, text)
        except Exception as exc:  # noqa: BLE001 - the model's answer, checked as before, still stands
            self.log(f"nearest file line failed: {exc}")
            return None

    def _set_topic(self, exercise_id: str) -> None:
        self.topic, self._topic_turns = exercise_id, 0

    @staticmethod
    def _said_yes(text: str) -> bool:
        from voice_companion.exercise.engine import yes_no

        return yes_no(text) == "yes" and len(text.split()) <= 6

    def _offer_one(self, exercise_id: str) -> None:
        exercise = self.catalog.get(exercise_id)
        if exercise is None:
            self.say(OFFER_LINE)
            return
        self._set_topic(exercise.id)
        self.say(OFFER_ONE_LINE.format(title=exercise.spoken_name))
        reply = self._listen_reply(30.0)
        if reply is None:
            return
        from voice_companion.exercise.engine import yes_no

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
        self.say(SUGGEST_LINE.format(title=exercise.spoken_name))
        reply = self._listen_reply(30.0)
        if reply is None:
            return
        from voice_companion.exercise.engine import yes_no

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
        self._spoken.append(text)

    def say_lines(self, lines: list[str]) -> None:
        for line in lines:
            self.channel.say(line)
        self.last_said = list(lines)
        self._spoken.extend(lines)

    def _mark_route(self, intent: str) -> None:
        timelines = self.channel.timelines
        if timelines is not None:
            timelines.current.route = intent

    # --- crisis ------------------------------------------------------------------------

    def answer_crisis(self, check) -> None:
        """Something said outside the loop (the morning's wake-up talk) passed the crisis gate:
        the fixed crisis answer, and crisis mode from here on."""
        self._crisis_turn(self.crisis.enter(check))

    def _crisis_turn(self, action) -> None:
        self._crisis_turns += 1  # the journal keeps only that a crisis answer was given
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
        from voice_companion import state

        line = json.dumps({"time": datetime.datetime.now().isoformat(timespec="seconds"), "event": event, "detail": detail})
        state.append_line(data_dir() / "safety.log", line, what="the safety log entry")

    # --- exercises ---------------------------------------------------------------------

    def start_exercise(self, exercise_id: str) -> RunResult | None:
        exercise = self.catalog.get(exercise_id)
        if exercise is None:
            self.say("I can't find that exercise right now. We could try breathing or grounding instead.")
            return None
        gated = GatedChannel(self.channel, self.gate, screen=self._screen)
        self.channel.prefetch(*_exercise_texts(exercise))
        done_before = _exercises_done()
        runner = ExerciseRunner(
            exercise, gated, self.clock, match_command=match_command, on_talk=self._talk_in_exercise,
            on_volume=self._volume, fast=self.options.fast, first_time=exercise.id not in done_before,
        )
        outer, self._runner = self._runner, runner
        self.log(f"exercise: {exercise.id}")
        self._set_topic(exercise.id)
        try:
            result = runner.run()
        except CareInterrupt as interrupt:
            self._runner = outer
            self.handle(interrupt.text)  # the exercise stops; the person is answered first
            return None
        finally:
            self._runner = outer
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
        from voice_companion.exercise.engine import yes_no

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
        if self._answer_question(text, runner):
            return
        self.talk(text, context=f"The person is in the middle of an exercise: {runner.describe_position()}. Answer briefly, then the exercise continues.")

    def _volume(self, step: int) -> None:
        vol = self.channel.volume
        if vol is not None:
            self.channel.volume = min(1.0, max(0.1, vol + 0.15 * step))

    def _stop(self) -> None:
        """ "Stop" with no exercise running: goodbye, unless it cut the companion's own voice
        short; said over its voice it means stop talking, not goodbye."""
        if self._cut_short:
            self._idle_command("pause")
        else:
            self.say(GOODBYE_LINE)
            self.running = False

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

    @staticmethod
    def _settle():
        """The tie-break for a request the rules are unsure of: the sentence embedder, which the
        crisis gate has loaded already. Measured (issue 16): the LLM classifier it replaces cost
        2-3 s before every such reply on 2 cores; this costs a few ms. Without the embedder the
        person is offered the choices, still without waiting."""
        from voice_companion.routing.settle import shared_tiebreak

        tiebreak = shared_tiebreak()
        return tiebreak.settle if tiebreak is not None else None

    def _classifier(self):
        backend = self.llm.backend
        if backend is None:
            return None

        def classify(system: str, user: str, choices: tuple[str, ...]):
            # The chat's own system prompt goes first, so llama.cpp's cached prefix stays valid
            # for the next reply; the classifier's instructions travel in the user turn.
            chat_system = self._system_prompt()
            return backend.classify(chat_system, f"{system}\n\n{user}", choices)

        return classify

    def _system_prompt(self) -> str:
        return build_messages([], "", user_instructions=self.options.user_instructions, catalog=self.catalog_prompt)[0]["content"]

    def talk(self, text: str, context: str = "", facts: Exercise | None = None, nearest: str | None = None) -> None:
        backend = self.llm.backend
        if backend is None:
            self.say(NO_LLM_LINE)
            return
        self.llm_calls += 1
        nudge = not context  # healthy-use nudges after a conversation turn, not inside an exercise
        # "should I breathe through my nose?" about an exercise is answered from its file (talk is
        # only asked with facts outside a risky session); elsewhere a request for advice is strict.
        asks_advice = facts is None and bool(ASKS_FOR_ADVICE.search(normalise(text)))
        strict = self.risk.risky or asks_advice
        if strict:
            # After anything worrying the model only listens: short, no answers to requests.
            context = f"{context} {CAREFUL_CONTEXT}".strip()
        limit = CAREFUL_SENTENCES if (self.risk.careful or self.risk.level >= 2) else MAX_SENTENCES
        english = self.options.language.lower().startswith("en")
        if english and not _looks_english(text):
            # One line in another language must not turn every later reply into it.
            context = f"{context} Answer in English.".strip()
        messages = self._fitted_messages(backend, text, context)
        reply = Reply(self.channel, self.llm, instead_of_blocked=self._fallback, offer_line=self._offer_line,
                      safety_log=self._safety_log, log=self.log)
        said = self.channel.speak_stream(reply.sentences(backend, messages, text, strict=strict, limit=limit, facts=facts,
                                                          nearest=nearest))
        if said:
            self.last_said = said
            self._spoken.extend(said)
            # The model offered one exercise by name ("Would you like to try box breathing?"):
            # a yes next starts it, led by the engine, as after the companion's own offers.
            self._offered = self._offer_in(said[-1]) or self._offered
        # What was said to explain a failure ("I'm sorry...") is not part of the conversation:
        # the model would answer it next time ("That's okay.").
        answer = [line for line in said if line not in reply.explained]
        if answer and (not english or (_looks_english(text) and _looks_english(" ".join(answer)))):
            self.history += [{"role": "user", "content": _cap(text, HISTORY_TURN_CHARS)},
                             {"role": "assistant", "content": _cap(" ".join(answer), HISTORY_TURN_CHARS)}]
            del self.history[: -2 * HISTORY_TURNS]
        if nudge:
            self._care(text)

    def _offer_in(self, sentence: str) -> str | None:
        """The one exercise a question names, if it names exactly one (a yes to "box breathing
        or grounding?" says nothing about which)."""
        if not sentence.rstrip(" \"')").endswith("?"):
            return None
        parts = re.split(r",| or | and ", sentence)
        named = {self.router.named_exercise(p) for p in parts if self.router.asked_by_name(p)}
        named.discard(None)
        return named.pop() if len(named) == 1 and next(iter(named)) in self.catalog else None

    def _fitted_messages(self, backend, text: str, context: str) -> list[dict]:
        """The prompt always fits the model's window: this turn capped, then as many recent
        exchanges as fit, newest first (about 3 characters a token, which is cautious for English)."""
        window = int(getattr(backend, "context", 2048) or 2048)
        reply_tokens = int(getattr(backend, "max_tokens", 0) or getattr(backend, "options", {}).get("num_predict", 120))
        system = self._system_prompt()
        room = (window - reply_tokens) * 3 - len(system) - len(context) - 100
        turn = _cap(text, max(200, min(MAX_TURN_CHARS, room // 2)))
        room -= len(turn)
        kept: list[dict] = []
        pairs = [self.history[i : i + 2] for i in range(0, len(self.history), 2)]
        for pair in reversed(pairs):
            size = sum(len(m["content"]) for m in pair)
            if size > room:
                break
            room -= size
            kept = pair + kept
        return build_messages(kept, turn, user_instructions=self.options.user_instructions, context=context,
                              catalog=self.catalog_prompt)

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
        asked = normalise(user_text)
        if reason in ("enabling", "careful") and not self.risk.risky and (
                ASKS_FOR_CALM.search(asked) or (ASKS_FOR_ADVICE.search(asked) and self.router.fits(user_text))):
            line = self._offer_line(user_text)
            if line != OFFER_LINE:
                return [line]
        if ASKS_FOR_ADVICE.search(normalise(user_text)) and not self.risk.risky:
            return self.care_routes.reply("advice")
        return self.care_routes.reply("careful")

    def _offer_line(self, user_text: str) -> str:
        """Two or three exercises that fit what was said, offered by name; the person chooses
        (by name, "the second one", "you choose": see _pick_offered)."""
        ids = [i for i in self.router.choices_for(user_text) if i in self.catalog][:3]
        if len(ids) < 2:
            return OFFER_LINE
        self._choices = tuple(ids)
        return f"I can guide you through {self._names(ids)}. Would you like one of those, or shall we just talk?"

    def _names(self, ids) -> str:
        return listed([self.catalog[i].spoken_name.replace("4-7-8", "four-seven-eight") for i in ids])

    def _pick_offered(self, text: str, choices: tuple[str, ...], asked_which: bool) -> bool:
        """The reply to "would you like one of those?": one picked by place or left to us starts;
        a yes is asked which (a second yes starts the first); a no is heard. False: none of those."""
        index = picked(text, len(choices))
        answer = yes_no(text) if len(text.split()) <= 6 else None
        if index is None and answer == "yes" and asked_which:
            index = 0
        if index is not None:
            self.start_exercise(choices[index])
        elif answer == "yes":
            self._choices, self._asked_which = choices, True
            self.say(f"Which one would you like: {self._names(choices)}?")
        elif answer == "no":
            self.say("Okay. I'm here, and we can just talk.")
        else:
            return False
        return True

    # --- care --------------------------------------------------------------------------

    def _care(self, text: str) -> None:
        if not self.running:
            return
        nudge = self.care.after_turn(now_monotonic=time.monotonic(), wall=self.options.wall_clock(), user_text=text)
        if nudge:
            self.say(nudge)


def _cap(text: str, limit: int) -> str:
    """At most `limit` characters, keeping the start (what it is about) and the end (the latest words)."""
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    return text[:head] + " ... " + text[len(text) - (limit - head - 5) :]


_ENGLISH_WORDS = frozenset(
    "i me my you your it is am are was be not no yes and or but so the a an to of in on at for with "
    "this that what how why can do don't dont just feel feeling want need like please help okay ok "
    "really very today now tired sad scared anxious sleep breathe breathing talk know think "
    "it's i'm that's we they he she them their will would could should have has had been get go going "
    "some any all more much little bit time day night let's try together take slow breath here there".split()
)


def _looks_english(text: str) -> bool:
    """A rough guess, enough to keep one line in another language out of the history:
    mostly non-ASCII letters, or three or more words of which few are common English."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(not c.isascii() for c in letters) > 0.15 * len(letters):
        return False
    words = re.findall(r"[a-z']+", text.lower())
    return len(words) < 3 or sum(w in _ENGLISH_WORDS for w in words) >= 0.2 * len(words)


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
    from voice_companion import state

    path = data_dir() / "exercises-done.json"
    done = {x for x in state.load_json(path, list, what="the list of exercises done") or () if isinstance(x, str)}
    if add and add not in done:
        done.add(add)
        state.save_json(path, sorted(done), what="the list of exercises done")
    return done
