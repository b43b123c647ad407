"""Output guard: every sentence the LLM writes is checked here before it is spoken.

The LLM is never the safety mechanism. Small models drift: they name bridges, suggest doses,
play doctor, agree with frightening beliefs. This guard blocks those sentences and speaks a
short, calm replacement instead. It is deliberately narrow about ordinary coping talk
("breathing out slowly can help your body settle") so the conversation stays natural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_companion.crisis import check_crisis, normalise


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


def guard_sentence(sentence: str, user_text: str = "") -> GuardVerdict:
    """Check one sentence of model output. `user_text` is what the person last said."""
    t = normalise(sentence)
    for reason, rx in _RULES:
        if not rx.search(t):
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
