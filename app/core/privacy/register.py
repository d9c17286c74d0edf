"""Which texts spaCy's NER can read: not upper-case notes, not clinical shorthand.

spaCy's English models are trained on edited web and news text, where a capital letter marks
a name. In upper-case nursing notes every word is capitalised, and in clinical shorthand drug
names, section headers and abbreviations are capitalised ("Propofol", "CV-VSS", "DDAVP"): the
NER tags them PERSON/ORG/LOC, and on our development notes nine of ten of its findings there
were wrong. For such texts we skip the NER (which is also most of the analysis time) and rely
on the rule-based recognizers: names by title/relation/credential cues and the gazetteer,
facilities by cue words, dates and numbers by shape.
"""

from __future__ import annotations

from functools import lru_cache

import regex

# Shorthand that marks a clinical note, not prose about medicine: each alone is weak
# evidence, several distinct ones in a text are strong.
CLINICAL_MARKERS = frozenset("""
pt pts hr bp rr sob prn po iv ivf gtt gtts abg cxr neuro resp cv gi gu id heme prbc ffp
npo tf tfs ngt ogt ett trach vent peep fio2 psv cpap bipap sbp map cvp picc foley mae perrl
perrla afeb tmax wbc hct plt inr ptt bun creat lytes abx q1h q2h q4h q6h q8h qd bid tid
qid hs dnr dni s/p c/o w/ w/o r/o h/o d/c'd d/c sx suctioned ls bs abd bm uo u/o i/o
lopressor lasix kcl mso4 ativan propofol levophed dopamine neo nitro heparin coumadin
micu ccu sicu csru icu pacu ed ekg echo cabg cath mi chf copd cad htn dm niddm iddm afib
nsr st sb svt vt mae sats spo2 o2 nc nrb fm
""".split())
_TOKEN = regex.compile(r"[A-Za-z][A-Za-z0-9/']*")
MIN_MARKERS = 4
MIN_DENSITY = 0.03
# The analyzer, the name, context and facility recognizers and `propagate` each ask these
# questions of the same text (a whole page, scanned character by character): the last few
# answers are kept so each text is read once.
_RECENT_TEXTS = 32


@lru_cache(maxsize=_RECENT_TEXTS)
def mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.7


@lru_cache(maxsize=_RECENT_TEXTS)
def mixed_case(text: str) -> bool:
    """Capitals carry information (a name is capitalised): the text is neither mostly upper
    case nor written (nearly) without capitals, at most 3% of its letters."""
    letters = [c for c in text if c.isalpha()]
    return not mostly_upper(text) and sum(c.isupper() for c in letters) > 0.03 * len(letters)


def clinical_shorthand(text: str) -> bool:
    tokens = [t.lower().rstrip("'") for t in _TOKEN.findall(text)]
    if not tokens:
        return False
    hits = [t for t in tokens if t in CLINICAL_MARKERS]
    return len(set(hits)) >= MIN_MARKERS and len(hits) / len(tokens) >= MIN_DENSITY


CONTEXT_MARKERS = 2


@lru_cache(maxsize=_RECENT_TEXTS)
def clinical_markers(text: str) -> frozenset[str]:
    """The distinct clinical markers of `text`."""
    return frozenset(t.lower().rstrip("'") for t in _TOKEN.findall(text)) & CLINICAL_MARKERS


@lru_cache(maxsize=_RECENT_TEXTS)
def clinical_context(text: str) -> bool:
    """Two or more distinct clinical markers: prose written in a clinic (a respiratory-care
    note, a social-work note). spaCy still reads it, but its capitalised section words and
    drug names ("Cont mech vent support", "Getting Albuterol") are not names there; see the
    clinical-notes pack's `filters.ner_evidence` (`TextView.clinical`)."""
    return len(clinical_markers(text)) >= CONTEXT_MARKERS


def needs_ner(text: str) -> bool:
    """True when spaCy's NER is worth running on `text` (see the module docstring)."""
    return not (mostly_upper(text) or clinical_shorthand(text))
