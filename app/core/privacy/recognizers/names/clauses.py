"""Names found from the clause they stand in: the subject of a verb only people do
("SUZETTE CALLED", "Radu verbalizes his understanding"), and the patient a note introduces
("lorrie morales is a 70 yr old female").

Each pass reads the words and the scores found so far and adds to the scores.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.gazetteer import CLINICAL
from app.core.privacy.recognizers.names.scan import Scan
from app.core.privacy.recognizers.names.vocabulary import (
    AFFILIATIONS,
    PERSON_VERBS,
    RELATIONS,
    SERVICES,
    SKIP,
)
from app.core.privacy.recognizers.names.words import gap, given_name, title_name

# "… is a 70 yr old", "was an 83 y.o.", "is a 64 yo": the words before are who it is about.
_AGE_INTRO = regex.compile(
    r"(?i)[ \t]+(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t]*-?[ \t]*"
    r"(?:y/?o\b|y\.o\.?|yo\b|yr?s?\b|years?\b|year-old|-year)")
# "… in to visit": what a visitor does, after their name ("in to see" is also a consult's).
_VISIT_AFTER = regex.compile(r"(?i)[ \t]+in[ \t]+(?:to|2)[ \t]+visit\b")


def subjects(s: Scan) -> None:
    """A name right before a verb of speaking, wishing or visiting is that person's:
    "HANK CALLED", "Radu verbalizes", "ROB IN TO VISIT". The word must be a given name (also
    one that is a word: "Hank", "Rob") or an unknown word of four letters or more, written
    like a name (in mixed case a capital and then small letters); "PT STATES", "MD CALLED",
    "FAMILY VISITED", "NEICE CALLED", "DERM IN TO SEE", "EMTs arrived" give nothing."""
    text, words, scores = s.text, s.words, s.scores
    nameish, capital = s.nameish, s.capital
    firsts, caseless = s.firsts, s.caseless
    for i in range(1, len(words)):
        verb = words[i][2] in PERSON_VERBS
        if not (verb or words[i][2] == "in" and _VISIT_AFTER.match(text, words[i - 1][1])):
            continue
        j = i - 1
        if gap(text, words, j) != " " or not capital(j):
            continue
        w = words[j][2]
        if w in CLINICAL or w in SKIP or w in STOP_WORDS or w in RELATIONS or w in SERVICES:
            continue
        if given_name(w, firsts) or nameish(j) and len(w) >= 4 and (
                caseless or title_name(text, words[j])):
            scores[j] = max(scores.get(j, 0), 0.6)


def introductions(s: Scan) -> None:
    """Up to three name words before "is a 70 yr old": the patient the note is about. A word
    there may be a name that is also a word ("morales"), not a stop word or shorthand ("PT
    IS A", "THIS IS A")."""
    text, words, scores = s.text, s.words, s.scores
    nameish, firsts = s.nameish, s.firsts
    lasts = s.lasts
    ends = {e: k for k, (_s, e, _w) in enumerate(words)}
    for m in _AGE_INTRO.finditer(text):
        k = ends.get(m.start())
        found: list[int] = []
        while k is not None and k >= 0 and len(found) < 3:
            w = words[k][2]
            if w in STOP_WORDS or w in CLINICAL or w in SKIP or len(w) < 2 \
                    or not (nameish(k) or w in firsts or w in lasts):
                break
            found.append(k)
            if k == 0 or gap(text, words, k - 1) not in (" ", ". "):
                break
            k -= 1
        for k in found:
            scores[k] = max(scores.get(k, 0), 0.6)


def affiliations(s: Scan) -> None:
    """A name-like word before "from"/"of" and a service: "KRZESIMIR FROM NEURO IN TO SEE PT",
    "Otylia of renal". The service word says a person of that team was meant."""
    text, words, scores = s.text, s.words, s.scores
    nameish, capital = s.nameish, s.capital
    for i in range(1, len(words) - 1):
        if words[i][2] not in ("from", "of") or words[i + 1][2] not in AFFILIATIONS:
            continue
        j = i - 1
        w = words[j][2]
        if gap(text, words, j) == " " and gap(text, words, i) == " " and capital(j) \
                and nameish(j) and len(w) >= 3 and w not in CLINICAL and w not in SERVICES \
                and w not in RELATIONS:
            scores[j] = max(scores.get(j, 0), 0.6)
