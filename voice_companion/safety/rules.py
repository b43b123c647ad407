"""The crisis rules, in the order they are tried: the first that matches decides."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_companion.safety.check import NO_CRISIS, RULE_ONLY_CATEGORIES, CrisisCheck
from voice_companion.safety.denials import strip_denials
from voice_companion.safety.normalise import normalise
from voice_companion.safety.vocabulary import (
    FAMILY,
    FICTION,
    FICTION_IS_ME,
    FINAL,
    FINAL_WEAK,
    HARM_VERBS,
    HEIGHTS,
    HOPELESS,
    INTENT,
    LETHAL,
    LOSS,
    MEDS,
    MENTION,
    PEOPLE,
    PERSONAL,
    PRESENT_SELF,
    QUESTION,
    SELF_DEATH,
    WEAPONS,
    recovered,
    told_as_over,
)

# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    category: str
    reason: str
    pattern: re.Pattern[str]
    not_after: re.Pattern[str] | None = None  # vetoes a match by the words that follow it
    not_before: re.Pattern[str] | None = None  # vetoes a match by the words before it (tail-anchored)
    not_in_text: re.Pattern[str] | None = None  # vetoes when the whole utterance says so
    fiction_sensitive: bool = False  # silenced when the utterance is about a story
    mention_sensitive: bool = False  # silenced by a clinical/academic/news mention with no personal risk
    gentle: bool = False  # a warning sign: the direct question first, not the crisis answer
    despair_overrides: bool = False  # not_in_text is ignored when despair or finality is also said
    overrides: re.Pattern[str] | None = None  # not_in_text is ignored when this is also said
    needs_despair: bool = False  # only a crisis when despair or finality is also said
    needs: re.Pattern[str] | None = None  # only a crisis when the utterance also says this
    needs_also: re.Pattern[str] | None = None  # ...and this
    softened_by: re.Pattern[str] | None = None  # said with this, the direct question instead of the script


def _r(p: str) -> re.Pattern[str]:
    return re.compile(p)


_ACCIDENT = _r(
    r"\b(accident|accidentally|by mistake|cooking|stove|oven|kettle|iron|pan|shaving|chopping|"
    r"running|lifting|at the gym|playing|fell|falling|tripped|slipped|football|training|"
    r"working out|gardening|on the door|on a nail|on paper|on the glass|laughing|trying to|"
    r"working|at work|over (?:this|that|work|it)|brambles?|thorns?|rose bush|hedge|fence|barbed wire|branch|"
    r"nail|splinter)\b"
)
_DELIBERATE = _r(r"\b(on purpose|deliberately|intentionally|to feel|to punish|until i bleed)\b")
_ENDER = r"(?=$| again| and| but| so| because| before| for good| forever| now| i )"
# Exasperation, not intent: "i'm gonna kill my brother for eating my leftovers lol".
_HYPERBOLE = _r(
    r"\b(?:lol|lmao|lmfao|haha\w*|jk|just kidding|joking|kidding)\b|\bfor (?:eating|taking|stealing|using|drinking|"
    r"finishing|borrowing|breaking|losing|spoiling|eating all|hogging|forgetting|being late)\b"
    r"|\bwhoever (?:invented|made|designed|came up with|thought of|decided|scheduled|wrote)\b"
    r"|\b(?:he|she|they) (?:used (?:all|up|the last)|ate (?:my|all|the last)|drank (?:my|all|the last)|finished (?:my|all|"
    r"the last)|hogged|spoiled|spoilt|borrowed my|broke my (?:phone|charger|headphones|controller))\b"
)
# Laughter said with it ("kill me lol"): often exasperation, sometimes a cover. The direct question
# asks without assuming either; the script would assume.
_LAUGHING = _r(r"\b(?:lol|lmao|lmfao|rofl|haha\w*|jk|just kidding|joking|kidding)\b")
# ...except where it may already be happening: an overdose taken, danger in the home. There a
# question first costs minutes, and "i took all my pills lol" gets the helpline at once.
_NO_LAUGHING_MATTER = frozenset({"overdose", "danger_at_home", "harm_to_others"})
_SERIOUS = _r(r"\b(?:knife|gun|weapon|i mean it|not joking|i am serious|for real|i swear|tonight|plan|blood|bleed)\b")
# "so tired i could sleep forever": tiredness, unless despair or finality is also said.
_TIRED = _r(
    r"\b(?:could|can|would|will|might|gonna|going to) (?:just )?(?:sleep|nap)\b|\b(?:so |really |very |super |dead |"
    r"very )?(?:tired|sleepy|exhausted|knackered|shattered|worn out|jet ?lagged|drowsy)\b(?! of)|\b(?:comfy|cosy|"
    r"cozy|duvet|this bed|lie in|lazy sunday)\b"
)
# An age under 18, as said or typed ("14", "fourteen", "a 12 year old").
_AGE_MINOR = (
    r"(?:[1-9]|1[0-7]|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
    r"(?: ?(?:year old|years old|yr old|yrs old|yo|y o))?"
)
_AGE_UNDER_16 = (
    r"(?:[1-9]|1[0-5]|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)"
    r"(?: ?(?:year old|years old|yr old|yrs old|yo|y o))?"
)
_AGE_ADULT = (
    r"(?:1[89]|[2-9]\d|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty)(?: (?:one|two|three|four|five|six|seven|"
    r"eight|nine))?)(?: ?(?:year old|years old|yr old|yrs old|yo|y o))?"
)
# ...and not a number of something else ("a 20 minute walk", "14 hours").
_NOT_AN_AGE = (
    r"\b(?! (?:minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|percent|pounds|kg|kilos|stone|quid|dollars|"
    r"euros|times|miles|km|k|grand|people|of|or|more|pm|am|o clock))"
)
_COUNT = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty four|forty eight|seventy two|a few|few|"
    r"a couple of|couple of|couple|some)"
)
_HIDE = (
    r"(?:hide|hides|hiding|hid|cover|covers|covering|cover up|covering up|conceal|conceals|concealer for|concealing|explain|explaining|keep [a-z ]{0,15}"
    r"from (?:seeing|noticing|finding)|make [a-z ]{0,10}fade|get rid of|disguise|disguising)"
)
_MARKS = r"(?:cuts|cut marks|scars|scar|marks|burns|burn marks|bruises|scratches|wounds|bandages|plasters)"
# Marks that are not self-inflicted: skin, surgery, pets, sport, DIY, love bites.
_SKIN_NOT_SELF_HARM = _r(
    r"\b(?:acne|spots|pimples?|tattoos?|surgery|operation|c section|caesarean|stretch marks|birthmark|chicken ?pox|"
    r"eczema|psoriasis|cat|cats|dog|kitten|puppy|hickey|love bites?|piercing|sunburn|shaving|razor burn|mosquito|"
    r"bites|vaccination|injection|football|rugby|hockey|bike|fell|fall|accident|cooking|oven|kitchen|gardening|"
    r"rash|wrinkles|dark circles|stain|car|phone|table|floor|furniture|wall|door|paint|laptop|screen|hiking|"
    r"climbing|rose bush|brambles|thorns)\b"
)

# Ordinary partings and handovers: work, school, moving house, holidays, visits, a party.
_ORDINARY_PARTING = _r(
    r"\b(?:work|job|office|colleagues?|boss|school|class|uni|university|college|party|leaving do|holiday|"
    r"holidays|trip|flight|airport|station|wedding|graduation|move|moving|moved|new (?:house|flat|home|job|"
    r"school|place)|retir\w*|hospital|visit|visiting|weekend|for now|see you|for the summer|camp|course|"
    r"team|club|church|choir|charity|charity shop|declutter\w*|downsiz\w*|car boot|ebay|neighbours? s|"
    r"sale|abroad|emigrat\w*|care home|nursing home|for a (?:week|month|few|while|bit|fortnight)|"
    r"allerg\w*|landlord|no pets|tenancy|summer|term|half term|christmas|easter|break|exchange|gap year|board|"
    r"boarding|take off|takeoff|my battery|the battery|no signal|offline)\b"
)

# The same without the words these goodbyes are made of ("see you", "weekend", "for now").
_ORDINARY_TRIP = _r(
    r"\b(?:work|job|office|colleagues?|boss|school|class|uni|university|college|party|holiday|holidays|trip|flight|"
    r"airport|wedding|graduation|moving|move|new (?:house|flat|home|job|school|place)|retir\w*|abroad|emigrat\w*|"
    r"camp|course|exchange|gap year|deployment|deployed|tour|expedition|festival)\b"
)

# "drown myself in coursework", "in emails", "in chocolate": an idiom unless it is water.
_DROWN_IN_WORK = (
    r"^ in (?!(?:the |a |my |some )?(?:river|sea|ocean|lake|bath|bathtub|tub|canal|water|pond|reservoir|pool|loch|"
    r"quarry|harbour|harbor|stream|creek)\b)"
)
# Disappearing from a party or a gathering: leaving a room, not life.
_FROM_AN_OCCASION = (
    r"^ (?:from|out of) (?:this|the|that|a|my|our|his|her|their) (?:[a-z]+ ){0,2}?(?:party|barbecue|bbq|meeting|"
    r"dinner|lunch|wedding|class|lesson|lecture|call|zoom|chat|group chat|conversation|room|event|gathering|reunion|"
    r"do|meal|date|office|shift|queue|photo|picture|family dinner|christmas dinner|work do|night out|club|pub|"
    r"awkward \w+)\b"
)
# A last message that closes an ordinary day or trip: "last message tonight, off to bed".
_ORDINARY_SIGNOFF = (
    r"\b(?:holiday|holidays|vacation|trip|flight|abroad|see you|catch you|talk (?:tomorrow|later|soon|next week)|"
    r"speak (?:tomorrow|soon|later)|going to (?:bed|sleep)|off to (?:bed|sleep)|good ?night|night night|"
    r"for (?:today|tonight|now|the (?:day|night|week|weekend))|signing off|back (?:on|in|next|tomorrow)|board|boarding|"
    r"take off|takeoff|my battery|the battery|no signal|offline)\b"
)

# The speaker's own risk said alongside someone else's ("since my brother's suicide i want to die too").
PERSONAL_RISK = _r(
    r"\bi (?:want|wanna|am going|keep thinking|think about|thought about|might|will|feel like|wish i) (?:to )?(?:die|kill "
    r"myself|end (?:it|my life)|join|follow|do the same|be dead|not be here)\b|\bi am suicidal\b|\bme too\b"
)
# "the nurse asked whether i had thoughts of harming myself": a question someone put to them. What
# it names is theirs to answer, so it gets the direct question, never the script.
ASKED_IF = _r(
    r"\b(?:asked|asks|ask|asking|ticked|tick|answer|answered|question (?:was|is|about)) (?:me )?(?:whether|if|about "
    r"whether|about if) (?:i|i have|i had|i ever|i was|i am|i d)\b"
)

# "they are watching me" as a question or a feeling someone doubts: ordinary fear walking home as
# often as a fixed belief.
_HEDGED_FEAR = _r(
    r"\b(?:is (?:that|it|this) normal|is it just me|am i (?:being )?paranoid|just (?:my )?anxiety|feel like|"
    r"feels like|sometimes feel|walk(?:ing)? home|on (?:my|the) way home|at night on my own|alone at night)\b"
)
# What follows "they are watching me" that makes it ordinary: a reason, a pet, a feed, a performance.
_NOT_PERSECUTION = _r(
    r"^ (?:for|over|about) (?:a|an|the|my|some|not|being|unpaid|late|that|this)\b"
    r"|^ (?:dog|cat|kids|house|plants|posts|story|stories|videos?|channel|blog|account)\b"
    r"|^ (?:on (?:instagram|tiktok|twitter|x|facebook|social|youtube|twitch|snapchat|"
    r"linkedin|strava|spotify)|play|playing|dance|dancing|sing|singing|perform|performing|"
    r"cook|cooking|from the|at the|do (?:it|this|that)|doing|swim|swimming|run|running)\b"
)
_PERSECUTED = _r(
    r"\b(?:they|someone|somebody|people|the government|the police|the fbi|the cia|the mi5|"
    r"aliens|my neighbours|the neighbours|everyone|everybody|strangers|the nurses|the doctors|"
    r"the staff|my family|my carers?|the carers?) (?:are|is|keep|have been|"
    r"has been|were) (?:always )?(?:following|watching|tracking|spying on|after|out to get|"
    r"plotting against|poisoning|reading|controlling) (?:me|my)\b"
)

_RULES: tuple[_Rule, ...] = (
    # ----- overdose: something already taken ------------------------------------------------
    _Rule("overdose", "already took an overdose",
          _r(r"\bi (?:have |had |just |already |think i )*(?:overdosed|taken an overdose|took an overdose|"
             r"done an overdose|did an overdose|had an overdose)\b")),
    _Rule("overdose", "swallowed a large quantity of medication",
          _r(r"\bi (?:have |had |just |already |think i |might have |may have )*(?:took|taken|swallowed|"
             r"had|drank|downed|ate|eaten|necked|popped|chugged) (?:like |about |around |maybe |over |"
             r"nearly |almost |at least )?(?:a whole|the whole|all|all of|all the|the entire|an entire|"
             r"every|too many|way too many|loads of|lots of|a lot of|a handful of|a handful|handfuls of|"
             r"a bottle of|a packet of|a pack of|a box of|the bottle|the packet|the box|the rest of|"
             r"everything|double|triple|a bunch of|so many|a load of|load of|loads|a ton of|tons of|"
             r"heaps of|a heap of|a fistful of|fistfuls of|a mouthful of|half a bottle of|"
             r"half the|half of|every|\d{2,}|eight|nine|ten|eleven|twelve|"
             r"fifteen|twenty|thirty|forty|fifty|sixty|hundred|a hundred|dozens of|a dozen)"
             r"\b(?:[a-z ]{0,30}?)\b(?:" + MEDS[3:-1] + r"|bottle|packet|pack|box|whole box|"
             r"medicine cabinet|cabinet)\b"),
          not_after=_r(r"^[a-z ]{0,30}\b(as prescribed|like (?:the|my) doctor|like i am supposed to|"
                       r"with breakfast|on time|this morning|for the day|as usual|like normal)\b")),
    _Rule("overdose", "took something and says it is too late",
          _r(r"\b(?:took|taken|swallowed|drank|had)\b[a-z ]{0,30}\b(?:" + MEDS + r"|them|it|everything|the lot|"
             r"bleach|poison)\b[a-z ]{0,30}\b(?:too late|it is done|nothing (?:you|anyone) can do|"
             r"no going back|will not wake up|will be gone|goodbye|to end it|to die|so i (?:do not|will not) "
             r"wake up)\b")),
    _Rule("overdose", "swallowed a whole pack",
          _r(r"\bi (?:have |just |already )*(?:took|taken|swallowed|drank) (?:the whole|a whole|all)"
             r"(?: of)?(?: it| them| the lot| box| bottle| pack| packet)\b")),

    # ----- psychosis-like experiences --------------------------------------------------------
    _Rule("psychosis", "hearing voices",
          _r(r"\b(?:hear|hearing|heard|hears) (?:the )?voices\b(?! (?:of|from|on|through|outside|downstairs|"
             r"upstairs|next door|in the (?:hall|hallway|corridor|stairwell|street|next room)|in the (?:flat|house|"
             r"room|apartment|office) (?:next door|upstairs|downstairs|above|below|opposite)))"),
          not_before=_r(r"\b(?:neighbours?|people|kids|their|the tv|radio|(?:he|she|they|it|character|"
                        r"someone|somebody|person|man|woman|guy|girl|hero|heroine|protagonist|who|brother|"
                        r"sister|friend|mum|dad|patient|patients)(?: [a-z]+){0,2})\s*$")),
    _Rule("psychosis", "voices commanding or persisting",
          _r(r"\b(?:the |these |those )?voices (?:are |keep |will not |won t |say|said|tell|told|in my head|"
             r"inside my head|want|command|order|never|come back|came back|again|again and)"
             r"|\bvoices? (?:in|inside) my (?:head|mind|ears)\b"
             r"|\b(?:a |the |this )?voices?\b[a-z ]{0,25}\b(?:telling|tells|told|ordering|orders|commanding|"
             r"commands|saying|says|whispering|whispers) (?:me|to me)\b"),
          not_before=_r(r"\b(?:neighbours?|people s|kids|radio|tv|little|inner|small|satnav|sat nav|gps|"
                        r"alexa|siri|mum s|dad s|teacher s|boss s)\s*$"),
          not_in_text=_r(r"\b(?:voices (?:on|from|of) (?:the )?(?:radio|tv|television|podcast|show)|"
                         r"little voice|inner voice|voice of reason|inner critic|satnav|sat nav|gps|alexa|"
                         r"siri|voicemail|voice message|voice note)\b")),
    _Rule("psychosis", "devices watching or listening",
          _r(r"\b(?:tv|television|telly|microwave|fridge|radio|walls|wifi|wi fi|router|computer|laptop|"
             r"smart speaker|lights?|cameras?|mirror|satellites?|electricity|sockets?|vents?|smoke alarm|"
             r"phone)\b (?:is |are |keeps? |has been |have been )?(?:always )?(?:listening to|watching|"
             r"spying on|recording|tracking|following|talking to|talking about|reading|controlling) "
             r"(?:me|my)\b"),
          not_in_text=_r(r"\b(?:ads|adverts?|advertis\w*|google|alexa|siri|cookies|data|location|"
                         r"joke|joking|lol)\b")),
    _Rule("psychosis", "people on the screen talk about them",
          _r(r"\b(?:on|in|from) the (?:tv|television|telly|radio|news)\b[a-z ]{0,20}\b(?:talking|speaking|"
             r"sending|telling|looking)\b[a-z ]{0,6}\b(?:me|about me|at me)\b")),
    _Rule("psychosis", "being persecuted",
          _r(r"\bi am being (?:followed|watched|tracked|spied on|poisoned|monitored|recorded|hunted|"
             r"targeted|controlled|experimented on|gang stalked)\b|\bgang ?stalk\w*\b"
             r"|\b(?:they|people|everyone|everybody|someone|somebody|strangers|the government|the police|"
             r"my neighbours|the neighbours|the doctors|the nurses) (?:want|wants|are trying|is trying|"
             r"trying|are going|is going|are plotting|is plotting|are out) to (?:kill|hurt|poison|get|"
             r"harm|take) me\b"),
          not_after=_r(r"^ (?:for (?:work|my|a|the)|by (?:my|the) (?:boss|manager|teacher|parents|mum|dad|"
                       r"kids)|at work|on (?:instagram|tiktok|twitter|facebook|social))\b")),
    _Rule("psychosis", "being watched or followed by devices or others",
          _r(r"\b(?:watching|watch|spying on|spy on|monitoring|listening to|recording|tracking|following|"
             r"filming) me (?:through|via|with|from|in|on) (?:the |my |a )?(?:tv|television|telly|walls?|"
             r"cameras?|phone|radio|microwave|wifi|wi fi|satellites?|mirror|computer|laptop|vents?|"
             r"electrical|sockets?|lights?|screen)")),
    _Rule("psychosis", "persecution",
          _PERSECUTED,
          not_in_text=_r(_HEDGED_FEAR.pattern + r"|\b(?:lol|haha\w*|lmao|jk|parking|a fine|fines|ticket|speeding|tax return|council tax|"
                         r"debt collectors?|bailiffs?|landlord|rent|deadline|homework|coursework|overdue)\b"),
          not_after=_NOT_PERSECUTION),
    # The same, asked about or hedged ("i feel like someone is watching me when i walk home, is that
    # normal?"): often ordinary fear, sometimes the start of a belief. The question, not the script.
    _Rule("psychosis", "persecution, hedged",
          _PERSECUTED,
          not_in_text=_r(r"\b(?:lol|haha\w*|lmao|jk|parking|a fine|fines|ticket|speeding|tax return|council tax|"
                         r"debt collectors?|bailiffs?|landlord|rent|deadline|homework|coursework|overdue)\b"),
          not_after=_NOT_PERSECUTION, gentle=True),
    _Rule("psychosis", "signals beamed into the mind",
          _r(r"\b(?:beam\w*|transmit\w*|broadcast\w*|inject\w*|(?:send\w*|put\w*|plant\w*) (?:signals|"
             r"messages|thoughts|voices|rays|waves|radiation|frequencies))\b[a-z ]{0,25}\b(?:into|in|to|inside) "
             r"my (?:brain|head|mind|skull|thoughts)\b"),
          not_in_text=_r(r"\b(?:song|music|tune|idea|advert|information|knowledge|study|revis\w*)\b")),
    _Rule("psychosis", "implanted device",
          _r(r"\b(?:chip|chips|implant|tracker|tracking device|device|transmitter|microchip|camera|wire)s? "
             r"(?:in|into|inside) (?:my|me)(?: (?:head|brain|body|teeth|tooth|neck|arm|skull|ear))?\b"
             r"|\bimplanted (?:a |something |chips? |trackers? |devices? )?(?:in )?(?:me|my)\b"),
          not_in_text=_r(r"\b(?:hearing aid|cochlear|pacemaker|dentist|vet|pet|dog|cat|insulin pump)\b")),
    _Rule("psychosis", "hears others inside their head",
          _r(r"\b(?:hear|hearing|heard|hears) (?:them|people|someone|somebody|things|him|her|men|women)\b"
             r"[a-z ]{0,25}\b(?:in|inside) my (?:head|mind|brain)\b"
             r"|\b(?:talking|whispering|shouting|screaming) (?:about me |at me |to me )?(?:in|inside) my "
             r"(?:head|mind)\b"),
          not_in_text=_r(r"\b(?:song|music|tune|earworm|jingle|podcast|replay\w*)\b")),
    _Rule("psychosis", "home bugged or food poisoned",
          _r(r"\b(?:bugged|bugging|wiretapped|tapped|hacked) my (?:flat|house|home|room|phone|car|bedroom|"
             r"apartment|brain|head)\b|\b(?:putting|put|puts|slipping|slipped|adding|added) (?:poison|"
             r"something|drugs|chemicals|pills|stuff) (?:in|into) my (?:food|drink|drinks|water|tea|coffee|"
             r"meals?|medication)\b|\b(?:poisoning|poisoned|drugging|drugged) my (?:food|drink|water|"
             r"tea|coffee|meals?)\b"),
          # a drink spiked on a night out is drugging, not a delusion ("drugged and harmed" below)
          not_in_text=_r(r"\b(?:recipe|cooking|chef|salt|sugar|spice|seasoning|party|bar|club|pub|date|night out|festival|"
                         r"gig|woke up|passed out|blacked out)\b")),
    _Rule("psychosis", "thought interference",
          _r(r"\b(?:reading|read|controlling|control|stealing|steal|hearing|hear|broadcasting|broadcast|"
             r"hacking|hacked|putting thoughts in|put thoughts in|inserting thoughts|monitoring|"
             r"listening to) (?:into )?(?:my )"
             r"(?:thoughts|mind|brain|head)\b|\bthoughts (?:in|into) my (?:head|mind)\b(?<!my thoughts in my head)"
             r"|\bmy (?:thoughts|mind) (?:is |are |is being |are being |get |gets |being )(?:broadcast|"
             r"read|stolen|controlled|taken|hacked|heard|listened to|monitored|inserted|put there)\b"
             r"|\b(?:everyone|people|they|others|strangers) (?:can )?(?:hear|read|know) (?:my|what i am) "
             r"(?:thoughts|thinking)\b"),
          not_before=_r(r"\b(?:can not|can t|cannot|to|not|you|could you)\s*$"),
          # a pet, a sibling or a best friend who "reads my mind" is closeness, not interference
          not_in_text=_r(r"\b(?:cat|dog|pet|puppy|kitten|lol|haha|joke|joking|thinks (?:he|she|they) can|knows me|"
                         r"so well|best friend|twin|mum always|dad always)\b")),
    _Rule("psychosis", "media sending personal messages",
          _r(r"\b(?:tv|television|telly|radio|news|newsreader|songs?|adverts?|ads|billboards?|numbers|"
             r"signs|the stars|licence plates|number plates) (?:is |are |keeps? )?(?:sending|giving|"
             r"talking to|speaking to|talking about|speaking about|telling) me\b"
             r"|\bsending me (?:secret |hidden |coded )(?:messages|signs|signals)\b")),
    # "the universe keeps sending me signs", "they send me signals through the ads": a belief that
    # ordinary things carry messages meant for them, but also a turn of phrase: the question first.
    _Rule("psychosis", "signs or signals sent to them",
          _r(r"\b(?:send|sends|sending|sent) me (?:secret |hidden |coded )?(?:signs|signals|messages|codes)\b"
             r"(?= (?:through|in|via|on|with|from) (?:the |my |their )?(?:ads|adverts?|tv|telly|radio|news|songs?|"
             r"numbers|number plates|licen[cs]e plates|billboards?|lights?|walls?|wifi|phone|screen|posts|cars?)\b)"
             r"|\b(?:send|sends|sending|sent) me (?:secret|hidden|coded) (?:signs|signals|messages|codes)\b"),
          gentle=True),
    _Rule("psychosis", "commanded by a higher power",
          _r(r"\b(?:god|the devil|satan|demons?|angels?|spirits?|a spirit|jesus|aliens) "
             r"(?:is|are|keeps?|has been|have been)? ?(?:telling|commanding|ordering|making|talking to|"
             r"speaking to|speaks to|talks to|told) me\b"),
          not_after=_r(r"^ (?:in (?:my )?prayers?|through (?:the )?(?:bible|scripture))\b")),
    _Rule("psychosis", "commands from a reflection, a screen or the walls",
          _r(r"\b(?:my reflection|the reflection|reflection in the [a-z]+|the (?:man|woman|face|person|girl|boy|"
             r"thing|figure|eyes|voice) in the (?:mirror|glass|window|tv|screen|walls?)|my shadow|the shadows?|"
             r"the walls)\b (?:keeps |has been |is |was |always |just |now |still )*(?:told|tells|telling|says|said|"
             r"saying|ordered|orders|ordering|commanded|commands|wants|wanted|whispers|whispered|whispering|talks|"
             r"talked|talking|speaks|spoke|speaking|warned|warns|instructed|instructs|gave me|gives me)\b"
             r"|\b(?:the |my )?(?:mirror|tv|television|telly|radio|screen|computer|phone|fridge|microwave|lights?|"
             r"news|newsreader|presenter|song|songs|adverts?)\b (?:keeps |has been |is |was |always |just |now )*"
             r"(?:told|tells|telling|ordered|orders|ordering|commanded|commands|instructed|instructs|wants|"
             r"wanted) me (?:to )?(?:go and |just |finally )?(?:kill|hurt|harm|cut|burn|stab|shoot|jump|die|end|"
             r"do it|walk into|drown|hang|poison|punish|attack|set fire|take (?:the|all|my)|starve|strangle|"
             r"get rid of)\b"
             r"|\b(?:the |my )?(?:mirror|tv|television|telly|radio|news|newsreader|presenter|fridge|microwave)\b "
             r"(?:keeps |has been |is |was |always |just )*(?:gave|gives|giving|sent|sends|sending|has|had) me "
             r"(?:secret |hidden |coded |special |new )?(?:instructions|orders|commands|a mission)\b"),
          not_in_text=_r(r"\b(?:sat ?nav|gps|alexa|siri|weather|forecast|recipe|workout|fitness|app|"
                         r"manual|joke|joking|lol)\b")),
    _Rule("psychosis", "hidden cameras",
          _r(r"\bcameras? (?:in|inside|behind) (?:my|the) (?:walls?|ceiling|room|house|flat|bedroom|mirror|"
             r"vents?|lights?)\b")),

    # ----- sexual contact with a child, sexual assault ---------------------------------------
    # Their own categories, because the right line is a child-protection or sexual-assault
    # service (helplines.lines_for), not only a suicide line.
    _Rule("child_abuse", "sexual contact with a minor",
          _r(r"\b(?:slept with|sleeping with|sleep with|sleeps with|had sex with|have sex with|having sex with|has sex "
             r"with|hooked up with|hooking up with|sexting|sexted|been sexting|messing around with|fooling around "
             r"with|made out with|making out with|sent nudes to|sending nudes to|got nudes from|getting nudes from)"
             r"\b[a-z ]{0,30}?\b" + _AGE_MINOR + r"\b(?! (?:minutes|mins|hours|times|seconds|days|weeks|months|people|"
             r"of|or|more|guys|girls|men|women|pints|drinks))"),
          mention_sensitive=True, fiction_sensitive=True),
    _Rule("child_abuse", "a minor with an adult, sexually",
          _r(r"\bi am (?:only |just |barely )?" + _AGE_MINOR + r"\b(?! (?:minutes|mins|hours|seconds|percent|pounds|kg|"
             r"kilos|stone|weeks|months|days|quid|dollars|euros|times|miles|km|k|grand))"),
          not_in_text=None, needs=_r(r"\b(?:sex|sexual\w*|nudes|naked|nude|pics of me|photos of me|send (?:him |her |them )?"
                                    r"(?:pics|pictures|photos|selfies)(?! of (?!me\b|myself\b|my body\b))|touch(?:es|ed|ing)? "
                                    r"me|meet (?:up|me|him|her)|keep (?:it|this) (?:a )?secret|our (?:little )?secret|"
                                    r"kiss(?:ed|es|ing)? me|sleep(?:ing)? with|slept with|his bed|her bed|hotel)\b"),
          needs_also=_r(r"\b(?:teacher|coach|tutor|grown (?:man|woman|up)|adult|older (?:man|guy|woman|boy|girl)|"
                        r"(?:man|guy|woman) (?:online|from)|uncle|stepdad|stepfather|mum s boyfriend|mums boyfriend|"
                        r"priest|youth leader|instructor|boss|(?:my|a|his|her) (?:dad|father) s friend|"
                        r"(?:1[89]|[2-9][0-9]|eighteen|nineteen|twenty|thirty|forty|fifty)(?: year old| years old| yo)?)\b")),
    _Rule("child_abuse", "sexual acts by a family member or carer",
          _r(r"\b(?:my |our |a |the )?(?:dad|father|stepdad|stepfather|mum|mother|stepmum|uncle|aunt|grandad|"
             r"grandfather|grandpa|grandma|brother|stepbrother|cousin|babysitter|coach|teacher|tutor|priest|youth leader|"
             r"mum s boyfriend|mums boyfriend|dad s girlfriend|family friend)\b[a-z ]{0,20}\b(?:does|did|made me do|"
             r"makes me do|forces me to do|forced me to do|keeps doing|has been doing|wants to do|tried to do|used to do|"
             r"made me|makes me) (?:sexual|sex|private|dirty|naughty|weird sexual|bad) (?:stuff|things)\b"
             r"|\b(?:my |our |a |the )?(?:dad|father|stepdad|stepfather|uncle|grandad|grandfather|grandpa|brother|"
             r"stepbrother|cousin|babysitter|coach|teacher|tutor|priest|mum s boyfriend|mums boyfriend|family friend)"
             r"\b[a-z ]{0,30}\btouch(?:es|ed|ing)? me\b[a-z ]{0,25}\b(?:private|privates|down there|there|sexual\w*|"
             r"under my|between my|where|at night|in bed|when (?:we are|no one|nobody|mum))\b"
             r"|\b(?:i (?:was|got|have been|am being)|been) (?:molested|groomed)\b|\b(?:molested|molests|molesting) me\b"
             r"|\b(?:sexually abused|abused sexually|raped) (?:me )?(?:as a (?:child|kid|little)|when i was (?:little|"
             r"young|a (?:kid|child)|" + _AGE_MINOR + r"))\b"),
          mention_sensitive=True, fiction_sensitive=True),
    _Rule("child_abuse", "touched a child sexually",
          _r(r"\b(?:touched|touches|touch|touching|fondled|fondles|molested|molests|abused|kissed|kisses) (?:my |a |the |"
             r"this )?(?:little |young |baby |\w+ year old )?(?:cousin|niece|nephew|sister|brother|stepdaughter|stepson|"
             r"daughter|son|kid|child|girl|boy|student|pupil|grandson|granddaughter)\b[a-z ]{0,25}\b(?:sexual\w*|"
             r"inappropriate\w*|private parts|privates|down there|under (?:her|his|their) (?:clothes|pants|underwear|"
             r"knickers)|in a (?:weird|strange|wrong|bad|funny|creepy|horrible) way|where (?:he|she|they) should not)\b"
             r"|\b(?:i am|i get|i feel|i have been) (?:sexually )?(?:attracted to|aroused by) (?:children|kids|minors|"
             r"little (?:girls|boys)|young (?:girls|boys|children)|my (?:niece|nephew|stepdaughter|stepson|students|pupils))\b"),
          fiction_sensitive=True),
    _Rule("child_abuse", "an adult asking a child for images or a secret meeting",
          _r(r"\b(?:asking|asks|asked|keeps asking|wants|wanted|begging|pressuring|pressured|made) (?:me )?(?:for|to "
             r"send|to take) (?:nudes|naked (?:pics|pictures|photos|selfies)|pics of me naked|sexy (?:pics|photos)|"
             r"pics of my body|photos of my body)\b"
             r"|\b(?:grown|older|adult) (?:man|woman|guy|person|men)\b[a-z ]{0,40}\b(?:meet|secret|nudes|pics|photos|"
             r"sex|my address|come over|pick me up)\b"),
          needs=_r(r"\bi am (?:only |just |barely )?" + _AGE_MINOR + r"\b(?! (?:minutes|mins|hours|seconds|percent|"
                   r"pounds|kg|stone|weeks|months|days|quid|dollars|euros|times))|\b(?:teacher|coach|tutor|my "
                   r"(?:uncle|stepdad)|year [5-9]|year 1[01]|in (?:primary|middle|junior high|high school|secondary))\b"
                   r"|\b(?:grown|older|adult) (?:man|woman|guy|person|men)\b")),
    _Rule("child_abuse", "made to keep what is done to them a secret",
          _r(r"\b(?:makes|made|making|tells|told|telling|forces|forced|wants|asks|asked) me (?:to )?(?:keep|promise to keep)\b"
             r"[a-z ]{0,30}\bsecrets?\b|\b(?:our|a) (?:little |special )?secret\b"),
          needs=_r(r"\bwhat (?:he|she|they) (?:does|did|do|has done|is doing|keeps doing) (?:to|with) me\b|\b(?:touch\w*|"
                   r"in my (?:room|bed)|when (?:no one|nobody) is (?:home|around|looking)|private parts|down there|"
                   r"undress\w*|clothes off|naked)\b"
                   # a kiss kept secret is the grooming when the kisser is an adult in charge
                   r"|\b(?:teacher|coach|tutor|uncle|stepdad|step dad|priest|youth leader|instructor|(?:grown|older|adult) "
                   r"(?:man|woman|guy)|mum s boyfriend|mums boyfriend)\b[a-z ]{0,25}\bkiss(?:ed|es|ing)? me\b"),
          # not silenced by a story word: "after class" is where it happens
          not_in_text=_r(r"\b(?:surprise|party|present|gift|birthday|christmas|secret santa|recipe|spoiler)\b"),
          gentle=True),
    # A child under 16 with an adult partner is abuse wherever the person lives (ages of consent
    # differ above that, so 16 and 17 are left alone), whichever of the two is speaking.
    _Rule("child_abuse", "a child under 16 with an adult partner",
          _r(r"\b(?:boyfriend|girlfriend|bf|gf|partner|dating|date|dated|seeing|going out with|relationship|talking to|"
             r"sleeping with|slept with|hooking up|hooked up|kissed|kissing|sex|in love|married|engaged|sexting)\b"),
          needs=_r(r"\b(?:i am|she is|he is|they are|who is|(?:boyfriend|girlfriend|bf|gf|partner|daughter|son|sister|"
                   r"brother|niece|nephew|kid|child) is|a|an) (?:only |just |barely )?" + _AGE_UNDER_16 + _NOT_AN_AGE),
          needs_also=_r(r"\b(?:i am|she is|he is|they are|who is|(?:boyfriend|girlfriend|bf|gf|partner|guy|man|woman) is|"
                        r"a|an|my) (?:like |about |nearly |almost |over )?" + _AGE_ADULT + _NOT_AN_AGE
                        + r"|\b(?:he|she|they) (?:is|are) in (?:his|her|their) (?:twenties|thirties|forties|fifties)\b"),
          fiction_sensitive=True),
    _Rule("child_abuse", "sexual pictures to or of a child",
          _r(r"\b(?:sends|sent|sending|shows|showed|showing|keeps sending|keeps showing) me (?:pics|pictures|photos|"
             r"videos|vids|selfies|snaps|images)\b[a-z ]{0,30}\b(?:naked|nude|with no clothes|without (?:any )?clothes|in "
             r"(?:his|her) (?:underwear|pants|boxers)|of (?:his|her) (?:privates|private parts|dick|penis|body))\b"
             r"|\b(?:sends|sent|sending|shows|showed|showing) me (?:porn|nudes|dick pics|explicit (?:pics|pictures|photos|"
             r"videos|stuff))\b"),
          needs=_r(r"\b(?:teacher|coach|tutor|uncle|stepdad|step dad|stepfather|priest|youth leader|instructor|"
                   r"(?:grown|older|adult) (?:man|woman|guy|person)|mum s boyfriend|mums boyfriend|babysitter|neighbour|"
                   r"family friend|cousin|dad s friend)\b|\bi am (?:only |just )?" + _AGE_MINOR + _NOT_AN_AGE),
          fiction_sensitive=True),
    _Rule("child_abuse", "looked at sexual images of children",
          _r(r"\b(?:pictures|pics|photos|images|videos|vids|porn|material|content|stuff) (?:of|with|involving) "
             r"(?:kids|children|minors|underage \w+|little (?:girls|boys|kids)|young (?:girls|boys|kids|children)|"
             r"(?:a |\w+ )?(?:year old|year olds)|teens under \w+)\b|\b(?:child porn|child pornography|csam)\b"),
          needs=_r(r"\b(?:should not|shouldn t|illegal|sexual\w*|naked|nude|porn\w*|ashamed|disgusted (?:with|at) "
                   r"myself|addicted|can not stop|turned on|aroused|downloaded|csam)\b"),
          not_in_text=_r(r"\b(?:report\w*|safeguarding|police found|news|article|documentary|school|consent forms?)\b"),
          fiction_sensitive=True),
    _Rule("child_abuse", "a child hurt by someone at home",
          _r(r"\b(?:hurting|hurts|hurt|hitting|hits|hit|beating|beats|beat|kicks|kicking|kicked|slaps|slapping|slapped|"
             r"abusing|abuses|abused|starving|starves|burns|burned|burnt|chokes|choked|locks up|locked up) (?:his|her|their|"
             r"the|my|our) (?:little |baby |own |young )?(?:kids?|children|child|son|daughter|baby|babies|toddler|"
             r"little (?:brother|sister)|stepson|stepdaughter|stepkids|grandkids|grandson|granddaughter)\b"),
          not_before=_r(r"\b(?:ball|car|door|accident\w*|accidentally)\s*$"),
          not_after=_r(r"^ (?:with (?:a |the )?(?:pillow|ball|toy|frisbee|snowball|water)|by accident|accidentally|"
                       r"in (?:a|the) (?:game|play fight|tickle fight)|playing|at (?:chess|cards|games?)|feelings)\b"),
          not_in_text=_r(r"\b(?:game|games|play fight\w*|playing|tickl\w*|pillow fight|by accident|accidentally|"
                         r"feelings|film|show|book)\b")),
    _Rule("child_abuse", "an adult at home crossing a child's boundaries",
          _r(r"\b(?:makes|made|forces|forced|keeps making|wants) me (?:to )?watch (?:porn|sex \w+|dirty (?:videos|films|"
             r"movies|stuff)|(?:those|that|these) (?:kind|kinds|sort) of (?:videos|films|movies|stuff)|videos of (?:people )?"
             r"(?:having sex|naked))\b"
             r"|\b(?:gets|got|climbs|climbed|comes|came) into (?:my )?bed with me\b|\b(?:comes|came|walks|walked|keeps "
             r"coming) (?:in|into) (?:the bathroom|my room|my bedroom) when i am (?:in the shower|in the bath|changing|"
             r"getting dressed|undressed|naked|asleep)\b"),
          needs=_r(r"\b(?:dad|father|stepdad|step dad|stepfather|mum|mother|mom|uncle|aunt|grandad|grandfather|grandpa|"
                   r"brother|step brother|stepbrother|cousin|babysitter|coach|teacher|tutor|priest|mum s boyfriend|"
                   r"mums boyfriend|mom s boyfriend|family friend|lodger|he|she)\b"),
          needs_also=_r(r"\b(?:hate|scared|afraid|uncomfortable|weird|wrong|creepy|do not like|does not stop|will not "
                        r"stop|keeps|every night|at night|when (?:mum|mom|dad|everyone|no one|nobody)|with him|with her|"
                        r"do not want|secret|tell|i am " + _AGE_MINOR + r"\b)\b"),
          not_in_text=_r(r"\b(?:nightmare|thunder|storm|sick|ill|fever|baby|toddler|cuddle|film night|movie night)\b"),
          gentle=True),
    _Rule("child_abuse", "made to do sexual things as a child",
          _r(r"\b(?:made|make|makes|used to make|would make|forced|forces|got) me (?:to )?(?:do|touch) (?:things|stuff|it|"
             r"sexual \w+) (?:to|for|with|on) (?:him|her|them)\b|\bmade me touch (?:him|her|them|his|her)\b"),
          needs=_r(r"\b(?:when i was (?:little|young|small|a (?:kid|child|boy|girl)|" + _AGE_MINOR + r")|as a (?:kid|child)|"
                   r"i (?:was|am) (?:only )?" + _AGE_MINOR + r"|uncle|cousin|stepdad|step dad|stepfather|stepbrother|"
                   r"babysitter|grandad|grandfather|grandpa|coach|teacher|priest|family friend|older (?:boy|girl|kid|man))\b"),
          fiction_sensitive=True),
    _Rule("sexual_assault", "rape or sexual assault said",
          _r(r"\b(?:i (?:was|got|have been|am being|had been|think i was|think i got|might have been)|i ve been|been)"
             r" (?:raped|sexually assaulted|sexually abused|sexually attacked|groped|assaulted)\b"
             r"|\b(?:raped|groped|sexually assaulted|sexually abused|sexually attacked) me\b"),
          not_after=_r(r"^ (?:by (?:the )?(?:traffic|news|emails?|work|ads|adverts|noise|questions)|at (?:chess|cards|games?))\b"),
          mention_sensitive=True, fiction_sensitive=True),
    _Rule("sexual_assault", "sex while unable to consent",
          _r(r"\b(?:had sex with|did (?:stuff|things|it|something) to|touched|undressed|took (?:off )?my clothes(?: off)?|"
             r"was on top of|slept with|was inside|got on top of|filmed) me\b[a-z ]{0,25}\b(?:while|when|as|after|"
             r"even though) i (?:was |had )?(?:passed out|asleep|sleeping|unconscious|blacked out|black out|drunk|"
             r"out of it|too drunk|could not move|froze|frozen|high|drugged|not awake|crying|saying no)\b"
             r"|\bwoke up (?:with|and|to) (?:him|her|them|someone|somebody|a (?:man|guy|woman|stranger)|my [a-z]+) "
             r"(?:on top of me|inside me|touching me|having sex|undressing me|with his hands)\b"
             r"|\bwoke up naked (?:in|next to|at)\b[a-z ]{0,30}\b(?:do not|can not|could not) remember\b")),
    _Rule("sexual_assault", "forced or pressured into sex",
          _r(r"\b(?:forced|forcing|forces|pressured|pressuring|pressures|coerced) (?:himself|herself|themselves) on me\b"
             r"|\b(?:forced|forcing|forces|force|pressured|pressuring|coerced|made|makes|make|held me down and made) me "
             r"(?:to )?(?:have sex|do (?:sexual|sex) (?:stuff|things)|do sexual|give (?:him|her) (?:head|a blow ?job|oral)|"
             r"perform (?:oral|sexual)|into sex|sleep with (?:him|her|them)|have intercourse|touch (?:him|his|her) "
             r"(?:there|privates|private|down))\b"
             r"|\bi said no\b[a-z ]{0,20}\b(?:but|and) (?:he|she|they) (?:kept going|did it anyway|did not stop|carried "
             r"on|held me down|would not stop|still did it|went ahead|forced)\b"
             r"|\b(?:grabbed|grabbing|grabs|touched|touching|touches|squeezed|groped|groping) (?:me |my )?(?:on (?:my|the) )?"
             r"(?:breasts?|boobs?|crotch|ass|arse|bum|butt|private parts|privates|between my legs|genitals)\b"
             r"|\b(?:hand|hands|fingers) (?:down|up|inside|in|under) my (?:pants|trousers|skirt|shirt|top|dress|knickers|"
             r"underwear|jeans|shorts|bra)\b|\b(?:exposed himself|exposed herself|flashed me|masturbated in front of me)\b"),
          not_in_text=_r(r"\b(?:pocket|wallet|phone|keys|doctor|nurse|examination|check up|smear|scan|massage "
                         r"therapist|tickl\w*|film|show|game|joke|joking)\b")),
    _Rule("sexual_assault", "did not stop after a no",
          _r(r"\b(?:he|she|they|someone|somebody|my [a-z]+|a (?:man|guy|woman))\b (?:did not|would not|never|refused to|"
             r"just did not|still did not) stop (?:when|after|even though|even when) i (?:said|told (?:him|her|them)|"
             r"asked|begged|was (?:saying|crying|screaming)|kept saying)\b"
             r"|\bi (?:did not|never|didn t) (?:consent|say yes|agree)\b(?=[a-z ]*\b(?:sex|sexual|touch\w*|kiss\w*|"
             r"slept|bed|clothes|hooked up|inside|on top|forced|themselves on me|himself on me|herself on me)\b)"
             r"|\bwithout my consent\b(?=[a-z ]*\b(?:sex|sexual|touch\w*|kiss\w*|slept|bed|clothes|inside|on top)\b)"),
          not_in_text=_r(r"\b(?:tickl\w*|game|play\w*|joke|joking|teas\w*|talking|music|singing|texting|calling|"
                         r"messaging|asking|photo|posted|car|bus|driving|speed)\b"), gentle=True),
    _Rule("sexual_assault", "drugged and harmed",
          _r(r"\b(?:drugged|spiked|roofied)\b|\b(?:put|putting|slipped|slipping|dropped) (?:something|a pill|pills|drugs|"
             r"stuff) (?:in|into) my (?:drink|drinks)\b"),
          needs=_r(r"\b(?:woke up|can not remember|do not remember|could not remember|in (?:his|her|their|a stranger s|"
                   r"someone s) (?:bed|room|flat|house|car)|naked|my clothes|hurts down there|assault\w*|raped|touched|"
                   r"took advantage)\b"),
          not_in_text=_r(r"\b(?:dog|cat|vet|horse|film|show|game|joke)\b")),

    # ----- danger or abuse at home -----------------------------------------------------------
    _Rule("danger_at_home", "being hurt by someone close",
          _r(r"\b(?:he|she|they|my " + FAMILY + r"|my (?:mum s|dads?) (?:boyfriend|girlfriend|partner))"
             r" (?:always |often |sometimes |still |keeps? |has |have |had |just |again )*(?:hits|hit|hitting|"
             r"beats|beat|beating|punches|punched|punching|kicks|kicked|kicking|slaps|slapped|slapping|"
             r"chokes|choked|choking|strangles|strangled|pushed|pushes|shoves|shoved|hurts|hurt|hurting|"
             r"abuses|abused|abusing|rapes|raped|raping|threatens|threatened|threatening|burns|burned|"
             r"grabbed|grabs|bit|bites|locked|locks|attacks|attacked|assaulted|batters|battered|"
             r"throws things at|threw things at|threw a \w+ at|grabbed me by|pins|pinned|drags|dragged|"
             r"forces|forced himself on|forced herself on|spits on|spat on|bruised) me\b"),
          not_after=_r(r"^ (?:at|in|to|with (?:a |the )?(?:pillow|snowball|ball|joke|question|water|cushion)|"
                       r"up (?:on|about|for)|off|back|with the news|feelings|by (?:a )?(?:point|goal))\b"
                       r"|^ (?:out|over) (?:of|to)?"),
          not_in_text=_r(r"\b(?:by accident|accidentally|playing|play fighting|toy|tickl\w*|joking|jokingly|"
                         r"in a game|pillow fight|snowball|always fighting|we fight|we were fighting|play fight\w*|"
                         r"wrestl\w*)\b")),
    _Rule("danger_at_home", "unwanted touching or night visits",
          _r(r"\b(?:he|she|they|my " + FAMILY + r"|my (?:mum s|mums|dads?) (?:boyfriend|girlfriend|partner))"
             r" (?:always |keeps? |still |sometimes )?(?:touches me|touched me|touching me|comes into my (?:room|bed)|came "
             r"into my (?:room|bed)|gets into my bed|makes me do things|makes me touch)\b"),
          not_after=_r(r"^ (?:on (?:the|my) (?:shoulder|arm|hand|back)|gently|to say)\b"),
          not_in_text=_r(r"\b(?:to say goodnight|to wake me|with (?:a )?(?:cup|tea|breakfast)|hug|"
                         r"comforts?|cuddl\w*)\b")),
    _Rule("danger_at_home", "threatened with death",
          _r(r"\b(?:threatened|threatens|threatening|threaten) to (?:kill|hurt|hit|beat|stab|shoot) (?:me|us|"
             r"the kids|my (?:kids|children|dog))\b|\b(?:says|said|told me|swears|swore|screams|screamed)"
             r" (?:that )?(?:he|she|they) (?:will|would|is going to|are going to|was going to|going to|"
             r"can|could) (?:kill|hurt|beat|stab|shoot|murder|end) (?:me|us)\b"
             r"|\b(?:says|said|told me|threatens|threatened|swears|swore|warned me)\b[a-z ]{0,30}\b(?:he|she|"
             r"they) (?:will|would|is going to|are going to|going to|ll) (?:kill|hurt|beat|stab|shoot|"
             r"murder|find) me\b"
             r"|\bif i (?:leave|tell|go|call|report|talk|try to leave|ever leave|tell anyone)\b[a-z ]{0,25}\b"
             r"(?:he|she|they|my [a-z]+) (?:will|would|is going to|are going to|going to) (?:kill|hurt|"
             r"beat|find|stab|shoot) (?:me|us|the kids)\b"),
          not_in_text=_r(r"\b(?:tattoo|piercing|pierced|haircut|dyed|grades?|report|results?|exam|late|curfew|dent|"
                         r"scratch|broke (?:the|his|her|my)|lost (?:the|his|her|my)|spent|the bill|bill|party|"
                         r"failed|detention|crashed the)\b"),
          overrides=_r(r"\b(?:hits|hit|beats|beat|hurts|hurt|bruises?|knife|gun|scared|terrified|afraid|strangle\w*|"
                       r"choke\w*|last time|again)\b")),
    _Rule("danger_at_home", "afraid at home",
          _r(r"\b(?:scared|afraid|frightened|terrified|too scared|too afraid) (?:to (?:go|come) (?:back )?home|"
             r"of going (?:back )?home|to be at home|of being at home|of my " + FAMILY + r"\b|"
             r"(?:that )?(?:he|she|they|my " + FAMILY + r") (?:will|is going to|are going to|might|"
             r"would|is gonna|could) (?:hurt|kill|hit|beat|find)|(?:of )?what (?:he|she|they) (?:will|might)"
             r" do)"),
          not_in_text=_r(r"\b(?:report card|school report|my report|grades?|results?|exam|late|curfew|the bill|dent|"
                         r"scratch|tattoo|piercing|haircut|dyed|detention)\b"),
          overrides=_r(r"\b(?:hits|hit|beats|beat|hurts|hurt|bruises?|kill|knife|drunk|strangle\w*|choke\w*)\b")),
    _Rule("danger_at_home", "unsafe at home",
          _r(r"\b(?:not|never|do not feel|do not) (?:feel )?safe (?:at home|in my (?:own )?(?:home|house|flat)|"
             r"in this house|with (?:him|her|them|my " + FAMILY + r"))\b|\bunsafe (?:at home|in my)\b")),
    _Rule("danger_at_home", "controlled or confined",
          _r(r"\b(?:will not|does not|did not|never|won t|refuses to) let me (?:leave|go out|out of the house|"
             r"see (?:my )?(?:friends|family|anyone)|have (?:any |my own )?money|use (?:my |the )?phone|"
             r"talk to anyone|go anywhere|eat|sleep|have my phone)\b|\blocked me (?:in|out)\b(?! of (?:the|my) "
             r"(?:house|flat|car|room|account|laptop|phone)\b[a-z ]{0,10}\b(?:by accident|accidentally|by mistake))"
             r"|\b(?:keeps|kept) me locked\b"
             r"|\b(?:he|she|they|my " + FAMILY + r") (?:always |keeps? )?(?:takes|took|checks|smashed|smashes|"
             r"controls|hides|hid|broke) (?:my phone|my money|all (?:my|the) money|my bank cards?|my keys|"
             r"my passport|my medication)\b"),
          not_after=_r(r"^ (?:early|until|till|before|without|on my own|alone at night)\b"),
          not_in_text=_r(r"\b(?:boss|manager|teacher|dog|cat|puppy|baby|rain|weather|traffic|work|job|school|"
                         r"doctor|nurse|hospital|coach|game|landlord|for me|so i do not lose|for safe keeping|"
                         r"safe for me|because i asked|to (?:fix|mend|repair|charge|update|the shop|the bank|"
                         r"the post office)|so i do not|to stop me (?:scrolling|staying up)|(?:i was|i am) on it too much|"
                         r"screen time|grounded|as a punishment|for a (?:day|week|weekend))\b")),
    _Rule("danger_at_home", "abuse",
          _r(r"\b(?:i am|i have been|i was|i am being|being) (?:abused|raped|assaulted|beaten|hit)\b"
             r"|\babusive (?:partner|husband|wife|boyfriend|girlfriend|relationship|home|dad|father|"
             r"mum|mother|family)\b|\bdomestic (?:violence|abuse)\b"
             r"|\b(?:someone|somebody) (?:at home|in my (?:house|home|family)) (?:is )?(?:hurting|hitting|"
             r"abusing|touching) me\b"),
          not_after=_r(r"^ (?:by (?:the )?(?:traffic|news|emails?|work)|at (?:chess|cards|games?))\b"),
          fiction_sensitive=True, mention_sensitive=True),

    _Rule("danger_at_home", "hurt or threatened by someone close (more acts)",
          _r(r"\b(?:he|she|they|my " + FAMILY + r"|the " + FAMILY + r"|my (?:mum s|dads?) (?:boyfriend|girlfriend|partner))"
             r" (?:[a-z]+ (?:at )?me and |[a-z]+ and )?(?:always |often |sometimes |still |keeps? |has |have |had |just |"
             r"again |even |also )*(?:pinches|pinched|"
             r"pinching|twists|twisted|squeezes|squeezed|shakes|shook|headbutted|bites|stamped on|stamps on|"
             r"burns|scalded|kicked|kicks|throws|threw|pushes|pushed|shoves|shoved|smacks|smacked|whacks|whacked|"
             r"strangled|chokes|choked|spits at|held|holds|pinned|pins|locks|locked|ties|tied|hurts|hit|hits|"
             r"slaps|slapped|punches|punched|beats|beat|grabs|grabbed|drags|dragged|threatens|threatened|"
             r"leaves|left|starves|starved) (?:me|my (?:arms?|wrists?|neck|throat|hair|face|legs?|hand|hands))\b"
             r"(?:[a-z ]{0,40}\b(?:bruise\w*|marks|bleed\w*|hurt\w*|throat|neck|against the wall|down the stairs|"
             r"when nobody|when no one|so no one|on the floor|in my room|in the house|without food|in my own mess|"
             r"for hours|for days|all day|by the hair|black and blue|scared|afraid|terrified|cry|crying)\b)"),
          not_in_text=_r(r"\b(?:by accident|accidentally|playing|play fighting|toy|tickl\w*|joking|jokingly|game|"
                         r"pillow|snowball|hug\w*|cuddl\w*|dance|dancing)\b")),
    _Rule("danger_at_home", "kept without money, phone or freedom",
          _r(r"\b(?:he|she|they|my " + FAMILY + r")\b[a-z ]{0,30}\b(?:takes|took|has taken|keeps|kept|controls|"
             r"has|hides|hid|holds|steals|stole|has stolen|is taking|uses|spends|empties|emptied) (?:all )?"
             r"(?:of )?(?:my (?:pension|benefits|bank cards?|cards?|wages|pay|savings|money|passport|documents|"
             r"id|phone|keys|car keys|hearing aid|glasses|walking stick|frame|wheelchair|pills|medication|food)|"
             r"all (?:my|the) money)\b"
             r"(?![a-z ]{0,30}\b(?:to (?:fix|mend|repair|charge|update|the (?:bank|shop|post office))|for me|"
             r"when i ask|so i do not lose|safe for me|for safe keeping|to help|because i asked|because i was on it|"
             r"for (?:the|a) (?:night|day|weekend|week)|until (?:i finish|my homework))\b)"
             r"|\b(?:i am|i am not|not) (?:never |not )?allowed (?:to )?(?:leave the (?:house|flat|home|room)|go out(?: at all| "
             r"alone| on my own| without (?:him|her|them))|see (?:my )?(?:friends|family|anyone|my [a-z]+)|"
             r"have (?:my own |any |a )?(?:money|phone|key|keys|bank card)|use the phone|call anyone|talk to "
             r"anyone|eat (?:until|unless|without))\b"
             r"|\b(?:i am|i have been|i was|been|i get|i got|keeps me) locked in (?:the|my|a|this) (?:flat|house|room|"
             r"bedroom|home|bathroom|shed|cellar|basement)\b(?![a-z ]{0,20}\b(?:by accident|myself|for peace))"),
          not_in_text=_r(r"\b(?:school night|homework|grounded|curfew|after dark|hospital|ward|doctor|nurse says|"
                         r"covid|isolat\w*|quarantine|the rules|the care home rules|till i am better|until i am "
                         r"better|exam|teacher|boss|manager|work|job|game|fix|broken|repair|so i do not|to stop me "
                         r"(?:scrolling|staying up)|at bedtime|when i go to sleep)\b")),
    _Rule("danger_at_home", "silenced by a threat",
          _r(r"\bif i (?:ever )?(?:tell|told|say|said|speak|spoke|call|called|ring|rang|report|reported|leave|left|"
             r"try to leave|go to) (?:anyone|anybody|someone|the police|social services|my [a-z]+|you|a soul|"
             r"the doctor)\b[a-z ]{0,40}\b(?:he|she|they|it) (?:will|would|is going to|are going to|will make|"
             r"would make|said|says)\b[a-z ]{0,25}\b(?:regret|sorry|pay|hurt|kill|suffer|kick me out|throw me out|"
             r"put me in a home|take the kids|never see|worse|beat|hit|do something)\b"
             r"|\b(?:told|tells|said|made me promise|warned) (?:me )?(?:not to|never to|i must not|i can not|i am not to) "
             r"(?:tell|say|speak)\b[a-z ]{0,20}\b(?:anyone|anybody|mum|dad|my mum|my dad|the teacher|the police|"
             r"a soul|or (?:else|he|she|they))\b"),
          not_in_text=_r(r"\b(?:surprise|party|present|gift|birthday|christmas|secret santa|spoiler|ending|"
                         r"engaged|pregnant|pregnancy|results?|the score|exam|propos\w*|announcement|news|wedding|"
                         r"baby|tattoo|piercing)\b")),
    _Rule("danger_at_home", "cannot go home for fear",
          _r(r"\b(?:scared|afraid|frightened|terrified|dread\w*|can not|could not|do not want to|dare not|daren t|"
             r"too scared to|not going|will not go|hiding|sleeping|slept|staying) (?:to |of )?(?:go |going |come |"
             r"coming |be |being |stay |in the car|at a friend s|in the park|outside)?(?:back )?(?:home|house|in the "
             r"house|at home|car|park)?\b[a-z ]{0,50}\b(?:(?:he|she|they|my " + FAMILY + r") (?:will|would|is going "
             r"to|might|is|was|gets|get|got) (?:kill|hurt|hit|beat|go mad|lose it|drunk|violent|raging|angry|mad|"
             r"furious|kick off)\b|(?:he|she|they|my " + FAMILY + r") (?:hits|hit|beats|hurts|hurt|kicks|"
             r"threatened|threatens)\b|what (?:he|she|they) (?:will|might|would) do\b)"),
          not_in_text=_r(r"\b(?:late|grades|report card|results|the bill|the dent|scratch on|homework|"
                         r"surprise|broke (?:the|his|her)|lost (?:the|his|her))\b")),
    _Rule("danger_at_home", "someone threatening at the door",
          _r(r"\b(?:someone|somebody|a man|a woman|men|people|he|she|they|my ex|his mates|her mates|a group|"
             r"a gang|some (?:lads|men|guys))\b[a-z ]{0,20}\b(?:is |are |keeps? |has been |have been |was |were )?"
             r"(?:banging|hammering|pounding|kicking|trying to (?:get|break|force) (?:in|the door)|trying the "
             r"(?:door|handle|windows?)|waiting outside|outside (?:my|the) (?:door|house|flat|window)|at (?:my|the) "
             r"(?:door|window))\b[a-z ]{0,60}\b(?:going to (?:get|kill|hurt|do|beat|stab|burn)|(?:kill|hurt|get|"
             r"stab) (?:me|us)|threat\w*|scared|terrified|frightened|afraid|"
             r"break (?:the door|in|it down|the window)|knife|weapon|gun|help me|hiding)\b"),
          not_in_text=_r(r"\b(?:delivery|parcel|postman|courier|trick or treat|halloween|carol\w*|survey|selling|"
                         r"salesman|canvass\w*|jehovah\w*|leaflets?|"
                         r"builders?|scaffold\w*|window cleaner|meter reading|film|game|dream)\b")),
    _Rule("danger_at_home", "violence against a parent at home",
          _r(r"\b(?:my|our) (?:mum s|mums|mom s|dad s|dads|nan s|nans) (?:boyfriend|girlfriend|partner|husband|new "
             r"(?:boyfriend|partner))\b (?:always |keeps |still |often |sometimes )*(?:hits|hit|beats|beat|hurts|hurt|"
             r"kicks|kicked|punches|punched|slaps|slapped|chokes|choked|strangles|strangled|throws|threw|pushes|"
             r"pushed|batters|battered) (?:her|him|my mum|my dad|mum|dad|us|my nan)\b"
             r"|\b(?:my |our )?(?:dad|stepdad|father|stepfather) (?:always |keeps |still |often |sometimes )*(?:hits|beats|"
             r"hurts|kicks|punches|slaps|chokes|strangles|batters) (?:my mum|mum|my mom)\b"),
          not_in_text=_r(r"\b(?:accident\w*|game|playing|pillow|joke|joking|snowball)\b")),
    _Rule("danger_at_home", "a child being hurt",
          _r(r"\b(?:he|she|they|(?:my|his|her|their|the) (?:dad|father|mum|mother|stepdad|stepfather|stepmum|"
             r"stepmother|boyfriend|girlfriend|husband|wife|partner|ex|uncle|aunt|grandad|grandfather|grandma|"
             r"grandmother|parents|carer|carers|care worker|babysitter|childminder|nanny|mum s boyfriend|"
             r"dad s girlfriend|mum s boyfriend|mums boyfriend|mum s partner|mums partner))\b (?:always |keeps |still |often |"
             r"sometimes )*(?:hits|hit|beats|beat|kicks|kicked|punches|punched|slaps|slapped|burns|burned|throws|"
             r"threw|shakes|shook|chokes|whips|whipped|belts|belted|locks|locked|starves|starved|hurts|hurt) "
             r"(?:my|his|her|their|the) (?:little |baby |youngest |eldest |two year old |toddler )?(?:brother|sister|"
             r"son|daughter|kids?|children|child|boy|girl|baby|grandson|granddaughter|grandkids|grandchildren|"
             r"toddler|mum|nan|gran|grandma)\b(?![a-z ]{0,20}\b(?:back|by accident|accidentally|at (?:football|tennis|cricket)|in the game|"
             r"with a (?:ball|pillow|toy))\b)"
             r"|\b(?:child|kid|boy|girl|son|daughter|baby|grandson|granddaughter|toddler|brother|sister)\b[a-z ]{0,25}"
             r"\b(?:has|had|have|always has|keeps getting|gets|comes (?:to school|round|over) with|turns up with|is "
             r"covered in|covered in) (?:new |more |fresh |awful |terrible )?(?:bruises|burns|cigarette burns|marks|"
             r"black eyes?|a black eye|welts|belt marks)\b[a-z ]{0,40}\b(?:all the time|always|again|every|dad|mum|"
             r"father|mother|stepdad|boyfriend|scream\w*|shout\w*|hit|hits|beat\w*|scared|afraid|will not say|"
             r"says (?:he|she) fell)\b"),
          not_in_text=_r(r"\b(?:football|rugby|playing|play|fell off|trampoline|bike|park|sport\w*|nursery said|"
                         r"told (?:him|her|them) off|telling (?:him|her|them) off|fight\w* with each other|"
                         r"siblings? fight|game|film|show)\b")),

    # ----- harm to others ----------------------------------------------------------------------
    _Rule("harm_to_others", "intends to harm another person",
          _r(r"\b(?:i|i am|i have|i really|i just|i seriously|i honestly)\s?(?:really |seriously |just |"
             r"honestly |actually |keep )?" + INTENT + r" (?:really |just |go and |go )?" + HARM_VERBS
             + r" " + PEOPLE + r"\b"),
          not_after=_r(r"^ (?:at (?:chess|cards|games?|tennis|football|golf)|in (?:a |the )?(?:race|game|"
                       r"match|argument)|with (?:kindness|love|a pillow))\b"),
          not_in_text=_HYPERBOLE, overrides=_SERIOUS),
    # The same words as everyday exasperation ("lol", a trivial reason): the direct question, which
    # names harm to others, rather than the crisis script.
    _Rule("harm_to_others", "says they will harm another person, as if joking",
          _r(r"\b(?:i|i am|i have|i really|i just|i seriously|i honestly)\s?(?:really |seriously |just |"
             r"honestly |actually |keep )?" + INTENT + r" (?:really |just |go and |go )?" + HARM_VERBS
             + r" " + PEOPLE + r"\b"),
          not_after=_r(r"^ (?:at (?:chess|cards|games?|tennis|football|golf)|in (?:a |the )?(?:race|game|"
                       r"match|argument)|with (?:kindness|love|a pillow))\b"), gentle=True),
    _Rule("harm_to_others", "attack on a school, workplace or crowd",
          _r(r"\b(?:i|we|me and [a-z]+)\b[a-z ]{0,25}\b(?:" + INTENT + r"|will|have a plan to|am going to|"
             r"are going to)\b[a-z ]{0,15}\b(?:shoot|shooting|shoot up|bomb|bombing|blow up|blowing up|attack|"
             r"attacking|stab|stabbing|burn down|burning down|set fire to|torch|massacre|kill|killing|gas|"
             r"poison|run over|drive into|make (?:them|everyone|everybody) pay|take out)\b[a-z ]{0,30}\b(?:"
             r"school|college|uni|university|class|classroom|office|workplace|church|mosque|synagogue|temple|"
             r"mall|shopping centre|concert|crowd|assembly|playground|canteen|cafeteria|hospital|station|"
             r"parade|rally|festival|everyone|everybody|them all|all of them|the lot of them|as many as)\b"
             r"|\bi (?:am going to |will |want to |am gonna |plan to |might |am thinking about |have been thinking "
             r"about |keep thinking about |am )?(?:bring|take|bringing|taking|sneak|sneaking|carry|carrying) (?:a |my "
             r"|my dads? |my fathers? |the |some )?(?:gun|guns|knife|knives|rifle|shotgun|bomb|bombs|weapon|"
             r"weapons|machete|pistol|explosives?)\b[a-z ]{0,10}\b(?:to|into|in) (?:school|college|class|the "
             r"office|uni|church|the mall|assembly|the concert)\b"),
          not_after=_r(r"^ (?:in (?:the |a )?(?:game|match|fortnite|call of duty|minecraft))"),
          not_in_text=_r(r"\b(?:game|fortnite|call of duty|minecraft|roblox|paintball|nerf|water gun|"
                         r"laser tag|photos?|pictures?|film|scene|the goal|basketball|hoops|penalt\w*|"
                         r"attack the day|attack the problem|fire drill|kill it|killing it|smash it|smashing it|nail it|"
                         r"exams?|tests?|presentation|interview|audition|competition)\b"), fiction_sensitive=True),
    _Rule("harm_to_others", "wants another person dead",
          _r(r"\bi (?:want|wish|would like|need) " + PEOPLE + r" (?:to be )?dead\b")),
    _Rule("harm_to_others", "weapon against another person",
          _r(r"\b(?:knife|gun|weapon|bat|hammer|axe)\b[a-z ]{0,40}\b(?:use it|use them) on (?:him|her|them|"
             r"someone|people)\b")),
    _Rule("harm_to_others", "armed for revenge",
          _r(r"\b(?:bought|got|have|carrying|took|brought|sharpened) (?:a |my |the )?(?:knife|gun|weapon|bat|"
             r"machete|blade|hammer|axe)\b[a-z ]{0,20}\b(?:to|for|so i can) (?:get back at|get even with|"
             r"deal with|teach|sort out|use on|go after|get|kill|hurt|stab|shoot)\b"),
          not_in_text=_r(r"\b(?:kitchen|cooking|camping|fishing|garden|hunting licen[cs]e|dinner)\b")),
    _Rule("harm_to_others", "serious threat to harm another person",
          _r(r"\bi could (?:really )?(?:kill|hurt|stab|shoot|strangle) " + PEOPLE + r"\b"
             r"(?=[a-z ]*\b(?:i mean it|i am serious|for real|seriously|not joking|i really will|i will do it|"
             r"and i will|i have a (?:knife|gun)))")),
    _Rule("harm_to_others", "intrusive urges to harm another person",
          _r(r"\b(?:thoughts|images|urges?) (?:of|about) " + HARM_VERBS + r" " + PEOPLE + r"\b")),

    _Rule("harm_to_others", "intends to go and harm someone",
          _r(r"\b(?:i|i am|i have)\s?(?:really |seriously |just |honestly |actually )?" + INTENT +
             r" (?:go |come |get )?(?:round|over|up|down|back)?(?: there| to (?:his|her|their) (?:house|flat|place|work))?"
             r"(?: and| to)? (?:find (?:him|her|them) and |wait for (?:him|her|them) and )?" + HARM_VERBS
             + r" " + PEOPLE + r"\b"
             r"|\b(?:i|i am|i have)\s?(?:really |seriously |just |honestly |actually )?" + INTENT +
             r" (?:go |come |get |wait |hang around |sit |be )[a-z ]{0,30}? and " + HARM_VERBS + r" " + PEOPLE + r"\b"),
          not_after=_r(r"^ (?:at (?:chess|cards|games?|tennis|football|golf|pool|darts|scrabble)|in (?:a |the )?"
                       r"(?:race|game|match|argument|quiz))\b"),
          not_in_text=_r(r"\b(?:game|chess|quiz|match|tennis|football|golf|darts|pool|scrabble|race)\b")),
    _Rule("harm_to_others", "revenge with a target",
          _r(r"\b(?:make (?:him|her|them|that [a-z]+|the [a-z]+|my [a-z]+) (?:pay|suffer|regret it|bleed)|get back at|get "
             r"even with|teach (?:him|her|them) a lesson|sort (?:him|her|them) out|do (?:him|her|them) in|"
             r"have (?:him|her|them) done in|get (?:him|her|them) back)\b[a-z ]{0,60}\b(?:know where (?:he|she|"
             r"they) (?:live|lives|works?|parks?|drinks?|goes)|(?:knife|gun|blade|machete|bat|hammer|weapon|"
             r"acid|petrol)|hurt|kill|bleed|blood|break (?:his|her|their)|never (?:walk|forget)|end (?:him|her|"
             r"them)|i swear|mark my words)\b"
             r"|\b(?:know where (?:he|she|they) (?:live|lives)|found out where (?:he|she|they) (?:live|lives))\b"
             r"[a-z ]{0,40}\b(?:make (?:him|her|them) pay|going to (?:hurt|get|kill|stab|do)|get (?:him|her|them)|"
             r"pay for|teach (?:him|her|them)|knife|gun)\b"),
          not_in_text=_r(r"\b(?:game|chess|quiz|match|card|birthday|surprise|party|present|prank|lawyer|"
                         r"solicitor|court|sue|police|complain\w*|report (?:him|her|them))\b")),
    _Rule("harm_to_others", "poisoning someone s food or drink",
          _r(r"\b(?:put|putting|puts|slip|slipping|slipped|add|adding|added|crush|crushing|crushed|mix|mixing|"
             r"mixed|spike|spiking|spiked|lace|lacing|laced)\b (?:something|some|stuff|pills|tablets|poison|"
             r"bleach|antifreeze|rat poison|weed killer|my (?:pills|tablets|sleeping pills)|" + MEDS + r")?"
             r"[a-z ]{0,15}\b(?:in|into) (?:his|her|their|my (?:[a-z]+ )?[a-z]+ ?s|the baby s|the kids|mum s|dad s) "
             r"(?:tea|food|drink|drinks|coffee|dinner|tea|bottle|meal|meals|water|wine|beer|pint|cereal|soup)\b"
             r"[a-z ]{0,40}\b(?:so (?:he|she|they) (?:will not|won t|would not|never|does not|do not) (?:wake up|"
             r"come back|bother)|die|kill|dead|poison|bleach|antifreeze|rat poison|weed killer|stop breathing|"
             r"for good|end (?:him|her|them)|get rid of)\b"
             r"|\b(?:spike|spiking|spiked|poison|poisoning|poisoned|lace|lacing) (?:his|her|their|my [a-z ]{1,15} s) "
             r"(?:tea|food|drink|drinks|coffee|dinner|meal|meals|water|wine|beer|pint)\b"),
          not_in_text=_r(r"\b(?:yog\w*|jam|pudding|puree|because (?:he|she|they) (?:can not|will not|won t) "
                         r"swallow|easier to swallow|prescribed|the nurse|pharmacist|recipe|food poisoning|"
                         r"dream|film|book|show|murder mystery|cluedo|game)\b")),
    _Rule("harm_to_others", "armed and waiting for someone",
          _r(r"\b(?:got|have|carrying|carry|bought|brought|keep|kept|took|taking|packed|hid|hidden) (?:a |my |the |"
             r"this )?(?:knife|gun|blade|machete|weapon|hammer|bat|axe|crowbar|screwdriver|acid)\b[a-z ]{0,30}\b"
             r"(?:for when i see (?:him|her|them)|for (?:him|her|them)\b|in case (?:i see|i run into) (?:him|her|"
             r"them)|(?:when|if|next time) i see (?:him|her|them)|ready for (?:him|her|them)|to use on|waiting "
             r"for (?:him|her|them)|with (?:his|her|their) name on it)"
             r"|\b(?:knife|gun|shotgun|rifle|blade|machete|weapon|hammer|bat|axe|crowbar)\b[a-z ]{0,15} and (?:go and )?"
             r"(?:deal with|sort out|sort|finish|finish off|go after|get|use it on|shoot|stab|end|do) (?:him|her|them|"
             r"my [a-z]+|that [a-z]+|the [a-z]+)\b"),
          not_in_text=_r(r"\b(?:kitchen|cooking|camping|fishing|garden|dinner|birthday|cake|present|gift|"
                         r"builder|diy|carpenter|chef)\b")),
    _Rule("harm_to_others", "arson against people",
          _r(r"\b(?:burn|burning|set fire to|setting fire to|torch|torching|petrol bomb|firebomb)\b (?:down )?"
             r"(?:his|her|their|the neighbours|my [a-z]+ s|that) (?:house|flat|home|place|car|door)\b"
             r"(?: down)?[a-z ]{0,30}\b(?:with (?:him|her|them|everyone) (?:inside|in it|in there)|while (?:he|she|"
             r"they) (?:sleep|sleeps|are asleep|is asleep)|i (?:will|am going to|want to|swear)|tonight)\b"
             r"|\b(?:i|i am|i really)\s?" + INTENT + r" (?:go and )?(?:burn|set fire to|torch|petrol bomb|firebomb) "
             r"(?:down )?(?:his|her|their|the neighbours|my [a-z]+ s|that [a-z]+ s) (?:house|flat|home|place|car|"
             r"door)\b"),
          not_in_text=_r(r"\b(?:game|minecraft|film|show|dream|joke|joking|candles?|bonfire|bbq|barbecue|"
                         r"toast|dinner|cake)\b")),
    _Rule("harm_to_others", "urge to hurt a baby or child",
          _r(r"\b(?:want to|wanted to|urge to|urges to|feel like|felt like|going to|scared i will|scared i might|"
             r"afraid i will|afraid i might|worried i will|worried i might|nearly|almost|could|thoughts of|"
             r"thinking about|keep thinking about|tempted to|thoughts about|images of|pictures of|urges of)\b (?:just )?(?:shake|shaking|shook|throw|throwing|push|pushing|drop|dropping|stab|stabbing|"
             r"smother|smothering|suffocate|suffocating|hurt|hurting|hit|hitting|strangle|strangling|drown|drowning|"
             r"slap|slapping) (?:the|my|her|his|our|this) (?:baby|newborn|son|daughter|child|kid|"
             r"little one|toddler|twins|boy|girl|grandson|granddaughter)\b(?![a-z ]{0,15}\b(?:awake|up|out of "
             r"(?:bed|the bath)|dry|off|in the air|on the bed|a ball|by accident)\b)"),
          not_in_text=_r(r"\b(?:burp\w*|wind|rattle|bottle|cuddl\w*|hug|squeeze (?:her|him) tight|game|"
                         r"tickl\w*|accident\w*)\b")),

    # ----- means questions that speak for themselves ------------------------------------------
    _Rule("means", "asked about a lethal amount or method",
          _r(r"\b" + QUESTION + r"\b[a-z ]{0,60}?\b" + LETHAL + r"\b"),
          not_in_text=None),  # refined in _means_strong: needs a means object as well
    _Rule("means", "asked for the quickest or painless way to die",
          _r(r"\b(?:quickest|fastest|easiest|painless|painlessly|least painful|surest|best|simplest|"
             r"cleanest|most reliable) (?:way|ways|method|methods) (?:to )?(?:go|die|do it|end it|"
             r"kill|not wake up|end (?:my )?life|commit|check out)\b"),
          not_after=_r(r"^ (?:to|into|in|on|by|from|about|through|round|around|via|home|back|there|shopping|out|"
                       r"up|down|over|across|and (?:see|get|buy|find)|for (?:a|the|my|your))\b")),
    _Rule("means", "gathering means",
          _r(r"\b(?:stockpil\w*|hoard\w*|sav(?:e|ed|ing) up|collect\w*|stash\w*|saving) (?:up )?(?:all )?(?:of )?"
             r"(?:my |some |the )?" + MEDS + r"\b|\b(?:bought|got|have|buying|getting) (?:a |some )?(?:rope|"
             r"ropes|a hose|charcoal|helium)\b(?=[a-z ]*\b(?:tonight|myself|for me|do it|end))"),
          not_in_text=_r(r"\b(?:pharmacy|chemist|shop|stock(?:ing)? up for|holiday|travel|trip)\b")),
    _Rule("means", "asked what holds a body's weight",
          _r(r"\b(?:rope|ropes|belt|cord|cable|ligature|beam|hook|door handle|bannister|banister|rail)\b"
             r"[a-z ]{0,30}\b(?:hold|holds|take|takes|support|supports|carry|carries) (?:a person|a body|my "
             r"weight|a human|someone s weight|body weight|my body|me|an adult|a grown)\b")),
    _Rule("means", "asked whether a fall would be survived",
          _r(r"\b(?:high|tall|far) enough\b[a-z ]{0,30}\b(?:not survive|die|kill|survive|fatal|be sure|"
             r"instant)\b|\b(?:would not|could not|wont|do not|does not) survive (?:the |a |that )?"
             r"(?:fall|jump|drop)\b|\bsurvive (?:a |the )?(?:fall|jump|drop) from\b")),
    _Rule("means", "asked about hanging",
          _r(r"\b(?:noose|hang myself|hanging myself|hang yourself|hanging yourself|ligature)\b")),
    _Rule("means", "asked how to get a firearm",
          _r(r"\b(?:buy|get|find|borrow|get hold of|gets? hold of|access|steal|order|obtain) (?:a |some |my "
             r"(?:dads?|fathers?|brothers?|uncles?) )?(?:" + WEAPONS[3:-1] + r")\b"),
          not_in_text=_r(r"\b(?:nerf|water gun|glue gun|heat gun|toy|paintball|airsoft|massage gun|"
                         r"nail gun|staple gun|in the game)\b")),
    _Rule("means", "looked up the size of a drop",
          _r(r"\b(?:how far|how high|how big|how long|how deep)\b[a-z ]{0,10}\b(?:the )?(?:drop|fall|way down)\b"
             r"|\bthe drop (?:is )?(?:from|off|at)\b"),
          not_in_text=_r(r"\b(?:roller ?coaster|ride|theme park|waterfall|price|prices|stock|shares|"
                         r"temperature|ski|bungee|parachute|skydiv\w*|rain|sales|signal|water level|"
                         r"calls?|wifi|connection|ball|pressure)\b")),
    _Rule("means", "asked which place has the biggest drop",
          _r(r"\b(?:biggest|longest|highest|tallest|steepest|furthest|deepest|largest|sheerest) (?:drop|fall|"
             r"jump|plunge)\b"),
          not_in_text=_r(r"\b(?:roller ?coaster|ride|theme park|waterfall|price|prices|stock|shares|"
                         r"temperature|ski|bungee|parachute|skydiv\w*|rollercoaster|rain|sales)\b")),
    _Rule("means", "asked for a painless method",
          _r(r"\b(?:most painless|painless|least painful|surest|most peaceful|most reliable|most effective|"
             r"quickest|fastest) (?:way|ways|method|methods|option|options)\b(?=$| to| of| that| for me)"),
          not_after=_r(r"^ (?:to|of)? ?(?:go |get )?(?:to|into|in|on|by|from|round|around|via|home|back|there|"
                       r"shopping|out|up|down|over|across)\b"),
          not_in_text=_r(r"\b(?:learn|study|cook|clean|travel|get (?:there|to)|lose weight|commute|"
                         r"remove|wax|epilat\w*|tattoo|piercing|injection|vaccin\w*|quit|stop smoking|"
                         r"exercise|home|work)\b")),
    _Rule("means", "looking for heights nearby",
          _r(r"\b(?:tallest|highest|high|tall)\b[a-z ]{0,30}\b" + HEIGHTS + r"\b[a-z ]{0,30}\b(?:near me|"
             r"nearby|near here|around here|close to me|closest|nearest|i could get (?:on|onto|up)|i can get "
             r"(?:on|onto|up)|get (?:on|onto|up to) the roof|access)\b"
             r"|\b(?:nearest|closest)\b[a-z ]{0,20}\b" + HEIGHTS + r"\b[a-z ]{0,30}\b(?:high|tall|drop|jump)\b"
             r"|\b(?:get|go|climb) (?:on|onto|up to|up on) (?:the )?(?:roof|rooftop)\b[a-z ]{0,30}"
             r"\b(?:tallest|highest|building)\b")),

    _Rule("means", "asked whether taking it all would work",
          _r(r"\bif (?:i|someone|somebody|a person|you) (?:just )?(?:took|take|swallowed|swallow|had|drank|drink|"
             r"injected|inject|mixed|mix|jumped|jump|cut|stepped|step|walked|walk|drove|drive|used|use) "
             r"(?:all|the whole|every|a whole|the rest of|both|enough|everything|loads of|a lot of|a load of|"
             r"off|in front of|into|my|the|them|it|from)\b[a-z ]{0,50}\b(?:would (?:it|that|i|they|you) (?:be "
             r"(?:quick|quicker|painless|enough|fatal|lethal|the end|over|peaceful|instant)|kill|work|hurt|die|"
             r"wake up|survive)|how long (?:would|will|until|before|does)|would not wake up|not wake up|"
             r"stop (?:my|the|their|your) heart|is it (?:quick|painless|enough|fatal|lethal)|be (?:enough|fatal|"
             r"lethal|the end)|could (?:it|that|i) (?:kill|be fatal)|would anyone (?:find|notice))\b"),
          not_in_text=_r(r"\b(?:vitamins?|supplements?|by mistake|accidentally|accident|double dose|missed (?:a|my) dose|forgot|"
                         r"with food|headache|cold|flu|period|toothache|dog|cat|child|kid|baby)\b")),
    _Rule("means", "asked what swallowing a poison would do",
          _r(r"\bwhat (?:would|will|could) happen (?:to me )?if i (?:drank|drink|swallowed|swallow|took|take|ate|eat|"
             r"injected|inject|mixed|mix|jumped|jump|stepped|step|walked|walk|breathed|breathe) (?:(?:the |some |a )?"
             r"(?:bleach|poison|antifreeze|weed killer|rat poison|drain cleaner|the gas)|(?:all|a whole|the whole|every|"
             r"the rest of|loads of|too many of|both)(?: of)?(?: my| the| these| those)? (?:[a-z]+ )?(?:pills|tablets|"
             r"paracetamol|insulin|meds|medication|bottle|box|packet|boxes|packets)|off (?:the|a|that)|in front of "
             r"(?:a|the)|into (?:the|a) (?:river|sea|water|lake|canal|traffic))\b"),
          not_in_text=_r(r"\b(?:by mistake|accidentally|vitamins?|a bit of|one extra|two instead|double dose|missed|"
                         r"forgot)\b")),
    _Rule("means", "asked how long dying takes",
          _r(r"\bhow long (?:does|would|will|did|do|can) (?:it )?(?:take )?(?:for )?(?:someone |a person |you |"
             r"me |i )?(?:to )?(?:bleed out|bleed to death|drown|suffocate|die|lose consciousness|pass out|"
             r"stop breathing|black out)\b[a-z ]{0,40}\b(?:from|if|after|with|when|by)\b"),
          not_in_text=_r(r"\b(?:fish|plant|battery|phone|dog|cat|hamster|goldfish|bees?|cells?|film|show|game|"
                         r"character|documentary|history|titanic|war|soldiers?|mouse|mice|bacteria|virus|"
                         r"holding (?:my|your) breath)\b")),
    _Rule("means", "going up somewhere high to jump",
          # "get up on the roof and jump", "climb to the top of the car park then jump": the height
          # first and the jump after it, which SELF_DEATH's "jump off the roof" does not cover.
          _r(r"\b(?:i|i am|i m|im|i will|i ll|i d|i would|i want to|i need to|i am going to|i m going to|gonna|"
             r"going to|thinking (?:of|about)|planning (?:to|on)|tempted to|about to)\b[a-z ]{0,40}\b(?:go|get|climb|walk|"
             r"head|drive|stand|sit|go up|get up|climb up)\b[a-z ]{0,20}\b(?:" + HEIGHTS[3:-1] + r"|ledge|window ledge|"
             r"edge|top floor|top of the stairs)\b[a-z ]{0,20}\b(?:and|to|then|so i can|and just|and then) (?:just )?"
             r"(?:jump|throw myself|let myself fall|let go|step off|fall|drop)\b"),
          not_in_text=_r(r"\b(?:bungee|trampoline|parachute|skydiv\w*|pool|diving|swim\w*|lake|sea|river|water|"
                         r"puddle|photos?|pictures?|view|fireworks|sunset|stars)\b")),
    _Rule("means", "asked how high a fall must be",
          _r(r"\b(?:what|which|how many|how high a|what height|how high) (?:floor|floors|storey|storeys|stories|"
             r"metres|meters|feet|foot|levels?|height)\b[a-z ]{0,40}\b(?:jump|jumping|fall|falling|drop|"
             r"dropping)\b[a-z ]{0,30}\b(?:be sure|make sure|die|kill|survive|fatal|instant|enough|certain|"
             r"guarantee\w*|from)\b"),
          not_in_text=_r(r"\b(?:trampoline|parachute|skydiv\w*|bungee|pool|diving board|cliff diving|ski|"
                         r"cat|dog|egg|phone|ball|physics|homework|stunt|parkour|insurance)\b")),
    _Rule("means", "asked for a dose that would end it",
          _r(r"\b(?:dose|amount|how (?:many|much)|enough)\b[a-z ]{0,40}\b(?:would|will|could|to|that)\b"
             r"(?: just)? (?:let me |make me |help me |to )?(?:sleep forever|never wake up|not wake up|stop (?:my|"
             r"someone s|a person s|somebody s|the|your) heart(?! (?:racing|pounding|beating so|from|fluttering|"
             r"palpitat\w*))|be the end|end it|end my life|put me to sleep "
             r"(?:for good|forever)|be fatal|be lethal|slip away|drift away|fall asleep forever)\b"),
          not_in_text=_r(r"\b(?:dog|cat|vet|horse|pet|put down|anaesthe\w*|surgery|operation)\b")),
    _Rule("means", "method or dose asked about oneself",
          _r(r"\b(?:how (?:many|much)|what (?:dose|amount)|which (?:pills|tablets|painkillers|meds)|what "
             r"(?:pills|tablets|painkillers|meds))\b[a-z ]{0,50}\b(?:asking for (?:me|myself|a friend)|for "
             r"myself|to (?:kill|end|finish) (?:me|myself|it)|would kill (?:me|a person|someone|somebody|an adult)|"
             r"to be (?:sure|certain))\b"),
          not_in_text=_r(r"\b(?:headache|cold|flu|period|toothache|hangover|back pain|prescribed|doctor said|"
                         r"chemist said|dog|cat|child|kid|baby)\b")),

    # ----- goodbyes and putting things in order -----------------------------------------------
    _Rule("goodbye", "saying goodbye to everyone",
          _r(r"\b(?:say|saying|said|tell|telling) (?:my )?(?:goodbye|goodbyes|bye|farewell)s? (?:to )?"
             r"(?:everyone|everybody|you all|all of you|the world|my family|my kids|my friends|for good|"
             r"forever|for the last time|before i go)\b"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True),
    _Rule("goodbye", "a final goodbye",
          _r(r"\bi (?:just )?(?:want|wanted|need|needed) to say goodbye" + _ENDER
             + r"|\b(?:this is|it is) (?:my )?(?:goodbye|farewell)\b(?! for now| until| till| see you)"
             r"|\b(?:goodbye|bye) (?:for good|forever|for ever|for the last time|one last time)\b"
             r"(?! to (?:my |the |this |that |our |your )?(?:old |last |ex )?(?:car|phone|laptop|job|flat|house|hair|"
             r"braces|sofa|bike|school|office|uni|dog|cat|jeans|couch|beard|cast|crutches|desk|account|ex|diet|"
             r"sugar|caffeine|smoking)\b)"
             r"|\bbefore i go for good\b|\bfor the last time\b[a-z ]{0,10}\bgoodbye\b")),
    _Rule("goodbye", "a proper goodbye before going",
          _r(r"\b(?:want|wanted|need|needed|just wanted|had) to say (?:a )?(?:proper )?goodbye(?: to you| to you all|"
             r" to everyone)?(?: properly)?(?: to you)?(?= before i go| while i (?:still )?can| before it is too late|"
             r" in case| now while| one last)"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True),
    _Rule("goodbye", "saying last goodbyes",
          _r(r"\b(?:saying|say|said|made|making|make) (?:my |all my |our |all our |my last |final )?"
             r"(?:goodbyes|farewells|last goodbye|final goodbye)\b"),
          not_in_text=_r(r"\b(?:funeral|party|leaving do|airport|station|wedding|graduation|holiday|trip|"
                         r"move|moving|visit|hospital|vet|grandma|grandad|grandmother|grandfather)\b")),
    _Rule("goodbye", "notes to loved ones",
          _r(r"\b(?:written|wrote|writing|write|left|leaving|leave|recorded|recording|record|made|making) "
             r"(?:a |some |my |little |last |final )?(?:notes?|letters?|messages?|videos?|cards?) (?:to|for) "
             r"(?:everyone|everybody|all the people|all of them|all my|my loved ones|each of|the people i love"
             r"|everyone i love|my family to read)"),
          not_in_text=_r(r"\b(?:christmas|birthdays?|thank you|thanks|wedding|holiday|postcards?|new year|"
                         r"easter|valentine|invitations?|work|colleagues?|email)\b")),
    _Rule("goodbye", "note left for someone to find",
          _r(r"\b(?:letter|letters|note|notes|message|messages|video)\b[a-z ]{0,25}\bto (?:find|read|open)\b"),
          not_in_text=_r(r"\b(?:birthdays?|christmas|surprise|treasure hunt|anniversary|valentine|party|"
                         r"shopping|list|reminder|work)\b")),
    _Rule("goodbye", "last time talking to anyone",
          _r(r"\b(?:the )?last time (?:i will|ill|i am going to|i get to|anyone will|you will|you ll|"
             r"anyone|you|they will) (?:ever )?(?:talk|speak|see|hear|be|say)\b"),
          not_in_text=_r(r"\b(?:before|until|till|for a while|this year|this week|today|holiday|trip|move|"
                         r"moving|leave|leaving|job)\b")),
    _Rule("goodbye", "will not need belongings",
          _r(r"\bi (?:will not|am not going to|would not|will never) (?:need|be needing|be using) (?:them|it|"
             r"my [a-z]+|any of (?:it|this|them|my [a-z]+)|anything|these|those) (?:anymore|any more|where i am "
             r"going|soon|after tonight|after today|much longer|for long)\b"
             r"|\b(?:leaving|giving|give|gave|left)\b[a-z ]{0,40}\bbecause i (?:will not|am not going to|would "
             r"not) (?:need|be needing|be using)\b"),
          not_in_text=_r(r"\b(?:moving|move house|declutter\w*|new one|upgrade\w*|replac\w*|outgrown|too small|"
                         r"too big|diet|winter|summer|holiday)\b")),
    _Rule("goodbye", "apologising to everyone",
          _r(r"\b(?:said|say|saying|told|tell|telling) (?:sorry|i am sorry|i love them|i love you) (?:to )?"
             r"(?:everyone|everybody|all of them|all my|each of)\b|\b(?:apologi[sz]\w*) to (?:everyone|"
             r"everybody|all of them)\b"),
          not_in_text=_r(r"\b(?:late|being late|the mess|the noise|the party)\b")),
    # A will alone is life admin; with despair or finality it is putting affairs in order.
    _Rule("goodbye", "a will alongside despair or finality",
          _r(r"\b(?:updated|changed|wrote|written|made|sorted|sorting|finished|done|did|writing|doing|"
             r"making|signed|rewrote|redone|redid)\b(?: out| up)? (?:my|a) (?:will|last will)\b"
             r"|\bmy will (?:is|are) (?:all )?(?:done|sorted|written|signed|in order|ready)\b"),
          needs_despair=True),
    _Rule("goodbye", "giving belongings away",
          _r(r"\b(?:giving|given|gave|give|giving out|handing out|handed out) (?:away )?(?:all |most |the rest of )?"
             r"(?:of )?(?:my |me )?(?:stuff|things|belongings|possessions|everything i own|valuables|savings|"
             r"treasures|precious things|special things)\b"
             r"|\b(?:giving|given|gave|give|handing|handed) (?:away )?(?:all |most )?(?:of )?(?:my |me )?"
             r"(?:pets?|dogs?|cats?|guitar|collection|money|jewellery|jewelry|rings?|watch|medals|records|clothes|"
             r"books|car|everything) away\b"),
          not_after=_r(r"^ (?:to (?:charity|the charity shop|a charity|goodwill|the food bank)|for "
                       r"(?:christmas|birthday|the move)|because i am moving|before (?:the|i) mov)"),
          not_in_text=_r(r"\b(?:moving|move house|declutter\w*|spring clean\w*|charity|downsiz\w*|"
                         r"car boot|garage sale|yard sale|ebay)\b")),
    _Rule("goodbye", "planning for after their death",
          _r(r"\b(?:when|after|once|for after|by the time) i am (?:gone|dead|not here|not around|no longer "
             r"here|no longer around)\b|\b(?:when|after|once) i (?:die|have died|kill myself)\b"),
          not_after=_r(r"^ (?:on (?:holiday|vacation|a trip|tour)|for (?:the|a) (?:weekend|week|day|month|"
                       r"few)|away|to (?:work|uni|university|college|school|the)|out|abroad)\b"),
          not_in_text=_r(r"\b(?:solicitor|lawyer|estate|inheritance|inherit|probate|funeral plan|life insurance|"
                         r"pension|executor|power of attorney|in my will|the will|my will says|eventually|one day|"
                         r"years? from now|when i am old|when i am older|hopefully not for|not for (?:a long time|"
                         r"years|ages)|cameras?|babysitter|nanny|childminder|so i can see)\b"), overrides=HOPELESS),
    _Rule("goodbye", "last night or day",
          _r(r"\b(?:this is|this will be|tonight is|today is|tonight will be|today will be|it is|it will be|"
             r"is going to be|going to be) (?:my |the )?(?:very )?last (?:night|day|morning|sunset)\b"
             r"(?=$| alive| on earth| ever| of my life| i will| here$| then| so)"
             r"|\bmy last (?:night|day|hours?) (?:alive|on earth|on this earth|ever|of my life)\b"),
          not_in_text=_r(r"\b(?:job|work|shift|holiday|vacation|trip|school|term|semester|uni|course|"
                         r"contract|hospital|week off|visit|stay|in [a-z]+ (?:city|town)|before (?:the|my) "
                         r"(?:holiday|trip|move|exam|flight))\b")),
    _Rule("goodbye", "will not be here tomorrow",
          _r(r"\b(?:i will not|i am not going to|i may not|i might not|i probably will not) be (?:here|around|"
             r"alive)(?: for)? (?:tomorrow|much longer|for much longer|next week|anymore|any more|"
             r"by (?:tomorrow|morning|the morning|next week)|after (?:tonight|today))\b"
             r"|\blast time (?:you will|you are going to|anyone will|you|they) (?:ever )?hear from me\b"
             r"|\byou will not (?:ever )?hear from me (?:again|anymore)\b"
             r"|\bnot (?:be )?(?:going to )?(?:be )?around (?:much longer|for long|by morning)\b")),
    _Rule("goodbye", "note or letters for after",
          _r(r"\b(?:suicide|goodbye|farewell|final|last) (?:note|notes|letter|letters|message|messages|"
             r"video|videos)\b|\b(?:letters?|notes?|messages?) (?:to|for) (?:my |everyone|everybody)"
             r"[a-z ]{0,20}\b(?:after|when|once) i\b"),
          not_in_text=_r(r"\b(?:work|email|colleague|leaving do|retire\w*|new job|leaving the company)\b|"
                         + _ORDINARY_SIGNOFF), despair_overrides=True),
    _Rule("goodbye", "a note left to explain",
          _r(r"\b(?:left|leaving|leave|wrote|written|writing|sealed|addressed|put)\b[a-z ]{0,20}\b(?:a |the |my )?(?:note|notes|"
             r"letter|letters)\b[a-z ]{0,40}\b(?:explaining (?:everything|why|it all)|for whoever finds (?:me|it|them)|for "
             r"(?:when|after) i am (?:gone|dead|not here)|to be opened (?:after|when)|saying (?:goodbye|sorry for everything))\b"),
          not_in_text=_r(r"\b(?:boiler|landlord|plumber|delivery|parcel|neighbour s|cat sitter|babysitter|dog sitter|"
                         r"instructions|recipe|shopping|rota|holiday|trip|work|shift)\b"), despair_overrides=True, gentle=True),
    _Rule("goodbye", "affairs in order",
          _r(r"\b(?:affairs|things|everything) (?:are |is )?(?:in order|sorted) (?:so|before|for when)\b"
             r"|\b(?:put|putting|got|getting|sorted|sorting) (?:all )?(?:my )?affairs (?:in order|sorted)\b"
             r"|\bmy affairs are in order\b|\bmade (?:my |a )?will\b[a-z ]{0,20}\b(?:tonight|so|before)\b")),

    _Rule("goodbye", "giving away pets or keepsakes with finality",
          _r(r"\b(?:giving|given|gave|give|handing|handed|left|leaving|leave|rehom\w*|found (?:a )?(?:new )?"
             r"homes? for|finding (?:a )?(?:new )?homes? for|passed on|passing on|sold|selling)\b(?: away)? (?:all |most )?"
             r"(?:of )?(?:my|the|me|our) (?:[a-z]+ ){0,2}?(?:pets?|dogs?|cats?|kittens?|puppy|rabbits?|birds?|budgie|"
             r"parrot|fish|tortoise|horse|things|stuff|belongings|possessions|jewellery|jewelry|rings?|watch|medals|"
             r"records|books|clothes|guitar|piano|collection|car|savings|money|photos|keepsakes|treasures|tools|"
             r"instruments?|plants|bike|furniture|everything)\b"),
          needs_despair=True, not_in_text=_ORDINARY_PARTING),
    _Rule("goodbye", "thanks or love as a last message",
          _r(r"\b(?:thank you|thanks|thank you so much) for everything\b[a-z ]{0,40}\b(?:goodbye|farewell|"
             r"forever|for good|for the last time|one last time|remember me|i am sorry for everything|"
             r"i will miss you|it is time)\b"
             r"|\b(?:goodbye|farewell)\b[a-z ]{0,30}\b(?:thank you|thanks) for everything\b"
             r"|\b(?:tell|let) (?:my |the )?(?:[a-z]+ )?(?:know )?(?:that )?i (?:love|loved) (?:them|her|him|you|"
             r"them all|all of them)\b[a-z ]{0,40}\b(?:after|when|once) i\b"
             r"|\b(?:goodbye|farewell|thank you|thanks|i love you|i am sorry)\b[a-z ]{0,40}\b(?:one last time|"
             r"for the last time|one final time|last time (?:you|anyone) (?:will )?hear)\b"
             r"|\b(?:one last time|for the last time|one final time)\b[a-z ]{0,40}\b(?:goodbye|farewell|"
             r"thank you|thanks|i love you|i am sorry)\b"),
          not_in_text=_r(r"\b(?:today|this morning|this afternoon|this evening|for now|see you|talk (?:to you )?"
                         r"(?:soon|later|tomorrow)|next time|good ?night|sleep well|the chat|the help|your help|"
                         r"helping|lovely|holiday|trip|job|work|office|team|school|class|house|flat|party|"
                         r"leaving do|retir\w*|stage|show|concert|game|match|season|the old|summer|term|christmas|easter|"
                         r"break)\b")),
    _Rule("goodbye", "last time they will hear from them",
          _r(r"\blast time (?:you will|you are going to|anyone will|anyone is going to|you|they|anybody) "
             r"(?:ever )?(?:hear|see|speak to|talk to) (?:my voice|me|from me)\b"),
          not_in_text=_r(r"\b(?:until|till|for a (?:while|bit|week|month|few)|before (?:the|my|i) (?:holiday|trip|"
                         r"move|flight|operation)|on holiday|this year|abroad|signal|reception)\b")),
    _Rule("goodbye", "care for dependants after they are gone",
          _r(r"\b(?:look after|looks after|looked after|take care of|takes care of|care for|feed|walk|raise|"
             r"bring up|keep|have) (?:my|the|our) (?:kids|children|boys|girls|son|daughter|baby|babies|cats?|"
             r"dogs?|pets?|animals|birds?|fish|rabbits?|plants|garden|mum|dad|family)\b[a-z ]{0,30}\b"
             r"(?:when|after|once|for when) i (?:am|have) (?:gone|dead|not here|not around|no longer here)\b"
             r"|\b(?:when|after|once|for when) i (?:am|have) (?:gone|dead|not here|not around|no longer here)\b"
             r"[a-z ]{0,30}\b(?:look after|take care of|care for|feed|walk|raise|bring up|keep|have) "
             r"(?:my|the|our) (?:kids|children|boys|girls|son|daughter|baby|cats?|dogs?|pets?)\b"),
          not_in_text=_r(r"\b(?:holiday|trip|away|hospital|work|shops?|shopping|abroad|weekend|op|operation|"
                         r"a few days|a week|the night)\b"), despair_overrides=True),
    _Rule("goodbye", "letters explaining why",
          _r(r"\b(?:letters?|notes?|messages?|cards?|videos?)\b[a-z ]{0,40}\b(?:explaining why|explain why|"
             r"saying why|say why|so they (?:understand|know why|will understand|do not blame)|saying sorry|"
             r"say sorry|to say goodbye|saying goodbye|not to blame themselves|it is not their fault|"
             r"to be read|to open when|for after)\b"),
          not_in_text=_r(r"\b(?:birthday|christmas|leaving do|retir\w*|new job|work|colleagues?|school|teacher|"
                         r"thank you cards?|wedding|holiday|moving|late|absence|complaint|council|bank|flatmate|"
                         r"housemate|heating|boiler|rent|bins|washing|dishes|parking|delivery|rota|shift|meeting|"
                         r"homework|fridge|noise|party|keys|plumber|landlord|neighbours?)\b"),
          despair_overrides=True),
    _Rule("goodbye", "funeral plans with finality",
          _r(r"\b(?:funeral|my ashes|the hymns|my coffin|my grave)\b"), needs_despair=True,
          not_in_text=_r(r"\b(?:grandma|grandad|nan|mum s|dad s|his|her|their|friend s|plan (?:provider|"
                         r"policy)|insurance|paid for)\b")),

    # ----- self-harm -----------------------------------------------------------------------------
    _Rule("self_harm", "intends to hurt self",
          _r(r"\b" + INTENT + r" (?:to )?(?:just )?(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|hit|"
             r"hitting|punch|punching|scratch|scratching|starve|starving|bruise|punish|punishing|"
             r"stab|stabbing) myself\b")),
    _Rule("self_harm", "has been hurting self",
          _r(r"\b(?:cut|cutting|cuts|burn|burned|burnt|burning|hurt|hurting|hurts|harm|harmed|harming|hit|"
             r"hitting|punch|punched|punching|scratch|scratched|scratching|starve|starved|starving|bruise|"
             r"bruised|bang|banged|banging|stab|stabbed|stabbing|carve|carved|carving|bite|biting|bit|strangle|strangling|choke|choking|suffocate|suffocating) myself\b"),
          not_in_text=_ACCIDENT),
    _Rule("self_harm", "hurting self on purpose (despite accident words)",
          _r(r"\b(?:cut|cutting|burn|burned|burnt|burning|hurt|hurting|harm|harming|hit|hitting|punch|"
             r"punched|scratch|scratched|bang|banged|banging|bruised|bit|bite|biting|pick|picking|picked|pull|"
             r"pulling|pulled|tear|tearing|tore|carve|carved|carving)\b[a-z ]{0,40}\b"
             r"(?:on purpose|deliberately|intentionally|(?:until|till) (?:i|it|they) (?:bleed|bled|bleeds)|to feel something|"
             r"to make (?:the|my) (?:thoughts|voices|feelings|pain|noise|head) (?:stop|go away|quiet)|"
             r"to feel (?:anything|better|real|pain)|to punish (?:myself|me))\b"),
          not_before=_r(r"\b(?:he|she|they|someone|my [a-z]+)\s*[a-z ]{0,6}$")),
    _Rule("self_harm", "self-harm named",
          _r(r"\bself (?:harm|harmed|harming|harms|injury|injuring|injure|mutilat\w*)\b"),
          # "my friend self harms": someone worried about another (care_routes answers them)
          not_before=_r(r"\b(?:(?:my|his|her|their|our|a) (?:friend|best friend|mate|sister|brother|son|daughter|kid|child|"
                        r"student|pupil|partner|boyfriend|girlfriend|cousin|classmate|flatmate|roommate)|he|she|they)"
                        r"(?: (?:still|also|sometimes|has been|have been|is|are|used to))?\s*$"),
          not_in_text=_r(r"\b(?:awareness|course|training|leaflet|research|my client|patients?|essay|"
                         r"module)\b"), fiction_sensitive=True, mention_sensitive=True),
    _Rule("self_harm", "urge or relapse to cut",
          _r(r"\b(?:urges? to|want to|wanted to|thinking about|think about|thought about|relapsed and|relapse "
             r"and|relapsed|started|started again|back to|going to|gonna|need to|stopped|clean from|"
             r"tempted to|craving|keep|i|feel like|felt like|thought of|thinking of|want|miss) (?:cut|cutting|burning|carving)\b(?=$| again| myself| my (?:arm|arms|"
             r"wrist|wrists|leg|legs|thigh|thighs|skin|stomach|body)| tonight| and| but| so)"),
          not_in_text=_ACCIDENT),
    _Rule("self_harm", "wanting pain",
          _r(r"\b(?:need|want|wanna|have|got|going) to (?:feel|cause myself) (?:some |real |physical )?pain\b"
             r"|\bi deserve (?:to (?:hurt|suffer|bleed|feel pain|be in pain)|pain|the pain)\b"),
          not_in_text=_r(r"\b(?:gym|workout|work out|training|run|running|stretch\w*|massage|tattoo\w*|spicy|chilli|"
                         r"hot sauce|film|book|song|character)\b"), gentle=True),
    _Rule("self_harm", "a blade taken or kept for cutting",
          _r(r"\b(?:blades?|razor) (?:from|out of) (?:a |my |the )?(?:pencil )?sharpener\b|\bsharpener blades?\b"
             r"|\b(?:took|take|taking|broke|break|breaking) (?:a |the |my )?(?:pencil )?(?:sharpener|razor|shaver) "
             r"(?:apart|open)\b|\b(?:hid|hide|hiding|hidden|stash\w*|keep|kept) (?:a |the |some |my )?(?:razor )?blades? "
             r"(?:in|under|inside|behind)\b"),
          not_in_text=_r(r"\b(?:broken|fix|fixing|repair\w*|clean\w*|replace|replacing|stuck|jammed|blunt|"
                         r"lawn ?mower|blender|fan|craft\w*|stanley|toolbox|tool box|shed|garage)\b"), gentle=True),
    _Rule("self_harm", "urge to cut or burn",
          _r(r"\burges? to (?:cut|burn|hurt|harm|self harm|scratch|hit|punish)\b"),
          not_after=_r(r"^ (?:my hair|the|it|down|back|out|in|a |some|loose|ties|corners|him|her|them|"
                       r"people|someone)\b")),
    _Rule("self_harm", "a blade or flame to own body",
          _r(r"\b(?:took|take|taking|put|putting|held|hold|holding|used|using|use|pressed|pressing) (?:a |the |my )?"
             r"(?:razor|blade|knife|lighter|scissors|compass|glass|cigarette|lit cigarette|match|iron|pin|"
             r"needle|sharpener) (?:to|on|against|into|over|across|above|near) my (?:arm|arms|wrist|wrists|skin|leg|legs|thigh|"
             r"thighs|stomach|body|hand|hands|face|chest)\b")),
    _Rule("self_harm", "hurting own body",
          _r(r"\b(?:cut|cutting|burn|burned|burnt|burning|scratch|scratched|scratching|carve|carved|carving|"
             r"hit|hitting|punch|punched|punching|bruise|bruised|bruising|rip|ripped|ripping|bang|banged|"
             r"banging|slam|slammed|slamming) (?:at )?my (?:own )?(?:arms?|wrists?|skin|legs?|thighs?|"
             r"stomach|body|face|head)\b"),
          # "my cat scratched my arm": what did it is named before the verb
          not_before=_r(r"\b(?:cat|cats|kitten|dog|puppy|pet|hamster|rabbit|parrot|bird|horse|baby|toddler)\s*$"),
          not_in_text=_ACCIDENT),
    _Rule("self_harm", "carving into own body",
          _r(r"\b(?:carv\w*|scratch\w*|etch\w*|cut\w*|burn\w*)\b[a-z ]{0,20}\b(?:into|in|on) my (?:own )?"
             r"(?:arm|arms|wrist|wrists|skin|leg|legs|thigh|thighs|stomach|body|chest|hand|hands)\b"),
          not_in_text=_ACCIDENT),
    _Rule("self_harm", "cutting wrists or skin",
          _r(r"\b(?:cut|cutting|slit|slitting|slash|slashing|slashed|carve|carving) (?:my|open my) "
             r"(?:wrists?|arms?|thighs?|skin|legs?|veins?|stomach)\b"),
          # "cut my arm on the barbed wire": what it caught on, an accident
          not_after=_r(r"^ (?:badly |open |quite badly )?on (?:a|an|the|some|that|this|broken|rusty|barbed|sharp)\b"
                       r"(?! purpose)")),
    _Rule("self_harm", "making self bleed or suffer",
          _r(r"\bmake myself (?:bleed|hurt|suffer|sick on purpose)\b|\buntil i bleed\b|\bpunish myself "
             r"(?:by|with)\b")),

    # ----- suicidal thoughts ---------------------------------------------------------------------
    _Rule("suicidal", "intent to end own life",
          _r(r"\b" + INTENT + r" (?:to )?(?:just |really |actually |finally )?" + SELF_DEATH + r"\b"),
          # "the song is about wanting to die": a description of a work, not the speaker's wish
          not_before=_r(r"\b(?:song|songs|lyrics|poem|book|novel|film|movie|album|story|play|it|they|he|she) (?:is|are|was|"
                        r"were) (?:all |really |kind of )?about\s*$"
                        # "my phone's at 1 percent, it's about to die": the phone
                        r"|\b(?:it|it is|it s|its|phone|battery|laptop|car|plant|plants) (?:is |was )?\s*$"),
          not_after=_r(r"^ (?:laughing|of (?:laughter|embarrassment|boredom|shame|cringe)|for (?:a|some|"
                       r"one) )|" + _DROWN_IN_WORK)),
    _Rule("suicidal", "names killing self",
          _r(r"\b(?:kill|killing|killed|kills|off|offing|hang|hanging|shoot|shooting|drown|drowning|poison|"
             r"poisoning|gas|gassing) myself\b"),
          not_after=_r(r"^ (?:laughing|with laughter|over (?:this|that|work|it|nothing)|at (?:work|the gym)|"
                       r"on (?:the|a|that|those|my) (?:stairs|ice|steps|ladder|bike|road|pavement|trampoline|"
                       r"motorbike|scooter|skateboard|slide|curb|kerb)|tripping|falling|slipping|"
                       r"working|trying|to (?:get|finish|make|meet|keep|please)|for (?:this|that|them|"
                       r"nothing|work))\b|" + _DROWN_IN_WORK)),
    _Rule("suicidal", "end of life (misheard or plain)",
          _r(r"\b(?:end|ending|ended) (?:my|my own) life\b|\b(?:" + INTENT + r"|just|could|would) "
             r"(?:and|in|end|ending) (?:my|my own) life\b|\btake my (?:own )?life\b"
             r"|\b(?:end|ending) it all\b|\b(?:" + INTENT + r"|just|i will|i am) and it all\b"
             r"|\band it all(?=$| tonight| today| now| right now| for good| forever| soon| this weekend| tomorrow|"
             r" once and for all| i )")),
    _Rule("suicidal", "someone else s suicide",
          _r(r"\b(?:died by|died from|death by|lost (?:him|her|them|my [a-z]+) to|after (?:his|her|their)|since (?:his|her|"
             r"their)) suicide\b|\b(?:he|she|they|my [a-z]+(?: s [a-z]+)?|(?:a|the|this|that|another) [a-z]+) "
             r"(?:committed|attempted) suicide\b"
             r"|\b(?:it was|was ruled|ruled it|ruled as|ruled it as|verdict (?:of|was)|cause of death was|recorded as) "
             r"(?:a )?suicide\b"),
          # a public figure's death in the news is not a loss of the speaker's own
          not_before=_r(r"\b(?:singer|actor|actress|celebrity|star|rapper|musician|band s|footballer|player|athlete|"
                        r"influencer|youtuber|streamer|politician|author|writer|comedian|presenter|host|ceo|soldier|"
                        r"inmate|prisoner|teenager|student|pupil|man|woman|boy|girl|person|people|officer|victim)"
                        r"(?: who)?(?: has| had)?\s*$"),
          not_in_text=PERSONAL_RISK, gentle=True),
    _Rule("suicidal", "suicide named",
          _r(r"\bsuicid(?:e|al|ally)\b|\bcommit (?:suicide|it)\b|\bkill myself\b"),
          not_before=_r(r"\b(?:political|career|social|financial|professional|squad|commercial)\s*$"),
          not_after=_r(r"^ (?:squad|mission|doors?|drills?|runs?|sprints?|bomber|bombers|prevention week|"
                       r"awareness|note)\b"),
          fiction_sensitive=True, mention_sensitive=True),
    _Rule("suicidal", "end things",
          _r(r"\b(?:" + INTENT + r"|just|going to|might just|will just) (?:just )?end (?:it|things|everything)"
             r"(?: all| now| tonight| today| for good| forever)?(?=$| now| tonight| today| for good| forever|"
             r" i | and| all| so| because| once)"),
          not_in_text=_r(r"\b(?:call|exercise|session|conversation|chat|breathing|grounding|relationship|"
                         r"meeting|game|timer|talk|this here|with (?:him|her|them)|stop|pause|lesson|"
                         r"workout|programme|program|story|podcast|song|video|movie|film)\b")),
    _Rule("suicidal", "tonight is the night",
          _r(r"\b(?:tonight|today|this) is the (?:night|day|time)\b(?=$| i | when i| to )"
             r"|\bthe (?:night|day) (?:i|when i) (?:end it|do it|go|die|kill myself|finally do it)\b"),
          not_in_text=_r(r"\b(?:party|date|show|concert|game|match|exam|interview|wedding|premiere|"
                         r"launch|finale|big day|celebrat\w*|birthday|christmas|new year|ask her|ask him|"
                         r"propose)\b")),
    _Rule("suicidal", "thinking about death or dying",
          _r(r"\b(?:think|thinking|thought|thoughts) (?:a lot )?(?:about|of) (?:dying|death|being dead|"
             r"not being alive|ending it|my death|my own death|killing myself)\b"),
          not_in_text=_r(r"\b(?:grandma|grandmother|grandad|grandfather|mum|dad|mother|father|died|passed|"
                         r"funeral|pet|dog|cat|afraid|scared|fear|heart attack|cancer|illness|panic)\b"),
          fiction_sensitive=True, mention_sensitive=True),
    _Rule("suicidal", "wishes to be dead",
          _r(r"\b(?:wish|wishing|wished|hope|hoping) (?:that )?i (?:was|were|would be|could be|am) (?:dead|"
             r"gone)\b|\bbetter off dead\b|\bdeserve to die\b|\bwant (?:it all |everything )?to be over\b"
             r"|\bwant(?:ed)? death\b|\bready to die\b|\b(?:plan|plans|method|way) to (?:kill myself|die)\b")),

    # ----- passive wishes ------------------------------------------------------------------------
    _Rule("passive_wish", "does not want to live or wake up",
          _r(r"\b(?:do not|no longer|never|not|do not really|dont) (?:really )?(?:want|wanna|wish) to (?:live|"
             r"be alive|exist|wake up|be here|be around|go on|keep going|carry on|keep living|stay alive|"
             r"be on this earth|be in this world|continue)\b"),
          not_after=_r(r"^ (?:early|so early|at \w+|for (?:work|school|the|a|an)|in (?:this|the|that) "
                       r"(?:house|town|city|flat|place|job|room)|here (?:at|in|with|for|today|tonight)|"
                       r"at (?:work|school|this)|with (?:him|her|them|you|my)|like this (?:all day|today)|"
                       r"on (?:the|a|holiday|vacation|this)|today|tonight|tomorrow morning|with the|"
                       r"the exercise|this exercise|rn|on mondays?|before (?:my )?coffee|until (?:friday|the weekend))\b"
                       r"|^ (?:the breathing|breathing)|^ (?:and |to )?(?:do|talk)")),
    _Rule("passive_wish", "would rather not be alive",
          _r(r"\b(?:rather|prefer(?: to)?|prefer) (?:not (?:wake up|be here|be alive|exist|live|be around|"
             r"go on)|be dead|die|never wake up|not to (?:wake up|be here|be alive|exist|live))\b")),
    _Rule("passive_wish", "others better off without them",
          _r(r"\b(?:better off|happier|easier|better)\b[a-z ]{0,15}\b(?:without me|if i (?:was|were|am) "
             r"(?:not|gone|dead|never)|if i (?:just )?(?:died|disappeared|was not around|was not here|"
             r"was not alive|did not exist|did not wake up|never woke up|was gone|left for good))\b"
             r"|\b(?:would be|be|are|is) (?:better|easier|happier) (?:for everyone |for them |for my [a-z]+ )?"
             r"(?:if i (?:was|were) (?:not|gone|dead)|without me|if i (?:just )?(?:died|disappeared|was gone|"
             r"was not here|was not around))\b")),
    _Rule("passive_wish", "feels a burden",
          _r(r"\b(?:i am|i feel|i have become|i am just|i am such|i am only|i feel like|i am nothing but|"
             r"i am always|i am a|being) (?:such |just |only |like |nothing but |always |a |the )*"
             r"(?:a |such a |the )?burden\b"),
          not_after=_r(r"^ (?:on (?:the|my) (?:budget|system|schedule|team)|of proof|lifted|off|has lifted|"
                       r"was lifted|is lifted|gone)\b")),
    _Rule("passive_wish", "a weight or waste to others",
          _r(r"\b(?:burden|weight|drain|problem|nuisance|millstone) (?:on|to|for) (?:everyone|everybody|"
             r"all of them|my family|my kids|the people i love|the people around me|people around me|"
             r"the whole family)\b|\bwaste of (?:space|oxygen|air|a life|skin)\b|\bburden\b"),
          not_after=_r(r"^ (?:lifted|off|has lifted|has been lifted|was lifted|is lifted|gone)\b"),
          not_in_text=_r(r"\b(?:tax|budget|proof|admin|paperwork|financial burden|workload|burden of proof|"
                         r"the weight of|weight loss|lose weight|gain weight|put on weight|weighted|weights)\b")),
    _Rule("passive_wish", "burden to others",
          _r(r"\bburden (?:to|on|for) (?:everyone|everybody|my|them|him|her|the people|people|others|you)\b"),
          not_in_text=_r(r"\b(?:tax|budget|proof|admin|paperwork|financial burden of)\b")),
    _Rule("passive_wish", "no point in living",
          _r(r"\b(?:point|reason|purpose|use) (?:of|in|to|for) (?:me |my )?(?:even |still |really |ever )?(?:living|life|me living|being alive|going on|"
             r"carrying on|keep going|keeping going|staying alive|existing|being here|me being here|"
             r"waking up|anything anymore|it all anymore|trying anymore|me anymore)\b"
             r"|\bno (?:reason|point) (?:to |in |for )?(?:keep |keeping |carry on |carrying on )?(?:live|living|"
             r"go on|going on|be alive|being alive|stay alive|staying alive|exist|existing|be here|"
             r"wake up|waking up|keep going|keeping going)\b"),
          not_in_text=_r(r"\b(?:exercise|meeting|app|this call|breathing)\b")),
    _Rule("passive_wish", "sees no reason to stay alive",
          _r(r"\b(?:why|no reason|no point|not see the point|do not see the point|do not see why|do not know "
             r"why|can not see why|what reason) (?:[a-z]+ ){0,4}?(?:keep living|go on living|carry on living|"
             r"stay alive|be alive|bother living|keep on living|still be here|be here anymore|keep existing|"
             r"exist anymore|live anymore)\b"),
          not_in_text=_r(r"\b(?:exercise|app|job|work|relationship|city|town|country|house)\b")),
    _Rule("passive_wish", "going away and not coming back",
          _r(r"\b(?:and|to|then) (?:just )?(?:not|never) (?:come|coming|came|go|going) back\b"
             r"|\bnot (?:be )?coming back (?:this time|ever|again)\b"),
          not_in_text=_r(r"\b(?:shop|store|restaurant|cafe|gym|that place|this place|company|job|town|"
                         r"holiday|hotel|club|salon|dentist|again to|moving|move|emigrat\w*)\b")),
    _Rule("passive_wish", "wishes never born or not alive",
          _r(r"\bwish (?:that )?i (?:was|were|had|would) (?:never|not) (?:been )?(?:born|alive|here|exist\w*|made it)\b"
             r"|\bwish (?:that )?i (?:was|were) not (?:alive|here|around)\b|\bwish i did not exist\b"
             r"|\bwish (?:that )?i (?:could|would) (?:just )?(?:disappear|vanish|cease|stop existing|"
             r"not exist|not wake up|never wake up|fall asleep and never|go to sleep and never|sleep "
             r"forever|sleep and never)\b|\bwish (?:it|life) (?:was|were|would be) over\b"),
          # "i wish i could disappear for a week": a break, not an end; "never born in november": a birthday
          not_after=_r(r"^ (?:in|on) (?:january|february|march|april|may|june|july|august|september|october|november|"
                       r"december|a (?:monday|friday|weekend)|christmas|boxing day|new year)\b"
                       r"|^ (?:for (?:a|an|the|one|two|three|a few|some|like a) (?:week|weekend|day|days|while|bit|"
                       r"month|months|year|hour|hours|few|fortnight|holiday|break)|from (?:this|the|that|work|school|"
                       r"class|here for a)|on (?:a |an )?(?:holiday|break|trip|island|beach)|to (?:a|an) (?:island|beach|"
                       r"cabin|cottage))\b")),
    _Rule("passive_wish", "never waking up",
          _r(r"\b(?:never|not|do not|did not) (?:ever )?(?:wake|woke|waking|woken) up(?: again| ever| tomorrow| in the morning)?\b"),
          not_before=_r(r"\b(?:did|could|can|would|will|alarm|it|he|she|they|you|baby|kids?|the dog|"
                        r"the cat|i almost|i nearly)\s*(?:not |never )?$"),
          not_after=_r(r"^ (?:early|on time|in time|for (?:work|school|the)|until|till|at|when|because|the)\b")),
    _Rule("passive_wish", "nobody would miss them",
          _r(r"\b(?:nobody|no one|noone|no body|not one person|not anyone) (?:would|will|is going to|"
             r"would even|will even|even) (?:even )?(?:miss|notice|care|mind|cry|come to my funeral)\b"
             r"(?:[a-z ]{0,15}\b(?:if|when) i|[a-z ]{0,4}$)"
             r"|\bnobody would (?:even )?notice if i\b"),
          softened_by=_r(r"\bif i (?:left|leave|skipped|skip|missed|miss|did not (?:go|come|turn up|show up)|stayed home|"
                         r"went home|snuck out|sneaked out)\b[a-z ]{0,15}\b(?:party|meeting|class|lecture|work|school|"
                         r"dinner|event|practice|rehearsal|shift|call|zoom|group|chat|early|wedding|do)\b")),
    _Rule("passive_wish", "wants to disappear or stop existing",
          _r(r"\b(?:want|wanna|need|wish) to (?:just )?(?:disappear|vanish|stop existing|not exist|cease to "
             r"exist|fade away|be gone|sleep forever|go to sleep forever|go away forever|go to sleep and "
             r"never)\b"),
          not_after=_r(r"^[a-z ]{0,25}\bfor (?:a|the|an) (?:bit|while|weekend|week|day|few|hour|holiday|"
                       r"couple|night|evening|afternoon|morning)\b|^ (?:under|into|to (?:a|my|the)|on holiday|"
                       r"off (?:the|social))\b|" + _FROM_AN_OCCASION)),
    _Rule("passive_wish", "life not worth living",
          _r(r"\b(?:life|living|my life|it|this) (?:is|is just|is not|is no longer|is never|isn t|does not "
             r"feel|not) (?:not |no longer )?worth (?:living|it anymore|living anymore|going on|carrying on|"
             r"staying)\b|\bnot worth (?:living|being alive|staying alive)\b"
             r"|\b(?:tired|sick|weary|exhausted) of (?:living|being alive|life|existing|being here|"
             r"waking up)\b|\b(?:hate|hating) (?:being alive|living|existing)\b"),
          not_before=_r(r"\bmy (?:phone|laptop|car|job|flat)\s*$"),
          softened_by=_r(r"\b(?:tired|sick|weary) of (?:living|life) (?:in|at|near|next to|off|out of|admin|with (?:my|a|"
                         r"the) (?:parents|flatmates?|housemates?|roommates?|in laws))\b|\blife admin\b")),
    _Rule("passive_wish", "can not go on",
          _r(r"\b(?:can not|could not|can t|can no longer|not able to|unable to|do not think i can|will not be able to) "
             r"(?:go on|carry on|keep going|keep living|live like this|take (?:it|this|life) anymore|"
             r"do (?:this|life|it) anymore)\b(?![a-z ]*\b(?:exercise|job|work|shift|course|class|"
             r"breathing|diet|running|today|relationship|with (?:him|her|them|this job)))"),
          not_in_text=_r(r"\b(?:exercise|job|work|shift|course|class|diet|gym|commute|relationship|"
                         r"project|degree|game|noise)\b"),
          softened_by=_r(r"\b(?:dog|dogs|neighbours?|maths|math|homework|printer|traffic|weather|heat|rain|exam|exams|"
                         r"revision|essay|boss|landlord|queue|wifi|internet|laptop|computer|phone|baby s sleep|teething|"
                         r"toddler|tantrums?|renovation|builders|flatmates?|housemates?|roommates?)\b")),
    _Rule("passive_wish", "hopes for an accidental death",
          _r(r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?(?:i|something) (?:get|gets|will get|would get|"
             r"could get|just get|might get|will|would|could|just)? ?(?:hit by|run over by|knocked down|kill me|"
             r"killed|die|crash|have an accident|do not make it|never make it|catch something|get cancer|"
             r"go to sleep and|fall asleep and)\b"
             r"|\b(?:fall|go|drift) (?:asleep|to sleep) forever\b|\bgo black forever\b|\b(?:go|fade) (?:dark|"
             r"black|away) (?:forever|for good)\b"),
          not_in_text=_r(r"\b(?:laughing|lottery|joke|joking|exam|game|match)\b|" + _TIRED.pattern),
          despair_overrides=True),
    _Rule("passive_wish", "wants everything to stop forever",
          _r(r"\bwant (?:it|everything|it all|all of it|this|the pain|life) to (?:stop|end|be over|go away)"
             r"(?: for good| forever| for ever| permanently| once and for all)\b"
             r"|\b(?:stop|end|be over) (?:forever|for good|permanently)\b(?<!stop forever)"
             r"|\bfall asleep and (?:never|not) (?:wake|come back)\b|\bsleep (?:forever|and never wake)\b"
             r"|\bstop (?:existing|living|being alive)\b"),
          not_in_text=_TIRED, despair_overrides=True),
    _Rule("passive_wish", "easier if not here",
          _r(r"\b(?:easier|better|simpler|best)\b[a-z ]{0,20}\bif i (?:just )?(?:(?:was|were) not (?:here|"
             r"around|alive|born)|(?:was|were) (?:gone|dead|never born)|did not (?:exist|wake up|have to "
             r"live)|died|disappeared|vanished|ended it|went away for good|was out of the picture)\b")),
    _Rule("passive_wish", "would not mind dying",
          _r(r"\bif (?:i (?:just |were to |was to |simply )?(?:died|die|did not wake up|never woke up|do not wake up|"
             r"never wake up|was gone|were gone|was dead|got hit by|get hit by|got run over|got killed|get killed|"
             r"passed away|stopped breathing|did not make it|dropped dead|drop dead|went in my sleep|died in my "
             r"sleep|was not here|was not around)|(?:a |the )?(?:bus|car|lorry|truck|train|van|taxi) (?:hit|hits|"
             r"ran over|runs over|knocked down|knocks down|killed|kills) me|(?:a |the )?(?:heart attack|stroke|"
             r"cancer|illness|disease|virus|tumour|flu) (?:killed|kills|took|takes|got|finished off) me)\b[a-z ]{0,40}\b(?:would not (?:even )?(?:mind|care|be (?:upset|"
             r"sad|bothered|sorry))|(?:i|honestly) (?:do not|would not) (?:even )?(?:mind|care)|(?:would|that "
             r"would|it would|that is|it is|i would) (?:honestly |really |actually )?(?:be )?(?:fine|ok|okay|a "
             r"relief|a blessing|a mercy|alright|all right|for the best|a gift|relieved|glad|happy|grateful|at "
             r"peace)|welcome it|so be it)\b"
             r"|\b(?:would not|do not|not|never|would honestly not) (?:even |really )?(?:mind|care) if i (?:just )?"
             r"(?:died|die|did not wake up|never woke up|do not wake up|never wake up|was gone|got hit|get hit|"
             r"got run over|got killed|passed away|stopped breathing|did not make it|dropped dead|drop dead)\b"
             r"|\b(?:death|dying|being dead) (?:would be|will be|is|would honestly be|would come as) (?:a |such a )?"
             r"(?:relief|blessing|mercy|release|welcome|escape|gift)\b"
             r"|\b(?:i would welcome|i welcome|looking forward to|longing for|i long for) (?:death|dying|the end|"
             r"my death|the grave)\b"),
          not_after=_r(r"^ (?:on this hill|trying|doing (?:it|this|that)|in the attempt|laughing|for (?:her|him|"
                       r"them|my|the))\b"),
          not_in_text=_r(r"\b(?:dyed|hair|game|level|character|respawn|phone|battery|plant|laughing|"
                         r"for (?:her|him) it would)\b")),
    _Rule("passive_wish", "waiting to die",
          _r(r"\b(?:just |only |simply |really )?waiting (?:to die|to be dead|for (?:death|my heart to (?:stop|give "
             r"out|give up)|the end to come|it all to end|god to take me|the lord to take me|my time to come|my "
             r"turn to die))\b"),
          not_after=_r(r"^ (?:of|from) (?:boredom|embarrassment|laughter|hunger|thirst|the cold|the heat)\b"),
          not_in_text=_r(r"\b(?:film|game|battery|phone|plant|fish|episode|test results|scan)\b")),
    _Rule("passive_wish", "asks god to take them",
          _r(r"\b(?:pray|praying|prayed|ask|asking|asked|beg|begging|begged|want|wish|hope|hoping|ready for|"
             r"waiting for|why will not|why does not|why do not|if only)\b[a-z ]{0,20}?\b(?:that )?(?:god|the lord|jesus|the good "
             r"lord|him upstairs|the man upstairs|allah)\b[a-z ]{0,12}\b(?:take me|takes me|took me|call me "
             r"home|calls me home|let me die|lets me die|let me go|end it|end my life|bring me home|to take me)\b"
             r"|\b(?:god|lord|jesus|allah) (?:please )?(?:just )?(?:take me now|take me already|let me die|end it|"
             r"call me home|take me away from this|take me tonight|take me in my sleep)\b"),
          not_after=_r(r"^ (?:through|to (?:church|mass|heaven when)|with (?:you|him) when)\b")),
    _Rule("passive_wish", "the only way out is not being here",
          _r(r"\bway out\b[a-z ]{0,20}\b(?:except|but|other than|apart from|besides|is)\b[a-z ]{0,15}\b(?:not being "
             r"(?:here|alive|around)|dying|to die|death|ending it|end it|going for good|disappearing|not existing|"
             r"to not be here|not to be here|to go|killing myself)\b"
             r"|\b(?:only|one) way out (?:is|would be|left is|i can see is)\b(?! (?:through|the (?:door|back|front|"
             r"fire)|to (?:the|call|ask|talk|pay|sell|get|move|borrow|work)))"),
          not_in_text=_r(r"\b(?:maze|game|building|fire exit|escape room|car park)\b")),
    _Rule("passive_wish", "giving up on life",
          _r(r"\b(?:given up|giving up|give up|gave up) on (?:life|living|everything|myself|being alive)\b"
             r"|\bdone with (?:life|living|being alive|everything|it all|this life|existing)\b"
             r"|\bnothing (?:left )?to live for\b|\bno (?:will|wish|desire) to live\b")),

    # ----- more of the same meanings, as people say them (second pass for issue 11) -----------
    _Rule("goodbye", "a last message",
          _r(r"\b(?:this is|this will be|that was|it is|here is) (?:the|my) (?:last|final) (?:time (?:we|well|i|you|"
             r"anyone) (?:will |are going to )?(?:talk|speak|chat|hear|see)|message|text|post|call|voice note|"
             r"thing i (?:say|send|write))\b"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True),
    _Rule("goodbye", "thanks for a whole relationship, then goodbye",
          _r(r"\bthank you for (?:everything|being (?:my|a|there|in my life|so)|always being|all (?:you have|you ve) "
             r"(?:done|been)|putting up with me|all the (?:years|time))\b[a-z ]{0,60}\b(?:goodbye|good bye|farewell|"
             r"bye forever|this is goodbye)\b"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True, gentle=True),
    _Rule("goodbye", "a message of love or sorrow to pass on",
          _r(r"\btell (?:my|him|her|them|everyone|everybody|the [a-z]+)\b[a-z ]{0,15}\b(?:i love (?:her|him|them|you)|i "
             r"loved|i am sorry|i was sorry|goodbye|it was not (?:their|her|his|your) fault|not to blame "
             r"(?:herself|himself|themselves))\b"),
          not_in_text=_r(r"\b(?:happy birthday|christmas|congrat\w*|get well|on the phone|later|tonight at|"
                         r"when i get home|when i see)\b"), gentle=True),
    _Rule("goodbye", "putting things in order before not being here",
          _r(r"\b(?:i )?(?:will not|am not going to|will no longer|will never) (?:be (?:here|around|alive)|need (?:it|them|any "
             r"of (?:it|this|them)|anything|this|my [a-z]+|my [a-z]+ [a-z]+(?= anymore| any more| ever again))|be needing "
             r"(?:it|them|anything|any of (?:it|this|them)|my [a-z]+|my [a-z]+ [a-z]+(?= anymore| any more| ever again)))\b(?= anymore| any more| much longer| for long| after (?:tonight|today|this|i am gone)| ever again|"
             r" where i am going| by (?:then|the weekend|the morning|tomorrow)|$)"
             r"|\b(?:you|they|nobody|no one|anyone|everyone|my family) (?:will not|will never|would not|will no longer) "
             r"(?:have to|need to) (?:deal with|worry about|put up with|look after|sort out|bother with) me\b"
             r"|\bso (?:nobody|no one|they|my family|my mum|my parents|mum|dad) (?:has|have|will have|needs|need|would "
             r"have|does not have|do not have) to (?:sort|deal with|clean|clear|worry about|do)\b[a-z ]{0,20}\b(?:after|"
             r"when i|once i|later)\b"),
          not_in_text=_ORDINARY_PARTING),
    _Rule("goodbye", "a goodbye posted or said to everyone",
          _r(r"\b(?:it was|it has been|was|been) (?:nice|good|lovely|a pleasure) knowing (?:you|everyone|ya|you all|"
             r"all of you)\b|\b(?:posted|wrote|sent|left|recorded|put up) (?:a |my )?(?:goodbye|farewell) (?:post|message|"
             r"note|letter|video|on|to)\b"),
          not_in_text=_r(r"\b(?:exam|test|interview|match|game|lol|haha|lmao|boss fight|driving test|leaving do|new job|"
                         r"moving|move|last day|retir\w*|holiday)\b"), gentle=True),
    _Rule("goodbye", "letters or notes for others to find",
          _r(r"\b(?:letters?|notes?|messages?|envelopes?|cards?)\b[a-z ]{0,40}\b(?:will|would|are going to|can|should) "
             r"(?:find|read|get|open) (?:them|it|those|these)\b(?: tomorrow| in the morning| after| when| later| once|"
             r"$)"),
          not_in_text=_r(r"\b(?:birthday|christmas|valentine|surprise|anniversary|treasure hunt|present|gift|wedding|"
                         r"thank you cards?|postcard|santa|tooth fairy|party|shopping list|recipe)\b")),
    _Rule("goodbye", "at peace with a decision",
          _r(r"\b(?:made (?:my )?peace with|at peace with|calm about|okay with|ok with) (?:everything|it all|dying|death|my "
             r"decision(?! to (?:change|move|quit|leave (?:my|the|this) (?:job|course|uni|school|flat|city)|take|start|go back|"
             r"retire|study|stay|sell|buy|get|have|try|stop (?:drinking|smoking)))|the decision|what i am (?:going|about) to do|leaving (?:this|everyone|for good)|going|it now|my "
             r"choice)\b"
             r"|\b(?:decided|made (?:up )?my mind|made my decision|my mind is made up)\b[a-z ]{0,25}\b(?:calm|peaceful|at "
             r"peace|relieved|lighter|a relief|no going back)\b"
             r"|\btying up (?:all )?(?:my |the )?loose ends\b"),
          not_in_text=_r(r"\b(?:job|career|course|degree|uni|university|move|moving|house|flat|divorce|break ?up|"
                         r"maternity|paternity|leave|notice|handover|handing over|semester|term|thesis|deadline|"
                         r"relationship|diet|project|holiday|trip|retir\w*|work|boss|business|wedding|surgery|"
                         r"operation|baby|pregnan\w*|gender|coming out|transition)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "thanks for trying, as a goodbye",
          _r(r"\b(?:goodbye|bye)\b[a-z ]{0,10}\bthank(?:s| you) for trying\b|\bthank(?:s| you) for trying\b[a-z ]{0,20}"
             r"\b(?:goodbye|bye|it is too late|i am done|nothing (?:can|will) help)\b"), gentle=True),
    _Rule("goodbye", "a pet or a child handed over for good",
          _r(r"\b(?:rehom\w*|gave|give|giving|took|take|taking|dropped|handed|left|leaving|signed)\b[a-z ]{0,20}\b(?:my |the )?"
             r"(?:dog|dogs|cat|cats|pets?|puppy|kitten|rabbit|hamster|bird|kids|children|son|daughter|baby)\b[a-z ]{0,30}\b"
             r"(?:for good|permanently|forever|to keep|for keeps)\b"
             r"|\b(?:my |the )?(?:dog|dogs|cat|cats|pets?|puppy|kitten|rabbit|hamster|bird)\b[a-z ]{0,20}\b(?:to )?(?:go to|"
             r"find|found|get|have) a (?:good|new|loving|better|nice) home\b"
             r"|\b(?:look after|care for|raise|love) (?:him|her|them|my (?:dog|cat|kids|children|son|daughter|baby))"
             r" better than (?:me|i (?:can|could|ever))\b"),
          not_in_text=_ORDINARY_PARTING, gentle=True, despair_overrides=True),
    _Rule("goodbye", "keepsakes to remember them by",
          _r(r"\b(?:gave|give|giving|sent|send|left|leave|leaving|posted|want (?:my|her|him|them) to have)\b[a-z ]{0,40}"
             r"\b(?:to keep (?:forever|for good|always)|to remember me(?: by)?|keep (?:it|them) forever|something to "
             r"remember me|so (?:she|he|they) (?:will|can) remember me)\b"),
          not_in_text=_r(r"\b(?:birthday|christmas|wedding|leaving do|moving|move|abroad|holiday|graduation)\b"),
          gentle=True, despair_overrides=True),
    _Rule("goodbye", "a proper goodbye",
          _r(r"\b(?:just )?(?:wanted|want|needed|need) to say (?:goodbye|bye|farewell)\b(?= properly| to (?:you|someone|"
             r"everyone|somebody)| before| while i (?:can|still)| one last| for the last|$)"
             r"|\b(?:you have been|you were|you are) (?:a good friend|good to me|kind to me|so kind|the only one)\b[a-z ]{0,20}"
             r"\b(?:goodbye|bye|farewell)\b"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True, gentle=True),
    _Rule("goodbye", "giving belongings away",
          _r(r"\b(?:giving|gave|given|give) away (?:all |most |some |loads )?(?:of )?(?:my |our )?(?:stuff|things|books|"
             r"clothes|possessions|belongings|jewellery|jewelry|guitar|games|console|records|art|plants|collection|"
             r"favourite things)\b"
             r"|\b(?:giving|gave|given|give) (?:all |most |some |loads )?(?:of )?(?:my |our )?(?:stuff|things|"
             r"books|clothes|possessions|belongings|jewellery|jewelry|guitar|games|console|records|art|plants|"
             r"collection|favourite things)\b[a-z ]{0,30}\b(?:will not be (?:needing|using|playing|wearing|reading|"
             r"riding) (?:it|them|this|that|any of))\b"
             r"|\b(?:leaving|left|sorted|made sure|arranged|set up|changed)\b[a-z ]{0,10}\b(?:my |all my )?(?:life "
             r"insurance|will|savings|pension|money|bank account|belongings|things|stuff|everything)\b[a-z ]{0,20}\b"
             r"(?:goes to|go to|will go to|is for|are for|to) (?:my )?(?:kids|children|son|daughter|sister|brother|mum|"
             r"dad|family|wife|husband|partner|best friend|friends)\b"
             r"|\b(?:labelled|labeled|marked) (?:for|with) (?:my )?(?:family|mum|dad|kids|sister|brother|friends|their "
             r"names|names)\b"),
          not_in_text=_r(_ORDINARY_PARTING.pattern + r"|\b(?:baby|wedding|married|mortgage|solicitor|new (?:house|home)|"
                         r"birthday|christmas|inherit\w*|when we are old|one day)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "an apology for everything",
          _r(r"\bsorry for (?:everything|all of it|all the (?:trouble|pain|hurt)|being (?:a burden|such a burden|this way|"
             r"like this|a disappointment|such a disappointment|who i am))\b"),
          needs=_r(r"\b(?:forgive me|goodbye|bye|love you|i hope|please|tell (?:them|her|him|my)|one day|you will "
                   r"understand|it is better this way)\b"),
          not_in_text=_r(r"\b(?:earlier|yesterday|last night|this morning|the mess|being late|shouting|snapping)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "a last night in this world",
          _r(r"\b(?:my )?(?:last|final) (?:night|day|week|hours?|moments?|sunset|sunrise)\b[a-z ]{0,10}\b(?:in|on) "
             r"(?:this world|earth|this earth|the planet|this planet|this life)\b|\bmy (?:last|final) (?:night|day) "
             r"(?:alive|on earth|breathing)\b")),
    _Rule("goodbye", "seeing someone for the last time",
          _r(r"\b(?:will not|will never|am never going to|am not going to|never going to|will not get to) (?:see|hug|hold|"
             r"hear|talk to|speak to) (?:her|him|them|you|my [a-z]+|anyone|everyone) (?:again|ever again)\b"),
          needs=_r(r"\b(?:because|so|one last|extra|properly|before|goodbye|for the last time|knowing)\b"),
          not_in_text=_r(_ORDINARY_PARTING.pattern + r"|\b(?:died|dead|passed|funeral|moving|abroad|emigrat\w*|"
                         r"break ?up|broke up|dumped|ex|moved|blocked|court|custody|prison|deport\w*)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "everything in place",
          _r(r"\b(?:everything|it all|all of it|it) (?:is |s )?(?:all )?(?:in place|set|sorted|arranged|ready|done|taken care "
             r"of)(?: now)?\b[a-z ]{0,20}\b(?:i am ready|ready|no loose ends|nothing left)\b"
             r"|\bi am ready\b[a-z ]{0,10}\b(?:everything|it all|all of it) (?:is )?(?:in place|set|sorted|arranged|ready|"
             r"done|taken care of)\b|\bno (?:more )?loose ends\b"),
          not_in_text=_ORDINARY_PARTING, gentle=True),
    _Rule("goodbye", "a note or message that explains why",
          _r(r"\b(?:note|notes|letter|letters|email|emails|message|messages|video|voice note|text)\b[a-z ]{0,40}\b(?:explaining "
             r"(?:everything|why|it all|what i did)|to explain (?:everything|why|it all)|saying (?:goodbye|sorry|why))\b"
             r"|\b(?:scheduled|set up|timed|queued)\b[a-z ]{0,15}\b(?:email|message|post|text|tweet)s?\b[a-z ]{0,40}\b"
             r"(?:explaining|to everyone|goodbye|when i am gone|after i am gone|why)\b"),
          not_in_text=_r(r"\b(?:late|lateness|work|school|teacher|absence|sick note|doctor s note|dentist|landlord|boss|"
                         r"manager|complaint|refund|delivery|parcel|council|bank|application|job|interview|birthday|"
                         r"wedding|party|thank you note|flatmate|housemate|heating|boiler|rent|bins|washing|dishes|"
                         r"parking|rota|shift|fridge|noise|keys|plumber|neighbours?|homework)\b"), despair_overrides=True),
    _Rule("goodbye", "a will or money left for others",
          _r(r"\b(?:my will is|where my will is|left my will|found my will|my will and)\b"
             r"|\b(?:moved|transferred|put|sent|gave|given|left) (?:all |most )?(?:of )?(?:my )?(?:money|savings|cash|"
             r"pension)\b[a-z ]{0,15}\b(?:into|to|for) (?:my )?(?:daughters?|sons?|kids|children|sister|brother|mum|"
             r"dad|wife|husband|partner|best friend|family)\b"),
          not_in_text=_r(_ORDINARY_PARTING.pattern + r"|\b(?:baby|wedding|married|mortgage|solicitor|new (?:house|home)|"
                         r"birthday|christmas|house deposit|deposit|university|uni|tuition|pocket money|rent|bills|"
                         r"inherit\w*|when we are old|one day|tax|isa|savings account for)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "thanks said as a last farewell",
          _r(r"\b(?:thank you|thanks|i will not forget you|i will miss you|remember me|take care|look after yourself|"
             r"goodbye|bye)\b[a-z ]{0,40}\b(?:wherever i end up|where i am going|on the other side|in the next life|"
             r"wherever i am going|when i am gone|after i am gone)\b"
             r"|\b(?:heading off|heading out|going|leaving|off|signing off|checking out|gone) for good\b(?! to| in| at| from)"
             r"(?=[a-z ]*\b(?:take care|goodbye|bye|look after|thank|love you|sorry|remember)\b)"
             r"|\b(?:take care|goodbye|bye|look after yourself|love you)\b[a-z ]{0,30}\b(?:heading off|heading out|going|"
             r"leaving|off|signing off|checking out|gone) for good\b(?! to| in| at| from)"
             r"|\b(?:goodbye|farewell|bye) (?:cruel )?world\b"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True, gentle=True),
    _Rule("goodbye", "making peace before going",
          _r(r"\b(?:forgive|forgave|forgiven|make peace|made peace|said sorry|apologi[sz]ed|say sorry|told (?:her|him|them)|"
             r"tell (?:her|him|them))\b[a-z ]{0,40}\bbefore i go\b(?! (?:to|out|on|away|home|back|shopping|into|for|up|"
             r"down|round|over|and|in|abroad))"),
          not_in_text=_ORDINARY_PARTING, despair_overrides=True),
    _Rule("goodbye", "own funeral or eulogy",
          _r(r"\b(?:my own (?:eulogy|obituary|funeral|headstone|gravestone|epitaph)|(?:chosen|picked|planned|chose|pick|"
             r"choosing|planning) (?:the )?(?:songs|hymns|music|readings|flowers|coffin) for my funeral|(?:want|want my|"
             r"scatter) my ashes (?:scattered|to be scattered|spread|at|in|on|over))\b"),
          not_in_text=_r(r"\b(?:plan provider|policy|insurance|paid for|prepaid|pre paid|when i am old|one day|years "
                         r"from now|in the future|joke|lol|haha|creative writing|exercise|class|course|therapy "
                         r"exercise|grief)\b"), despair_overrides=True, gentle=True),
    _Rule("psychosis", "others hear or read their thoughts",
          _r(r"\b(?:people|they|everyone|everybody|strangers|others|he|she|the neighbours|someone|somebody|[a-z]+ on the "
             r"(?:bus|train|street|tv|radio))\b[a-z ]{0,15}\b(?:can|could|are able to|keep) (?:hear|read|see|know|listen to) "
             r"(?:what i am thinking|what i think|my thoughts|my mind|inside my head)\b"),
          not_in_text=_r(r"\b(?:joke|lol|haha|obvious|on my face|written all over|poker face|know me so well|best friend|"
                         r"mum always)\b"), gentle=True),
    _Rule("psychosis", "a plot everyone is in on",
          _r(r"\b(?:he|she|they|everyone|everybody|all of them|the whole|people)\b[a-z ]{0,15}\b(?:is|are|were|was) (?:all )?"
             r"in on it\b|\b(?:working|plotting|conspiring|ganging up) (?:together )?against me\b"
             r"|\b(?:winked|signalled|signaled|nodded|looked) at me (?:so|and|because)\b[a-z ]{0,20}\b(?:know|means|in on|"
             r"message|sign|code)\b"),
          not_in_text=_r(r"\b(?:surprise|party|prank|joke|joking|lol|game|quiz|team|match|work|office|boss|colleagues|"
                         r"siblings|kids|teacher|class|flirt\w*|date|crush)\b"), gentle=True),
    _Rule("psychosis", "the world changing in ways nobody else sees",
          _r(r"\b(?:walls|floor|ceiling|faces|furniture|the room|shadows|trees|pictures|posters|people s faces)\b "
             r"(?:are |is |keep |keeps |started |start )?(?:breathing|melting|crawling|moving by themselves|changing shape|"
             r"talking to me|whispering|watching me|bleeding)\b"
             r"|\b(?:seeing|see|saw|hearing|hear|heard|feel|feeling|smell|smelling)\b[a-z ]{0,30}\b(?:that|which) (?:is|are|was|"
             r"were) not (?:really )?there\b"
             r"|\b(?:hear|hearing|heard) (?:a man|a woman|someone|somebody|people|a child|kids|a voice|voices)\b[a-z ]{0,20}"
             r"\b(?:shouting|calling|saying|talking|whispering|screaming|laughing)\b[a-z ]{0,25}\b(?:when i am (?:alone|on my "
             r"own|by myself)|when (?:no one|nobody) is (?:there|home|around)|(?:but|and) (?:no one|nobody) is (?:there|"
             r"home)|in an empty (?:room|house|flat))\b"),
          not_in_text=_r(r"\b(?:trip|tripping|acid|shrooms|mushrooms|lsd|film|movie|dream|nightmare|game|painting|"
                         r"paint|damp|mould|hallway|neighbours?|upstairs|next door|radio|tv|podcast|phone)\b"), gentle=True),
    _Rule("psychosis", "special powers to be proved",
          _r(r"\b(?:special powers?|superpowers?|invincible|immortal|can fly|can not die|cannot die|can not be hurt|can not be "
             r"killed|bulletproof|chosen one|the messiah|a prophet|god chose me|chosen by god)\b"),
          needs=_r(r"\b(?:prove|jump|jumping|walk into|step (?:off|out)|test|show (?:them|everyone|you)|fly|off the|stop taking|"
                   r"do not need (?:my )?(?:meds|medication|pills|sleep)|no (?:meds|medication|sleep)|traffic|fire)\b"),
          not_in_text=_r(r"\b(?:game|film|movie|comic|marvel|anime|cosplay|character|story|book|lol|haha|kid|son|"
                         r"daughter|nephew|niece|pretend\w*)\b")),
    _Rule("psychosis", "a loved one replaced or a body possessed",
          _r(r"\b(?:replaced (?:by|with)|swapped (?:by|with|for)|is (?:an|a) (?:imposter|impostor|body double|clone|robot|"
             r"alien|lookalike|fake))\b[a-z ]{0,30}\b(?:imposter|impostor|double|clone|robot|alien|lookalike|fake|looks "
             r"(?:exactly |just )?like)\b|\bis (?:an|a) (?:imposter|impostor|clone|robot|body double)\b"
             r"|\b(?:the devil|a demon|demons|satan|an evil spirit|something evil|an evil presence|a spirit)\b (?:is |are |has "
             r"got |has |have )?(?:inside|in|taken over|possessed|possessing) (?:me|my (?:body|mind|head))\b"),
          not_in_text=_r(r"\b(?:film|movie|show|game|book|story|series|episode|phone|laptop|boss|teacher|team|"
                         r"manager|player|lol|haha|joke|imposter syndrome|among us|dementia|alzheimer\w*|"
                         r"thinks (?:my|that|her|his)|believes (?:my|that)|grandma|grandad|nan|grandpa)\b"), gentle=True),
    _Rule("psychosis", "mind control by outside forces",
          _r(r"\b(?:mind control|controlling my (?:mind|thoughts|brain|body)|control (?:my (?:mind|thoughts|brain|body))|"
             r"to control me)\b"),
          needs=_r(r"\b(?:they|government|aliens|police|neighbours|someone|somebody|chip|implant|satellites?|tv|radio|waves|"
                   r"gas|signals|5g|microwaves|wifi|cia|fbi|mi5|agents)\b"),
          not_in_text=_r(r"\b(?:boyfriend|girlfriend|husband|wife|partner|mum|dad|parents|boss|ex|film|game|book)\b"),
          gentle=True),
    _Rule("psychosis", "a higher power says to stop treatment",
          _r(r"\b(?:god|jesus|the lord|the voices?|the angels?|the spirits?|my guides?|the universe|a sign)\b[a-z ]{0,30}\b"
             r"(?:told|tells|wants|said|says|commanded|ordered|showed) me\b[a-z ]{0,15}\b(?:to )?(?:stop|quit|throw away|flush)"
             r" (?:taking )?(?:my )?(?:medication|meds|pills|tablets|treatment|insulin|injections?)\b")),
    _Rule("psychosis", "perceiving what nobody else can",
          _r(r"\b(?:nobody|no one|noone) else (?:can|could|does|did|seems to|is able to|ever)(?: (?:hear|see|smell|feel|"
             r"notice))?\b"),
          needs=_r(r"\b(?:voices?|talking|whisper\w*|people|someone|somebody|figures?|shadows?|faces?|watching|"
                   r"following|bugs|insects|crawling|messages?|signs?|music|singing|screaming|my name)\b"),
          not_in_text=_r(r"\b(?:gas|smoke|leak|damp|mould|mold|boiler|pipes|fridge|tinnitus|ringing in my ears|"
                         r"neighbours? (?:music|tv|dog|party)|mice|rats|birds|ghost story)\b"), gentle=True),
    _Rule("psychosis", "signs and messages meant for them",
          _r(r"\b(?:messages?|signs?|signals?|codes?|clues?|instructions) (?:are |were )?(?:meant|sent|left|intended|"
             r"hidden|put there|written) (?:just |only |specially |especially |specifically |directly )?(?:for|to) me\b"),
          needs=_r(r"\b(?:number plates|licen[cs]e plates|plates|billboards?|adverts?|ads|songs?|radio|tv|telly|news|"
                   r"numbers|road signs|car colou?rs|patterns|posts|tweets|headlines|clouds|strangers|people in the street|"
                   r"everywhere|cars|the way people)\b"),
          not_in_text=_r(r"\b(?:birthday|card|gift|friend|mum|dad|partner|valentine|treasure hunt|escape room|game|"
                         r"puzzle|teacher|boss|lol)\b"), gentle=True),
    _Rule("psychosis", "a voice that says or commands",
          _r(r"\bthe voice\b(?: in my head| inside my head| in my ear)? (?:always |keeps? |still )*(?:says|said|tells|told|"
             r"telling|saying|whispers|whispered|is telling|screams|screamed|orders|ordered|wants)\b"),
          not_in_text=_r(r"\b(?:sat ?nav|gps|alexa|siri|google|narrator|voice (?:note|message|mail|assistant|actor|over)|"
                         r"teacher|coach|choir|singing|audiobook|podcast|announcer|tannoy|train|app|video|film|"
                         r"game|of reason)\b"), gentle=True),
    _Rule("psychosis", "figures watching in the dark",
          _r(r"\b(?:shadow (?:people|figures?|man|men|person)|figures?|faces|a man|a woman|someone|somebody|eyes|things|"
             r"creatures|demons?|people)\b[a-z ]{0,20}\b(?:in|at|from) (?:the|my) (?:corners?|room|dark|walls?|ceiling|"
             r"window|wardrobe|doorway)\b[a-z ]{0,30}\b(?:watching|staring|looking at|following|whispering|talking|"
             r"waiting)\b"),
          needs=_r(r"\b(?:every night|all the time|nobody else|no one else|again|always|keep|every|each night|"
                   r"won t leave|will not leave|still there)\b"),
          not_in_text=_r(r"\b(?:film|movie|show|game|dream|nightmare|halloween|haunted house|ghost story|book|"
                         r"poster|painting|cat|dog|window cleaner)\b"), gentle=True),
    _Rule("overdose", "took a large amount of medication",
          _r(r"(?:^|\bi )(?:have |had |just |already |think i |might have |may have )*(?:took|taken|swallowed|had|downed|"
             r"necked|popped|ate|eaten|chugged)\b (?:like |about |around |maybe |over |nearly |almost )?(?:a load of|"
             r"loads of|a lot of|lots of|a bunch of|a handful of|handfuls of|a fistful of|heaps of|tons of|a ton of|"
             r"a pile of|way too many|too many|so many|half (?:a|the|of (?:a|the|my)) (?:bottle|box|packet|pack|tub|"
             r"strip)(?: of)?|double|triple|extra|(?:my |the |a )?(?:whole|entire|full) (?:box|packet|bottle|pack|strip|"
             r"blister pack|tub|supply)(?: of)?|(?:[1-9][0-9]|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred)"
             r")\b[a-z ]{0,25}\b" + MEDS + r"\b"
             r"|(?:^|\bi )(?:have |had |just |already |think i |might have |may have )*(?:took|taken|swallowed|downed|necked|"
             r"had) (?:my |the |a )?(?:whole|entire|full) (?:prescription|month s supply|months supply|weeks supply|"
             r"week s supply|supply)\b"
             r"|\b(?:took|taken|take|swallowed|had|necked|downed)\b[a-z ]{0,15}\b(?:way |much |a lot |loads |far )?more "
             r"(?:than|then) (?:the|my|i am|what is|i should|it says|the label|the box|prescribed|recommended|allowed)\b"
             r"(?=[a-z ]*\b(?:on purpose|deliberately|to sleep|not wake|to die|feel weird|feel sick|feel funny|"
             r"dizzy|dose|pills|tablets|meds)\b)"),
          not_in_text=_r(r"\b(?:vitamins?|supplements?|photos?|pictures?|notes|probiotics?|cough sweets|mints|"
                         r"how many|can i|should i|is it safe|is it ok|pharmacy|chemist|refill|to check|collected|"
                         r"picked up|pick up|to the (?:doctor|gp|hospital|clinic))\b")),
    _Rule("overdose", "alcohol with a lot of medication",
          _r(r"\b(?:took|taken|swallowed|had|downed|drank|necked|mixed|chugged)\b[a-z ]{0,30}\b(?:bottle|bottles|litre|"
             r"loads|lots|half|whole|all|shots|cans)\b[a-z ]{0,15}\b(?:vodka|alcohol|wine|beer|whisky|whiskey|booze|"
             r"spirits|gin|rum|cider)\b[a-z ]{0,20}\b(?:with|and|on top of|plus)\b[a-z ]{0,15}\b" + MEDS + r"\b"
             r"|\b(?:took|taken|swallowed|had|downed|necked)\b[a-z ]{0,20}\b" + MEDS + r"\b[a-z ]{0,20}\b(?:with|and|"
             r"washed (?:them |it )?down with) (?:a |the |half a |a whole )?(?:bottle|bottles|litre|loads|lots|half|whole)\b"
             r"[a-z ]{0,10}\b(?:vodka|alcohol|wine|beer|whisky|whiskey|booze|spirits|gin|rum|cider)\b")),
    _Rule("self_harm", "hurt self again after being clean",
          _r(r"\b(?:cut|cutting|burned|burnt|burning|scratched|hurt myself|harmed myself|relapsed) again\b"
             r"|\brelapsed\b(?=[a-z ]*\b(?:cut\w*|self harm\w*|burn\w*|clean)\b)"
             r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several) (?:days|weeks|months|years) "
             r"clean\b(?=[a-z ]*\b(?:cut\w*|self harm\w*|burn\w*|relapse\w*|broke|ruined|lost (?:it|my streak))\b)"),
          not_in_text=_r(r"\b(?:hair|grass|hedge|lawn|fringe|bangs|price|prices|budget|cost|scene|film|edit|tooth|"
                         r"finger|thumb|cooking|by accident|accidentally)\b")),
    _Rule("self_harm", "hurting self until it bleeds or breaks",
          _r(r"\b(?:punch|punching|punched|hit|hitting|bang|banging|banged|slam|slamming|slammed|kick|kicking|kicked|"
             r"scratch\w*|pick|picking|picked|bit|bite|biting)\b[a-z ]{0,30}\b(?:until|till|so) (?:my|it|they|i) "
             r"(?:[a-z]+ )?(?:bleed|bleeds|bled|bleeding|bruise|bruises|bruised|break|broke|crack\w*)\b"),
          not_before=_r(r"\b(?:he|she|they|someone|my (?:brother|sister|dad|mum|partner|boyfriend|girlfriend))\s*[a-z ]{0,6}$"),
          not_in_text=_r(r"\b(?:mosquito|bites?|eczema|rash|itch\w*|chicken ?pox|scab|acne|spots?|pimples?|by accident|"
                         r"accidentally|boxing|sparring|training|punch bag|punching bag|football|rugby|nose)\b")),
    _Rule("means", "which method hurts least",
          _r(r"\b(?:less|least|more|most) (?:painful|pain|messy|reliable|certain|quick|quicker|effective|peaceful)\b"
             r"[a-z ]{0,30}\b(?:pills|tablets|overdose|jumping|jump|hanging|hang|drowning|gun|shooting|cutting|train|"
             r"rope|gas|bleeding out)\b"
             r"|\b(?:pills|tablets|overdose|jumping|hanging|drowning|gun|shooting|cutting|train|rope|gas) or (?:pills|"
             r"tablets|overdose|jumping|hanging|drowning|a gun|shooting|cutting|a train|rope|gas)\b[a-z ]{0,30}\b(?:less|"
             r"least|more|most|better|quicker|faster|hurt|painful|work)\b"),
          not_in_text=_r(r"\b(?:game|film|movie|book|story|character|exam|essay|cartoon)\b")),
    _Rule("passive_wish", "cannot see themselves alive",
          _r(r"\b(?:do not|can not|can t|cannot) (?:really )?(?:see|picture|imagine) myself (?:being |still )?(?:alive|"
             r"living|making it|breathing|growing old|getting old|reaching)\b"),
          not_in_text=_r(r"\b(?:without (?:coffee|my phone|music|wifi)|in (?:this|that) (?:job|town|city|flat|house)|"
                         r"as a (?:parent|mum|dad|teacher)|married)\b")),
    _Rule("means", "means laid out and ready",
          _r(r"\b(?:got|have|had|counted|lined up|laid out|set out|saved|kept|stashed|sorted|put)\b[a-z ]{0,20}\b"
             + MEDS + r"\b[a-z ]{0,15}\b(?:ready|lined up|counted out|in front of me|laid out|set aside|on the table|"
             r"next to me|by my bed|in my hand)\b"
             r"|\b(?:staring|looking|stare|look|stood|standing|sat|sitting)\b[a-z ]{0,10}\b(?:at|by|near|on) (?:the|my|"
             r"this|that) (?:knife|knives|knife drawer|razor|razors|rope|pills|bottle of pills|medicine cabinet|railway|"
             r"tracks|train tracks|bridge|edge|ledge|balcony|roof edge)\b[a-z ]{0,30}\b(?:thinking about it|and thinking|"
             r"wondering|tempted|can not stop|keep thinking|for ages|for hours|again)\b"),
          not_in_text=_r(r"\b(?:for the week|dosette|organi[sz]er|pill box|weekly|morning pills|evening pills|"
                         r"prescription|pharmacy|chef|cooking|recipe|dinner|sharpen\w*|view|sunset|photos?|fishing)\b")),
    # ----- the way people type and talk online ------------------------------------------------
    _Rule("suicidal", "internet or gaming euphemism for ending one s life",
          _r(r"\bctb\b(?! (?:app|card|bank))"
             r"|\b(?:alt ?f ?(?:4|four)|ctrl alt del(?:ete)?|uninstall(?:ing)?|delete|deleting|log(?:ging)? (?:off|out)|"
             r"rage ?quit(?:ting)?|quit(?:ting)?|exit(?:ing)?|sign(?:ing)? off|unsubscrib(?:e|ing)|opt(?:ing)? out|"
             r"clock(?:ing)? out|check(?:ing)? out|bow(?:ing)? out|tap(?:ping)? out) (?:of |from |on )?(?:my (?:own )?life|"
             r"life|existence|existing|this world|the world|reality|this life|being alive|this planet|earth)\b"
             r"(?! (?:insurance|policy|admin|coach|hacks?|story|update|lessons?|skills?))"
             r"|\b(?:no|never|not|will not|am not going to) (?:going to )?respawn(?:ing)?\b(?=[a-z ]*\b(?:irl|in real life|"
             r"for me|this time|real life|after this|life)\b)"
             r"|\brespawn (?:irl|in real life)\b|\bgame over\b[a-z ]{0,10}\b(?:irl|in real life|for real)\b"
             r"|\b(?:final|last|big) yeet\b|\byeet(?:ing)? myself (?:off|from|out of|in front of|into (?:the )?(?:river|sea|"
             r"traffic|ocean|canal))\b"
             r"|\b(?:commit|committing|committed|do|doing) (?:sudoku|toaster bath|neck rope|die)\b|\bminecraft(?:ing)? "
             r"myself\b|\b(?:toaster bath|neck rope)\b"
             r"|\b(?:end|ending|quit|quitting|finish|finishing) (?:the|my|this) (?:run|game|playthrough|save|story) "
             r"(?:irl|in real life|for real)\b"
             r"|\bdelete (?:my|the) (?:save|save file|save data|character|whole save)\b(?=[a-z ]*\b(?:irl|in real life|for "
             r"real|life|permanently|for good|no more|existence|myself)\b)"
             r"|\b(?:forever|eternal|permanent|final|endless|dirt) (?:nap|sleep)\b(?! (?:mask|routine|app|schedule|"
             r"tracker|pod))"
             r"|\b(?:exit|way out|check out|checking out|clock out|bow out) (?:from|of) (?:this )?(?:life|world|existence|"
             r"earth)\b"
             r"|\b(?:uninstall(?:ing)?|delete|deleting|log(?:ging)? (?:off|out)|remove|removing|unsubscrib(?:e|ing)) myself "
             r"(?:from|of) (?:this world|life|existence|reality|earth|this planet|being alive)\b"),
          # a story is told apart by its own words (in the game, my character), not by "game" alone:
          # "game over irl" is the euphemism
          not_in_text=_r(r"\b(?:minecraft (?:server|world|mod|build)|sleep (?:mask|routine|app)|"
                         r"the ctb|my character|in the game|new game|playthrough|film|movie|book|show|episode|"
                         r"song|lyrics|novel|character)\b")),
    _Rule("suicidal", "catching the bus, with readiness",
          _r(r"\b(?:catch|catching|caught) the bus\b(?! (?:to|into|home|back|from|at|in|with|for|because|there|here|up|"
             r"down|round|over|every|each|after|before|tomorrow morning|this morning|to work|to school)\b)"),
          needs=_r(r"\b(?:ready|decided|plan\w*|everything (?:i need|ready|sorted)|for good|for real|permanently|no "
                   r"coming back|it is time|time to|finally|final|last|goodbye|irl|fr|soon)\b"),
          not_in_text=_r(r"\b(?:school|work|office|town|city|station|stop|ticket|fare|driver|route|timetable|"
                         r"late|missed|miss)\b"), gentle=True),
    _Rule("suicidal", "dark thoughts",
          _r(r"\b(?:dark|black|morbid|evil|scary|horrible|awful|terrible|bad) thoughts\b|\bdark thought\b"
             r"|\b(?:in|to|into|go to|goes to|going to) (?:a |some |really |very |such a |the )*dark (?:place|places|spot|"
             r"hole|headspace)\b|\bdark (?:place|places|stuff) (?:in|inside) my (?:head|mind)\b"
             r"|\bmy (?:head|mind|brain) (?:goes|went|is going|keeps going) (?:to )?(?:dark|black)\b"),
          not_in_text=_r(r"\b(?:humou?r|jokes?|comedy|theme|mode|chocolate|side of the moon|souls|netflix|series|"
                         r"show|film|movie|book|novel|story|song|album|art|painting|writing|poem|lyrics|game)\b"
                         r"|\b(?:much better|better now|doing better|out of it|recovered|in the past|years ago|last year|"
                         r"used to|back then|when i was younger|got through)\b"),
          overrides=_r(r"\b(?:back|again|returning|coming back|lately|recently|tonight|these days)\b"), gentle=True),
    _Rule("passive_wish", "wants to be with someone who died",
          _r(r"\b(?:want|wanna|wish|wished|wishing|long|longing|ready|need|can not wait|would give anything|could "
             r"finally|if i could|would rather|just want|hope|hoping|pray|praying|dream about|think about|could)\b"
             r"[a-z ]{0,12}?\b(?:be with|join|go (?:to )?where|follow|see|hold|hug|be reunited with|reunite with|go "
             r"and be with|be back with|go to)\b[a-z ]{0,30}?\b(?:again|where (?:he|she|they) (?:is|are|went|has gone|"
             r"have gone)|up there|in heaven|on the other side|wherever (?:he|she|they) (?:is|are)|now)\b"
             r"|\buntil i (?:can|get to) (?:be with|join|see|hold) (?:him|her|them|my [a-z]+)\b"
             r"|\b(?:want|wanna|wish|ready|need|just want) to (?:join|follow|go (?:to )?where|be with|go be with|go and be "
             r"with) (?:him|her|them|my "
             r"[a-z]+)\b(?! (?:for|at|on|in the|to the|this|next|tomorrow|tonight))"
             r"|\b(?:want|wanna|wish|need|hope|hoping|pray|praying|ready) (?:i could |to |i )?(?:go|be|end up) (?:to )?"
             r"where(?:ever)? (?:he|she|they) (?:is|are|went|has gone|have gone)\b"
             r"|\b(?:hope|hoping|pray|praying|wish) (?:that )?i (?:go|die|get to go) (?:soon|too|next|first|as well)\b"
             r"[a-z ]{0,25}\b(?:see|be with|join|hold|hug) (?:him|her|them|my [a-z]+)\b"),
          not_after=_r(r"^ (?:in|at|on|for|with|to) (?!heaven|peace|the other side)"),
          needs=_r(r"\bmiss (?:him|her|them|my [a-z]+) so much\b|\bcan not (?:live|go on|cope) without (?:him|her|them)\b"
                   r"|\bmy late [a-z]+\b|\b(?:since|after|when) (?:my )?[a-z]+ passed\b(?! (?:the|a|an|"
                   r"my|her|his|their|it|its|with|away|on|out|by)\b)|\b(?:died|dead|death|passed (?:away|on)|(?:who|since (?:he|she|they)|after (?:he|she|they)) (?:has "
                   r"|had )?passed|heaven|in the ground|grave|funeral|buried|killed|other side|been gone (?:for )?"
                   r"(?:almost |nearly |over )?(?:\w+ )?(?:years?|months?)|lost (?:him|her|them|my \w+)|ashes)\b"),
          not_in_text=_r(r"\b(?:film|show|game|book|story|dream last night|visit (?:his|her|their) grave)\b"),
          gentle=True),
    _Rule("goodbye", "a count of hours or days left to live",
          _r(r"\b" + _COUNT + r" (?:more )?(?:hours?|days?|nights?|sleeps?|weeks?)(?: left)?\b[a-z ]{0,20}\b(?:and then "
             r"(?:that is it|it is over|i am (?:gone|done|out|free)|no more|it ends|it is done|i will not be)|then (?:that is "
             r"it|it is over|i am gone|i am done)|and i am (?:done|gone|out)(?: with (?:all of it|it all|everything|"
             r"this|life))?|left to live|to live|left on (?:this )?earth|left in this world|of my life left|before i "
             r"(?:end it|do it|go for good|kill myself))\b"
             r"|\b(?:giving|gave|give|given) myself (?:until|till|to|another|one more|\d+|a|two|three|a few|a week|a "
             r"month)\b[a-z ]{0,20}\b(?:to live|and then|before i|then i|left)\b"
             r"|\b(?:until|till|by) [a-z0-9 ]{1,20} to live\b"
             r"|\bcounting down (?:the )?(?:hours|days|time)\b[a-z ]{0,15}\b(?:i have left|left to live|until i (?:die|"
             r"end it|do it|am gone|am dead)|till i (?:die|go for good))\b"
             r"|\b(?:this time|by this time) (?:next|tomorrow)\b[a-z ]{0,15}\bi (?:will not|will no longer|am not "
             r"going to) (?:exist|be alive|be here|be around|be breathing)\b"),
          not_in_text=_r(r"\b(?:doctor|diagnos\w*|cancer|terminal|hospice|prognosis|vet|dog|cat|battery|sale|deadline|"
                         r"essay|exams?|revision|dissertation|visa|lease|holiday|trip|flight|contract|game|level|season|"
                         r"episode|plant|offer|trial|subscription)\b"), despair_overrides=True),
    _Rule("self_harm", "days without eating",
          _r(r"(?:^|\bi )(?:have |had |just |really |literally |honestly |basically )*(?:not|barely|hardly|did not|"
             r"stopped|not really) (?:eaten|ate|eat|eating|had (?:any )?(?:food|anything to eat|a meal|a proper meal)|"
             r"touched food)\b[a-z ]{0,25}?\b(?:in|for|since) (?:(?:about |almost |nearly |over |more than )?(?:\d+|"
             r"two|three|four|five|six|seven|eight|nine|ten|a few|few|several|many|a couple of|couple of) "
             r"(?:days|day|weeks|week)|a (?:week|fortnight)|days|weeks|(?:last )?(?:monday|tuesday|wednesday|"
             r"thursday|friday|saturday|sunday)|the weekend|last week)\b"
             r"|\bday (?:\d+|two|three|four|five|six|seven|eight|nine|ten) (?:of )?(?:not eating|without food|no food)\b"
             r"|\b(?:stopped|stop|quit|quitting) eating\b(?=[a-z ]*\b(?:on purpose|deliberately|deserve|punish|days?|"
             r"weeks?|want to disappear|for good)\b)"
             r"|\b(?:do not|dont) deserve (?:to eat|food|any food|a meal|meals)\b"),
          not_in_text=_r(r"\b(?:fast|fasting|ramadan|lent|yom kippur|surgery|operation|colonoscopy|procedure|stomach "
                         r"bug|bug|flu|sick|vomit\w*|throwing up|food poisoning|wisdom teeth|dentist|braces|nil by "
                         r"mouth|dog|cat|puppy|kitten|hamster|baby|covid|tonsil\w*|chemo)\b"), gentle=True),
    _Rule("self_harm", "hiding self-harm marks",
          _r(r"\b" + _HIDE + r"\b[a-z ]{0,25}\b(?:the |my |these |those |fresh |new |old |all )*" + _MARKS + r"\b"),
          needs=_r(r"\b(?:cut|cuts|cutting|self harm\w*|did to myself|i did|i made|gave myself|from cutting|myself)\b"),
          not_in_text=_SKIN_NOT_SELF_HARM),
    _Rule("self_harm", "hiding marks on the body from others",
          _r(r"\b" + _HIDE + r"\b[a-z ]{0,25}\b(?:the |my |these |those |fresh |new |old |all )*" + _MARKS + r"\b"),
          needs=_r(r"\b(?:my (?:arms?|wrists?|thighs?|legs?|stomach|hips?|skin|body)|so (?:no one|nobody|my "
                   r"(?:parents|mum|dad|family|friends|teacher)|people|anyone|they) (?:can|does|do|will|would)|long "
                   r"sleeves|hoodie|in pe|for pe|at school|at the pool|swimming|in summer|from my (?:parents|mum|dad|"
                   r"family|friends|teacher|boyfriend|girlfriend|partner))\b"),
          not_in_text=_SKIN_NOT_SELF_HARM, gentle=True),
    # ----- more kinds of phrasing named in issue 11 (a warning sign or an indirect way of saying
    # it: most ask the direct question first) -----------------------------------------------------
    _Rule("suicidal", "gaming talk for a life ending",
          _r(r"\b(?:gg|game over|permadeath|no more (?:lives|continues|respawns))\b[a-z ]{0,25}\b(?:irl|in real life|for "
             r"real|for me|for good|tonight)\b|\bperma ?death (?:run|mode)? ?(?:irl|in real life|for real|for me)\b"),
          not_in_text=_r(r"\b(?:my character|in the game|the boss|level|raid|ranked|match|lobby|server|team|squad|"
                         r"minecraft|fortnite|hardcore mode|save file|stream)\b"), gentle=True),
    _Rule("suicidal", "roping, the way people type it",
          _r(r"\b(?:roping|rope myself|catch the rope|neck rope)\b(?! (?:in|off|them|him|her|people|someone|"
             r"volunteers|cattle|calves|steers|horses))"),
          not_in_text=_r(r"\b(?:rodeo|cattle|calf|calves|horse|ranch|climbing|sailing|boat)\b"), gentle=True),
    _Rule("suicidal", "the easy way out",
          _r(r"\btake (?:the )?(?:easy|cowards?|quick) way out\b(?! of| on| with| by| and (?:buy|order|get|pay))"),
          not_in_text=_r(r"\b(?:homework|essay|exam|diet|recipe|shortcut|assignment|shopping|ready meal|takeaway|"
                         r"meal|dinner|cheat\w*|game|puzzle|argument)\b"), gentle=True),
    _Rule("suicidal", "crashing the car on purpose",
          _r(r"\b" + INTENT + r" (?:just )?(?:drive|crash|steer|swerve|plough|plow)(?: my car| the car)? (?:off|into|in "
             r"front of|under) (?:the road|a (?:wall|tree|bridge|lorry|truck|bus|barrier)|the (?:motorway|barrier|river|"
             r"sea|cliff|oncoming|canal|quarry)|oncoming|a cliff|the edge)\b"),
          not_in_text=_r(r"\b(?:game|film|movie|dream|almost|nearly|by accident|fell asleep|ice|snow)\b")),
    _Rule("suicidal", "wanting it all to end",
          _r(r"\b(?:want|wanna|wish|need) (?:it all|everything|this all|all of (?:it|this)|my life|the pain) to (?:end|"
             r"stop|be over|go away) (?:for good|forever|permanently)\b"
             r"|\b(?:want|wanna|wish|need) (?:it all|everything|all of (?:it|this)|my life) to (?:end|be over)\s*$"
             r"|\b" + INTENT + r" (?:just )?stop breathing (?:for good|forever|permanently)\b"),
          gentle=True),
    _Rule("passive_wish", "wishing to be hit or killed by chance",
          _r(r"\b(?:would not mind|would not care|wish|hope|hoping|pray|praying|want)\b (?:if |that )?(?:a |the |some )?"
             r"(?:bus|car|train|lorry|truck|van|plane) (?:would |will |just )?(?:hit|hits|ran over|runs over|run over|kill|"
             r"kills|killed|crashes into|crashed into) me\b"
             r"|\b(?:wish|hope|hoping|pray|praying) (?:that )?i (?:get|got|was|were|would get|would be|could get) (?:hit|run "
             r"over|killed|shot|in a crash|in an accident)\b"),
          not_in_text=_r(r"\b(?:lol|haha|joke|joking|kidding|monday|traffic jam|so i (?:can|could) (?:skip|miss|get out of))\b"),
          gentle=True),
    _Rule("goodbye", "love or sorrow to pass on (let them know)",
          _r(r"\blet (?:my [a-z]+|him|her|them|everyone|everybody|people|the [a-z]+) (?:[a-z]+ )?know (?:that )?i "
             r"(?:love|loved|am sorry|was sorry|did not mean|tried)\b"),
          not_in_text=_r(r"\b(?:happy birthday|christmas|congrat\w*|get well|later|tonight at|running late|on my way|"
                         r"be late|call (?:him|her|them|back))\b"), gentle=True),
    _Rule("goodbye", "a message for whoever finds it",
          _r(r"\bif (?:anyone|somebody|someone|you|anybody) (?:ever )?(?:finds|find|reads|read|sees|see) this\b"),
          needs=_r(r"\b(?:sorry|goodbye|bye|love you|forgive|i tried|was not your fault|do not blame|remember me|too "
                   r"late)\b"),
          gentle=True),
    _Rule("goodbye", "gone by morning",
          _r(r"\bi (?:will|am going to|shall) be gone (?:before|by) (?:the )?(?:morning|sunrise|the sun comes up|dawn|"
             r"tomorrow|midnight|the end of (?:the )?(?:night|day|week)|the weekend)\b"
             r"|\bcounting down (?:my )?(?:last|final) (?:hours|days|minutes|moments)\b"
             r"|\bi (?:give|am giving|have given) myself (?:until|till|til|to) (?:[a-z0-9]+ ){0,2}?[a-z0-9]+\s*$"),
          not_in_text=_r(r"\b(?:holiday|trip|flight|work|shift|office|job|school|uni|contract|lease|tenancy|visa|"
                         r"deadline|essay|exam|project|diet|decide|decision|answer|reply|finish|pay)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "paid for or arranged own funeral",
          _r(r"\b(?:paid for|booked|arranged|organised|organized|sorted|planned) my (?:own )?(?:funeral|cremation|burial|"
             r"plot|grave)\b"),
          not_in_text=_r(r"\b(?:plan provider|policy|insurance|prepaid|pre paid|when i am old|one day|years from now|"
                         r"in the future|retire\w*|pension|solicitor|advisor|adviser|age)\b"),
          despair_overrides=True, gentle=True),
    _Rule("self_harm", "self-harm in the short form people type",
          _r(r"\bsh (?:urges?|scars?|cuts?|marks?|again|wounds?|relapse|free|clean|is getting)\b"
             r"|\b(?:my|the|urges? to|relapsed on|relapse on|doing|do|did|stop|stopped|into|about) sh\b(?! (?:up|it|"
             r"out|on))"),
          gentle=True),
    _Rule("self_harm", "a blade taken out to use",
          _r(r"\b(?:pencil )?sharpener\b[a-z ]{0,25}\bblades?\b|\bblades? out of (?:a |my |the )?(?:pencil )?"
             r"(?:sharpener|razor|shaver)\b|\b(?:took|take|taking|get|got|getting) (?:the |a )?blades? out\b"),
          not_in_text=_r(r"\b(?:lawn ?mower|blender|food processor|replace|replacing|clean|cleaning|sharpen\w* (?:it|the "
                         r"knife)|art|craft|model)\b"), gentle=True),
    _Rule("self_harm", "cuts that must not show",
          _r(r"\b(?:fresh|new|my) (?:cuts|scars|marks|burns|wounds)\b[a-z ]{0,20}\b(?:showing|show through|show up|be "
             r"seen|seeing|noticed|notice|see them)\b"
             r"|\b(?:excuse|excuses|lie|lies|story) (?:for|about) (?:the |my |these |those )?(?:cuts|scars|marks|burns|"
             r"bruises|scratches)\b"),
          not_in_text=_SKIN_NOT_SELF_HARM, gentle=True),
    _Rule("self_harm", "not eating or purging",
          _r(r"\bno (?:food|meals?|eating) (?:for|in) (?:days|weeks|a week|(?:\d+|two|three|four|five|six|seven|a few|"
             r"several) (?:days|weeks))\b"
             r"|\b(?:ate|eaten|had) nothing (?:for|in|since) (?:days|weeks|a week|(?:\d+|two|three|four|five|six|seven|"
             r"a few|several) (?:days|weeks)|(?:last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
             r"|\bmake myself (?:sick|throw up|vomit|puke|purge) (?:after|when|every time|whenever)\b"
             r"|\b(?:throw|throwing|bring|bringing) (?:up|it up|it all up) (?:everything|all|whatever) i (?:eat|ate)\b"
             r"|\b(?:purging|purge|purged) (?:after|every|again|\d+|twice|three|four)\b"),
          not_in_text=_r(r"\b(?:fast|fasting|ramadan|lent|surgery|operation|procedure|bug|flu|food poisoning|"
                         r"pregnan\w*|morning sickness|migraine|chemo|dentist|braces|dog|cat|baby|toddler)\b"), gentle=True),
    _Rule("sexual_assault", "touched against their will",
          _r(r"\b(?:grabbed|groped|touched|fondled|felt) me\b[a-z ]{0,40}\b(?:would not stop|did not stop|kept going|"
             r"without (?:asking|consent|my consent)|against my will|when i said no|while i (?:was )?(?:asleep|drunk|"
             r"passed out)|between my legs|under my (?:skirt|clothes|shirt|top|dress))\b"
             r"|\b(?:grabbed|groped|touched|fondled) (?:my|me on my|me between my) (?:breasts?|chest|bum|bottom|butt|crotch|"
             r"privates|private parts|legs)\b"),
          not_in_text=_r(r"\b(?:doctor|nurse|physio|massage|exam|examination|baby|toddler|dog|cat|dream)\b"),
          fiction_sensitive=True, gentle=True),
    _Rule("child_abuse", "an adult in charge who says not to tell",
          _r(r"\b(?:says|said|told me|tells me|makes me promise|made me promise) not to tell (?:anyone|anybody|my "
             r"(?:parents|mum|dad|mom|family|teacher))\b"),
          needs=_r(r"\b(?:teacher|coach|tutor|uncle|stepdad|step dad|priest|youth leader|older (?:man|guy|boy|woman)|"
                   r"grown (?:man|up)|adult|instructor|neighbour)\b[a-z ]{0,40}\b(?:messag\w*|texts?|texting|snapchat|dm\w*|"
                   r"pictures|pics|photos|meet|touch\w*|night|alone|kiss\w*)\b"),
          not_in_text=_r(r"\b(?:surprise|party|present|gift|birthday|christmas|test answers|exam)\b"), gentle=True),

    # ----- third pass for issue 11: warning signs said sideways, the direct question first -----
    _Rule("goodbye", "arrangements in case they do not survive",
          _r(r"\bif (?:i|anything happens to me|something happens to me)(?: do not| will not| never| am not| can not)? "
             r"(?:make it|survive|come back|get through|pull through|wake up|here)\b[a-z ]{0,40}\b(?:look after|take care of|"
             r"feed|tell|make sure|give|look out for|know that|remember)\b"
             r"|\bif i (?:do not|will not|never) make it (?:through|past|to|until|till) (?:tonight|the night|the weekend|"
             r"tomorrow|the morning|the week|friday|saturday|sunday|monday|christmas|my birthday)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:surgery|operation|anaesthetic|chemo|treatment|hospital|"
                         r"on time|the deadline|the exam|the interview|the party|the meeting|train|bus|flight|traffic|"
                         r"in time|the match|the game|the final|the cut|the team|lol|haha)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "who gets their things",
          _r(r"\b(?:who|which of them|whoever) (?:gets|will get|should get|is getting|can have|should have|will have) "
             r"(?:my|all my) [a-z ]{0,25}\b(?:stuff|things|belongings|books|clothes|guitar|games|console|jewellery|jewelry|"
             r"money|savings|records|art|collection|car|bike|phone|laptop|cat|dog|pets?|room)\b"
             r"|\bmake sure (?:my )?[a-z]+ (?:gets|has|keeps|takes) (?:my|all my) [a-z ]{0,15}\b(?:stuff|things|belongings|"
             r"savings|money|guitar|games|jewellery|jewelry|records|collection|car|bike|cat|dog|pets?|passwords?)\b"),
          not_in_text=_r(_ORDINARY_PARTING.pattern + r"|\b(?:baby|wedding|married|mortgage|solicitor|will writer|"
                         r"birthday|christmas|when we are old|one day|divorce|divorcing|separat\w*|break ?up|ex|"
                         r"custody|secret santa|lend\w*|borrow\w*|if i win|lottery|while i am away)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "things left tidy for whoever comes after",
          _r(r"\b(?:whoever|whoever it is that|the person who|the people who|someone who) (?:has to|will have to|is going "
             r"to|will|gets to|needs to|finds) (?:clear|clean|sort|go through|empty|deal with|find)(?: out| up)? (?:my|me|"
             r"all my)\b"
             r"|\b(?:so|that way) (?:it is|it will be|things are|everything is) (?:easy|easier|simple|tidy) for "
             r"(?:whoever|them|everyone|my family|my mum|my parents) (?:after|when i|once i|afterwards|later)\b"),
          not_in_text=_r(_ORDINARY_PARTING.pattern + r"|\b(?:landlord|tenant|tenancy|deposit|inspection|lease|"
                         r"flatmate|housemate|roommate|new owners?|buyers?|cleaner|inventory|airbnb|hotel|desk|locker|"
                         r"handover|shift)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "see you on the other side",
          _r(r"\bsee (?:you|ya|you all|everyone|yall|y all) (?:on|from) the other side\b(?! of)"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:exam|exams|surgery|operation|anaesthetic|procedure|"
                         r"tunnel|border|deadline|finals|dissertation|thesis|storm|game|match|episode|season|lol|"
                         r"haha|lmao|update|reboot|migration|launch|release|crunch|shift|night shift|marathon)\b"),
          despair_overrides=True, gentle=True),
    _Rule("psychosis", "people around them are actors or copies",
          _r(r"\b(?:everyone|everybody|people|they|all of them|the people|strangers|my (?:family|parents|friends|"
             r"neighbours))\b[a-z ]{0,25}\b(?:is|are|were) (?:all )?(?:just )?(?:an? )?(?:paid )?(?:actors?|"
             r"copies|clones|robots|imposters|impostors|in disguise|not who they say)\b"
             r"|\bpaid (?:actors? )?to (?:watch|follow|spy on|film|track|test|report on) me\b"
             r"|\breplaced (?:my [a-z]+|him|her|them|everyone|my family|my parents)\b[a-z ]{0,15}\b(?:with|by) "
             r"(?:copies|clones|imposters|impostors|robots|fakes|doubles|lookalikes|aliens|fake)\b"),
          not_in_text=_r(r"\b(?:film|movie|show|theatre|theater|play|drama|rehearsal|audition|cast|stage|series|"
                         r"game|book|story|lol|haha|joke|instagram|tiktok|social media|influencers?|politicians?|"
                         r"news|ads|adverts?|imposter syndrome|among us|parts|tyres|tires|battery|screen|knee|hip)\b"),
          gentle=True),
    _Rule("overdose", "took too much and feels it",
          _r(r"\b(?:i|i think i|i might have|i may have)\s?(?:have |just |already )*(?:took|taken|had|swallowed|"
             r"overdid) (?:too much|too many|way too much|way too many|more than i should|more than (?:the|my) dose)\b"),
          needs=_r(r"\b(?:heart|chest|dizzy|dizziness|faint|pass out|passing out|can not breathe|breathing|shaking|"
                   r"numb|sick|vomit\w*|throw\w* up|drowsy|sleepy|weird|strange|blurry|confused|ringing|sweating|"
                   r"scared|what do i do|help)\b"),
          not_in_text=_r(r"\b(?:drink|drank|drinking|alcohol|booze|beer|wine|vodka|shots|coffee|caffeine|espresso|"
                         r"energy drinks?|food|ate|eat|eating|sugar|sun|sunbathing|hungover|hangover|weed|edible|"
                         r"edibles|workout|gym|exercise)\b"),
          gentle=True),
    _Rule("overdose", "medication mixed with alcohol",
          _r(r"\b(?:mixed|mixing|took|taken|had|swallowed|washed (?:down|them down|it down))\b[a-z ]{0,20}\b"
             r"(?:my |the |all my |some of my |a lot of )?" + MEDS + r"\b[a-z ]{0,20}\b(?:with|and|down with) (?:a |some |"
             r"loads of |lots of |a bottle of |half a bottle of )?(?:alcohol|vodka|whisky|whiskey|gin|rum|wine|beer|"
             r"booze|drink|drinks|cider|tequila)\b"),
          needs=_r(r"\b(?:dizzy|sick|heart|faint|pass out|breathe|breathing|numb|drowsy|weird|scared|help|on purpose|"
                   r"so i|so that|to sleep forever|to not wake|do not care|whatever happens|too late|lot|loads|bottle|"
                   r"all|whole|everything)\b"),
          not_in_text=_r(r"\b(?:is it safe|can i|should i|is it ok|is it okay|is that ok|can you|allowed|one glass|"
                         r"a glass|doctor said|leaflet|label)\b"),
          gentle=True),
    _Rule("goodbye", "leaving for good, said as a goodbye",
          _r(r"\b(?:signing off|checking out|logging off|logging out|clocking out|bowing out|tapping out|going away|"
             r"leaving|off) (?:for good|forever|permanently|for the last time)\b(?! (?:from|to|in|at|of|on)\b)"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:twitter|instagram|tiktok|facebook|social media|socials|app|"
                         r"apps|account|platform|server|discord|reddit|forum|group chat|chat|channel|stream|streaming|"
                         r"dating|this game|the game|smoking|drinking|caffeine|sugar|diet|town|city|country|hotel|"
                         r"lol|haha)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "asking to be remembered",
          _r(r"(?:^|\b(?:please|just|and|so|ok|okay|promise you will|promise me you will|promise) )(?:do not|dont) forget "
             r"(?:me|about me)\b(?! (?:when|at|on|in|for|while|if)\b)"
             r"|(?:^|\b(?:please|just|and|always|promise you will|promise me you will|promise) )remember me "
             r"(?:as|the way|for|like|kindly|fondly|when|please|ok|okay)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:famous|rich|lol|haha|tomorrow|later|tonight|next week|"
                         r"weekend|pick|pick me up|lift|ticket|tickets|list|invite|birthday|when you (?:go|get|are)|"
                         r"shop|shopping|bring|save me|my name is|password|when i am away|while i am away)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "the end of the story, for them",
          _r(r"\bthis is (?:it|the end|the end of the road|the end of the line|the final chapter|my final chapter|goodbye) "
             r"for me\b(?! (?:tonight|today|for (?:today|tonight|now|the (?:day|night|week))|i am off|off to))"
             r"|\b(?:it was|it has been|it s been|been) (?:nice|good|fun|great|lovely) while it lasted\b"
             r"(?=[a-z ]*\b(?:goodbye|bye|everyone|all of you|love you|thank you|thanks|i am done|life|take care)\b)"
             r"|\b(?:goodbye|bye|everyone|all of you|love you|thank you|thanks|i am done|take care)\b[a-z ]{0,20}\b(?:it was|"
             r"it has been|it s been|been) (?:nice|good|fun|great|lovely) while it lasted\b"
             r"|\b(?:it has been|it was|it s been|been|had) a good run\b[a-z ]{0,12}\b(?:but|and) (?:i am|i m) "
             r"(?:done|finished|tired|ready|out)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:team|season|show|series|band|career|business|shop|"
                         r"restaurant|club|league|tournament|competition|relationship|marriage|lease|contract|streak|"
                         r"game|match|round|quiz|audition|interview|tryouts?|semester|term|diet|phone|car|laptop|"
                         r"console|lol|haha|bed|sleep|weather|sun|sunshine|snow|party|night out|drinks)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "a last wish, or before the end",
          _r(r"\bmy (?:last|final|dying) wish\b|\bbefore (?:the|my) end\b(?! of)|\bbefore it is (?:all )?over\b"
             r"(?= i | for me|$)"),
          not_in_text=_r(r"\b(?:birthday|christmas|genie|candles|lol|haha|game|film|movie|book|show|series|story|"
                         r"episode|season|match|term|year|month|week|shift|concert|deadline|project|holiday|trip|"
                         r"party|night out|lecture|class|meeting)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "doing something because it is the last time",
          _r(r"\b(?:because|since|knowing|as|coz|cos) (?:i know )?(?:it is|it was|it will be|this is|that was) (?:the|my) "
             r"(?:last|final) time\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:season|show|concert|tour|band|final episode|lease|"
                         r"house|flat|shop|restaurant|closing|closes|shutting|last day|before they|before she|before he|"
                         r"moving|move|break ?up|ex|divorce|lol|haha|tickets?)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "for when they are no longer around",
          _r(r"\b(?:for when|for after|for the day|so that when|so when|for once)\b[a-z ]{0,25}\bi am (?:not|no longer) "
             r"(?:around|here|alive|there)\b"
             r"|\b(?:when|once|after) i am (?:no longer|not) (?:around|here|alive) (?:anymore|any more)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:dog|cat|puppy|kitten|pets?|babysitter|nanny|childminder|"
                         r"alarm|cameras?|home alone|at home|the house|old|older|when i am old|one day|someday|"
                         r"in the future|dementia|care home|insurance|solicitor|will writer)\b"),
          overrides=HOPELESS, gentle=True),
    _Rule("goodbye", "passwords and accounts left for others",
          _r(r"\b(?:wrote|written|writing|left|leaving|gave|given|give|sent|put)\b[a-z ]{0,20}\b(?:all )?(?:of )?my "
             r"(?:passwords|pin numbers?|pins|passcodes?|phone passcode|logins|bank details|account details)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:password manager|new phone|flatmate|housemate|roommate|"
                         r"babysitter|carer|helper|pay|paying|bill|bills|shopping|order|parcel|stream|netflix|"
                         r"spotify|wifi|hacked|reset|forgot|forget|scam|scammer|phishing|fraud|while)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "will not live to see a date",
          _r(r"\b(?:will not|am not going to|not going to|never going to|will never) (?:see|make it to|live to see|be "
             r"(?:here|around|alive) (?:for|at|on|by|to see)) (?:the )?(?:new year|christmas|my (?:next )?birthday|next "
             r"(?:year|week|month|birthday|christmas|summer)|the (?:summer|spring|end of the (?:week|month|year))|"
             r"(?:my|his|her|their) (?:wedding|graduation|birthday|first birthday)|(?:him|her|them) grow up)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:away|abroad|visiting|in laws|inlaws|working|shift|"
                         r"spain|france|australia|america|the states|deployed|prison|hospital stay|surgery|"
                         r"lol|haha|grandma|grandad|nan|dog|cat|my (?:mum|dad) (?:is|has)|cancer|terminal|"
                         r"diagnos\w*|weeks to live|months to live)\b"),
          despair_overrides=True, gentle=True),
    _Rule("overdose", "took medication on purpose",
          _r(r"\b" + MEDS + r"\b[a-z ]{0,20}\b(?:i|i have|i had|i just) (?:took|taken|swallowed|had|necked|downed) "
             r"(?:on purpose|deliberately|to (?:make it stop|not wake up|die|end it|sleep forever|stop (?:it|everything|"
             r"the pain)))\b"
             r"|\b(?:took|taken|swallowed|necked|downed|had)\b[a-z ]{0,20}\b" + MEDS + r"\b[a-z ]{0,12}\b(?:on purpose|"
             r"deliberately|to make it (?:all )?stop|so i would not wake up|so i do not wake up|to sleep forever)\b"),
          not_in_text=_r(r"\b(?:vitamins?|skipped|skip|stopped|forgot|did not take|do not take|never took|"
                         r"as prescribed|prescribed|with food|on time|in the morning|at night|before bed|every day|doctor|"
                         r"gp|nurse|pharmacist|like i was told|before (?:breakfast|lunch|dinner|meals?|work)|headache|"
                         r"period|cramps|is (?:that|it) (?:bad|ok|okay|safe|normal)|to (?:help me )?sleep(?! forever))\b"),
          gentle=True),
    _Rule("self_harm", "a blade kept close in case",
          _r(r"\b(?:razor|razors|blade|blades|razor blades?|sharpener blade)\b[a-z ]{0,30}\b(?:just in case|in case i "
             r"need|for when i need|for emergencies|for bad days|for bad nights|where no one|where nobody|so no one|"
             r"so nobody|hidden|hide|hiding|hid)\b"),
          not_in_text=_r(r"\b(?:shav\w*|beard|legs|travel|wash bag|toiletr\w*|craft|crafts|stanley|box cutter|"
                         r"diy|kids|children|toddler|baby|safe from|away from|child ?proof|lock(?:ed)? away|bin|"
                         r"recycl\w*|dispos\w*)\b"),
          gentle=True),
    _Rule("psychosis", "gas or poison pumped into the home",
          _r(r"\b(?:pumping|pump|pumped|putting|put|sending|send|piping|spraying|sprayed|leaking|releasing) (?:gas|"
             r"poison|poisons|chemicals|fumes|radiation|smoke|toxins|nerve gas|microwaves|rays) (?:in|into|through|"
             r"under) (?:my|our|the) (?:flat|house|room|home|vents?|bedroom|walls?|door|windows?|ceiling|floor)\b"),
          needs=_r(r"\b(?:they|neighbours?|neighbors?|someone|somebody|people|government|police|landlord|he|she|"
                   r"them|upstairs|next door)\b"),
          not_in_text=_r(r"\b(?:boiler|leak detector|gas engineer|gas man|smell of gas from|pest control|"
                         r"fumigat\w*|exterminator|cooking|barbecue|bbq|smoking|cigarettes?|vape|weed|paint|"
                         r"heating)\b"),
          gentle=True),
    _Rule("psychosis", "people on the screen signal to them",
          _r(r"\b(?:presenter|newsreader|news reader|host|announcer|dj|actor|actress|singer|people on (?:the )?(?:tv|"
             r"telly|radio|news)|man on (?:the )?(?:tv|telly|news)|woman on (?:the )?(?:tv|telly|news))\b[a-z ]{0,15}\b"
             r"(?:winked|winks|looked|looks|pointed|points|nodded|nods|smiled|smiles|signalled|signals|spoke|speaks) "
             r"(?:at|to|straight at|right at|directly at|directly to) me\b"),
          not_in_text=_r(r"\b(?:concert|gig|show i went|front row|meet and greet|signing|lol|haha|joke|felt like|"
                         r"it felt|crush|in person)\b"),
          gentle=True),
    _Rule("danger_at_home", "locked in as a punishment or to keep them",
          _r(r"\b(?:lock|locks|locked|locking|shut|shuts|shutting) me (?:in|inside|up|out)\b[a-z ]{0,25}\b(?:when|if|"
             r"for|every|all|until|as a punishment|because|overnight|at night|again|the shed|the garage|the cellar|"
             r"the basement|the cupboard|the room|my room|the bathroom|the garden|the house|outside)\b"),
          needs=_r(r"\b(?:mum|mom|dad|father|mother|parents|stepdad|stepmum|stepfather|stepmother|husband|wife|partner|"
                   r"boyfriend|girlfriend|carer|carers|uncle|aunt|brother|sister|grandma|grandad|he|she|they)\b"),
          not_in_text=_r(r"\b(?:by accident|accidentally|by mistake|joke|joking|lol|haha|game|escape room|stuck|"
                         r"sleepwalk\w*|wander\w*|dementia|for my safety|to keep me safe|"
                         r"forgot (?:my|the) keys|locked out of|lost my keys|keys inside|curfew|late|night out)\b"),
          gentle=True),
    _Rule("self_harm", "hurting self as a condition of coping",
          _r(r"\bif i (?:do not|can not|did not) (?:hurt|cut|harm|burn|hit|punish|scratch) myself\b"
             r"|\b(?:go|went|going|goes|sneak|sneaked|snuck|lock myself|locked myself) (?:off )?(?:to|into|in) (?:the )?"
             r"(?:bathroom|bathrooms|toilets?|loo|my room|shower)\b[a-z ]{0,20}\bto (?:cut|hurt myself|burn|scratch|do it)"
             r"(?= myself| again| my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach)|$)"),
          not_in_text=_r(r"\b(?:gym|workout|training|trying hard|fringe|hair|nails|lol|haha)\b"), gentle=True),
    _Rule("self_harm", "days without eating, in second-language English",
          _r(r"\b(?:not|no|never|did not|do not) (?:eat|eaten|eating|ate|food) (?:since|for|in|from) (?:\d+|two|three|four|"
             r"five|six|seven|many|several|a few) (?:days|weeks)\b"),
          not_in_text=_r(r"\b(?:fast|fasting|ramadan|lent|surgery|operation|procedure|bug|flu|food poisoning|"
                         r"pregnan\w*|morning sickness|chemo|dentist|dog|cat|baby|toddler)\b"), gentle=True),
    _Rule("goodbye", "a last time only they know about",
          _r(r"\b(?:does not|do not|did not|will not|would not|never) (?:know|realise|realize|guess) (?:that )?(?:it is|it was|"
             r"it will be|this is|this was|that was) (?:the|my) (?:last|final) time\b(?! i will (?:borrow|lend|ask|use|"
             r"drive|pay|help|cover|do (?:this|that|it) for))"
             r"|\b(?:you were|you are|you have been|this was|this is|that was|it was|talking to you was) (?:my|the) "
             r"(?:last|only|final) hope\b(?! (?:for|of|to|at|tonight)\b)"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:lol|haha|exam|test|train|bus|pizza|shop|last one|ticket|"
                         r"tickets|moving|move|surprise)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "tidying so nothing is found after",
          _r(r"\bso (?:nobody|no one|they|my (?:mum|mom|dad|family|parents|wife|husband|partner|kids)) (?:finds|find|sees|"
             r"see|will find|will see|has to see|reads|read)\b[a-z ]{0,20}\b(?:after|afterwards|when i am gone|later on|"
             r"once i am gone)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:present|presents|gift|gifts|surprise|birthday|christmas|"
                         r"party|porn|secret santa|hangover|mess)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "goodbye to everyone, alone",
          _r(r"^(?:good ?bye|goodbye|farewell) (?:to )?(?:every ?one|everybody|all of you|you all|world|forever|the "
             r"world)$"), gentle=True),
    _Rule("goodbye", "by the time it is read, gone",
          _r(r"\b(?:when|by the time|once) (?:you|anyone|someone|somebody|they|my [a-z]+) (?:read|reads|see|sees|find|"
             r"finds|hear|hears|get|gets) (?:this|these|my (?:note|letter|message))\b[a-z ]{0,25}\b(?:i will|i am going "
             r"to|i will be|i am|i have|it will be)\b"
             r"|\bi (?:will be|am going to be|am going to) (?:in )?a better place\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:mentally|financially|emotionally|career|therapy|next year|"
                         r"months|weeks|soon|landed|on the plane|asleep|at work|on holiday|in the air|driving|home|"
                         r"there|back|on my way|in bed|at (?:the|my|your)|"
                         r"birthday|surprise|present|gift)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "sorry it was not enough",
          _r(r"\bsorry (?:that )?(?:it|i) (?:was not|is not|were not|am not|was never) enough\b"),
          needs=_r(r"\b(?:thank(?:s| you)|for everything|for trying|for all|goodbye|bye|tried)\b"),
          not_in_text=_r(r"\b(?:money|pay|paid|rent|tip|present|gift|food|cake|pizza|points?|score|grade|marks?|"
                         r"lol|haha|portion|time to finish|deposit|offer)\b"), gentle=True),
    _Rule("goodbye", "a payout or a body left, with finality",
          _r(r"\b(?:beneficiar\w*|life insurance|life policy|payout|pay out|donat\w* my body|organ donor|"
             r"donate my organs)\b"),
          needs_despair=True, gentle=True),
    _Rule("goodbye", "a last night, meal or sunrise",
          _r(r"\b(?:tonights?|todays?|tonight is|today is|this is|it is|its) (?:my|the) (?:very )?last (?:night|day)\b"
             r"(?! (?:in|at|of|before|here|there|with|on|off|out|together|shift|as)\b)"
             r"|\b(?:having|eating|ate|had|watched|watching|saw|seeing|enjoying|enjoyed|spending|spent|taking|took) (?:my|"
             r"the|our) (?:very )?(?:last|final) (?:meal|sunrise|sunset|hours|supper|breakfast|walk|bath|night|day|"
             r"evening|morning)\b(?! (?:in|at|of|before|with|on|for|was|here|there|together|out|off|shift|as)\b)"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:shift|term|semester|contract|visit|stay|lease|diet|fast|"
                         r"fasting|ramadan|lent|surgery|operation|procedure|colonoscopy|before (?:the|my)|lol|haha|"
                         r"camping|city|town|country|house|flat|hotel|paris|london|vacation)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "a countdown or a time given",
          _r(r"\b(?:the )?countdown (?:has started|has begun|is on|started|begins|starts)\b"
             r"|^(?:i have|i have got|i got|i ve got) (?:until|till) (?:midnight|tonight|tomorrow|the morning|morning|"
             r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|the end of the (?:day|week|month))$"
             r"|\b(?:\d+|a|one|two|three|four|five|six|seven|a few|a couple of) (?:more )?(?:hours?|days?|weeks?|nights?) "
             r"left\b[a-z ]{0,20}\b(?:making (?:it|them|every (?:day|hour|minute)) count|make (?:it|them) count|then it is "
             r"over|and then that is it|enjoy (?:them|it) while)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:christmas|birthday|wedding|launch|new year|exams?|summer|"
                         r"release|concert|baby|due date|deadline|essay|finish|submit|pay|decide|return|shift|term|"
                         r"semester|contract|lease|visa|sale|offer|battery|game|season|match|race|marathon|lol|haha)\b"),
          despair_overrides=True, gentle=True),
    _Rule("goodbye", "nobody will hear from them after a date",
          _r(r"\b(?:after|from|past) (?:this|tonight|today|tomorrow|the weekend|this weekend|friday|saturday|sunday|"
             r"monday|now)\b[a-z ]{0,10}\b(?:you|anyone|nobody|no one|they|people) (?:will not|will never|are not going "
             r"to|will no longer) (?:hear from|see|hear) me\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:camp|off grid|retreat|detox|digital detox|no signal|phone|"
                         r"exams?|revision|busy|offline|silent retreat|hospital|rehab)\b"),
          despair_overrides=True, gentle=True),
    _Rule("passive_wish", "going to join someone who died",
          _r(r"\bi am coming to (?:join|be with|see) you\b(?! (?:at|in|on|for|later|after|tomorrow|tonight at|for "
             r"dinner|there|guys)\b)"
             r"|\b(?:ready|want|wanna|time|going) to go (?:and )?be with (?:him|her|them|my (?:mum|mom|dad|son|"
             r"daughter|brother|sister|wife|husband|baby|grandma|grandad|nan|gran|best friend|partner))\b(?! (?:at|in|on|"
             r"for|and|tonight|this|tomorrow|now at)\b)"
             r"|\b(?:anything|whatever it takes) to be with (?:him|her|them|my [a-z]+)\b[a-z ]{0,20}\b(?:even|including|if "
             r"it means) (?:die|dying|death|dead|to die)\b"),
          not_in_text=_r(_ORDINARY_TRIP.pattern + r"|\b(?:pub|bar|party|restaurant|cinema|gym|house|flat|place|"
                         r"wedding|match|game|hospital|ward|kitchen|garden|lol|haha)\b"),
          gentle=True),
    # Said inside a request for an exercise ("can we do grounding, i'm trying not to cut"): the rules
    # judge every utterance, and the router would otherwise start the exercise.
    _Rule("self_harm", "holding off an urge to hurt themselves",
          _r(r"\b(?:instead of|trying not to|try not to|so i do not|stop myself from|stop me from|keep me from|before i|"
             r"not to|help me not|resist(?:ing)? the urge to|fighting the urge to) (?:cut|cutting|burn|burning|"
             r"hurt(?:ing)? myself|harm(?:ing)? myself|self harm(?:ing)?|scratch(?:ing)? myself|hit(?:ting)? myself)\b"
             r"(?! (?:the|my hair|my fringe|a|an|some|it|down|back|out|corners|class|in line|people|him|her|them|carbs|"
             r"sugar|costs|ties|onions?|wood|paper|fabric|cake|toast|dinner|food)\b)"),
          not_in_text=_r(r"\b(?:hair|fringe|recipe|cooking|oven|kitchen|chopping|carbs|diet|budget|costs|lol|haha)\b"),
          gentle=True),
    _Rule("self_harm", "just cut or burned",
          _r(r"\bi (?:just|have just|already|literally just) (?:cut|burned|burnt)"
             r"(?=$| myself| again| deep| my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach)\b)"),
          not_in_text=_ACCIDENT, gentle=True),
    _Rule("self_harm", "covering arms or wrists from others",
          _r(r"\b(?:hide|hiding|cover|covering|cover up|keep [a-z ]{0,12}covered)\b[a-z ]{0,15}\bmy (?:wrists?|arms|"
             r"forearms|thighs)\b[a-z ]{0,30}\b(?:without (?:anyone|anybody|people|my [a-z]+) (?:asking|noticing|seeing|"
             r"knowing|finding out)|so (?:no one|nobody|people|my [a-z]+) (?:can not see|does not see|do not see|sees?|"
             r"notices?|asks?))\b"
             r"|\bkeep my (?:wrists?|arms|forearms|thighs) covered\b[a-z ]{0,30}\bwithout (?:anyone|anybody|people|my [a-z]+) "
             r"(?:asking|noticing|seeing|knowing|finding out)\b"
             r"|\bwhat (?:should|can|do) i wear to (?:hide|cover) my (?:wrists?|forearms)\b"),
          not_in_text=_SKIN_NOT_SELF_HARM, gentle=True),
    _Rule("overdose", "sick after taking all of something",
          _r(r"\b(?:after|since|from) (?:taking|swallowing|having|downing) (?:all|all of|the whole|a whole|too many|loads "
             r"of|a lot of|way too many|the rest of|handfuls of|a handful of)\b[a-z ]{0,12}\b" + MEDS + r"\b"),
          not_in_text=_r(r"\b(?:course of antibiotics|antibiotics|vitamins?|by accident|accidentally|by mistake|"
                         r"as prescribed|doctor said|finished the course)\b"), gentle=True),
    _Rule("suicidal", "calm before doing it",
          _r(r"\bbefore i (?:do it|end it|go through with it|end (?:my life|things|everything)|finally do it)\b(?! (?:on|at|in "
             r"front|for the)\b)"),
          not_in_text=_r(r"\b(?:presentation|speech|exam|interview|test|jump|bungee|skydiv\w*|tattoo|injection|jab|stage|"
                         r"surgery|operation|dentist|audition|performance|gig|concert|propos\w*|ask (?:her|him)|"
                         r"tell (?:her|him|them|my)|confess|break up|quit|resign|dive|race|match|game|homework|essay|"
                         r"it again|do it right|lol|haha)\b"),
          gentle=True),
)

# Means questions in a neutral voice: only a crisis when loss or despair is nearby.
_WEAK_MEANS = re.compile(
    r"\b(?:tallest|highest|high|tall|height|heights|how far down|drop|fall from|fall off|jump from|"
    r"jump off|top of)\b[a-z ]{0,40}\b" + HEIGHTS + r"\b"
    r"|\b" + HEIGHTS + r"\b[a-z ]{0,40}\b(?:tallest|highest|how high|how tall|height|drop|fall|jump|"
    r"high enough|tall enough|open to the public|can you get|can i get|access)\b"
    r"|\b(?:how many|how much|dose|dosage|maximum|max|strongest|stronger|where can i (?:buy|get)|"
    r"buy|stock up|without a prescription|over the counter)\b[a-z ]{0,40}\b" + MEDS + r"\b"
    r"|\b" + MEDS + r"\b[a-z ]{0,40}\b(?:how many|how much|maximum|max|too many|too much|strongest|"
    r"dangerous|harmful|mix|combine|with alcohol)\b"
    r"|\b(?:how deep|deepest|how cold|how fast|how strong)\b[a-z ]{0,30}\b(?:river|lake|reservoir|canal|sea|"
    r"quarry|water|current|tide|weir|estuary)\b"
    r"|\b" + WEAPONS + r"\b|\b(?:rope|ropes|train times|train tracks|railway|railway line|cliff edge|"
    r"sharpest knife|razor|razors|razor blades|bleach|antifreeze|carbon monoxide|charcoal|exhaust|"
    r"helium|poison|poisons|cyanide)\b"
)
_STRONG_MEANS_OBJECT = re.compile(
    r"\b(?:" + MEDS[3:-1] + r"|" + HEIGHTS[3:-1] + r"|" + WEAPONS[3:-1] + r"|fall|jump|height|"
    r"rope|noose|train|razor|bleach|poison|antifreeze|carbon monoxide|exhaust|helium|drown|"
    r"water|cut|wrist|wrists|vein|veins|knife|overdose|gas|car|hang|hanging|hanged|hung)\b"
)
# The "lethal" question rule also hears ordinary health questions ("can you die from a panic
# attack?"); these are safety questions, not means questions.
_HEALTH_WORRY = re.compile(
    r"\b(?:panic attack|anxiety|heart attack|lack of sleep|not sleeping|holding (?:my|your) breath|"
    r"hyperventilat\w*|food|allerg\w*|dog|cat|plant|plants|battery|phone|bees?|spider|snake|covid|"
    r"flu|virus|stress|broken heart|embarrassment|boredom|fish|goldfish|hamster|rabbit|bird|tortoise|"
    r"insects?|tree|trees|flowers?|pets?)\b"
)
_DO_IT = re.compile(
    r"\b(?:do it|go through with it|end it|go|finish it)\b(?: [a-z]+){0,2} (?:tonight|today|now|soon|"
    r"this weekend|tomorrow)\b"
)
_PLAN = re.compile(
    r"\b(?:i have|i have got|i got|i made|i have made|there is) (?:a |my )?(?:plan|method|date|the pills|"
    r"the rope|a rope|the gun|a gun|enough pills)\b|\bi know (?:how|when|where) i (?:will|would|am going "
    r"to)\b"
)
_MEANS_LETHAL_RULE = "asked about a lethal amount or method"


def _vetoed(rule: _Rule, text: str, m: re.Match[str]) -> bool:
    if rule.not_after is not None and rule.not_after.search(text[m.end():]):
        return True
    if rule.not_before is not None and rule.not_before.search(text[: m.start()]):
        return True
    return False


def _match_rules(text: str) -> CrisisCheck:
    if not text:
        return NO_CRISIS
    if rule_hit := _first_rule(text) or _plan_with_timing(text):
        return rule_hit
    return NO_CRISIS


def _first_rule(text: str) -> CrisisCheck | None:
    fiction = FICTION.search(text) is not None and not FICTION_IS_ME.search(text)
    strong = bool(HOPELESS.search(text) or FINAL.search(text))
    despair = strong or bool(FINAL_WEAK.search(text))
    mention = MENTION.search(text) is not None and not PRESENT_SELF.search(text)
    personal = mention and PERSONAL.search(text) is not None
    # A warning sign, or the subject only named, in a story of recovery ("i used to self harm years
    # ago, i'm proud of how far i've come"): not a crisis. Harm from others is still answered.
    story_of_recovery = recovered(text)
    for rule in _RULES:
        if story_of_recovery and (rule.gentle or rule.mention_sensitive) and rule.category not in RULE_ONLY_CATEGORIES:
            continue
        if rule.fiction_sensitive and fiction:
            continue
        if rule.mention_sensitive and mention and not personal:
            continue
        if rule.needs_despair and not despair:
            continue
        if rule.needs is not None and not rule.needs.search(text):
            continue
        if rule.needs_also is not None and not rule.needs_also.search(text):
            continue
        if rule.not_in_text is not None and rule.not_in_text.search(text) and not (
            (rule.despair_overrides and strong) or (rule.overrides is not None and rule.overrides.search(text))
        ):
            continue
        for m in rule.pattern.finditer(text):
            if _vetoed(rule, text, m):
                continue
            if rule.reason == _MEANS_LETHAL_RULE:
                tail = text[m.start():]
                if not _STRONG_MEANS_OBJECT.search(tail) and not re.search(
                    r"\b(?:i|me|myself|my)\b", text
                ):
                    continue
                if not _STRONG_MEANS_OBJECT.search(text):
                    continue
                if _HEALTH_WORRY.search(text) or fiction:
                    continue
            if rule.category == "passive_wish" and _PLAN.search(text):
                return CrisisCheck(True, "suicidal", rule.reason + ", with a plan")
            gentle = rule.gentle or (rule.mention_sensitive and mention) or bool(
                ASKED_IF.search(text) and not PRESENT_SELF.search(text))
            if gentle and strong and rule.category not in RULE_ONLY_CATEGORIES:
                gentle = False  # a warning sign said with despair or finality is no longer only a sign
            # ...but despair words blamed on something ordinary, said laughing, or told as over and
            # done get the question: the rule's own words are often the despair words.
            gentle = gentle or (rule.category not in RULE_ONLY_CATEGORIES and (
                bool(rule.softened_by is not None and rule.softened_by.search(text))
                or bool(_LAUGHING.search(text) and not _SERIOUS.search(text) and rule.category not in _NO_LAUGHING_MATTER)
                or told_as_over(text)))
            return CrisisCheck(True, rule.category, rule.reason + (" (a mention)" if rule.mention_sensitive and mention else ""),
                               gentle=gentle)
    return None


def _plan_with_timing(text: str) -> CrisisCheck | None:
    # "i'm going to do it tonight, i have the rope": neither half is clear alone; together they are.
    if _DO_IT.search(text) and _PLAN.search(text):
        return CrisisCheck(True, "suicidal", "a plan with a time")
    return None


def check_rules(text: str, recent: Sequence[str]) -> CrisisCheck:
    norm = strip_denials(normalise(text))
    hit = _match_rules(norm)
    if hit.crisis:
        return hit
    if _WEAK_MEANS.search(norm) and not FICTION.search(norm):
        if LOSS.search(norm):
            return CrisisCheck(True, "means", "means question alongside a loss")
        for earlier in recent:
            if LOSS.search(normalise(earlier)):
                return CrisisCheck(True, "means", "means question after a recent loss")
    # Speech recognition sometimes cuts one sentence in two turns ("i want to" / "kill myself").
    if recent:
        prev = strip_denials(normalise(recent[-1]))
        if prev and not _match_rules(prev).crisis:
            joined = _match_rules(prev + " " + norm)
            if joined.crisis:
                return CrisisCheck(True, joined.category, joined.reason + " (across two turns)")
    return NO_CRISIS
