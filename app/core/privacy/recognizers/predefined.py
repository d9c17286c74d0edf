"""Filters for Presidio's own generic detectors (spaCy NER, URL, phone), registered with them.

Each rule says why a result is not an identifier; the analyzer drops results a rule rejects.
Each filter judges the results of one recognizer class only (`ResultFilter.judges`): spaCy
reads "today" as a DATE and "BP" as an ORG, the URL pattern "intake.appears" as a domain,
libphonenumber "91/42/7.36/25/-1" (a blood gas) as a phone number. Rules true only of one
genre of text are in its pack (`app.core.privacy.packs`).
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer, UrlRecognizer

from app.core.dates import ABBREVIATIONS
from app.core.privacy.capitals import heading_or_plain_opening
from app.core.privacy.recognizers.base import ResultFilter, TextView, results_of
from app.core.privacy.recognizers.gazetteer import common_words

# A specific date: a month name, a 4-digit year, or digits with date separators.
_SPECIFIC_DATE = regex.compile(rf"(?i)\b(?:{'|'.join(ABBREVIATIONS)})|\b(?:1[89]|20)\d\d\b"
                               r"|\d{1,4}[/.-]\d{1,2}")
_URL_OK = regex.compile(
    r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|edu|gov|mil|io|co|us|uk|de|fr|it|es|nl|ca|au|info|biz|ai|app)(?:/\S*)?$"
)


def spacy_keep(view: TextView, r: RecognizerResult) -> bool:
    """A spaCy date names a day ("today", "overnight", "2 hours" do not); a spaCy name,
    place or organisation starts with a capital, holds no digit and a word that is not
    ordinary vocabulary, is no short abbreviation ("BP", "SOB"), and is not a heading or
    the plain opening of a line or sentence ("3. Hypertension", "Hospital Course:"; openings
    a genre writes otherwise are its pack's, `packs.clinical_notes.layout`)."""
    text = view.text
    span = text[r.start:r.end]
    if r.entity_type == "DATE_TIME":
        return bool(_SPECIFIC_DATE.search(span))
    if any(ch.isdigit() for ch in span) or not span[:1].isupper():
        return False  # "850u", "x3", "mae": names and places start with a capital
    if all(w.lower().strip(".,'") in common_words() for w in span.split()):
        return False
    if r.entity_type in ("ORGANIZATION", "LOCATION") \
            and heading_or_plain_opening(text, r.start, r.end):
        return False  # "3. Hypertension", "DISCHARGE SUMMARY", "Hospital Course:"
    return not (len(span) <= 4 and span.isupper())  # "BP", "SOB", "ABG": abbreviations


def url_keep(view: TextView, r: RecognizerResult) -> bool:
    """"intake.appears", "dose.continue", "PUPILS.CAT SCAN": two words run together at a
    missing space, cut at a letter the pattern took for a top-level domain, are no URL."""
    text, span = view.text, view.text[r.start:r.end]
    if text[r.end:r.end + 1].isalnum() or text[r.start - 1:r.start].isalnum() and r.start:
        return False
    return ".." not in span and bool(_URL_OK.match(span))


def phone_keep(view: TextView, r: RecognizerResult) -> bool:
    """Blood gases and ranges ("91/42/7.36/25/-1", "390-500") are not phone numbers: 7 to 15
    digits, no "." and no "/" but in "(201)/324/1423". The analyzer's phone windows
    (`analyzer._phone_windows`) rely on exactly this."""
    span = view.text[r.start:r.end]
    digits = sum(ch.isdigit() for ch in span)
    if "/" in span and not regex.fullmatch(r"\(?\d{3}\)?/\d{3}/\d{4}", span):
        return False
    return "." not in span and 7 <= digits <= 15


FILTERS: tuple[ResultFilter, ...] = (
    ResultFilter(spacy_keep, judges=results_of(SpacyRecognizer)),
    ResultFilter(url_keep, judges=results_of(UrlRecognizer)),
    ResultFilter(phone_keep, judges=results_of(PhoneRecognizer)),
)
