"""Word tokens and the small tests the name rules ask of them.

A text becomes a list of `Word`s: (start, end, lower-cased form without a possessive "'s").
The helpers look at one word, or at the gap between a word and the next.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.gazetteer import CLINICAL, NICKNAMES
from app.core.privacy.recognizers.names.vocabulary import (
    AFTER_CREDENTIAL,
    CONTACT_CUES,
    RELATIONS,
    SKIP,
)

Word = tuple[int, int, str]

_WORD = regex.compile(r"\p{L}[\p{L}'’]*")  # any script: "Kovačević", "Nováková" are one word
_POSS = regex.compile(r"['’]s?$")  # "NICHOLSON'S" -> "nicholson"
CONTRACTION = regex.compile(r"['’](?:m|re|ve|ll|d|t)$|n['’]t$")  # "I'm", "won't": no names
SENTENCE_END = regex.compile(r"[.;!?](?:\s|$)|\n\s*\n")


def tokenize(text: str) -> list[Word]:
    return [(m.start(), m.end(), _POSS.sub("", m.group().lower())) for m in _WORD.finditer(text)]


def gap(text: str, words: list[Word], i: int) -> str:
    """The text between word i and word i + 1."""
    return text[words[i][1]:words[i + 1][0]] if i + 1 < len(words) else ""


def next_word(words: list[Word], i: int) -> str:
    return words[i + 1][2] if i + 1 < len(words) else ""


def title_name(text: str, word: Word) -> bool:
    """Written like a name in mixed case: "Rosa", not "ROSA" nor "rosa"."""
    span = text[word[0]:word[1]]
    return len(span) >= 2 and span[0].isupper() and not span.isupper()


def label_gap(text: str, words: list[Word], i: int, j: int) -> bool:
    # "Name: x" — a form label, where whatever follows is the value.
    return j == i + 1 and gap(text, words, i).strip() == ":"


def given_name(w: str, firsts: frozenset[str]) -> bool:
    """A given name or its short form, even when it is also a word ("DICK", "HANK")."""
    return (w in firsts or w in NICKNAMES) and w not in SKIP and w not in STOP_WORDS \
        and w not in CLINICAL


def surname_after(text: str, words: list[Word], j: int, lasts: frozenset[str]) -> bool:
    """Word j + 1 is a gazetteer surname right after word j, written the same way (both
    capitalised, or both not)."""
    k = j + 1
    if k >= len(words) or gap(text, words, j) != " ":
        return False
    w = words[k][2]
    return w in lasts and w not in SKIP and w not in STOP_WORDS \
        and text[words[k][0]].isupper() == text[words[j][0]].isupper()


def signature_word(w: str) -> bool:
    return len(w) >= 3 and w not in STOP_WORDS and w not in CLINICAL and w not in SKIP


def looks_like_credential(text: str, word: Word) -> bool:
    # "JACOBSON, RN" / "lander rrt" at a line's end or before punctuation, or before what the
    # person did ("GRABOWSKI NP IN TO SEE PT", "KIM RN AWARE"); the words before must still
    # look like a name, so "NIGHT RN AWARE" gives nothing.
    after = text[word[1]: word[1] + 3]
    suffix = regex.match(r"-[A-Za-z]{1,2}\b", after)  # "PA-C", "OTR-L"
    if suffix:
        after = text[word[1] + suffix.end(): word[1] + suffix.end() + 3]
    if after == "" or after[:1] in ".,;\n)" or after.startswith(" \n") or after.isspace():
        return True
    nxt = regex.match(r" (\p{L}+)", text[word[1]: word[1] + 16])
    return bool(nxt) and nxt.group(1).lower() in AFTER_CREDENTIAL


def in_law(words: list[Word], i: int) -> bool:
    """ "SON-IN-LAW X", "DAUGHTER IN LAW X": "law" after "<relation> in" is the relation."""
    return words[i][2] == "law" and i > 1 and words[i - 1][2] == "in" \
        and words[i - 2][2] in RELATIONS


def adverb_cue(words: list[Word], i: int) -> bool:
    """A contact verb and its preposition with an adverb between: "spoken extensively with"."""
    return i + 2 < len(words) and words[i + 1][2].endswith("ly") \
        and (words[i][2], words[i + 2][2]) in CONTACT_CUES
