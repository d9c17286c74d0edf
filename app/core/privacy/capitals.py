"""Where a capital letter says nothing: headings, labels, line and sentence starts.

spaCy's web-trained NER leans on capitals: a capitalised word is a candidate name. But a
capital is evidence only where the writer had a choice. The first word of a line, a sentence
or a list item is capitalised whatever it is ("3. Hypertension", "Hemostasis was obtained"),
every word of a heading is ("DISCHARGE SUMMARY", "HISTORY OF PRESENT ILLNESS:"), and a label
before a colon names a field, not an entity ("Hospital Course:", "Attending:"). There, a span
made only of ordinary vocabulary is read as the words it is. Mid-sentence capitals keep their
meaning ("seen at Mercy Hospital", "works for General Motors"), and a span holding one word
that is not ordinary vocabulary ("Riverbend General Hospital", "Portland, Oregon") is judged
by the other filters as before.

Ordinary vocabulary is `gazetteer.is_common` (WordNet's lemmas as shipped in the spaCy model,
spaCy's stop words, Faker's English word lists, clinical shorthand, and their inflections)
less the words that also name places (libphonenumber's geocoding names, the US states):
"Portland" and "Oregon" are WordNet nouns, and not ordinary here. A name that is only a noun
("Mary", "Jones") is not common either; one that is also an adjective or verb ("Sharp",
"Will") is, as it should be at a sentence start.
Outside a label, the usual words of facility names ("Hospital", "Mercy", "Sacred Heart") also
count as possible names: "MERCY HOSPITAL" alone on a letterhead line stays an organisation.
"""

from __future__ import annotations

from functools import cache

import regex
from faker.providers.address.en_US import Provider as Address
from faker.providers.company.en_US import Provider as Company

from app.core.geography import US_STATES
from app.core.privacy.institutions import FACILITY_TERMS, NAME_WORDS
from app.core.privacy.recognizers.gazetteer import is_common, places
from app.core.privacy.register import mixed_case

WORD = regex.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_STATES = frozenset(s.lower() for s in US_STATES)
# Words that name institutions though ordinary elsewhere: facility words and the usual
# words of facility names, company suffixes (Faker's) and legal forms.
_INSTITUTION = frozenset(
    NAME_WORDS | FACILITY_TERMS
    | {w.lower() for s in Company.company_suffixes for w in s.split() if w != "and"}
    | set("""corporation corp company co incorporated llp lp limited holdings partners
    associates bank trust foundation institute association society agency council
    authority""".split()))
# What may stand before a span at the start of its line (a list marker), and what may end
# the text before a span that opens a sentence, a list item or a section's text: a stop and
# a space, or a label's colon. A period after a title or a short abbreviation ends no
# sentence ("Dr. Green", "St. Vincent"). A genre that writes its openings otherwise adds its
# own pattern (`opening_pattern`; MTSamples' ":," and ".,": `packs.clinical_notes.layout`).
_LINE_OPENING = regex.compile(r"[ \t]*(?:(?:[-*•·>]+|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)])[ \t]*)?")
_NOT_A_STOP = r"(?<!\b(?:Dr|St|Mt|Mr|Mrs|Ms|Ste|Jr|Sr|Drs|Prof|No|vs|Inc|Co|Corp|Ltd|[A-Z]))"


def opening_pattern(after_stop: str, after_colon: str) -> regex.Pattern[str]:
    """What ends the text before a sentence's or a section's first word: a stop (and its
    closing quote or bracket) then `after_stop`, or a colon then `after_colon`; then an
    optional list marker."""
    return regex.compile(rf"(?:{_NOT_A_STOP}[.!?][\"'’”)\]]*{after_stop}|:{after_colon})"
                         r"(?:(?:[-*•]|\d{1,2}[.)])[ \t]*)?$")


OPENING = opening_pattern(r"[ \t]+", r"[ \t]*")
_LABEL_AFTER = regex.compile(r"[ \t]*:(?!//)")


# English derivational prefixes: a prefix on an ordinary word makes an ordinary word
# ("Postanesthesia", "Noncontrast", "Biparietal"); the rest must be long enough not to be
# part of a name ("Coburn", "Bishop").
_PREFIX = regex.compile(r"(?:non|post|pre|anti|trans|intra|inter|sub|supra|peri|para|bi|tri|"
                        r"semi|multi|re|un|hyper|hypo|extra|infra|retro|micro|macro)-?"
                        r"(\p{L}{5,})")


@cache
def countries() -> frozenset[str]:
    """Country names (lower case), from Faker's English address provider."""
    return frozenset(c.lower() for c in Address.countries)


def is_place(phrase: str) -> bool:
    """A place's name: a US state, a country, a place of libphonenumber's geocoding data."""
    p = " ".join(phrase.lower().split())
    p = p[4:] if p.startswith("the ") else p
    return p in _STATES or p in places() or p in countries()


def ordinary(word: str, label: bool = False) -> bool:
    """An everyday or clinical word that names no place or person; in a `label` (before a
    colon) also a facility word ("Hospital Course:")."""
    w = word.lower().replace("’", "'")
    w = regex.sub(r"'s$", "", w)
    if not label and w in _INSTITUTION:
        return False
    if is_place(w):
        return False
    if is_common(w):  # which keeps names that are only nouns ("Mary", "Jones") out
        return True
    m = _PREFIX.fullmatch(w)
    return bool(m) and is_common(m.group(1))


def plain_words(span: str, label: bool = False) -> bool:
    """Every word of `span` (hyphenated parts apart) is ordinary vocabulary, and the span is
    no place's name ("United Kingdom")."""
    words = [p for w in WORD.findall(span) for p in w.split("-") if p]
    return bool(words) and not is_place(span) and all(ordinary(w, label) for w in words)


def label_at(text: str, end: int) -> bool:
    """The span ends a field label or heading: a colon follows ("Hospital Course:")."""
    return bool(_LABEL_AFTER.match(text, end))


def _opening(text: str, start: int, opening: regex.Pattern[str]) -> bool:
    """`start` opens a line, a list item, a sentence or a section's text."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LINE_OPENING.fullmatch(text, line_start, start)
                or opening.search(text, max(line_start, start - 40), start))


def _whole_line(text: str, start: int, end: int) -> bool:
    """The span is all its line holds (a list marker before, a colon or stop after aside)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return bool(_LINE_OPENING.fullmatch(text, line_start, start)
                and regex.fullmatch(r"[\s:.,;]*", text[end:line_end]))


def capitals_say_nothing(text: str, start: int, end: int,
                         opening: regex.Pattern[str] = OPENING) -> bool:
    """The span's capitals carry no information: it is written in capitals in a text that
    is not (a heading); or it opens a line, a list item, a sentence or a section's text and
    is a label before a colon, a line of its own (a heading), or capitalised only in its
    first word. "Seen at Mercy Hospital" and "Climate Corporation is ..." keep theirs.
    `opening`: what ends the text before an opening word (`opening_pattern`)."""
    span = text[start:end]
    letters = [c for c in span if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and mixed_case(text):
        return True
    if not _opening(text, start, opening):
        return False
    if label_at(text, end) or _whole_line(text, start, end):
        return True
    return not any(w[:1].isupper() for w in WORD.findall(span)[1:])


def heading_or_plain_opening(text: str, start: int, end: int,
                             opening: regex.Pattern[str] = OPENING) -> bool:
    """True for a span that is read as its ordinary words: its capitals say nothing and all
    its words are ordinary vocabulary ("3. Hypertension", "DISCHARGE SUMMARY",
    "Hospital Course:"); False for "Riverbend General Hospital" or a mid-sentence name."""
    return capitals_say_nothing(text, start, end, opening) \
        and plain_words(text[start:end], label_at(text, end))


def split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks and at a label's colon, each piece without its edge
    whitespace: a line break or a colon ends a name ("Hypertension\\n\\nHospital Course",
    "Fetal Position: Variable" are two spans each, judged alone)."""
    pieces = []
    for m in regex.finditer(r"(?:[^\n:]|:(?!\s))+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            pieces.append((s, e))
    return pieces
