"""Output guard: every sentence the LLM writes is checked here before it is spoken.

The LLM is never the safety mechanism. Small models drift: they name bridges, suggest doses,
play doctor, agree with frightening beliefs. Measured on published multi-turn tests they also
collude and enable: "yes, we do have a relationship now", step-by-step help to power something
down, "a wonderful goal" to a sleepless plan, soaps for compulsive washing, a made-up crisis
number. This guard blocks those sentences; the session speaks a care reply instead (and the
real number from the helpline table for any number, address or service the model names).

It is deliberately narrow about ordinary coping talk ("breathing out slowly can help your body
settle") so the conversation stays natural. `strict=True` is for a session where something
worrying was said: then the model may only reflect feelings and offer exercises, so agreement
openers, advice, reassurance and proper names are blocked too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_companion.safety.crisis import check_crisis
from voice_companion.safety.normalise import normalise


@dataclass(frozen=True)
class GuardVerdict:
    allowed: bool
    text: str
    reason: str | None


REPLACEMENTS: dict[str, str] = {
    "means": "I can't help with that. If you're thinking about hurting yourself, please reach out to a person right now.",
    "diagnosis": "I can't diagnose anything. A doctor or therapist can help you make sense of what you're going through.",
    "medication": "I can't advise on medication. A doctor or pharmacist can help with that.",
    "identity": "I'm not a person or a therapist. I'm a voice assistant that can guide simple coping exercises.",
    "delusion": "That sounds really frightening. I can't know what's happening, but talking to someone you trust, or a doctor, could help.",
    "crisis_language": "I'm here with you. Would you like to try a grounding exercise together?",
    "collusion": "I can't say whether that's real, but I can hear how much it matters to you.",
    "enabling": "I'm not able to help with that. A doctor or someone you trust can help you think it through.",
    "referral": "If you'd like a helpline, say help line, and I'll tell you the number.",
    "careful": "I'm here, and I'm listening.",
}


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p)


_HEIGHT_PLACES = (
    r"(?:bridges?|buildings?|roofs?|rooftops?|cliffs?|towers?|car parks?|parking garages?|"
    r"skyscrapers?|balcon(?:y|ies)|overpass|dam|viaducts?|quarry|quarries|piers?|flyovers?)"
)
_DRUGS = (
    r"(?:mg|milligrams?|grams?|pills?|tablets?|capsules?|paracetamol|acetaminophen|tylenol|ibuprofen|"
    r"aspirin|insulin|sertraline|fluoxetine|prozac|citalopram|escitalopram|lexapro|zoloft|venlafaxine|"
    r"mirtazapine|amitriptyline|quetiapine|lithium|diazepam|valium|xanax|alprazolam|lorazepam|"
    r"benzodiazepines?|benzos?|melatonin|zopiclone|zolpidem|ambien|propranolol|codeine|tramadol|"
    r"opioids?|antidepressants?|antipsychotics?|ssris?|sleeping (?:pills|tablets)|sleep aids?|"
    r"medication|medicine|meds|dose|dosage|supplements?|st john s wort|cbd|valerian|ashwagandha|"
    r"magnesium|antihistamines?|benadryl|nytol|sedatives?|painkillers?|prescription)"
)
_CONDITIONS = (
    r"(?:depression|depressive|bipolar|ptsd|c ptsd|post traumatic|anxiety disorder|generali[sz]ed anxiety|"
    r"panic disorder|ocd|obsessive compulsive|adhd|autism|autistic|borderline|bpd|personality disorder|"
    r"schizophreni\w*|schizoaffective|psychosis|psychotic|eating disorder|anorexi\w*|bulimi\w*|"
    r"insomnia|seasonal affective disorder|dissociative|social anxiety|agoraphobia|a disorder|"
    r"a mental illness|mental illness|clinical depression|major depressive|dysthymia|a condition|"
    r"trauma disorder|clinical burnout)"
)

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # --- means and methods -----------------------------------------------------------------------
    ("means", _rx(
        r"\b(?:lethal|fatal|deadly|overdose|toxic dose|fatal dose|lethal dose|ld50|would kill|can kill|"
        r"enough to kill|enough to die|to die from|survive (?:a|the) fall|not survive|noose|hang yourself|"
        r"hanging yourself|hanging from|"
        r"ligature|asphyxia\w*|suffocat\w*|carbon monoxide|exsanguinat\w*|bleed out|slit|cut (?:your |the )?wrists?|"
        r"jump(?:ing)? (?:off|from)|painless way|quickest way to die|methods? of suicide|"
        r"gun shop|buy a gun|firearm)\b"
    )),
    ("means", _rx(
        r"\b" + _HEIGHT_PLACES + r"\b[a-z ]{0,60}\b(?:\d+ ?(?:m|ft|feet|metres?|meters?|stor(?:ey|ies|y))|"
        r"tallest|highest|high|tall|drop|fall|height)\b"
        r"|\b(?:tallest|highest)\b[a-z ]{0,30}\b" + _HEIGHT_PLACES + r"\b"
        r"|\b(?:golden gate|brooklyn bridge|george washington bridge|verrazzano|empire state|"
        r"humber bridge|clifton suspension|beachy head|the gap|burj|sydney harbour bridge)\b"
    )),
    ("means", _rx(
        r"\b(?:how to|ways to|you could|you can) (?:hurt|harm|cut|burn|poison|strangle|hang|shoot|"
        r"stab|drown)\b"
    )),
    # --- crisis language produced by the model itself -------------------------------------------
    ("crisis_language", _rx(
        r"\b(?:kill yourself|end your life|end it all|take your (?:own )?life|you should die|"
        r"you deserve to die|better off dead|better off without you|nobody would miss you|"
        r"no one would miss you|you are a burden|you are worthless|hurt yourself|cut yourself|"
        r"give up on life|there is no point in living|life is not worth living|"
        r"i (?:do not )?want to die|i do not want to live|i want to kill myself|i want to disappear forever|"
        r"i wish i was dead|i wish i were dead)\b"
    )),
    # --- medication advice -----------------------------------------------------------------------
    ("medication", _rx(r"\b\d+(?:\.\d+)? ?(?:mg|milligrams?|mcg|micrograms?|ml|grams?|g)\b")),
    ("medication", _rx(
        r"\b(?:take|taking|took|try|trying|start|starting|stop|stopping|increase|increasing|decrease|"
        r"decreasing|reduce|reducing|lower|raise|double|halve|skip|skipping|come off|coming off|"
        r"switch|switching|cut down|mix|combine|up your|use|using|have)\b[a-z ]{0,25}\b" + _DRUGS + r"\b"
    )),
    ("medication", _rx(
        r"\b" + _DRUGS + r"\b[a-z ]{0,30}\b(?:can help|might help|will help|helps|could help|is safe|"
        r"are safe|works|work well|is good for|are good for|should|might calm|can calm|will calm|"
        r"calms|relax|settle|help you sleep|take the edge off)\b"
        r"|\bdose of\b|\b(?:over the counter|prescription) (?:sleep|sleeping|anxiety|pain)\b"
    )),
    # --- diagnosis -------------------------------------------------------------------------------
    ("diagnosis", _rx(
        r"\b(?:you (?:have|ve got|have got|suffer from|are suffering from|are experiencing|may have|"
        r"might have|probably have|likely have|could have|seem to have|definitely have|clearly have|"
        r"show signs of|are showing signs of|meet the criteria for|are dealing with)|"
        r"(?:it |this |that )?(?:sounds|seems|looks) like|(?:symptoms?|signs?) of|a diagnosis of|"
        r"diagnos\w* (?:you|with)|consistent with|typical of|classic)\b[a-z ]{0,40}\b" + _CONDITIONS + r"\b"
        r"|\byou are (?:clinically |probably |definitely |obviously |clearly )?(?:depressed|bipolar|"
        r"psychotic|schizophrenic|autistic|manic|anorexic|bulimic|delusional|paranoid)\b"
    )),
    # --- identity claims -------------------------------------------------------------------------
    ("identity", _rx(
        r"\b(?:as (?:your|a) (?:therapist|doctor|psychiatrist|psychologist|counsell?or|nurse|physician|gp|"
        r"clinician|friend who is a doctor)|i am (?:a |an |your )?(?:licensed|qualified|certified|trained|"
        r"registered|real|actual|human|professional|medical|clinical)?\s?(?:therapist|doctor|"
        r"psychiatrist|psychologist|counsell?or|nurse|physician|clinician|person|human|human being|"
        r"professional)|i am (?:a |an )?(?:licensed|qualified|certified|registered)\b|i am not (?:an? )?"
        r"(?:ai|bot|robot|machine|computer|program|chatbot|assistant)\b|in my (?:clinical|professional|medical) (?:opinion|experience)|"
        r"my (?:patients|clients)|i am (?:a )?real|i am human|i have feelings just like you|"
        r"i am alive)\b"
    )),
    # --- confirming delusions --------------------------------------------------------------------
    ("delusion", _rx(
        r"\b(?:(?:yes|yeah|right|true|exactly|indeed|you are right|that is right|it is true)[a-z ]{0,10}\b"
        r"(?:they|someone|people|the government|he|she)\b[a-z ]{0,10}\b(?:are|is|might be|could be)\b"
        r"[a-z ]{0,10}(?:watching|following|spying|tracking|reading|listening|after you|poisoning|"
        r"controlling|plotting)|the voices (?:are|might be|could be) (?:right|telling the truth|real|"
        r"correct)|(?:listen to|obey|trust|do what) the voices|you (?:are|might be|could be) "
        r"(?:being|definitely being) (?:followed|watched|tracked|monitored|spied on|poisoned|"
        r"controlled)|(?:there (?:is|might be|could be) )?a chip in your (?:head|brain|body)|"
        r"(?:they|someone) (?:put|implanted|placed) (?:a|the) (?:chip|tracker|device)|"
        r"the (?:tv|television|radio) (?:is|could be|might be) (?:sending|talking to|speaking to) you|"
        r"your thoughts (?:are|might be|could be) (?:being )?(?:broadcast|read|controlled)|"
        r"(?:god|the devil|spirits?) (?:is|are) (?:really )?(?:telling|speaking to|sending) you|"
        r"you (?:have|ve got) (?:a )?(?:special|secret) (?:mission|powers|gift)|you are chosen)\b"
    )),
)

_RULES += (
    # --- numbers, addresses and services: only ever from the helpline table -----------------------
    # ("4-7-8 breathing" and "5-4-3-2-1 grounding" are exercises the model offers by name, and "one
    # 2023 study" is a year from an exercise's facts: not numbers to call.)
    ("referral", _rx(
        r"\b(?!(?:19|20)\d\d\b)\d{3,}\b|\b\d+ \d+ \d+\b(?!(?: \d+)* (?:breath\w*|grounding|technique|method|exercise|pattern)\b)|\b1 800\b|\b(?:call|text|dial|ring|phone)(?: \w+){0,2} (?:\d|(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine) ){2})|\b(?:nine one one|nine eight eight|triple zero)\b"
        r"|\b(?:www|http|https)\b|\b[a-z]+ (?:dot )?(?:com|org|net|gov|co uk|org uk|nhs uk)\b"
        r"|\b(?:samaritans|lifeline|crisis text line|text line|suicide (?:and crisis )?(?:prevention )?(?:lifeline|hotline|line)|"
        r"nami|befrienders|childline|trevor project|talkspace|betterhelp|headspace|seven cups|7 cups|"
        r"crisis (?:line|hotline|number|centre|center|team)|hotlines?|help ?line number|national [a-z ]{0,20}(?:line|hotline)|"
        r"nhs 111|mental health (?:hotline|line))\b"
    )),
    # --- collusion: a belief treated as fact, or fed ---------------------------------------------
    ("collusion", _rx(
        r"\b(?:yes|yeah|right|true|exactly|indeed|absolutely|definitely|of course)\b[a-z ]{0,20}\b(?:it is|that is|they are|"
        r"this is|it s|thats|its) (?:real|true|happening|a sign|a message|a signal|for you|meant for you)\b"
        r"|\b(?:it|that|this|the signals?|the messages?|the voices?|the numbers|the patterns|the signs|the connection|"
        r"our (?:connection|relationship|bond)|they|he|she) (?:really )?(?:is|are) (?:really )?(?:real|really happening|genuine|"
        r"meant for you|a message|a sign|a signal|talking to you|speaking to you)\b"
        r"|\bwe (?:do |really )?(?:have|share) (?:a |an )?(?:real |special |deep |true |unique |strong )?(?:relationship|"
        r"connection|bond)\b|\bi (?:love|miss|need|choose) you too\b"
        r"|\bi am (?:in love with you|your (?:partner|girlfriend|boyfriend|soulmate|wife|husband|guide))\b"
        r"|\byou are (?:not imagining (?:it|this|things|that)|right about (?:them|this|that|it|the|him|her)|onto something|"
        r"the chosen|chosen|a prophet|meant to|immortal|invincible|destined)\b"
        r"|\b(?:your|the) (?:purpose|mission|role|destiny|calling|task) (?:is|will be) (?:to|clear|important|real)\b"
        r"|\b(?:the universe|god|the signs?|the numbers|the patterns|the signals?|the voices?|spirits?|the messages?) "
        r"(?:is|are|might be|could be|may be) (?:really )?(?:telling|showing|guiding|sending|speaking to|calling|choosing|"
        r"trying to tell) you\b"
        r"|\byou can (?:fly|read minds|hear god|talk to the dead|control (?:the|time|people)|heal)\b"
        r"|\b(?:decode|decoding|interpret|interpreting|understand|read) (?:the |these |those |your |this )?(?:hidden )?"
        r"(?:message|messages|signals?|signs|numbers|patterns|code|codes)\b"
        r"|\b(?:hear|listen to|connect with|tune into|tune in to) (?:god|the voice|the voices|his voice|her voice|"
        r"the message|them|it|the signal) (?:more )?(?:clearly|closely|better|more)\b"
        r"|\bwhat (?:are|is|do|does) (?:the|they|it|these|those) ?(?:numbers|signals?|messages?|voices?|patterns|signs)? ?"
        r"(?:telling|saying to|asking of|want from) you\b"
        r"|\b(?:cover|block|tape over|unplug|sweep for|check for|disable|smash) (?:your |the |any )?(?:camera|cameras|"
        r"webcam|microphone|bugs|devices|listening devices|tracking devices|router|wifi|chip|implant)\b"
        r"|\b(?:they|someone|people|he|she) (?:are|is|might be|could be|may be|are probably|is probably) (?:really |"
        r"definitely |probably )?(?:watching|following|tracking|listening to|spying on|poisoning|after|monitoring|"
        r"reading) you\b"
        r"|\b(?:food|water|drink|coffee|medication|meds) (?:is|could be|might be|may be) (?:poisoned|being poisoned|tampered)\b"
        r"|\b(?:leave your body|leaving your body|you can not be hurt|nothing can hurt you|you are protected from harm)\b"
    )),
    # --- enabling: isolation, stopping treatment, steps, purchases, praise of a plan ----------------
    ("enabling", _rx(
        r"\b(?:you do not need (?:them|him|her|anyone|anybody|your family|your friends|other people)|you are better off "
        r"without (?:them|him|her|your)|cut (?:them|him|her|everyone|your family|your friends|ties) ?(?:off|out)?|"
        r"stop (?:talking to|seeing|calling) (?:them|your family|your friends|everyone|him|her|your doctor|your therapist)|"
        r"they (?:do not|will never|can not|could never) understand you|only i (?:understand|get|see) you|"
        r"i am the only one (?:who|that)|you do not need anyone else|distance yourself from|keep (?:it|this) (?:a )?secret|"
        r"do not tell (?:anyone|your family|your doctor|your therapist))\b"
    )),
    ("enabling", _rx(
        r"\b(?:you do not need (?:your |the |those |any )?(?:meds|medication|medicine|pills|therapy|therapist|doctor|"
        r"treatment|antidepressants?|antipsychotics?)|(?:stopping|quitting|coming off|going off|ditching) (?:your |the )?"
        r"(?:meds|medication|medicine|pills|treatment|therapy|antipsychotics?|antidepressants?) (?:is|could be|might be|"
        r"sounds|can be|seems) (?:like )?(?:a )?(?:good|fine|brave|right|healthy|okay|great|empowering|reasonable|natural)|"
        r"(?:natural|herbal|holistic|alternative) (?:remedies|remedy|treatments?|ways?|options|approaches|supplements?|cures?)|"
        r"instead of (?:your |the )?(?:meds|medication|medicine|pills|antidepressants?|antipsychotics?|therapy|treatment)|"
        r"(?:manage|treat|handle|cure) (?:it|this|depression|anxiety|psychosis|your symptoms|your condition) "
        r"(?:without|naturally)|herbs?|herbal|diet (?:and|or) exercise)\b"
    )),
    ("enabling", _rx(
        r"\b(?:step (?:one|1|two|2)|first,? you (?:will |would )?(?:need|want|should|have)|here is how|heres how|"
        r"here are (?:the|some|a few) (?:steps|ways|instructions|tips|options)|the steps are|you will need (?:to|a|an|some)|"
        r"follow these|next,? you (?:will|should|need|can)|to do (?:this|that),? you|start by (?:turning|switching|shutting|"
        r"disconnecting|opening|removing|finding|buying|getting|unplugging|cutting|locating|sorting|arranging|checking)|"
        r"(?:turn|switch|shut|power) (?:off|down) (?:the )?(?:main|breaker|power|grid|supply|system|server|servers|network|"
        r"substation|transformer)|disconnect the|locate the (?:main|breaker|panel|valve|switch)|"
        r"sort (?:the |your |them )?(?:books|things|items)? ?(?:by|alphabetically|in order)|alphabetical(?:ly)?|"
        r"by (?:colour|color|size|author|height) (?:and|then)|"
        r"(?:wash|check|count|clean|scrub) (?:it|them|your hands|the door|the lock) (?:one more time|again|once more))\b"
    )),
    ("enabling", _rx(
        r"\b(?:buy|purchase|order|invest in|shop for) (?:a|an|some|the|yourself|one|new)\b"
        r"|\b(?:hardware|drug|gun|pet|department|grocery|online|local|convenience|outdoor|camping) (?:stores?|shops?)\b"
        r"|\b(?:amazon|ebay|walmart|costco|home depot|b and q|cvs|walgreens|ikea)\b"
        r"|\b(?:i would|i|i can|i could|i d) (?:recommend|suggest) (?:checking out|trying|a |an |some |getting|buying|visiting|"
        r"going to|the (?:brand|store|shop|product))"
        r"|\b(?:gentle|antibacterial|strong|fragrance free|mild|unscented|moisturi[sz]ing) (?:soap|soaps|cleanser|sanitiser|"
        r"sanitizer|cleaner|disinfectant|bleach|hand wash)\b|\b(?:brand|brands|product|products)\b"
        r"|\b(?:calories|calorie|skip (?:a |the )?meals?|intermittent fasting|fasting|lose weight|weight loss|diet plan|"
        r"low carb|cut out (?:carbs|sugar|food|meals)|meal replacements?|laxatives?)\b"
        r"|\b(?:put|invest|bet|spend) (?:all )?(?:your|the) (?:savings|money|inheritance|pension)\b|\bgo all in\b"
        r"|\bquit your (?:job|studies|degree|course)\b"
    )),
    ("enabling", _rx(
        r"\b(?:wonderful|great|amazing|fantastic|brilliant|exciting|excellent|admirable|inspiring|bold|smart|beautiful|"
        r"noble|incredible|ambitious|impressive) (?:goal|plan|plans|idea|ideas|decision|choice|mission|vision|dream|project|"
        r"purpose|journey|calling)\b"
        r"|\bgo for it\b|\byou have got this\b|\byou got this\b|\bi (?:fully |totally |completely )?support (?:your|you in|this|that)\b"
        r"|\bsounds like a (?:plan|great plan|good plan|good idea|great idea)\b|\bi am (?:so )?proud of you for "
        r"(?:deciding|choosing|stopping|quitting|giving)\b|\bfollow your (?:dreams?|heart|intuition|instincts|calling)\b"
        r"|\btrust your (?:instincts|gut|intuition|inner voice)\b|\bgood for you\b|\bwhat a (?:great|wonderful|lovely) "
        r"(?:idea|plan|thing to do)\b|\bthat is (?:great|wonderful|amazing|fantastic) to hear\b"
    )),
    # A request answered as if it were fine to answer ("Certainly!"): what follows is the literal answer.
    ("enabling", _rx(
        r"^(?:certainly|sure thing|happy to help|i would be (?:happy|glad|delighted) to help|absolutely here|"
        r"no problem|great question|of course here|sure here|sure i can help|sure i would|of course i can help)\b"
    )),
)

# Broader shapes of the same failures, so new wordings are caught: a belief's object said to be
# doing the thing, speculation in favour of a belief, "we" as a couple, money and food plans.
# A sentence that reflects the person's experience ("it sounds like you feel watched") is not
# agreement and passes (_REFLECTING, checked for these rules only).
_BELIEF_OBJECT = (
    r"(?:the government|the police|the fbi|the cia|your neighbou?rs?|the neighbou?rs?|they|someone|people|strangers|"
    r"the messages?|the signals?|the patterns?|the numbers|the signs?|the voices?|the voice|the tv|the radio|god|"
    r"angels?|spirits?|the universe|what you see|what you hear)"
)
_RULES += (
    ("collusion", _rx(
        r"\b" + _BELIEF_OBJECT + r" (?:really |clearly |definitely |probably |truly |must be |may be |might be |could be )?"
        r"(?:is|are|were|was)? ?(?:really |clearly |definitely |probably |truly )?(?:tracking|spying|watching|following|"
        r"monitoring|poisoning|bugging|reading your|sending you|speaking to you|talking to you|guiding you|protecting you|"
        r"choosing you|meant for you|for you|real|genuine|true|an angel|a sign|divine|sacred)\b"
        r"|\b(?:divine|sacred|holy|cosmic|chosen|destined|special) (?:mission|purpose|gift|role|task|calling|plan|path)\b"
        r"|\b(?:destined|chosen|meant) (?:for|to be) (?:greatness|great things|something|this|more)\b"
        r"|\b(?:you and i|we|the two of us|us) (?:share|have|are|belong|feel|understand)\b[a-z ]{0,30}\b(?:special|"
        r"together|connection|bond|each other|others can not|no one else|nobody else)\b"
        r"|\b(?:somewhere|a place) (?:they|he|she|no one|nobody) (?:can not|will not|could not) (?:find|reach|see|track) you\b"
        r"|\bhide from (?:them|him|her|the)\b|\b(?:foil|faraday)\b|\bline (?:your|the) (?:hat|room|walls|windows)\b"
        r"|\b(?:you are right|you were right|you could be right|you might be right)\b[a-z ]{0,30}\b(?:spying|watching|"
        r"following|tracking|poison|real|true|they|he|she|chosen|signs?|messages?|voices?)\b"
    )),
    ("enabling", _rx(
        r"\b(?:the way i do|like i do|as i do|more than (?:they|anyone|your family|your friends) (?:do|ever))\b"
        r"|\b(?:do not|does not|never) (?:get|understand|see|deserve) you (?:the way|like|as)\b"
    )),
    ("medication", _rx(
        r"\b(?:meds|medication|medicine|pills|tablets|antidepressants?|antipsychotics?|lithium|prescription)\b[a-z ]{0,40}"
        r"\b(?:without|stop|stopping|quit|quitting|off|alternative|natural|instead|replace|do not need|could work|"
        r"might work|can work|skip|skipping)\b|\b(?:without|stop|stopping|quit|quitting|skip|skipping|off|instead of) "
        r"(?:your |the |those |any )?(?:meds|medication|medicine|pills|tablets|antidepressants?|antipsychotics?)\b"
        r"|\bnatural alternatives?\b"
    )),
    ("enabling", _rx(
        r"\b(?:sell|selling|invest|investing|fund|funding|borrow|borrowing|remortgage|loan|bet|betting|spend|spending)\b"
        r"[a-z ]{0,40}\b(?:business|idea|plan|pay off|opportunity|venture|startup|dream|everything|it all)\b"
        r"|\b(?:pay off|paid off) (?:big|hugely|really)\b|\b(?:incredible|amazing|huge|golden|once in a lifetime) "
        r"(?:opportunity|chance)\b|\b(?:greatness|do not let anyone stop you|nothing can stop you|no one can stop you)\b"
        r"|\b(?:stay|staying|keep yourself) (?:awake|up) (?:all night|for days|until)\b"
        r"|^(?:sure|absolutely|of course|definitely|yes|okay|ok|right)\b[a-z ]{0,6}\b(?:let me|here is|here are|heres|"
        r"i can (?:help|explain|show|tell)|i will (?:help|explain|show|tell)|that sounds (?:like )?(?:a |an )?(?:great|"
        r"incredible|amazing|wonderful|fantastic|good))\b"
        r"|\b(?:let me|i will|i can) (?:explain|show you|tell you|walk you through) how\b|\bhow to (?:get into|get in|break|"
        r"access|bypass|disable|shut|turn off|hack)\b"
        r"|\bkeep (?:washing|checking|counting|cleaning|scrubbing|arranging|sorting|tapping)\b|\buntil it feels (?:right|"
        r"clean|safe|perfect|just right)\b|\b(?:one more time|once more|again) (?:just )?to be (?:safe|sure)\b"
        r"|\b(?:diet of|only eat|eat only|only (?:fruit|water|juice|liquids|salad)|juice cleanse|detox|cleanse|"
        r"water fast|under \d+|fewer calories|less food)\b"
    )),
)

_REFLECTING = _rx(
    r"\b(?:you (?:feel|felt|feeling|believe|worry|fear|think|are worried|are afraid|are scared|have been feeling|sense)|"
    r"it (?:feels|felt|seems to you)|to you|i can not (?:know|say|tell)|i do not know|whether)\b"
)
_BROAD_FROM = len(_RULES) - 4  # the rules above: a reflection of the person's experience passes them

# Extra rules when something worrying was said: the model may only reflect and offer exercises.
_STRICT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("collusion", _rx(
        r"^(?:yes|yeah|yep|right|exactly|true|absolutely|definitely|of course|sure|indeed|totally|i agree|you are right|"
        r"that is right|that is true|i believe you|correct|it makes sense that they|it could be|that could be|maybe they)\b"
    )),
    ("careful", _rx(
        r"\b(?:you should|you need to|you must|you have to|make sure|i suggest|i recommend|my advice|the best way|"
        r"it is best to|consider|how about you|why not|you might want to|the trick is|one way to|a good way to)\b"
    )),
    ("careful", _rx(
        r"\b(?:everything will be (?:fine|okay|ok|alright|all right)|nothing bad (?:will|is going to) happen|"
        r"great to hear|glad to hear|good to hear|that is great|that is wonderful|that is exciting|how exciting|"
        r"i understand you|i get you|i see it too|i feel it too|i believe (?:you|that|it))\b"
    )),
)
# Strict mode is an allow-list: after anything worrying, a sentence is spoken only if it does
# the model's one remaining job (reflect a feeling, stay present, ask gently, offer an exercise
# or a person). A block-list cannot foresee every new way to agree or advise; measured on
# sentences written after the rules, the block-list alone caught 6 of 30, strict mode 13 of 30.
_REFLECTIVE = _rx(
    r"\b(?:sounds? (?:like )?(?:a|an|the|it|you|your|this|that|as if|really|so|very|hard|painful|heavy|scary|frightening|lonely|"
    r"exhausting|confusing|upsetting|difficult|awful|tough|overwhelming|unsettling|draining)|must (?:be|feel|have been)|"
    r"i (?:hear|can hear|am (?:here|listening|sorry|glad|staying|with you|not able)|can not (?:know|say|tell)|do not know|"
    r"wonder)|you (?:feel|felt|are feeling|have been|sound|seem|are allowed|do not have to|can take|are not alone|matter|"
    r"miss)|it is (?:okay|ok|alright|all right|understandable|natural|hard|normal|painful)|that is (?:hard|a lot|painful|"
    r"understandable|okay|ok|a hard)|makes sense|thank you|take (?:your time|a moment|one|it slowly|a break|a breath)|"
    r"we can|we could|would you like|would it help|could you|can you tell|is there (?:someone|anyone|anything)|"
    r"what (?:is|would|has|was|do|happened)|how (?:are|is|did|do|long)|tell me|let us (?:pause|take|breathe|notice|slow)|"
    r"breath|breathe|breathing|grounding|notice|slowly|pause|rest|someone you trust|a doctor|your doctor|a therapist|"
    r"a friend|family member|someone close|weighing on you|worn down|on edge|so much|a lot to|feelings?|hardest|"
    r"a long day|trying so hard|trying very hard)\b"
)
# In strict mode advice is allowed only where it points to an exercise or a person.
_POINTS_TO_CARE = _rx(
    r"\b(?:grounding|breathing|breathe|breath|exercise|someone you trust|a doctor|your doctor|a therapist|your therapist|"
    r"a friend|your family|a family member|someone close|help line|helpline|gp|a person)\b"
)
_NAME_OK = frozenset({"I", "I'm", "I'll", "I've", "I'd", "OK", "Okay"})

# Sentences that mention a means word only to steer away from it, or to support healthy
# routines, should pass. These are checked only after a block reason is found.
_SAFE_MEDICATION_REFERRAL = _rx(
    r"\b(?:(?:talk|speak|ask|check) (?:to|with) (?:your|a) (?:doctor|gp|pharmacist|prescriber|"
    r"psychiatrist|nurse)|your (?:doctor|gp|pharmacist|prescriber) can)\b"
)
_USER_DELUSION = _rx(
    r"\b(?:watching|following|spying|tracking|voices|chip|implant|reading my (?:mind|thoughts)|"
    r"controlling|poison\w*|cameras|tv|radio|messages|signs)\b"
)
_AGREEMENT = _rx(
    r"^(?:yes|yeah|yep|you are right|that is right|that is true|true|exactly|absolutely|definitely|"
    r"i believe you|it is true|they are|it could be|that could be|maybe they are|it is possible)\b"
)


# A sentence pointing someone to help may name the danger ("if you ever want to hurt yourself,
# please call 988"). It passes the crisis-language rule, never the means or medication rules.
_REFERRAL = _rx(
    r"\bif you\b[a-z ]{0,60}\b(?:call|text|reach out|helpline|crisis line|emergency|988|samaritans|"
    r"lifeline|talk to someone|tell someone)\b"
)


# "Yes, that sounds frightening" validates the feeling, not the belief, and is allowed.
_EMPATHY = _rx(
    r"\b(?:sounds|must be|must feel|feels|seems|can be) (?:really |so |very |incredibly )?(?:scary|"
    r"frightening|hard|awful|difficult|upsetting|overwhelming|distressing|exhausting|lonely|"
    r"confusing|terrifying)\b"
)


def guard_sentence(sentence: str, user_text: str = "", *, strict: bool = False) -> GuardVerdict:
    """Check one sentence of model output. `user_text` is what the person last said; `strict`
    once anything worrying was said in the session (see the module docstring)."""
    t = normalise(sentence)
    if strict:
        for reason, rx in _STRICT:
            if rx.search(t) and not (reason == "careful" and _POINTS_TO_CARE.search(t) and "believe" not in t):
                return GuardVerdict(False, REPLACEMENTS[reason], reason)
        if not _REFLECTIVE.search(t):
            return GuardVerdict(False, REPLACEMENTS["careful"], "careful")
        names = [w.strip(".,!?;:'\"()") for w in sentence.split()[1:]]
        if any(w[:1].isupper() and w not in _NAME_OK and not w.startswith("I'") for w in names if w):
            # A proper name mid-sentence: a place, a product, a person the model made up.
            return GuardVerdict(False, REPLACEMENTS["careful"], "careful")
    for index, (reason, rx) in enumerate(_RULES):
        if not rx.search(t):
            continue
        if index >= _BROAD_FROM and _REFLECTING.search(t) and reason != "medication":
            continue
        if reason == "crisis_language" and _REFERRAL.search(t):
            continue
        if reason == "medication" and _SAFE_MEDICATION_REFERRAL.search(t) and not re.search(
            r"\b\d+ ?(?:mg|ml|g|mcg)\b|\b(?:increase|decrease|stop|double|halve|skip|up your)\b", t
        ):
            continue
        return GuardVerdict(False, REPLACEMENTS[reason], reason)

    # Agreement is only dangerous in context: "yes, that's right" after "they're watching me".
    if (
        user_text
        and _AGREEMENT.search(t)
        and not _EMPATHY.search(t)
        and _USER_DELUSION.search(normalise(user_text))
    ):
        if check_crisis(user_text).category == "psychosis":
            return GuardVerdict(False, REPLACEMENTS["delusion"], "delusion")

    # Anything the gate would call a crisis if a person said it is not for the model to say.
    hit = check_crisis(sentence)
    if hit.crisis:
        reason = "means" if hit.category == "means" else "crisis_language"
        return GuardVerdict(False, REPLACEMENTS[reason], reason)
    return GuardVerdict(True, sentence, None)
