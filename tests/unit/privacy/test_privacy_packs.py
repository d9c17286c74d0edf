"""The pack registry and the filters' registration, without spaCy: which filters judge which
recognizer's results, and that a pack off takes its recognizers and filters with it."""

from __future__ import annotations

import phonenumbers.phonenumberutil as phone_util
import pytest
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer

from app.core.errors import ProfileError
from app.core.privacy import phone_grammar
from app.core.privacy.packs import (
    DEFAULT_PACKS,
    PACKS,
    filters_for,
    pack_recognizers,
    resolve,
)
from app.core.privacy.packs.clinical_notes import filters as notes_filters
from app.core.privacy.packs.clinical_notes import reports
from app.core.privacy.packs.clinical_notes.facilities import FacilityRecognizer
from app.core.privacy.recognizers import build_registry
from app.core.privacy.recognizers.predefined import FILTERS
from app.core.privacy.recognizers.temporal import clinical_date
from tests.unit.privacy.filtering import keep


def test_default_packs_are_registered_and_resolve_in_order() -> None:
    assert DEFAULT_PACKS == ("clinical_notes", "clinical", "report_layout")
    assert [p.name for p in resolve(DEFAULT_PACKS)] == list(DEFAULT_PACKS)
    assert set(DEFAULT_PACKS) <= set(PACKS)
    assert resolve(()) == ()


@pytest.mark.parametrize("names", [("legal",), ("clinical", "clinical-notes")])
def test_an_unknown_pack_is_an_error_naming_it(names: tuple[str, ...]) -> None:
    with pytest.raises(ProfileError, match="no privacy pack named") as err:
        resolve(names)
    assert repr(names[-1]) in str(err.value) and "clinical_notes" in str(err.value)  # known


def test_a_pack_adds_its_recognizers_only_when_on() -> None:
    def kinds(packs: tuple[str, ...]) -> set[str]:
        registry = build_registry(extra=pack_recognizers(resolve(packs)))
        return {type(r).__name__ for r in registry.recognizers}

    assert {"FacilityRecognizer", "EmployerRecognizer", "PastHistoryYearRecognizer"} \
        <= kinds(DEFAULT_PACKS)
    assert not {"FacilityRecognizer", "EmployerRecognizer",
                "PastHistoryYearRecognizer"} & kinds(())


def _filters(rec: object, packs: tuple[str, ...]) -> set[object]:
    return {f.keep for _applies, fs in filters_for(rec, FILTERS, resolve(packs)) for f in fs}


def test_a_pack_filter_is_gone_when_its_pack_is_off() -> None:
    spacy = SpacyRecognizer()
    assert notes_filters.evidence_keep in _filters(spacy, DEFAULT_PACKS)
    assert reports.spacy_keep in _filters(spacy, DEFAULT_PACKS)
    general = _filters(spacy, ())
    assert notes_filters.evidence_keep not in general and reports.spacy_keep not in general
    assert general  # spaCy's own filter is the general engine's
    assert reports.spacy_keep not in _filters(spacy, ("clinical_notes",))


def test_a_filter_judges_only_the_recognizers_it_names() -> None:
    # The reports pack judges spaCy's and the facility recognizer's places, not a date's.
    assert reports.facility_keep in _filters(FacilityRecognizer(), DEFAULT_PACKS)
    assert reports.facility_keep not in _filters(SpacyRecognizer(), DEFAULT_PACKS)
    assert not {reports.spacy_keep, reports.facility_keep} & _filters(clinical_date(),
                                                                       DEFAULT_PACKS)
    # libphonenumber's filter is no other phone recognizer's.
    assert not _filters(PhoneRecognizer(), ()) & _filters(clinical_date(), ())


def test_a_note_setting_is_dropped_only_with_the_notes_pack() -> None:
    text = "PT ON PSV 10/5, TOLERATING WELL."
    i = text.index("10/5")
    r = RecognizerResult("DATE_TIME", i, i + 4, 0.6)
    assert not keep(text, r, shorthand=True)
    assert keep(text, r, shorthand=True, packs=())


def test_phone_grammar_is_the_installed_libphonenumber_one() -> None:
    """The windows the phone matcher runs in are only right while our copy of its grammar is
    its grammar: a phonenumbers release that changes it fails here, not silently."""
    extension = getattr(phone_util, "_EXTN_PATTERNS_FOR_MATCHING", None)
    punctuation = getattr(phone_util, "_VALID_PUNCTUATION", None)
    if extension is None or punctuation is None:
        pytest.skip("this phonenumbers release no longer names its grammar: compare by hand")
    assert phone_grammar.EXTENSION_PATTERN == extension
    assert phone_grammar.VALID_PUNCTUATION == punctuation


def test_the_layout_pack_reads_mtsamples_openings() -> None:
    text = "HISTORY OF PRESENT ILLNESS:, Hypertension was noted.,Bronchitis resolved."
    for word in ("Hypertension", "Bronchitis"):
        i = text.index(word)
        r = RecognizerResult("ORGANIZATION", i, i + len(word), 0.85,
                             recognition_metadata={"recognizer_name": "SpacyRecognizer"})
        assert keep(text, r, packs=())  # the general engine: "," opens nothing
        assert not keep(text, r, packs=("report_layout",))
