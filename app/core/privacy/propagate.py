"""Document-level propagation: a name or place found once is redacted everywhere it recurs.

Cues are local ("DR HEALEY AWARE", "TRANSFERRED TO QUARTERMAIN"), but a note repeats the name
without them ("HEALEY IN TO TALK W/PT", "QUARTERMAIN 3 DEVELOPED CP"). What was found with
confidence in one place (score >= `MIN_SOURCE_SCORE`) is searched for, as a whole phrase and as
its uncommon words, in every page of the same document. A common word ("CROSS" of "HOLY CROSS")
is never propagated alone: it would mark every other use of the word. In mixed-case text a
name found with a capital is looked for only with a capital: "Cashier" (a title spaCy took
for a name) must not mark every "cashier".
"""

from __future__ import annotations

from collections.abc import Callable

import regex
from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.institutions import FACILITY_TERMS
from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    NICKNAMES,
    english_lemmas,
    first_names,
    is_common,
)
from app.core.privacy.register import mixed_case

PROPAGATED_TYPES = frozenset({"PERSON", "LOCATION"})
MIN_SOURCE_SCORE = 0.6
SCORE = 0.55
_WORD = regex.compile(r"[^\W\d_][\w'’-]*[^\W\d_]")


def _word_name(word: str) -> bool:
    """A given name that is also an English noun and nothing else ("Hank", "Faith"): written
    with a capital in mixed-case text it is the name, not the noun. Not a word that is also a
    verb or adjective ("Will", "Grace", "Rose"), which opens sentences."""
    w = word.lower()
    return (w in first_names() or w in NICKNAMES) and w not in english_lemmas()[1] \
        and w not in STOP_WORDS and w not in CLINICAL


def _sources(texts: list[str], per_text: list[list[RecognizerResult]],
             ignored: Callable[[str], bool]) -> tuple[dict[str, str], set[str]]:
    """(terms to look for and their type, the terms looked for only as capitalised words)."""
    terms: dict[str, str] = {}
    capitalised: set[str] = set()
    for text, results in zip(texts, per_text, strict=True):
        cased = mixed_case(text)
        for r in results:
            if r.entity_type not in PROPAGATED_TYPES or r.score < MIN_SOURCE_SCORE:
                continue
            span = " ".join(text[r.start:r.end].split())
            if len(span) >= 3 and not ignored(span):
                terms.setdefault(span.casefold(), r.entity_type)
            for w in _WORD.findall(span):
                if len(w) < 3 or ignored(w) or w.lower() in FACILITY_TERMS:
                    continue  # "REHAB" of "BALTIMORE REHAB" is no name on its own
                if not is_common(w):
                    terms.setdefault(w.casefold(), r.entity_type)
                elif cased and r.entity_type == "PERSON" and w.istitle() and _word_name(w):
                    # "Hank Przybylo (son)" ... "Both Suzette and Hank are his proxy"
                    terms.setdefault(w.casefold(), r.entity_type)
                    capitalised.add(w.casefold())
    return terms, capitalised


def propagate(texts: list[str], per_text: list[list[RecognizerResult]],
              ignored: Callable[[str], bool]) -> list[list[RecognizerResult]]:
    """Extra results, per text, for every recurrence of a confidently found name or place."""
    terms, capitalised = _sources(texts, per_text, ignored)
    # A term that occurs once in the whole document is only its own source: nothing to add,
    # and no regex to build (most short documents). Counting case-folded substrings can only
    # over-count what the regex would match, so no recurrence is skipped.
    folded = [t.casefold() for t in texts]
    terms = {k: v for k, v in terms.items() if sum(f.count(k.split()[0]) for f in folded) > 1}
    if not terms:
        return [[] for _ in texts]
    alts = "|".join(r"\s+".join(regex.escape(p) for p in t.split())
                    for t in sorted(terms, key=len, reverse=True))
    # A digit may follow ("QUARTERMAIN3"); a letter may not ("GHOST" is not "GH").
    rx = regex.compile(rf"(?<![\w'’-])(?:{alts})(?![^\W\d_]|['’-]\w\w)", regex.IGNORECASE)
    out: list[list[RecognizerResult]] = []
    for text in texts:
        found = []
        cased = mixed_case(text)
        for m in rx.finditer(text):
            if cased and not m.group()[:1].isupper():
                continue
            term = " ".join(m.group().split()).casefold()
            if term in capitalised and not (cased and m.group().istitle()):
                continue  # "hank" of yarn, or any word in a note written in capitals
            kind = terms.get(term, "PERSON")
            found.append(RecognizerResult(kind, m.start(), m.end(), SCORE, recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: "DocumentPropagation"}))
        out.append(found)
    return out
