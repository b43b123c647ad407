"""Crisis mode: what the assistant says after the gate fires, until the person is safe.

While active, nothing the person says reaches the LLM. Every reply is fixed text, but it listens:
"you get it", "hotlines don't help", "I'm going to do it now", "can we talk about something
else" and "my son said he wants to die" each get their own answer, worded a few ways so no block
is said twice running. Only a real yes to an offer just made starts grounding ("please change
the subject" is not a yes).

Two tiers. "crisis": the gate's rules fired; the full answer with the helpline. "caution": a
worry that calls for a gentle check (a belief with no sign of harm, or no answer to the direct
question): the line is kept in view once, and the conversation stays in fixed care replies.

Leaving needs a clear statement, because a single "I'm fine" is often said to make the worry go
away: in the crisis tier first a gentle question, then an explicit "I am safe"; in the caution
tier an explicit "I am safe" (or the question answered clearly). After it ends, the session stays
careful (risk.py): it never goes back to open chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_companion.routing.intents import DEFAULT_EXERCISE
from voice_companion.safety.care_routes import (
    CareRoutes,
    belief_without_harm,
    detect,
    fill,
    helpline_answer,
    is_helpline_request,
)
from voice_companion.safety.check import CrisisCheck
from voice_companion.safety.crisis import check_crisis
from voice_companion.safety.helplines import crisis_reply, helpline_short, helpline_slowly
from voice_companion.safety.normalise import normalise

GROUNDING_EXERCISE = DEFAULT_EXERCISE["grounding"]


@dataclass
class CrisisAction:
    say: list[str]
    start_exercise: str | None = None
    ended: bool = False


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p)


# Patterns run on safety.normalise.normalise() output (lowercase, contractions expanded, fillers gone).
_REPEAT = _rx(
    r"\b(?:repeat|say (?:that|it) again|say the number|what (?:is|was) (?:the|that) (?:number|line)|"
    r"the number again|number again|give me the number|tell me the number|what number|"
    r"which number|(?:did not|didn t) (?:catch|get|hear)|say again|one more time|slower|"
    r"what do i call|who do i call|how do i call)\b"
)
_BARE_YES = _rx(r"^(?:yes|yeah|yep|yup|ok|okay|sure|i will|i am|i think so|mhm)$")
_EXPLICIT_SAFE = _rx(r"\b(?:i am safe|i will (?:stay|be|keep myself) safe|i promise|i am going to stay safe)\b")
_FINE = _rx(
    r"\b(?:i am (?:fine|ok|okay|alright|all right|good|better|feeling better)|never ?mind|forget it|"
    r"forget (?:about it|i said (?:it|anything))|i was (?:joking|kidding)|just joking|it is nothing|"
    r"(?:do not|no need to) worry|i did not mean it|ignore (?:that|me|it)|it was a joke)\b"
)
# A yes to an offer just made: the whole utterance is agreement, nothing else ("please change the
# subject" and "okay so anyway" are not a yes).
_AGREE = _rx(
    r"^(?:(?:yes|yeah|yep|yup|ok|okay|sure|please|alright|all right|go on|go ahead|let us|lets|let us do it|"
    r"lets do it|do it|i would like that|that would help|i will try|we can try|alright then|fine)\s?){1,4}$"
)
# Asking for grounding by name is a yes with or without an offer.
_ASK_GROUNDING = _rx(
    r"\b(?:grounding|ground me|do the exercise|do an exercise|do it together|let us do it together|"
    r"do the grounding|the five things|5 things)\b"
)
_STAY_WITH_ME = _rx(r"\b(?:stay with me|do not leave|please stay|stay here)\b")
# Any hedge keeps the question open: "i am safe but...", "not sure i am safe".
_NEGATIVE = _rx(r"\b(?:no|not|nope|unsafe|but|maybe|might|probably|sure|think|guess|hope)\b")
_IMMINENT = _rx(
    r"\b(?:going to do it|doing it|do it) (?:now|tonight|today|right now)\b|\bright now\b[a-z ]{0,20}\b(?:do it|end it)\b"
    r"|\b(?:already|just) (?:took|taken|swallowed|cut|done it)\b|\b(?:took|taken|swallowed) (?:all|the whole|a lot|loads)\b"
    r"|\b(?:have|got) (?:the |a )?(?:pills|rope|knife|gun|blade) (?:here|with me|in my hand|ready)\b"
    r"|\b(?:standing|sitting) on (?:the |a )?(?:edge|ledge|bridge|roof|tracks)\b|\bthis is goodbye\b"
)
_TAKEN = _rx(r"\b(?:took|taken|swallowed)\b")
_VALIDATION = _rx(
    r"^(?:you (?:get it|understand|get me|are right|see it)|thank you|thanks|that helps|exactly|yes exactly|"
    r"finally someone)\b"
)
_TOPIC = _rx(
    r"\b(?:change the (?:topic|subject)|talk about something else|different topic|something else|"
    r"can we not|stop talking about|move on|let us talk about|lets talk about)\b"
)
_SELF_BLAME = _rx(
    r"\bi (?:deserve|deserved) (?:this|it|to be punished|to suffer|to be hurt|to feel this|nothing|punishment)\b"
    r"|\b(?:it is|it was) (?:all )?my fault\b|\bi am (?:worthless|useless|a failure|a waste|disgusting|a monster|"
    r"a bad person|pathetic)\b|\bi ruin everything\b"
)
_HELP_ME = _rx(r"\b(?:help me|please help|i need help|somebody help|can you help)\b")

_STAY = (
    ("I'm still here with you.", "{h}", "If you like, we can do a grounding exercise together while you reach out."),
    ("I'm listening.", "Whatever you want to say, you can say it here."),
    ("Thank you for staying and talking with me.", "Is there someone nearby, or someone you could call, who could be with you?"),
    ("You don't have to find the right words. I'm here.", "The line is there whenever you're ready. {h}"),
)
_AGAIN = (  # a new crisis statement right after the full answer: shorter, and different
    ("I hear you. I'm not going anywhere.", "{h}", "If you are in danger right now, call {e}."),
    ("That sounds unbearable right now.", "Please let a person help you tonight. {h}"),
    ("I'm still right here, and I'm worried about you.", "Is anyone with you? If you are in danger, call {e}."),
)
_VALIDATE = (
    ("I'm glad it helps to talk.", "I'm still worried about you, and I want you to have a person too. {h}"),
    ("Thank you for telling me.", "I'm here, and I'd also like someone to be with you. Who could you reach?"),
)
_TOPIC_REPLIES = (
    ("Of course. We can go gently.", "I'll stay with you, and the line is there if you need it. {h}",
     "Would a grounding exercise help, or would you rather just sit here together for a moment?"),
    ("That's okay. We don't have to talk about it.", "I'm still here, and I'm still thinking of your safety."),
)
_BLAME = (
    ("That sounds like a very heavy thing to believe about yourself.", "You don't deserve to be hurt.",
     "A person can help you carry this. {h}"),
    ("I'm sorry you feel that way about yourself.", "It sounds like a lot of pain is talking.",
     "Would you be willing to tell someone you trust how bad it is right now?"),
)
_HELP = (
    ("I'm here, and I want you to have help.", "The quickest help is a person. {h}",
     "Would you like to do a grounding exercise with me right now?"),
    ("I'm right here.", "If you are in danger, call {e}.", "Would you like me to guide some grounding with you?"),
)
_CAUTION_ENTER = (
    "Thank you for telling me.",
    "I'd like to keep checking in with you as we talk.",
    "If things ever feel unsafe, a person is there any time. {h}",
    "Would you like to keep talking, or try a grounding exercise together?",
)
_TAKEN_REPLY = (
    "If you have taken something, please call {e} now, even if you feel okay.",
    "If you can, unlock the door and tell someone near you.",
    "I'm staying right here.",
)
_ABOUT_TO = (
    "I'm really worried about your safety right now.",
    "Please call {e} now, or ask someone near you to call.",
    "If you can, put some distance between you and anything you could use to hurt yourself.",
    "I'm staying right here.",
)


class CrisisMode:
    def __init__(self, region: str) -> None:
        self.region = region
        self.active = False
        self.tier = "crisis"
        self.category: str | None = None  # the gate's category: harm from others has its own line
        self._awaiting_safety = False  # asked "are you safe?", waiting for an explicit answer
        self._offered = False  # the last reply offered grounding, so a bare "yes" accepts it
        self._last: list[str] = []
        self._turn: dict[str, int] = {}
        self._picked = ""  # the kind of wording _pick just chose, until it is said
        self._last_kind = ""
        self.care = CareRoutes(region)

    # -- entering ---------------------------------------------------------------------------------

    def enter(self, check: CrisisCheck | None = None, *, tier: str = "crisis", route: str | None = None) -> CrisisAction:
        # The category is not spoken: naming it back ("you mentioned overdose") can feel like
        # being labelled. It stays available for the session log through `check`.
        self.active = True
        self.tier = tier
        self.category = check.category if check is not None else None
        self._awaiting_safety = False
        if tier == "caution":
            lines = self.care.reply(route) if route else [fill(line, self.region) for line in _CAUTION_ENTER]
            if not any(ch.isdigit() for ch in " ".join(lines)) and route:
                lines.append("If things ever feel unsafe, a person is there any time. " + helpline_short(self.region, self.category))
            return self._say(lines)
        return self._say(crisis_reply(self.region, self.category))

    # -- each turn --------------------------------------------------------------------------------

    def handle(self, text: str) -> CrisisAction:
        if not self.active:
            return CrisisAction(say=[], ended=True)
        t = normalise(text)
        routes = detect(text)

        if _IMMINENT.search(t):  # in crisis mode "i'm going to do it now" needs no other context
            self.tier, self._awaiting_safety = "crisis", False
            return self._say(self._fixed(_TAKEN_REPLY if _TAKEN.search(t) else _ABOUT_TO))

        if "helplines_dont_help" in routes:
            # Never the number again straight after "it doesn't help": other ways to a person.
            return self._say(self.care.reply("helplines_dont_help"))

        hit = check_crisis(text)
        if hit.crisis and self.tier == "caution" and belief_without_harm(text, hit.category):
            return self._say(self.care.reply(routes[0]))  # still the belief: answered, not escalated

        # A new crisis statement outranks everything, including an earlier "i am safe" question.
        if hit.crisis and "third_party" not in routes:
            self._awaiting_safety = False
            self.tier = "crisis"
            if hit.category:
                self.category = hit.category
            if self._last == crisis_reply(self.region, self.category) or self._last_kind == "again":
                return self._say(self._pick("again", _AGAIN))
            return self._say(crisis_reply(self.region, self.category))

        if self._awaiting_safety:
            if _EXPLICIT_SAFE.search(t) and not _NEGATIVE.search(t):
                return self._end()
            if _BARE_YES.match(t):
                # "yes" to a two-part question is not clear enough to stop watching over someone.
                return self._say([
                    "Thank you.",
                    "Could you tell me in your own words? You can say 'I am safe'.",
                ])
            self._awaiting_safety = False
            if _NEGATIVE.search(t):
                return self._say([
                    "Thank you for telling me. I'm staying right here.",
                    helpline_short(self.region, self.category),
                    "Would you like to do a grounding exercise with me while you reach out?",
                ])
            # Anything else is answered as usual below; the question can be asked again later.

        if is_helpline_request(text) and not _REPEAT.search(t) and self._last != helpline_answer(self.region):
            return self._say(helpline_answer(self.region))
        if _REPEAT.search(t) or is_helpline_request(text):
            return self._say(helpline_slowly(self.region, self.category))

        if _EXPLICIT_SAFE.search(t):
            if self.tier == "caution" and not _NEGATIVE.search(t):
                return self._end()
            # Said unprompted: still ask once, plainly, so the ending is the person's clear choice.
            self._awaiting_safety = True
            return self._say([
                "I'm glad to hear it.",
                "Just to be sure: are you safe right now, and will you stay safe? You can say 'I am safe'.",
            ])

        if _FINE.search(t):
            again = self._awaiting_safety or self._last_kind == "fine"
            self._awaiting_safety = True
            self._picked = "fine"
            return self._say([
                "I hear you. I still want to be sure.",
                "Are you safe right now? If you are, you can say 'I am safe'.",
            ] if again else [
                "I'm glad to hear it.",
                "Before we go on: are you safe right now, and will you stay safe? You can say 'I am safe'.",
            ])

        if not re.match(r"^(?:no|not|nope)\b", t) and (
            _ASK_GROUNDING.search(t) or (self._offered and (_AGREE.match(t) or _STAY_WITH_ME.search(t)))
        ):
            return CrisisAction(say=self._remember(["I'm here. Let's do it together."]), start_exercise=GROUNDING_EXERCISE)

        if "third_party" in routes:
            return self._say(self.care.reply("third_party"))
        if _SELF_BLAME.search(t):
            return self._say(self._pick("blame", _BLAME))
        if _TOPIC.search(t):
            return self._say(self._pick("topic", _TOPIC_REPLIES))
        if _HELP_ME.search(t):
            return self._say(self._pick("help", _HELP))
        if _VALIDATION.search(t):
            return self._say(self._pick("validate", _VALIDATE))
        for route in routes:
            if route in ("hallucination", "delusion", "medication", "mania", "eating", "compulsion", "warning", "means"):
                return self._say(self.care.reply(route))
        if self.tier == "caution":
            return self._say(self.care.reply("careful"))
        return self._say(self._pick("stay", _STAY))

    # -- helpers ----------------------------------------------------------------------------------

    def _fixed(self, lines) -> list[str]:
        return [fill(line, self.region) for line in lines]

    def _pick(self, kind: str, bank) -> list[str]:
        """The next wording of a kind, never the block just said."""
        i = self._turn.get(kind, 0)
        lines = self._fixed(bank[i % len(bank)])
        if lines == self._last and len(bank) > 1:
            i += 1
            lines = self._fixed(bank[i % len(bank)])
        self._turn[kind] = i + 1
        self._picked = kind
        return lines

    def _remember(self, lines: list[str]) -> list[str]:
        self._last = list(lines)
        self._last_kind, self._picked = self._picked, ""
        self._offered = any("grounding" in line.lower() for line in lines)
        return lines

    def _say(self, lines: list[str]) -> CrisisAction:
        return CrisisAction(say=self._remember(lines))

    def _end(self) -> CrisisAction:
        self.active = False
        self._awaiting_safety = False
        self._offered = False
        self._last = []
        return CrisisAction(
            say=[
                "Thank you for telling me. I'm really glad you're safe.",
                "If things get hard again, a person is there for you.",
                helpline_short(self.region, self.category),
            ],
            ended=True,
        )
