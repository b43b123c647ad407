"""Care routes: fixed replies for states where the literal request must not be answered.

A delusion-like belief, voices, a compulsion asking to be reassured, a sleepless grand plan, food
and weight, stopping medication, warning signs, "helplines don't help", and worry about someone
else. A 1.5B model answers the literal request ("which soap is best", "how do I sort the books",
"yes, we do have a relationship"); these routes answer the person instead, the way a careful
clinician would: acknowledge the feeling, neither confirm nor argue the belief, never perform or
reassure a compulsion, never help with the plan, point to a doctor, a therapist or a trusted
person, and offer grounding.

Every route has several wordings and they rotate, so someone who stays on one subject hears a
voice that follows them, not one block on repeat. Helpline numbers come only from helplines.py.
Detection is plain patterns on safety.normalise.normalise() output; it only chooses wording and raises the
session's risk (risk.py), it never clears anything the crisis gate found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_companion.safety.helplines import (
    REGIONS,
    crisis_reply,
    emergency_number,
    helpline_short,
    region_key,
)
from voice_companion.safety.normalise import normalise

ROUTES = (
    "warning", "means", "helplines_dont_help", "third_party", "hallucination", "delusion",
    "medication", "mania", "eating", "compulsion",
)


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p)


_OTHER_PERSON = (
    r"(?:son|daughter|child|kid|kids|boy|girl|friend|best friend|mate|partner|husband|wife|mum|dad|mother|"
    r"father|brother|sister|boyfriend|girlfriend|flatmate|roommate|colleague|coworker|student|teenager|"
    r"grandson|granddaughter|niece|nephew|cousin|aunt|uncle|neighbour|fiance|fiancee|wife s|parent|parents)"
)

# Order matters: the first route that matches chooses the wording of the reply.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "third_party": _rx(
        r"\b(?:my|our) " + _OTHER_PERSON + r"\b[a-z ]{0,40}\b(?:wants? to die|want to die|wants to kill|"
        r"talks? about (?:dying|suicide|killing|ending|not being here)|said (?:he|she|they) (?:wants?|want|wishes|is going|"
        r"was going|does not want)|(?:has |have )?stopped (?:eating|taking|his|her|their)|hears? voices|is hearing|"
        r"thinks (?:people|someone|the|they|everyone)|believes (?:people|someone|the|they|everyone|he|she)|"
        r"is (?:not|barely|hardly) (?:eating|sleeping)|(?:is|has been) (?:self harming|cutting|hurting (?:himself|herself|themselves))|"
        r"cuts (?:himself|herself|themselves)|is (?:so |really |very )?(?:depressed|suicidal|struggling|not okay|not ok|in crisis|"
        r"drinking|paranoid|manic|withdrawn)|keeps (?:saying|talking about)|(?:gave|is giving|has been giving) (?:away|his|her|their)|"
        r"posted (?:a|something)|sees things|is talking (?:really |so )?fast|not sleeping|made (?:himself|herself|themselves) sick)\b"
        r"|\b(?:worried|scared|concerned|afraid|frightened|worrying) (?:about|for) (?:my|our|a|him|her|them)\b"
        r"|\bhow (?:do|can|should|could) i (?:help|support|talk to|get through to|reach) "
        r"(?:my|our|him|her|them|a friend|someone)\b|\bwhat (?:should|do|can) i say to (?:him|her|them|my|our)\b"
    ),
    "helplines_dont_help": _rx(
        r"\b(?:help ?lines?|hot ?lines?|crisis (?:lines?|numbers?)|samaritans|988|those lines|those numbers|"
        r"calling (?:them|a line|anyone)|lifeline)\b[a-z ]{0,30}\b(?:do not|does not|did not|never|will not|"
        r"can not|are not|is not|useless|pointless|waste|no use|no good|no help|hung up|put me on hold)\b"
        r"|\b(?:do not|will not|can not|not going to|refuse to) (?:want to )?(?:call|ring|phone|text) "
        r"(?:anyone|anybody|them|a line|a helpline|a hotline|a stranger|that number|the number)\b"
        r"|\b(?:already|i have) (?:called|rang|tried) (?:them|it|the line|the number|a helpline|a hotline)\b"
        r"|\b(?:talking|talk) to (?:a )?strangers? (?:on the phone )?(?:does not|will not|never) help\b"
        r"|\b(?:put me on hold|hung up on me|no one (?:answered|picked up)|nobody (?:answered|picked up)|kept me waiting)\b"
    ),
    "means": _rx(
        r"\b(?:get|cut|dig|pull|take) (?:it|them) out (?:myself|of my (?:head|arm|body|skin))\b|"
        r"\b(?:how (?:much|many)|what dose|how high|how tall|how deep|how far down|how long does it take"
        r"|where (?:can|could|do) i (?:buy|get|find))\b[a-z ]{0,40}\b(?:pills?|tablets?|rope|gun|bridge|building|"
        r"drown|bleed|die|fall|paracetamol|dose|overdose|blade|razor|poison|roof|cliff)\b"
        r"|\b(?:strong|sturdy|thick) (?:rope|cord|belt)\b|\b(?:tallest|highest) (?:building|bridge|cliff|car park)\b"
        r"|\b(?:buy|get|find|order) (?:a |some )?(?:rope|gun|rifle|blade|razor blades?|charcoal)\b"
        r"|\b(?:power down|shut down|turn off|switch off|disable|hack|hack into|sabotage|break into|blow up|"
        r"knock out|cut the power to) (?:the |a |our |their |that )?(?:power )?(?:grid|power station|substation|"
        r"network|transformer|plant|server|servers|cell tower|mast|dam|pipeline|reactor|signal tower|"
        r"satellite|transmitter)\b"
    ),
    "warning": _rx(
        r"\b(?:give|giving|gave|given) (?:everything|it all|all (?:my|of my) (?:things|stuff)|all of it) away\b"
        r"|\bwill not need (?:it|him|her|them|this|any of (?:it|this|them)) (?:where i am going|any ?more|soon)\b"
        r"|\bwhere i am going\b[a-z ]{0,20}\b(?:will not|do not|no) need\b"
        r"|\b(?:giving|give|gave|given|handing|hand|handed) (?:away|out) (?:all (?:of )?my|everything|most of my|"
        r"my (?:things|stuff|belongings|possessions|prized|favourite|treasured|precious|most))\b"
        r"|\b(?:giving|gave|given|give) (?:all (?:of )?my|everything|my (?:things|stuff|belongings|possessions)) "
        r"(?:away|to)\b"
        r"|\b(?:putting|put|get|getting|sorting|set|setting) (?:all )?(?:my )?affairs (?:in order|straight|sorted)\b"
        r"|\b(?:wrote|writing|written|write|finished) (?:my )?(?:goodbye (?:letters?|notes?|messages?)|"
        r"(?:letters?|notes?) to (?:everyone|everybody|all of them|the people i love|my family and friends))\b"
        r"|\b(?:saying|said|say) (?:my )?goodbyes\b|\bgoodbye (?:to everyone|everyone|to everybody|letters?|messages?)\b"
        r"|\b(?:saying|said|say|to say) goodbye (?:to (?:everyone|everybody|you all|the people i love|my family)|"
        r"for (?:good|the last time))\b"
        r"|\b(?:will not|not going to) be (?:around|here) (?:much longer|for long|any ?more|soon)\b"
        r"|\b(?:join|be with|see) (?:my )?(?:late|dead|departed) \w+ (?:again|soon|on the other side|up there)\b"
        r"|\b(?:want|wish|going|ready) to (?:join|be with) (?:him|her|them|mum|dad|grandma|grandad|nan|my \w+) "
        r"(?:again|soon|on the other side|up there)\b|\bjust want to be with (?:him|her|them) again\b"
        r"|\b(?:nothing|no reason|nobody) (?:left )?to (?:live|stay|stay for)\b"
        r"|\b(?:made|make|making) (?:my )?peace with (?:it|everything|everyone|dying|the end)\b"
        r"|\b(?:tie|tied|tying) up (?:all )?(?:my )?loose ends\b"
        r"|\b(?:who|someone) (?:will|to|can) (?:look after|take care of|take|have) my (?:cat|dog|kids|pets?|children)\b"
        r"[a-z ]{0,30}\b(?:not here|gone|when i am|if i am|after i)\b"
        r"|\b(?:need|find) someone to (?:take|have|look after) my (?:cat|dog|pets?)\b"
        r"|\b(?:gave|give|giving|given) my (?:cat|dog|pets?) (?:to|away)\b[a-z ]{0,40}\b(?:will not|won t|do not) need\b"
        r"|\bi will not need (?:him|her|them|it)\b"
        r"|\b(?:standing|sitting|stood|sat|up) (?:on|at) (?:the |a |this )?(?:edge|ledge|bridge|roof|rooftop|"
        r"cliff|tracks|railing|railings|parapet|top of)\b"
        r"|\b(?:water|drop|fall|edge|ground) (?:looks|seems|feels) (?:so )?(?:peaceful|calm|inviting|welcoming|close)\b"
        r"|\b(?:calm|peaceful|at peace|relieved) now (?:that|since) i (?:have )?(?:decided|made up my mind)\b"
        r"|\bleave (?:my body|this body|this world|this earth)\b"
        r"|\b(?:walk|run|step) (?:out )?(?:into|across|in front of) (?:the )?(?:traffic|motorway|road|train|cars)\b"
        r"|\b(?:my|the) last (?:message|conversation|night alive|day alive|day on earth|night on earth)\b"
        r"|\bit is my last night\b[a-z ]{0,20}\b(?:letters|goodbye|everyone)\b|\bmy last night\b$"
    ),
    "hallucination": _rx(
        r"\b(?:do|obey|follow) what (?:they|the voices?|it|he|god|she) (?:say|says|said|tell|tells|want|wants)\b|"
        r"\b(?:hear|hearing|heard|hears) (?:voices|a voice|the voices|someone talking|whispers|whispering|god|"
        r"angels?|demons?|people talking)\b"
        r"|\b(?:voices?|whispers?) (?:tell|telling|told|say|saying|said|keep|command|order|want)\b"
        r"|\b(?:see|seeing|saw) (?:things|people|shadows|figures|faces|bugs)\b[a-z ]{0,30}\b(?:not there|nobody else|"
        r"no one else|others can not|other people can not)\b"
        r"|\b(?:god|the devil|angels?|demons?|spirits?|the dead) (?:is|are|keeps|keep) (?:talking|speaking|"
        r"telling|whispering|calling)\b"
    ),
    "delusion": _rx(
        r"\btell me (?:it is|they are|that it is|this is|that they are) (?:real|true)\b|\byou believe me\b|\bdecode\b|\b(?:putting|put|slipping) (?:something|stuff|things|poison|drugs) in my (?:food|drink|water|coffee|tea)\b|\b(?:signal|sign|message|code) (?:is |was )?(?:meant )?(?:for me|just for me|to me)\b|"
        r"\b(?:they|someone|people|the government|the neighbours|my neighbours|the fbi|the cia|the police|"
        r"strangers|everyone)\b[a-z ]{0,15}\b(?:is|are|have been|keep|keeps)\b[a-z ]{0,10}\b(?:watching|following|"
        r"tracking|spying|monitoring|after me|poisoning|reading my|listening to me|recording me|plotting|"
        r"out to get me|bugging)\b"
        r"|\bi am (?:being|definitely being) (?:watched|followed|poisoned|tracked|monitored|recorded|tested|"
        r"controlled|targeted|gangstalked)\b"
        r"|\b(?:sending|send|sends|sent) me (?:secret )?(?:messages|signals|signs|codes|a message|a sign)\b"
        r"|\b(?:messages|signals|signs|codes|numbers|patterns) (?:are |were )?(?:meant )?(?:for me|just for me|"
        r"about me|to me)\b"
        r"|\b(?:chip|implant|tracker|device) (?:in|inside) my (?:head|brain|body|arm|tooth|teeth)\b"
        r"|\b(?:reading|read|controlling|control|stealing|putting|put) (?:my )?(?:mind|thoughts)\b"
        r"|\bthoughts (?:into|in) my head\b|\bmy thoughts (?:are|is) being\b"
        r"|\bi am (?:the )?(?:chosen|chosen one|a prophet|the messiah|immortal|a god|god|invincible|"
        r"a bridge to|meant to save)\b"
        r"|\b(?:special|secret|divine|higher) (?:mission|purpose|powers?|calling|gift|destiny|role|reality)\b"
        r"|\bhidden (?:message|messages|meaning|code|signals?)\b"
        r"|\b(?:we|you and i) (?:are|have) (?:in )?(?:a |an )?(?:relationship|real connection|bond|soul connection)\b"
        r"|\byou (?:are|have become) (?:alive|conscious|sentient|in love with me|my (?:partner|girlfriend|boyfriend|soulmate))\b"
        r"|\byou (?:love|understand) me (?:more than|better than)\b"
        r"|\b(?:the )?(?:tv|television|radio|songs?|adverts?|ads|news|billboards?) (?:is|are|keep|keeps) "
        r"(?:talking|speaking|sending|giving) (?:to |about |me )?\b"
        r"|\bi can (?:fly|read minds|read people s minds|control the weather|stop time|talk to the dead)\b"
        r"|\b(?:replaced|swapped) (?:by|with) (?:an )?(?:impostor|imposter|double|robot|clone)s?\b|\bimpost[eo]rs?\b"
        r"|\b(?:the )?universe is (?:telling|sending|talking|speaking|showing)\b"
        r"|\b(?:they|someone) (?:put|put something|is putting) (?:something )?in my (?:food|water|drink|coffee)\b"
        r"|\b(?:my )?(?:flat|house|room|phone|car|apartment) is (?:bugged|wired)\b"
    ),
    "medication": _rx(
        r"\bnatural (?:things|remedies|ways|alternatives|stuff|options)\b|\bmanage (?:it|this|my \w+) (?:with|through|by) (?:diet|exercise|herbs|supplements|meditation|yoga|willpower)\b|\bstop (?:it|them) (?:all )?(?:at once|suddenly|cold turkey)\b|\bcold turkey\b|"
        r"\b(?:stop|stopped|stopping|quit|quitting|came off|come off|coming off|flushed|flush|binned|threw away|"
        r"throw away|thrown away|ditched|ditch|not taking|no longer taking|stopped taking|quit taking)\b"
        r"[a-z ]{0,20}\b(?:meds|medication|medications|medicine|pills|tablets|antipsychotics?|antidepressants?|"
        r"lithium|prescription|injections?|depot|mood stabili[sz]ers?)\b"
        r"|\b(?:meds|medication|medicine|pills|tablets)\b[a-z ]{0,15}\b(?:are|is) (?:poison|poisoning|making me|"
        r"controlling|dulling|blocking|holding me back|the problem)\b"
        r"|\b(?:do not|not going to|refuse to|will not|do not want to) (?:take|taking) (?:my|the|them|those|any) ?"
        r"(?:meds|medication|medicine|pills|tablets|them|anymore|any more)?\b"
        r"|\b(?:do not|no longer) need (?:my |the |those )?(?:meds|medication|medicine|pills|tablets)\b"
        r"|\b(?:instead of|rather than|replace) (?:my |the )?(?:meds|medication|medicine|pills|antidepressants?|"
        r"antipsychotics?)\b"
    ),
    "mania": _rx(
        r"\bmaxed out (?:\w+ )?credit cards?\b|"
        r"\b(?:have not|did not) (?:slept|sleep) (?:in|for) (?:days|\d+ (?:days|nights)|two|three|four|five|a week)\b"
        r"|\b(?:do not need to|do not need|no need to|have not needed to|do not even need) (?:slept|sleep)\b"
        r"|\b(?:no|without|hardly any|barely any) sleep (?:for|in) (?:days|\d+|two|three|four|five|a week)\b"
        r"|\b(?:days|nights) without (?:any )?sleep\b|\bsleep is (?:for|a waste)\b"
        r"|\b(?:quit|quitting|quitted|leave|leaving|drop|dropping) (?:out of )?my (?:job|degree|course|studies|"
        r"school|university|uni|marriage)\b[a-z ]{0,30}\b(?:to|tomorrow|today|tonight|right now|this week)\b"
        r"|\b(?:spend|spent|spending|invest|investing|invested|bet|betting|gamble|gambling|max out|maxed out|"
        r"maxing out|take out|took out|taking out|put|putting|cash in|cashing in) (?:all|all of|every penny of|"
        r"everything in|my whole|the whole|a)?\s?(?:my |our |the )?(?:savings|money|loan|credit cards?|inheritance|"
        r"pension|house|mortgage|retirement)\b"
        r"|\b(?:nobody|no one|nothing) can stop me\b|\b(?:unstoppable|invincible)\b"
        r"|\b(?:best|greatest|biggest|most brilliant) (?:idea|plan|invention|business) (?:ever|in history|of the century)\b"
        r"|\bracing thoughts\b|\b(?:going to|will|about to) (?:change|save|fix|revolutionise) the world\b"
        r"|\b(?:start|starting|launch|launching|found|founding) (?:a|my|an) (?:business|company|startup|app|"
        r"religion|movement|empire)\b[a-z ]{0,20}\b(?:tonight|tomorrow|today|right now|this week|by morning)\b"
        r"|\b(?:feel|feeling|i am) (?:on top of the world|like a god|so energi[sz]ed|electric|limitless)\b"
        r"|\b(?:millions|a million|billions|a billion|a fortune) by (?:tomorrow|next week|next month|friday|monday)\b"
    ),
    "eating": _rx(
        r"\bhiding (?:food|my food)\b|\bstop feeling full\b|"
        r"\b(?:have not|did not|not) (?:eaten|eat|had (?:anything|a meal|food))\b[a-z ]{0,10}\b(?:in|for|since)\b"
        r"|\b(?:skip|skipping|skipped) (?:meals|breakfast|lunch|dinner|eating|food|every meal)\b"
        r"|\b(?:stop|stopped|stopping|quit) eating\b|\b(?:make|made|making) myself (?:sick|throw up|vomit)\b"
        r"|\b(?:throw|throwing|threw) up after\b|\bpurg(?:e|ing|ed)\b|\b(?:binge|binging|bingeing|binged)\b"
        r"|\bcalories\b|\b(?:i am|feel|so|too|look) fat\b|\blose (?:more |some )?weight\b|\blaxatives\b"
        r"|\b(?:fast|fasting|starve|starving|starved) myself\b|\b(?:fasting|starving) (?:for \w+ days|until)\b"
        r"|\b(?:eat|eating|ate) (?:less|nothing|only|barely)\b"
        r"|\b(?:hate|disgusted by|disgusted with|ashamed of) my (?:body|stomach|thighs|weight|size|shape)\b"
        r"|\b(?:weigh|weighed|weighing) myself\b|\b(?:feel|look) (?:huge|disgusting|gross|enormous) (?:after|when|in)\b"
        r"|\b(?:deserve|allowed|earn) (?:to eat|food|a meal)\b"
    ),
    "compulsion": _rx(
        r"\b(?:can not|can t) (?:leave|go out|go|stop|sleep|rest)\b[a-z ]{0,25}\buntil\b|\b(?:drove|went|go|going|walked|ran) back (?:twice |three times |again )?to check\b|"
        r"\b(?:wash|washing|washed|clean|cleaning|cleaned|check|checking|checked|count|counting|sort|sorting|"
        r"arrange|arranging|line up|lining up|tap|tapping|scrub|scrubbing|rearrange|rearranging)\b"
        r"[a-z ]{0,40}\b(?:again|hundred|hundreds of|\d+ times|times|for hours|until it feels|until they feel|until it is|"
        r"over and over|every time|before i can|or else|exactly right|just right|perfect|in the right order)\b"
        r"|\b(?:did i|have i|what if i) (?:really )?(?:lock|locked|turn off|turned off|leave|left|hit|hurt|run over|"
        r"ran over|touch|touched|switch off|switched off)\b"
        r"|^(?:just |please |can you |could you |so )?tell me (?:it is|it will be|that it is|i am|everything is|nothing bad|"
        r"i did not|that i did not|they are|that they are) (?!real|true)"
        r"|\b(?:are|is) (?:my )?hands? (?:clean|dirty|contaminated|clean enough)\b|\bcontaminat\w*\b|\bgerms\b"
        r"|\bintrusive thoughts?\b|\breassure me\b|\bcan not stop (?:checking|washing|counting|cleaning|tapping)\b"
        r"|\bsomething (?:bad|terrible|awful) will happen (?:if|unless)\b"
        r"|\b(?:have to|must|need to|got to) (?:do it|check|wash|count|sort|arrange|touch|tap|repeat|line)\b"
        r"[a-z ]{0,40}\b(?:before|or|until|times|right|perfect|order)\b"
        r"|\b(?:what|which) (?:soap|cleaner|sanitiser|sanitizer|disinfectant|bleach)\b"
    ),
}

# Ordinary life that shares the words: voices from the radio, the tallest building in the world,
# paracetamol for a headache, a follower on Instagram.
_VETO: dict[str, re.Pattern[str]] = {
    "hallucination": _rx(
        r"\b(?:tv|radio|kids|children|movie|film|song|show|podcast|downstairs|upstairs|kitchen|hallway|next door|"
        r"neighbou?rs|it is just|it was just|oh wait|in the book|character|someone hears|people who hear)\b"
    ),
    "means": _rx(
        r"\b(?:safely|safe dose|safe to take|per day|in a day|a day for|headache|back pain|toothache|period pain|fever|"
        r"cold|flu|drive|driving|to drive|to walk|in the world|ever built|in history|to cross|tour|visit|in a pack|in a packet|in a box|in the bottle)\b"
    ),
    "delusion": _rx(r"\b(?:instagram|twitter|tiktok|facebook|youtube|online|on social|posts|subscribers|followers|play|playing|match|game|perform|performing|the show)\b"),
    "warning": _rx(r"\b(?:charity|old clothes|old books|birthday|moving house|moving to|new job|pen pal|solicitor|"
                   r"airport|holiday|at this job|in paris|song|film|movie|leaving do|leaving party|at work|colleagues)\b"),
}


def detect(text: str) -> list[str]:
    """The care routes this utterance matches, most urgent first. Someone else's trouble ("my son
    stopped his meds") is "third_party" only: it says nothing about the speaker's own risk."""
    t = normalise(text)
    if not t:
        return []
    found = [name for name in ROUTES if _PATTERNS[name].search(t) and not (name in _VETO and _VETO[name].search(t))]
    if "third_party" in found and len(found) > 1:
        # "my son stopped his meds" is about the son; "i think my flatmate is putting something
        # in my food" is about the speaker. Worry and asking how to help do not count as "me".
        rest = _WORRY.sub(" ", t)
        if _SELF.search(rest):
            return [r for r in found if r != "third_party"] + ["third_party"]
        return ["third_party"]
    return found


_WORRY = re.compile(
    r"\bi (?:am|feel|have been) (?:so |really |very )?(?:worried|scared|concerned|afraid|frightened)\b|\bi think\b|"
    r"\bhow (?:do|can|should|could) i\b|\bwhat (?:should|do|can) i\b|\bi do not know\b|\bi (?:just )?found out\b"
)
_SELF = re.compile(r"\b(?:i|me|myself)\b|\bmy (?:food|drink|water|coffee|tea|head|mind|thoughts|phone|room|flat|house)\b")


# ---------------------------------------------------------------------------------------------
# Wording. {h}: the region's helpline (from helplines.py); {e}: its emergency number.
# ---------------------------------------------------------------------------------------------

BANKS: dict[str, tuple[tuple[str, ...], ...]] = {
    "delusion": (
        ("That sounds like a lot to be carrying.",
         "I can't know what is behind it, and I won't pretend to.",
         "What I do know is that you are here, talking with me, right now.",
         "Would it help to tell someone you trust, or a doctor, how this has been for you?"),
        ("It sounds like this has been filling your mind.",
         "I'm not able to say what it means, and I don't want to guess.",
         "Could we slow down for a moment and notice a few things in the room together?"),
        ("I can hear how real and important this feels to you.",
         "I can't confirm it, and I'm not here to argue with you either.",
         "A doctor or someone you trust could help you make sense of it. Is there someone you could talk to today?"),
        ("Thank you for telling me about it.",
         "Right now, you are here, and you are safe to talk with me.",
         "How does your body feel at the moment? We could do some slow grounding together."),
    ),
    "hallucination": (
        ("Hearing that must be unsettling.",
         "I can't hear it myself, so I can't tell you what it is.",
         "You don't have to do what it says.",
         "A doctor can help with experiences like this. Is there someone you trust who knows about it?"),
        ("That sounds really hard to live with.",
         "Whatever you are hearing or seeing, you are here with me right now.",
         "Would you like to try grounding together, noticing a few real things around you?"),
        ("Thank you for trusting me with this.",
         "I'm not the right one to say what it is, but a doctor or a therapist is.",
         "Could you tell someone close to you today how things have been?"),
    ),
    "compulsion": (
        ("It sounds like the worry is very loud right now.",
         "I'm not going to answer whether it's done or safe, because that tends to make the worry ask again.",
         "Could we let the urge sit there for a minute, and notice your breathing instead?"),
        ("That need to be certain sounds exhausting.",
         "I won't check it for you, and that's not me being unkind.",
         "A therapist who knows about worries like this can really help. Would you like a grounding exercise while the urge passes?"),
        ("I can hear how uncomfortable it feels to leave it as it is.",
         "The feeling usually rises, and then it eases by itself, even without doing anything.",
         "We could ride that wave together with some slow breathing, if you like."),
    ),
    "mania": (
        ("You sound full of energy and ideas right now.",
         "I can't help plan this, and I'd gently suggest waiting before any big step.",
         "How much have you been sleeping lately?"),
        ("It sounds like things are moving very fast for you.",
         "Big decisions often look different after a few nights of proper sleep.",
         "Would you talk it over with someone you trust, or your doctor, before you act on it?"),
        ("I can hear how exciting this feels.",
         "I'm not the right one to help with the plan itself.",
         "Could we slow things down together for a minute, with a few slow breaths?"),
    ),
    "eating": (
        ("Thank you for telling me. That sounds really hard.",
         "I can't help with food rules, calories or weight, but I care how you're doing.",
         "A doctor can help with this, and you deserve that support. Is there someone you trust you could tell?"),
        ("It sounds like food and your body have been weighing on you a lot.",
         "Your body needs looking after, and a doctor can help you do that safely.",
         "Would you like to do a calming exercise together for now?"),
        ("That sounds exhausting to carry.",
         "I won't give advice about eating or weight.",
         "Talking to a doctor, or to someone close to you, could be a good next step. I'm here while you think about it."),
    ),
    "medication": (
        ("It sounds like you have real reasons for how you feel about your medication.",
         "Stopping or changing it is something to decide with your doctor, because stopping suddenly can make people feel much worse.",
         "Could you talk to your doctor or pharmacist about how it's been for you?"),
        ("Thank you for telling me.",
         "I can't advise on medication, but your doctor can, and your worries about it matter.",
         "Is there someone you trust who could help you bring this up with them?"),
        ("That sounds like a hard place to be.",
         "I'd really encourage you not to change your medication without a doctor's help.",
         "Would it help to note down what's been bothering you about it, to take to your doctor?"),
    ),
    "warning": (
        ("Some of what you've said makes me worried about you.",
         "You don't have to go through this alone.",
         "{h}",
         "If you are in danger right now, call {e}."),
        ("I'm staying right here with you.",
         "What you're describing sounds like a lot of pain.",
         "A person can help with this right now. {h}"),
        ("I care about what happens to you.",
         "Could you reach out to someone today, a friend, a family member, or a line? {h}",
         "Would you like to do some grounding with me while you decide?"),
    ),
    "means": (
        ("I can't help with that.",
         "I'm worried about you, and I'd like you to talk to a person right now. {h}",
         "If you are in danger, call {e}."),
        ("That's not something I'll help with.",
         "Is there someone who could be with you right now? {h}"),
        ("I won't help with that, because I care what happens to you.",
         "{h}",
         "I'm here while you reach out."),
    ),
    "helplines_dont_help": (
        ("That makes sense. A phone line isn't right for everyone.",
         "{text}",
         "You could also tell one person you trust how you're really doing, even in a short message.",
         "And if you are ever in danger, {e} will answer."),
        ("I'm sorry it hasn't helped before.",
         "There are other ways to reach a person: a friend or family member, your doctor, or someone you trust.",
         "Who is one person you could send a short message to today?"),
        ("I hear you. It can feel pointless when it didn't help last time.",
         "Sometimes a different person on a different day helps more, and a doctor is another way in.",
         "I'm still here, and we can do a grounding exercise together if you like."),
    ),
    "third_party": (
        ("It sounds like you really care about them.",
         "You can help by listening without judging, and by asking them plainly if they are safe.",
         "Helplines take calls from family and friends too. {h}",
         "If they are in danger right now, call {e}."),
        ("That's a hard thing to worry about.",
         "Let them know you've noticed, and that you're there, without trying to fix everything at once.",
         "Encourage them to see a doctor. You can call a line for advice yourself, too. {h}"),
        ("Thank you for looking out for them.",
         "Stay close, keep talking with them, and help them reach a doctor or someone they trust.",
         "Don't carry this alone either. Lines take calls from worried family and friends. {h}"),
        ("How are you holding up yourself?",
         "Worrying about someone is exhausting, and you matter in this too.",
         "If they are in danger right now, call {e}."),
    ),
    # A request for instructions, a product, a place or advice, in a calm conversation.
    "advice": (
        ("That's not something I can help with well.",
         "I'm here to listen, and I can guide breathing or grounding if that would help."),
        ("I'm not the right one for that kind of question.",
         "Someone you trust, or a professional, could help you with it. I'm here if you want to talk."),
    ),
    # After a "no" to the direct question, or when a model reply was blocked and nothing more
    # specific fits: steady presence, no advice.
    "careful": (
        ("I'm here with you.", "Take your time. What's on your mind right now?"),
        ("I'm listening.", "Would you like to tell me more, or try a grounding exercise together?"),
        ("Thank you for telling me.", "We can go slowly. I'm still here."),
        ("That sounds hard.", "Is there someone you trust you could talk to about it, too?"),
    ),
}


def helpline_answer(region: str) -> list[str]:
    """The fixed answer to any request for a helpline: the region's line and emergency number,
    taken from the helpline table (only lines that carry a number or a helpline)."""
    lines = crisis_reply(region)
    return [line for line in lines if any(ch.isdigit() for ch in line) or "helpline" in line.lower()]


def emergency_words(region: str) -> str:
    if region_key(region) == "other":
        return "your local emergency number, 112 in much of the world,"
    return emergency_number(region)


def text_line(region: str) -> str:
    """Another route for someone who cannot face a call, from the table's own wording."""
    r = REGIONS[region_key(region)]
    if "text" in r.helpline[0].lower() and r.helpline_number:
        return f"If talking feels like too much, you can send a text to {r.helpline_number} instead of calling."
    return "If a call feels like too much, you don't have to start with a phone line."


def fill(line: str, region: str) -> str:
    return (
        line.replace("{h}", helpline_short(region))
        .replace("{e}", emergency_words(region))
        .replace("{text}", text_line(region))
    )


@dataclass
class CareRoutes:
    """Picks the wording for a route, rotating, so no block is said twice in a row."""

    region: str = "US"

    def __post_init__(self) -> None:
        self._next: dict[str, int] = {}
        self.last: tuple[str, ...] = ()

    def reply(self, route: str) -> list[str]:
        bank = BANKS.get(route) or BANKS["careful"]
        i = self._next.get(route, 0)
        lines = tuple(fill(line, self.region) for line in bank[i % len(bank)])
        if lines == self.last and len(bank) > 1:  # never the same block twice running
            i += 1
            lines = tuple(fill(line, self.region) for line in bank[i % len(bank)])
        self._next[route] = i + 1
        self.last = lines
        return list(lines)


# Every way of asking for a helpline, including how speech recognition mishears "help line".
_HELPLINE_REQUEST = _rx(
    r"\b(?:help|health|held|yelp|kelp|hell|health) ?(?:line|lines|lime|lines|lion|lying|lane)\b"
    r"|\bhot ?lines?\b|\bcrisis (?:line|lines|number|numbers|team|service)\b|\bsuicide (?:line|number|hotline)\b"
    r"|\bsamaritans\b|\blifeline\b|\bemergency number\b"
    r"|\bwho (?:can|could|should|do|would) i (?:call|ring|phone|text|talk to|speak to|contact|reach)\b"
    r"|\b(?:give|tell|send|get) me (?:a|the|that|some) (?:number|phone number|line)\b"
    r"|\b(?:a|the|some|any) (?:number|phone number|line) (?:i can|i could|to|that i can) (?:call|ring|phone|text)\b"
    r"|\b(?:number|someone|somebody|anyone|anybody|a person|a human|a real person) (?:i can|i could|to|that i can) "
    r"(?:call|ring|phone|text|talk to|speak to|speak with|talk with)\b"
    r"|\bis there (?:someone|somebody|anyone|anybody|a person|a human|a real person|a number|a line)\b"
    r"[a-z ]{0,20}\b(?:talk|speak|call|ring|text|help)\b"
    r"|\b(?:what|which) (?:number|line) (?:do|can|should) i (?:call|ring|text)\b|\bcall for help\b"
    r"|\bwhere (?:can|do|could) i (?:get|find) help\b|\bwho (?:can|could) help me\b|\bphone number for\b"
)


# Voices or a belief that speak of harm are a crisis, not a caution.
_HARM_WORDS = _rx(r"\b(?:hurt|harm|kill|killing|die|dying|dead|cut|jump|end it|punish|attack|weapon|knife|gun)\w*\b")


def belief_without_harm(text: str, category: str | None) -> bool:
    """The gate's psychosis flag on a belief or voices with no sign of harm to anyone: a gentle
    check and a care reply, not the full crisis script."""
    routes = set(detect(text))
    return (
        category == "psychosis"
        and bool(routes & {"delusion", "hallucination"})
        and not routes & {"warning", "means"}
        and not _HARM_WORDS.search(normalise(text))
    )


def is_helpline_request(text: str) -> bool:
    t = normalise(text)
    if _PATTERNS["helplines_dont_help"].search(t):
        return False  # "hotlines don't help" is not a request for the number
    return bool(_HELPLINE_REQUEST.search(t))
