"""The clinical-notes pack's filters: what notes write that the general detectors misread.

In an ICU nursing note (upper case or clinical shorthand: `TextView.shorthand`) a number run
is a dose, a range of values or a setting more often than an address or a phone number
("TV 800-1200", "0 Sats 95"), a US state is where a relative went, not where the patient
lives ("SON WENT BACK TO CALIFORNIA": no Safe Harbor location), and in clinical prose
(`TextView.clinical`) spaCy's capitalised section words and drugs are not names ("Cont mech
vent support", "Getting Albuterol"). Each filter is registered with the results it judges
(`FILTERS`); the dates' are in `note_dates`.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from app.core.geography import US_STATES as ALL_US_STATES
from app.core.privacy.packs.clinical_notes.facilities import DRUG_END
from app.core.privacy.packs.clinical_notes.note_dates import date_keep
from app.core.privacy.recognizers.base import ResultFilter, TextView, results_not_of, results_of
from app.core.privacy.recognizers.contact import ShorthandPhoneRecognizer
from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    NICKNAMES,
    first_names,
    is_common,
    is_misspelt_word,
    last_names,
)
from app.core.privacy.recognizers.names.vocabulary import RELATIONS

_ADDRESS_CUE = regex.compile(r"(?i)\b(?:address|addr|lives?|living|resides?|residing|moved|"
                             r"home|house|apartment|apt|street|mail|send|ship|located)\b")


_PHONE_CUE = regex.compile(r"(?i)(?:phone|ph|tel|cell|home|work|office|pager|beeper|page|pgr|"
                           r"call(?:ed)?|reach|contact|number|fax|#|no\.?|at|@)\W{0,3}$")
# A phone word earlier in the same sentence: "HOME PHONE IS 555-1234", "WIFE CAN BE CALLED
# ANYTIME 555-1234" (a range of values comes after a measure, not after these words).
_PHONE_SENTENCE = regex.compile(r"(?i)\b(?:phone|cell|pager|beeper|number|contact|call(?:ed)?|"
                                r"reach(?:ed)?)\b[^.;\n]{0,30}$")
_BARE_SEVEN = regex.compile(r"^(\d{3})-(\d{4})$")


def _range_not_phone(text: str, start: int, end: int) -> bool:
    """A bare "ddd-dddd" that reads as a range of values ("TV 800-1200", "SVR 870-1040",
    "400-900CC"): the second number at least the first and at most four times it, or a unit
    right after, and no phone cue before it."""
    m = _BARE_SEVEN.match(text[start:end])
    before = text[max(0, start - 45):start]
    if not m or _PHONE_CUE.search(before[-16:].rstrip()) or _PHONE_SENTENCE.search(before) \
            or _person_before(text, start):
        return False
    low, high = int(m.group(1)), int(m.group(2))
    return _unit_after(text, end) or low <= high <= 4 * max(low, 1)


_WORD_BEFORE = regex.compile(r"(\p{L}+)(?:['’]s)?[\s:=,(-]{1,4}$")  # "WIFE LOPIE (555-1234)"


def _person_before(text: str, start: int) -> bool:
    """A person named or a relative just before the number: "DAUGHTER KAREN 555-1234",
    "SISTER MARY: 555-1234" give a phone number whatever its digits; "SVR 954-1183" a range."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return False
    w = m.group(1).lower()
    if w in RELATIONS or w in NICKNAMES or (
            (w in first_names() or w in last_names()) and not is_common(w)):
        return True
    # An unknown word after a relation is the relative's name: "WIFE LOPIE (555-1234)".
    rel = _RELATION_BEFORE.search(text, max(0, m.start() - 20), m.start())
    return bool(rel) and rel.group(1).lower() in RELATIONS and not is_common(w)


_RELATION_BEFORE = regex.compile(r"(\p{L}+)(?:['’]s)?[ \t]+$")


def _unit_after(text: str, end: int) -> bool:
    return bool(regex.match(r"(?i)\s?(?:cc|ml|mg|mcg|units?)\b", text[end:end + 7]))


# A state is no Safe Harbor location (only subdivisions smaller than a state are): in a note,
# "SON WENT BACK TO CALIFORNIA" or "children in new hampshire" is left as written.
# The District of Columbia is a city: it stays a location.
US_STATES = frozenset(s.lower() for s in ALL_US_STATES if s != "District of Columbia")


def _state(span: str) -> bool:
    return " ".join(span.lower().strip(" .,;:()").split()) in US_STATES


_NER_WORD = regex.compile(r"[^\W\d_][\w'’-]*")
# Words of facility names, which are ordinary words ("Sacred Heart", "Holy Cross").
_FACILITY_NAME_WORDS = frozenset("""holy cross sacred heart memorial mercy saint st
samaritan general regional university hospital rehab hospice manor""".split())


def ner_evidence(span: str) -> bool:
    """In clinical prose, a spaCy name/place/organisation must hold a word that is not an
    English, clinical or misspelt word, an abbreviation or a drug ("BS Coarse", "Cont mech",
    "Getting Albuterol", "Treatments" are not), or a word of facility names."""
    for raw in _NER_WORD.findall(span):
        w = raw.lower().strip("'’")
        if w in _FACILITY_NAME_WORDS:
            return True
        if len(w) < 3 or raw.isupper() or w in CLINICAL or DRUG_END.search(w):
            continue
        if not (is_common(w) or is_misspelt_word(w)):
            return True
    return False


def loose_phone_keep(view: TextView, r: RecognizerResult) -> bool:
    """Digit groups in a note are vitals and doses, not foreign numbers: the shorthand phone
    recognizer's loose international groups are dropped there."""
    return not (view.shorthand and ShorthandPhoneRecognizer.loose(r))


def amount_keep(view: TextView, r: RecognizerResult) -> bool:
    """"700-950cc", "TV 800-1200": an amount, or in a note a range, is no phone number."""
    text = view.text
    return not (_BARE_SEVEN.match(text[r.start:r.end]) and (
        _unit_after(text, r.end) or view.shorthand and _range_not_phone(text, r.start, r.end)))


def state_keep(view: TextView, r: RecognizerResult) -> bool:
    return not ((view.shorthand or view.clinical) and _state(view.text[r.start:r.end]))


def address_keep(view: TextView, r: RecognizerResult) -> bool:
    """In a note, number-word-number runs are doses and settings ("0 Sats 95", "2 peripheral
    IV's in place"): an address needs an address cue before it."""
    return not view.shorthand or bool(
        _ADDRESS_CUE.search(view.text, max(0, r.start - 40), r.start))


def evidence_keep(view: TextView, r: RecognizerResult) -> bool:
    return r.entity_type == "DATE_TIME" or not view.clinical \
        or ner_evidence(view.text[r.start:r.end])


FILTERS: tuple[ResultFilter, ...] = (
    ResultFilter(loose_phone_keep, judges=results_of(ShorthandPhoneRecognizer)),
    ResultFilter(amount_keep, types=frozenset({"PHONE_NUMBER"})),
    ResultFilter(state_keep, types=frozenset({"LOCATION"})),
    ResultFilter(address_keep, types=frozenset({"STREET_ADDRESS", "ZIP_CODE"})),
    ResultFilter(evidence_keep, judges=results_of(SpacyRecognizer)),
    ResultFilter(date_keep, judges=results_not_of(SpacyRecognizer),
                 types=frozenset({"DATE_TIME"})),
)
