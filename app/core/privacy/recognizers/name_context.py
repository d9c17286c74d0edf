"""Names told by the sentence around them, for prose and chat rather than clinical notes.

`names` finds names by cue words (titles, relations, credentials) and the gazetteer; in
letters, chats and articles a name often has none of those, but its place in the sentence
gives it away:
  * a vocative opening a request: "Warrane, can I please speak to your boss?";
  * the subject of a verb only people do: "Timotea lives on Via dei Fiorentini",
    "Willemine ten Pas will be talking in the conference";
  * a former member named after his group: "ex-Zombie Kastner", "ex-Beatle Ringo Starr";
  * a first name, an initial and a surname, also in lower-case text: "Ella H. Snider",
    "benjamin a seiler" (there "a" is an initial only between two gazetteer names);
  * an unknown capitalised word next to a name spaCy found, on the same line: "Producer
    Mashuu Samurakami" (spaCy: "Samurakami");
  * two capitalised words in a row, neither an English word nor a place (the first may be a
    gazetteer first name that is also a place): "Quillon Marbury".
Each candidate word must not be an English or clinical word nor a known place. Upper-case
text (nursing notes) is left to `names`: capitals tell nothing there.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy.recognizers.base import RuleRecognizer
from app.core.privacy.recognizers.gazetteer import (
    common_words,
    english_lemmas,
    first_names,
    is_common,
    last_names,
    places,
)
from app.core.privacy.register import clinical_context, mostly_upper

_NAME = r"\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?"
_SENTENCE_START = r"(?:^|(?<=[.!?]\s+)|(?<=\n)[ \t>]*)"
_VOCATIVE = regex.compile(
    rf"{_SENTENCE_START}({_NAME}),[ \t]+(?i:can|could|would|will|may|please|do|did|are|have|"
    r"shall|should|I|we|you)\b", regex.MULTILINE)
_PARTICLE = r"(?:van|von|der|den|ten|ter|de|del|della|di|da|du|dos|das|bin|ibn|al|el|le|la)"
_PERSON_VERB = (r"(?:lives|lived|resides|resided|was\s+born|works|worked|married|"
                r"will\s+be\s+(?:talking|speaking|presenting|joining|attending))")
_SUBJECT = regex.compile(
    rf"{_SENTENCE_START}((?:{_NAME}[ \t]+)(?:(?:{_PARTICLE}[ \t]+)?{_NAME}[ \t]+){{0,2}})"
    rf"{_PERSON_VERB}\b", regex.MULTILINE)
_SUBJECT_CASELESS = regex.compile(
    rf"{_SENTENCE_START}((?:\p{{Ll}}+[ \t]+){{1,3}}){_PERSON_VERB}\b", regex.MULTILINE)
_EX_MEMBER = regex.compile(rf"\b[Ee]x-\p{{Lu}}\p{{L}}+[ \t]+({_NAME}(?:[ \t]+{_NAME})?)")
_INITIALLED = regex.compile(r"(?<![\p{L}.])(\p{L}{2,})[ \t]+(\p{L})(\.?)[ \t]+(\p{L}{2,})(?!\p{L})")
_SCORE = 0.6
_BIGRAM = regex.compile(rf"(?<![\p{{L}}'’-])({_NAME}) ({_NAME})(?![\p{{L}}'’-])")


def _unknown(word: str) -> bool:
    """Could be a name: not an English, clinical or place word."""
    w = word.lower()
    return len(w) >= 3 and not is_common(w) and w not in places()


def _surname_like(word: str) -> bool:
    """Could be a surname next to a stronger name word: not an everyday word, though it may
    be a noun, since WordNet also lists people ("Kleist", "Snider")."""
    w = word.lower()
    return len(w) >= 2 and w not in common_words() and w not in english_lemmas()[1] \
        and w not in places()


class NameContextRecognizer(RuleRecognizer):
    ENTITY = "PERSON"

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if mostly_upper(text):
            return []
        no_capitals = not any(ch.isupper() for ch in text)
        spans: list[tuple[int, int]] = []
        for m in _VOCATIVE.finditer(text):
            if _unknown(m.group(1)):
                spans.append(m.span(1))
        for m in (_SUBJECT_CASELESS if no_capitals else _SUBJECT).finditer(text):
            words = m.group(1).split()
            names = [w for w in words if not regex.fullmatch(_PARTICLE, w)]
            # The first word decides ("Music lives on" is no name); in lower-case text it
            # must be a known first name.
            lead = names[0] in first_names() or not no_capitals and _unknown(names[0])
            if lead and all(_surname_like(w) for w in names[1:]):
                spans.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
        for m in _EX_MEMBER.finditer(text):
            if all(_unknown(w) for w in m.group(1).split()):
                spans.append(m.span(1))
        spans += self._initialled(text, no_capitals)
        if not no_capitals and not clinical_context(text):
            spans += self._bigrams(text)
            # In clinical prose spaCy's PERSON is often a device or a drug ("Passy Muir valve")
            # that `filters` drops; a neighbour taken in would outlive it.
            spans += self._neighbours(text, spans, nlp_artifacts)
        return [RecognizerResult("PERSON", s, e, _SCORE) for s, e in spans]

    @staticmethod
    def _initialled(text: str, no_capitals: bool) -> list[tuple[int, int]]:
        out = []
        firsts, lasts = first_names(), last_names()
        for m in _INITIALLED.finditer(text, overlapped=True):
            first, initial, dot, last = m.group(1), m.group(2), m.group(3), m.group(4)
            if not no_capitals and not (first[0].isupper() and initial.isupper()
                                        and last[0].isupper() and not first.isupper()):
                continue
            f, lw = first.lower(), last.lower()
            known = (f in firsts) + (lw in lasts)
            if initial.lower() in "ai" and not dot and known < 2:
                continue  # "gave benjamin a book": "a" is the article
            if known and not is_common(f) and _surname_like(lw):
                out.append(m.span())
        return out

    @staticmethod
    def _bigrams(text: str) -> list[tuple[int, int]]:
        out = []
        firsts = first_names()
        for m in _BIGRAM.finditer(text, overlapped=True):
            first, last = m.group(1).lower(), m.group(2).lower()
            if (_unknown(first) or first in firsts and not is_common(first)) and _unknown(last):
                out.append(m.span())
        return out

    @staticmethod
    def _neighbours(text: str, found: list[tuple[int, int]],
                    nlp_artifacts: NlpArtifacts | None) -> list[tuple[int, int]]:
        """An unknown capitalised word right before or after a found name, same line. (Not
        next to a gazetteer word alone: "Passy Muir" is a valve.)"""
        seeds = list(found)
        if nlp_artifacts is not None:
            seeds += [(e.start_char, e.end_char) for e in nlp_artifacts.entities
                      if e.label_ in ("PERSON", "PER")]
        out = []
        for s, e in seeds:
            after = regex.match(rf"[ \t]({_NAME})(?!\p{{L}})", text[e:e + 40])
            if after and _unknown(after.group(1)):
                out.append((s, e + after.end()))
            before = regex.search(rf"(?<![\p{{L}}'’-])({_NAME})[ \t]$", text[max(0, s - 40):s])
            if before and _unknown(before.group(1)):
                out.append((s - len(before.group()), e))
        return out
