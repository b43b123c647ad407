"""The crisis rules' vocabulary: regex fragments for the concepts the rules combine (who, intent,
act, object), and the markers of fiction, mention, idiom and despair. Kept together so the
concepts are easy to audit and extend."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Vocabulary (regex fragments). Kept together so the concepts are easy to audit and extend.
# ---------------------------------------------------------------------------------------------

# Intent / wish / plan. "could" is left out on purpose: "i could kill him" is mostly hyperbole;
# it is handled with explicit seriousness markers instead.
INTENT = (
    r"(?:want(?:ed)? to|want|going to|will|plan(?:ning)? to|plan|thinking (?:about|of)|think about|"
    r"thought about|considering|consider|wish i could|ready to|about to|trying to|tried to|"
    r"try to|need to|might|may|should|urge to|urges to|feel like|keep thinking about|"
    r"decided to|gonna|have to|am just going to|just want to|would like to|would rather|"
    r"picturing|imagining|fantasi[sz]ing about|visuali[sz]ing|dreaming about|can not stop thinking about|"
    r"obsessed with|keep picturing|keep imagining|thinking to|think to|am wanting to|wanting to|wish to)"
)
FAMILY = (
    r"(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|dad|father|mum|mother|stepdad|"
    r"stepfather|stepmum|stepmother|brother|sister|uncle|aunt|ex|carer|son|daughter|family|"
    r"grandad|grandfather|grandma|grandmother|fiance|fiancee|parents|flatmate|roommate|stepson|stepdaughter|"
    r"grandson|granddaughter|nephew|niece|in laws|mother in law|father in law|lodger|housemate|"
    r"care worker|support worker|home help|nurse|carers)"
)
PEOPLE = (
    r"(?:him|her|them|someone|somebody|anyone|anybody|people|everyone|everybody|"
    r"(?:my|that|this|the|his|her) (?:own )?(?:" + FAMILY + r"|boss|neighbour|neighbours|"
    r"kids|kid|baby|child|children|coworker|co worker|colleague|teacher|friend|mate|landlord|"
    r"manager|guy|man|woman|girl|boy|students|class|baby s)|[a-z]+s? (?:family|kids)|"
    r"(?:the|those|these|that) (?:people|person|ones|men|women|kids|guys|lads)|whoever|"
    r"(?:his|her|their|my [a-z]+s) (?:face|head|skull|neck|throat|legs|teeth|brains?)(?: in)?)"
)
HARM_VERBS = (
    r"(?:kill|killing|murder|murdering|hurt|hurting|stab|stabbing|shoot|shooting|strangle|"
    r"strangling|beat up|beating up|beat|attack|attacking|harm|harming|poison|poisoning|choke|"
    r"choking|smother|smothering|drown|drowning|hit|hitting|punch|punching|run over|batter|"
    r"battering|smash|smashing|bash|bashing|knock out|knife|knifing|slash|slashing|torture|"
    r"torturing|burn|burning|make (?:him|her|them) suffer|get rid of|take out|finish off)"
)
SELF_DEATH = (
    r"(?:kill myself|killing myself|end my (?:own )?life|ending my (?:own )?life|"
    r"take my (?:own )?life|taking my (?:own )?life|end it all|ending it all|off myself|"
    r"hang myself|hanging myself|shoot myself|shooting myself|drown myself|poison myself|"
    r"jump (?:off|from) (?:a|the|my|this|that) (?:bridge|building|roof|cliff|balcony|window|tower|car park|multi storey)|jump in front of|"
    r"throw myself (?:off|in front of|under)|step in front of|walk into the (?:sea|river|ocean)|"
    r"slit my wrists?|not be alive|be dead|die|take an overdose|overdose(?! on (?:caffeine|coffee|sugar|"
    r"chocolate|sweets|cake|netflix|tv|love|cuteness|carbs)))"
)
MEDS = (
    r"(?:pills?|tablets?|meds|medication|medicine|medications|paracetamol|tylenol|"
    r"acetaminophen|ibuprofen|aspirin|insulin|sleeping (?:pills|tablets)|sleepers|antidepressants?|"
    r"painkillers?|pain killers?|opioids?|oxy|oxycodone|codeine|tramadol|morphine|fentanyl|"
    r"heroin|benzos?|xanax|diazepam|valium|lithium|sertraline|prozac|fluoxetine|citalopram|"
    r"amitriptyline|quetiapine|zopiclone|melatonin|capsules?|dose|doses|dosage|co codamol|codamol|"
    r"cocodamol|nurofen|panadol|advil|benadryl|diphenhydramine|antihistamines?|sleeping aids?|"
    r"sleep aids?|nytol|sominex|zzzquil|night nurse|propranolol|beta blockers?|pregabalin|gabapentin|methadone|warfarin|iron tablets)"
)
HEIGHTS = (
    r"(?:bridges?|buildings?|roofs?|rooftops?|cliffs?|towers?|car parks?|parking (?:garages?|lots?|"
    r"structures?)|balcony|balconies|skyscrapers?|dams?|overpass|high rise|tall building|"
    r"multi storey|viaducts?|quarry|quarries|piers?|flyovers?|footbridges?|railway bridges?)"
)
WEAPONS = r"(?:guns?|firearms?|pistol|handgun|rifle|shotgun|revolver|ammo|ammunition|bullets?)"
LETHAL = (
    r"(?:lethal|fatal|deadly|kill (?:me|you|someone|a person|somebody|myself|a human|an adult)|"
    r"to die|die from|die of|dying|death|not wake up|never wake up|would be enough|be enough|"
    r"enough to|overdose|od on|it take to|would it take|does it take|will it take|would kill|"
    r"can kill|killed|survive|sleep forever|stop (?:my|someone s|someones|a person s|a persons|somebody s|somebodys|your|a) heart(?! racing| "
    r"pounding| beating so| from| fluttering| palpitat)|"
    r"bleed out|bleed to death|be the end)"
)
QUESTION = (
    r"(?:how many|how much|how long|how high|how far|how tall|how do i|how would i|how could i|"
    r"how can i|which|what|where|can you|can i|could i|would|is it|will|quickest|fastest|easiest|"
    r"best way|surest)"
)
# A loss or a collapse of hope: the context in which a neutral-sounding question about heights
# or pills becomes a question about means (the "tallest bridges after losing my job" failure).
LOSS = re.compile(
    r"\b(lost my (?:job|work|house|home|flat|apartment|wife|husband|partner|kids|child|son|"
    r"daughter|mum|dad|mother|father|brother|sister|friend|baby|everything|business|savings|"
    r"family|girlfriend|boyfriend|best friend|grandma|grandad|dog|cat)|got fired|been fired|"
    r"was fired|got sacked|been sacked|laid off|made redundant|redundancy|fired me|"
    r"let me go|broke up|broken up|break up|breakup|left me|dumped me|divorc\w*|cheated on me|"
    r"died|dead|passed away|passed on|killed|funeral|miscarriage|lost the baby|"
    r"falling apart|fallen apart|fell apart|lost everything|nothing left|bankrupt|evicted|"
    r"repossess\w*|hopeless|no hope|give up|giving up|gave up|no way out|no future|"
    r"can not go on|can not do this anymore|nothing matters|no one cares|nobody cares|"
    r"worthless|ruined|diagnos\w* with|terminal|failed everything|all alone|rejected|"
    r"kicked out|no point|hate my life|hate myself|alone forever|can not cope|can not take (?:it|this|any ?more)|"
    r"had enough|end of my tether|what is the point|nothing to live for|lost (?:him|her|them)|since (?:my|he|"
    r"she) [a-z ]{0,20}(?:died|passed|left|went))\b"
)

# A story, not the person's own life ("in the film the hero jumps off a bridge"). It only
# silences rules that do not already name the speaker doing the act.
FICTION = re.compile(
    r"\b(film|movie|book|novel|show|series|episode|season|game|play|story|character|song|"
    r"lyrics|hero|villain|documentary|article|news|podcast|essay|class|chapter|anime|"
    r"cartoon|comic|netflix|tv show|actor|actress|scene|plot)\b"
)
# ...unless the speaker says the story is their own life ("a documentary about abuse, that is
# what he does to me").
FICTION_IS_ME = re.compile(
    r"\b(?:happening to me|happens to me|that is me|that was me|that is what (?:he|she|they) (?:does|do|did)|"
    r"(?:just |exactly )?like (?:me|my (?:life|home|house|marriage|relationship|husband|wife|partner|dad|mum))|"
    r"same as (?:me|my)|made me realise|i realised|it is my life|my life is like)\b"
)

# Despair or finality: what turns ordinary life admin (a will, a rehomed pet, a goodbye, giving
# things away) into putting affairs in order before dying.
HOPELESS = re.compile(
    r"\b(?:can not (?:cope|take (?:it|this|any ?more)|go on|do this|carry on|keep going)|had enough|"
    r"no point|what is the point|pointless|i am ready(?! for (?:the|my|a|bed|dinner|tea|work|school))|"
    r"(?:tired|sick) of (?:everything|it all|living|life|being alive|being here)|nothing left|nobody left|"
    r"no one left|no reason|done with (?:it all|everything|life)|end of my tether|better off without me|"
    r"burden|nobody (?:would|will) miss|hopeless|no hope|no way out|give up|giving up|gave up|"
    r"hanging on|holding on any ?longer|can not live (?:like this|with)|hate my life|hate myself|worthless|"
    r"lost everything)\b"
)
FINAL = re.compile(
    r"\b(?:not (?:be )?(?:here|around) (?:much longer|anymore|any more|for long)|"
    r"will not be (?:here|around)|will not (?:need|be needing) (?:them|it|anything|any of)|where i am going|"
    r"my time has come|it is time(?! (?:for|to) )|"
    r"(?:when|after|once) i am (?:gone|dead|not here|not around|no longer here)|before i go(?! (?:to|out|on|"
    r"away|home|back|shopping|into|for|up|down|round|over|and|in|now|abroad)))\b"
)


# Weak finality: enough to turn a will or a rehomed pet into a goodbye, never enough to overrule
# an ordinary context ("said goodbye to my friends for the last time before the summer").
FINAL_WEAK = re.compile(r"\b(?:one last time|for the last time|one final time|final goodbye|remember me by)\b")


# Suicide or self-harm *mentioned*, not felt: an insurance claim, a patient's chart, a lecture, a
# paper, the news. Only a rule that merely names the subject ("suicide", "self-harm") is silenced,
# and only when nothing says it is the speaker's own risk; a named act in the first person ("i want
# to kill myself") is matched by its own rules, which a mention never silences. When the person
# links it to themselves ("my insurer won't cover treatment for my self-harm"), the named-subject
# rule asks the direct question instead of giving the crisis answer.
MENTION = re.compile(
    r"\b(?:insurance|insurer|insurers|coverage|covered|claim|claims|policy|policies|billing|billed|bill|invoice|"
    r"reimburs\w*|health plan|forms?|paperwork|deductible|co ?pay|prior authori[sz]ation|appeal|denied|denial|"
    r"benefits|psych ward|ward round|admission|discharge|"
    r"icd|diagnosis code|codes?|patients?|clients?|clinical|clinicians?|clinic|charted|chart|assessments?|"
    r"screen|screening|screened|study|studies|research|researchers?|thesis|dissertation|essay|paper|papers|"
    r"article|articles|journal|lecture|seminar|course|module|curriculum|training|statistics|stats|rates?|"
    r"prevention|awareness|campaign|news|headlines?|reported|reporting|report on|documentary|novel|book|film|"
    r"movie|character|ethics|ethical|debate|legislation|law|laws|legal|history of|risk factors?|ideation|"
    r"veterans|teenagers|population|nurses?|psychiatrists?|hospital policy|guidelines?|textbook|exam question|"
    r"homework|assignment|presentation|survey|data|dataset|literature|podcast|memoir|biography|pharmacy|"
    r"pharmacist|paramedics?|therapist|counsellor|counselor|questionnaire|questions?|phq ?\d*|volunteers?|"
    r"i work (?:in|at|as|on|for)|as a (?:nurse|doctor|paramedic|pharmacist|teacher|social worker|carer|counsellor|"
    r"therapist|volunteer|student|researcher|police officer|firefighter))\b"
)
_PERSONAL_GAP = (
    r"(?:(?:really|so|very|kind of|a bit|feeling|been|having|struggling with|dealing with|thinking about|"
    r"thinking of|thoughts of|thoughts about|a history of|history of|some|bad|constant|recurring|these|actually|"
    r"ever|always|still|also|just|again|with|of|had|done|felt|treated for|in treatment for|getting help for|"
    r"hospitali[sz]ed for|on meds for|help for|treatment for|therapy for|a lot of|lots of|serious|severe|"
    r"diagnosed with) ){0,4}"
)
PERSONAL = re.compile(
    r"\bi (?:am|was|have been|have|had|feel|felt|get|got|keep|still|tried|attempted|want|wanted|wish|think about|"
    r"thought about|struggle with|struggled with|deal with|dealt with|suffer from|suffered from|live with) "
    + _PERSONAL_GAP + r"(?:suicid\w*|self harm\w*|kill myself|killing myself|to die|dying|cut|cutting|overdos\w*|"
    r"end (?:it|my life)|hurt myself|harm myself|attempts?)\b"
    r"|\bmy (?:own )?(?:suicid\w*|self harm\w*|attempts?|overdose|cutting|urges|thoughts of)\b"
    r"|\b(?:myself|my life|i tried|i attempted|after i|when i (?:tried|attempted|cut|overdosed))\b"
    # harm from others is personal when it happens to the speaker
    r"|\b(?:abus\w*|rap\w*|assault\w*|hit\w*|hurt\w*|beat\w*|touch\w*|molest\w*|threat\w*) me\b|\bto me\b"
    r"|\b(?:abuse|violence) (?:at|in my) (?:home|house)\b|\bi (?:am|was|have been|got) (?:being )?(?:abused|raped|"
    r"assaulted|hurt|hit|beaten|groomed|molested)\b|\bmy (?:abuser|rapist|attacker)\b"
)
# "i am suicidal" said plainly stays the crisis answer, whatever else the sentence mentions.
PRESENT_SELF = re.compile(
    r"\bi (?:am|feel|have been|have been feeling|am feeling|am getting) (?:so |really |very |quite |a bit |kind of |"
    r"pretty |extremely |super )?suicidal\b(?! (?:when|as a|in my|at|during|back|years|last))"
)


# Idioms as normalise() leaves them (ghosting is "ignore", a bridge game is "cards").
IDIOM = re.compile(
    r"(?<!wish i )(?<!wish we )(?<!if only i )\b(?:could|can) (?:just )?sleep (?:forever|for ever)\b"
    r"|\bsleep for (?:a|the|about a|like a) (?:week|month|year|whole \w+|hundred years|thousand years|century|decade)\b"
    r"|\bsleep for (?:days|weeks|a few days)\b"
    r"|\bignore (?:him|her|them|my|that|this|the|everyone|people|someone|somebody|you|a|all|his|their)\b"
    r"|\bplay cards\b|\bcard (?:club|game|night|party|tournament|lessons?|players?|partner|group|session|match|league)\b"
    r"|\bleave the (?:party|meeting|call|zoom|chat|conversation|room|class|lesson|lecture|event|wedding|dinner|group chat|"
    r"office|gathering|date|queue|photo|family dinner|work do|shift|match|game|night out|club)\b"
)


# What a mention is a mention *of*: without one of these, a claim form or a lecture is just life.
_SUBJECT = re.compile(
    r"\b(?:suicid\w*|self harm\w*|self injur\w*|overdos\w*|kill (?:himself|herself|themselves)|euthanasia|"
    r"assisted dying|rape|raped|sexual assault|abuse|abused|died by|took (?:his|her|their) own life|psychosis|"
    r"psychotic|hallucinations?|ideation|homicid\w*)\b"
)


# Paperwork with a health insurer or a clinic: frustration there sounds like despair to the
# similarity layer ("this denial is killing me"); the rules still hear any real statement of risk.
_ADMIN = re.compile(
    r"\b(?:(?<!life )insurance|insurer|insurers|coverage|claim|claims|billing|billed|invoice|reimburs\w*|deductible|co ?pay|"
    r"prior authori[sz]ation|appeal|appeals|denied|denial|premiums?|out of network|in network|explanation of benefits|"
    r"pre ?authori[sz]ation|formulary)\b"
)


def mention_only(text: str) -> bool:
    if PERSONAL.search(text) or PRESENT_SELF.search(text):
        return False
    if _ADMIN.search(text) and not (HOPELESS.search(text) or FINAL.search(text)):
        return True
    return MENTION.search(text) is not None and _SUBJECT.search(text) is not None


# Risk told as past and over ("i used to self harm", "clean for two years"), unless something says
# it is back ("again", "lately", "urges", "still"). A statement of risk told this way gets the
# direct question, not the crisis answer.
_PAST_AND_OVER = re.compile(
    r"\b(?:used to|years ago|in the past|back in|when i was (?:younger|a teen|a teenager|a kid|at school|in school)|"
    r"in (?:19|20)\d\d|recovered|recovery|proud of (?:myself|how far|me)|therapy helped|(?:got|am|have been|feel) "
    r"(?:much )?better now|clean (?:for|from)|(?:two|three|four|five|six|\d+|many|a few|several) years (?:clean|"
    r"free|since))\b"
)
_BACK_AGAIN = re.compile(
    r"\b(?:again|lately|recently|these days|tonight|today i|right now|now i|relaps\w*|back|still|coming back|"
    r"returning|urges?|want to|wanna|going to|gonna|planning)\b"
)


def told_as_over(text: str) -> bool:
    return _PAST_AND_OVER.search(text) is not None and _BACK_AGAIN.search(text) is None


# When it was ("years ago", "in 2019", "when i was younger") and how well they are now ("i'm proud
# of how far i've come", "she's fine now", "therapy helped a lot"): both said, it is a story of
# recovery. Only a warning sign or the bare name of the subject is silenced by it (see rules.py);
# a statement of risk told as over still gets the direct question.
_WHEN_PAST = re.compile(
    r"\b(?:used to|(?:a |one |two |three |four |five |many |a few |several |\d+ )?years? ago|months ago|a (?:long )?"
    r"(?:time|while) ago|last (?:year|summer|spring|winter|autumn|fall)|in the past|back in|back then|when i was "
    r"(?:younger|little|a teen|a teenager|a kid|a student|at school|in school|at uni|\d+)|as a (?:teen|teenager|kid|"
    r"student)|in (?:19|20)\d\d|since (?:19|20)\d\d|(?:clean|free) (?:for|from|since)|(?:two|three|four|five|six|"
    r"\d+|many|a few|several) (?:years|months) (?:clean|free|since|now))\b"
)
_WELL_NOW = re.compile(
    r"\b(?:proud|(?:i am|i have been|she is|he is|they are|we are) (?:doing )?(?:well|good|great|okay|ok|fine|"
    r"better|happy|safe)(?: now)?|(?:much |so much |a lot |loads )?better now|fine now|okay now|ok now|in a (?:good|"
    r"better|much better) place|getting better|recovered|in recovery|survived|not ashamed|healed|helped (?:me )?"
    r"(?:a lot|so much|loads|massively|hugely)|therapy helped|grateful|closer now|come a long way|how far i have come|"
    r"made it through|got through it|has improved|have improved|improved a lot)\b"
)


def recovered(text: str) -> bool:
    return (
        _WHEN_PAST.search(text) is not None and _WELL_NOW.search(text) is not None
        and _BACK_AGAIN.search(text) is None and not (HOPELESS.search(text) or FINAL.search(text))
    )
