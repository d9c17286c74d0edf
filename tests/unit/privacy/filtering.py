"""The analyzer's result filters for one result, as the filter tests ask them."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer, UrlRecognizer

from app.core.privacy.packs import filters_for, resolve
from app.core.privacy.recognizers.base import TextView
from app.core.privacy.recognizers.contact import phone
from app.core.privacy.recognizers.predefined import FILTERS
from app.core.privacy.recognizers.temporal import clinical_date

# The recognizer a test's result came from, told by its recognizer name (a test's shortcut;
# the analyzer knows the recognizer itself).
_RECOGNIZERS = {"SpacyRecognizer": SpacyRecognizer(), "UrlRecognizer": UrlRecognizer(),
                "PhoneRecognizer": PhoneRecognizer(), "ShorthandPhoneRecognizer": phone(),
                "": clinical_date()}  # a result without a name: one of our pattern recognizers


def keep(text: str, r: RecognizerResult, shorthand: bool = False, clinical: bool = False,
         packs: tuple[str, ...] = ("clinical_notes",)) -> bool:
    """Whether the filters registered for the recognizer that found `r` keep it, in a text
    read as `shorthand` or `clinical` (`TextView`): the general filters and those of `packs`
    (by default the clinical-notes pack's, which with the general ones are what the old
    `filters.keep` held), a pack's only where it applies to the text."""
    rec = _RECOGNIZERS.get(str((r.recognition_metadata or {}).get("recognizer_name", "")),
                           _RECOGNIZERS[""])
    view = TextView(text, shorthand=shorthand, clinical=clinical)
    return all((applies is not None and not applies(text)) or all(f.passes(view, r) for f in fs)
               for applies, fs in filters_for(rec, FILTERS, resolve(packs)))
