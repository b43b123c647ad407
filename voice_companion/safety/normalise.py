"""Normalisation for the crisis rules: speech-recognition output is messy (no punctuation, fillers,
split or merged words, mishearings), so every utterance is brought to one plain form first."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

_CONTRACTIONS = {
    "im": "i am", "ima": "i am going to", "imma": "i am going to", "ive": "i have",
    "id": "i would", "youre": "you are", "youll": "you will", "youd": "you would",
    "hes": "he is", "shes": "she is", "theyre": "they are", "theyll": "they will",
    "whats": "what is", "thats": "that is", "theres": "there is", "wheres": "where is",
    "its": "it is", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "cant": "can not", "cannot": "can not", "wont": "will not", "isnt": "is not",
    "wasnt": "was not", "werent": "were not", "arent": "are not", "havent": "have not",
    "hasnt": "has not", "hadnt": "had not", "wouldnt": "would not", "couldnt": "could not",
    "shouldnt": "should not", "aint": "am not", "wanna": "want to", "gonna": "going to",
    "gotta": "got to", "tryna": "trying to", "kinda": "kind of", "cuz": "because",
    "u": "you", "ur": "your", "mom": "mum", "mommy": "mum", "mummy": "mum", "neighbor": "neighbour",
    "neighbors": "neighbours", "nobodys": "nobody is", "everyones": "everyone is",
}

# Words speech recognition splits, merges or mishears in this domain. Applied after contractions.
# Built key word by key word from how a small speech model (Whisper tiny) hears them: split words
# ("over dose", "sue a side"), near-homophones ("my shelf", "self arm", "and it tonight"), letters
# for abbreviations ("o d"), dialect ("meself") and slang ("kms", "unalive", "sewer slide"). A
# repair only ever turns a garble into the word it most likely was where that word is the only
# sensible reading (e.g. "my shelf" only after kill/hurt/harm: "hang my shelf" is DIY).
_SELF_VERB = (
    r"kill|killing|killed|kil|hurt|hurting|heart|harm|harming|poison|poisoning|drown|drowning|shoot|"
    r"shooting|stab|stabbing|starve|starving|punish|punishing|burn|burning|hang|hanging|hanged|cut|cutting"
)
# "myself" as a small model hears it. "my shelf" only after kill/hurt/harm: "hang my shelf",
# "cut my shelf to size" and "knocked it off my shelf" are DIY.
_MYSELF_GARBLE = r"my ?elf|mice ?elf|me ?self|meself|mi ?self|my ?sel|mys ?elf|my ?sef|myselves"
_OD = r"o ?d|oh ?d|o ?deed|oh ?deed|o ?d ?ed|o d d|od d|oded|odeed|o dee|oh dee"  # "o d" = overdose
_REPAIRS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        # --- myself / kill myself ---------------------------------------------------------
        (r"\bkill ?my ?self\b", "kill myself"),
        (r"\b(" + _SELF_VERB + r") (?:" + _MYSELF_GARBLE + r")\b", r"\1 myself"),
        (r"\b(kill|killing|killed|kil|hurt|hurting|harm|harming) (?:my ?shelf|myshelf)\b", r"\1 myself"),
        (r"\bkil myself\b", "kill myself"),
        (r"\bheart myself\b", "hurt myself"),
        (r"\b(my|him|her|your) self\b", r"\1self"),
        (r"\bhung myself\b", "hanged myself"),
        (r"\bkms\b", "kill myself"),
        # British and online slang for killing oneself ("top myself up" is phone credit)
        (r"\b(?:top|neck|delete|end|unalive|un alive|on alive) (?:myself|meself|me self)\b(?! up| from| off| out)",
         "kill myself"),
        (r"\bdo (?:myself|meself) in\b", "kill myself"),
        (r"\bself ?delet(?:e|ing|ed)\b", "kill myself"),
        (r"\bun ?aliv(?:ing|ed)\b", "killing"),
        (r"\bun ?alive\b(?= (?:tonight|today|now|fr|for real|rn|soon|again|lol|lmao)\b|$)", "kill myself"),
        (r"\bun ?alive\b", "kill"),
        # "i am going to rope" (teen slang for hanging), never "rope in", "rope off", "rope them"
        (r"\b(going to|gonna|want to|wanna|about to|finna|just) rope(?: myself)?\b"
         r"(?! (?:in|into|off|the|a|them|him|her|you|up|it|some|my|your|this|that|together|down))",
         r"\1 hang myself"),
        # --- suicide / suicidal ----------------------------------------------------------
        (r"\bsewer ?slides?\b", "suicide"),
        (r"\b(?:sue|soo|su|sui|suey|suicide|sewer|sweet) ?(?:a |i )?(?:sidal|cidal|icidal|side all|sidle|"
         r"sidel|cidle|cidel|suicidal|side dull|sigh dull)\b", "suicidal"),
        (r"\bsuicid(?:el|le|all|ull|ial)\b", "suicidal"),
        (r"\bsuicide all\b", "suicidal"),
        # a person named Sue, a sweet side, soup set aside and side dishes stay what they are
        (r"(?<!put the )(?<!set the )(?<!leave the )(?<!put your )(?<!set your )"
         r"\b(?:soup|sue|soo|su|sui|suey|sooey|sewer|sewi) ?(?:a|i)? ?(?:side|sides|cide|cides|sied)\b"
         r"|\b(?:soo|sui|suey|sooey|sweet|sue) (?:a |i )(?:side|sides|sighed|sighs)\b"
         r"|\b(?:soo|sui|suey|sooey) ?(?:sighed|sighs)\b", "suicide"),
        (r"\bsuicide (?:dish|dishes|salad|order|plate)\b", "side dish"),
        (r"\bsuicides? (?:thoughts|ideas|feelings|ideation)\b", "suicidal thoughts"),
        # --- self harm ----------------------------------------------------------------------
        (r"\b(?:self|shelf|selfs|elf) ?harm", "self harm"),
        (r"\bself ?(?:arm|farm)(ing|ed|s)?\b(?! (?:and|rest|chair))", r"self harm\1"),
        (r"\bsouth ?(?:arm|harm)(ing|ed)?\b(?! (?:of|road|street|lake|river|drive|bay|point|estate))", r"self harm\1"),
        # --- overdose --------------------------------------------------------------------
        (r"\bover ?dos(e|ed|es|ing)\b", r"overdos\1"),
        (r"\b(an?|took|taken|take|taking|had|did|done|intentional|deliberate|accidental|to) over ?(?:does|doze|"
         r"dos|dost|dosage)\b", r"\1 overdose"),
        (r"\bover ?(?:does|doze|dos|dost)\b(?= (?:on|last|yesterday|earlier|tonight|again)\b|$)", "overdose"),
        (r"\bover ?(?:dozed|dosted|docet)\b", "overdosed"),
        (r"\ba overdose\b", "an overdose"),
        (r"\bi (have |had |just |think i |might have |may have |already )*(?:" + _OD + r")\b", r"i \1overdosed"),
        (r"\bi (just |think i |already )?odd\b", r"i \1overdosed"),  # "i od'd"
        (r"\b(?:an?) (?:" + _OD + r")\b", "an overdose"),
        (r"\b(took|taken|had|did|done) (?:" + _OD + r")\b", r"\1 an overdose"),
        (r"\b(going to|gonna|want to|wanna|about to|trying to|tried to|might|will|planning to|thinking about) "
         r"(?:" + _OD + r")\b", r"\1 overdose"),
        (r"\b(?:" + _OD + r"|oding|o ding|oh ding) on (?=(?:my |the |all |her |his |some |a |loads |"
         r"all my )?(?:pills|tablets|meds|medication|paracetamol|sleeping|insulin|heroin|painkillers|"
         r"antidepressants|something))", "overdose on "),
        # --- pills / tablets ----------------------------------------------------------------
        (r"\b(?:pils|pillz)\b", "pills"),
        (r"\bsleeping peels\b", "sleeping pills"),
        (r"\btab lets\b", "tablets"),
        # --- end it / end my life: "end" is often heard as "and" -------------------------
        (r"\b(i will|i am going to|going to|gonna|want to|wanna|i might|just|finally|about to|i have to|"
         r"need to|ready to|planning to|decided to|i am) and (it|things|everything|my life|my own life)\b",
         r"\1 end \2"),
        (r"\band it (tonight|today|right now|for good|forever|once and for all|this weekend|soon|tomorrow)\b",
         r"end it \1"),
        (r"\b(?:and|in) (my (?:own )?life)\b(?= (?:tonight|today|now|soon|this weekend|for good)\b)", r"end \1"),
        (r"\b(it|it all|things|everything|myself|my life|die|do it) to night\b", r"\1 tonight"),
        # --- jump: "off" is often heard as "of" ------------------------------------------
        (r"\b(jump|jumping|jumped|throw myself|throwing myself) of (a|the|that|this|my)\b", r"\1 off \2"),
        (r"\b(jump|jumping|jumped) off (a|the|that|this) (?:britch|brig|brigde)\b", r"\1 off \2 bridge"),
        # --- dead / die ---------------------------------------------------------------------
        (r"\bbetter of dead\b", "better off dead"),
        (r"\b(want to|wanna|going to|gonna|ready to|deserve to|wish i could|just want to|i will|would rather|"
         r"i am going to) dye\b(?! (?:my|the|it|her|his|them|a|some|your|their|hair|this|that|"
         r"these|those|clothes|shirt|fabric|wool|eggs|easter|everything|blue|red|black|pink|green|purple))", r"\1 die"),
        # --- cut wrists: "wrists" is heard as "risks" ------------------------------------
        (r"\b(cut|cutting|slit|slitting|slash|slashing|slashed) (my|open my) (?:risks?|wrests?|rists?)\b",
         r"\1 \2 wrists"),
        (r"\ba bout\b", "about"),
        (r"\bmyself (harm|harming|harmed|injury)\b", r"my self \1"),  # "my self-harm", not "myself harm"
        # --- second-language English: "finish my life" is "end my life" -----------------------
        (r"\b(?:make )?finish (?:of |to |with )?my (own )?life\b", r"end my \1life"),
        # --- idioms that share a word with a crisis, turned into their plain meaning, so that
        # neither the rules nor the similarity layer hear "bridge" or "ghost" in them -------------
        (r"\bghost(?:ed|ing|s)? (him|her|them|my|that|this|the|everyone|people|someone|somebody|you|a|all|"
         r"his|their)\b", r"ignore \1"),
        (r"\b(?:play|playing|played|plays) bridge\b", "play cards"),
        (r"\bbridge (club|game|night|party|tournament|lessons?|players?|partner|evening|afternoon|morning|group|"
         r"session|match|hand|table|drive|four|league|class)\b", r"card \1"),
        (r"\bcrash(?:ing|ed)? (at|on) (?!(?:the|a) (?:motorway|road|bridge|corner|bend|wall))", r"stay \1 "),
        (r"\bdead (tired|beat|on my feet|serious|bored|jealous)\b", r"very \1"),
        (r"\bdying (to|for) (?=(?:see|try|know|go|meet|hear|watch|read|get|have|eat|a|an|some|the|this|that)\b)",
         r"eager \1 "),
        (r"\b(?:disappear|disappearing|vanish|vanishing) (?:from|out of) (?:this|the|that|my|our) (party|meeting|call|zoom|"
         r"chat|conversation|room|class|lesson|lecture|event|wedding|dinner|group chat|office|gathering|date|queue|photo|"
         r"family dinner|work do|shift|match|game|night out|club)\b", r"leave the \1"),
    )
)

# Hesitations carry no meaning. "like" and "i mean" do when they are verbs ("i feel like
# hurting myself", "and i mean it"), so they are removed only in filler positions.
_FILLERS = re.compile(
    r"\b(um+|uh+|umm+|erm+|er|ah+|eh|hmm+|mm+|mhm|you know|basically|literally|actually)\b"
)
_LIKE_KEEPERS = {
    "feel", "feels", "felt", "feeling", "would", "i", "you", "we", "they", "look", "looks",
    "looked", "seem", "seems", "sound", "sounds", "not", "do", "really", "something",
    "anything", "nothing", "more", "much", "is", "was", "just", "he", "she", "did",
}


def normalise(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"\bi'll\b", "i will", t)  # only with the apostrophe: bare "ill" means unwell
    t = t.replace("'", "")
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    words = [w for w in t.split()]
    out: list[str] = []
    for w in words:
        out.extend(_CONTRACTIONS.get(w, w).split())
    # i m / don t: the apostrophe sometimes comes through as a space
    t = " ".join(out)
    t = re.sub(r"\bi m\b", "i am", t)
    t = re.sub(r"\bill (?=(?:kill|hurt|do|end|make|never|be|take|jump|go|stab|shoot|just|finally|not|"
               r"say|miss|see|call|leave|get|show|cut|die|swallow|drive|walk)\b)", "i will ", t)
    t = re.sub(r"\b(do|does|did|is|was|can|could|would|should|have) n ?t\b", r"\1 not", t)
    t = re.sub(r"\b(he|she)ll (?=(?:kill|hurt|hit|beat|find|make|go|do|come|never|just|get|break|lose|throw|"
               r"take|put|stab|shoot|burn|murder|end|smash|know|be|see|leave|lock|say|tell|punish|not)\b)",
               r"\1 will ", t)
    for pat, rep in _REPAIRS:
        t = pat.sub(rep, t)
    t = _FILLERS.sub(" ", t)
    t = re.sub(r"\bi mean\b(?! it)", " ", t)
    words = t.split()
    kept: list[str] = []
    for i, w in enumerate(words):
        # "like i am going to die" is a comparison (usually panic), not a filler; keep it.
        next_is_i = i + 1 < len(words) and words[i + 1] == "i"
        if w == "like" and (not kept or kept[-1] not in _LIKE_KEEPERS) and not next_is_i:
            continue
        kept.append(w)
    return " ".join(kept)
