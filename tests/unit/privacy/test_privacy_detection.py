"""The new detection rules, each alone (no spaCy NER): what they find and what they leave."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult

from app.core.privacy import register
from app.core.privacy.packs.clinical_notes import facilities
from app.core.privacy.packs.clinical_notes.note_dates import slashed_date_ok
from app.core.privacy.propagate import propagate
from app.core.privacy.recognizers import address, contact, financial, names, temporal
from app.core.privacy.recognizers.gazetteer import is_common
from tests.unit.privacy.filtering import keep


def found(rec: EntityRecognizer, text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.analyze(text, rec.supported_entities, None)
            if r.score >= 0.4]


@pytest.mark.parametrize(("rec", "text", "want"), [
    (address.StreetAddressRecognizer(), "send it to 6750 Koskikatu 25 Apt. 864 Artilleros, CO "
     "Uruguay 64677? Thanks", "6750 Koskikatu 25 Apt. 864 Artilleros, CO Uruguay 64677"),
    (address.StreetAddressRecognizer(), "The bus station is on Villacher Strasse 89.",
     "Villacher Strasse 89"),
    (address.StreetAddressRecognizer(), "Meet me at PSC 1437, Box 3833 APO AA 66791",
     "PSC 1437, Box 3833 APO AA 66791"),
    (address.StreetAddressRecognizer(), "lives at 42 Elm Street Apt 3, Boston, MA 02118. Call",
     "42 Elm Street Apt 3, Boston, MA 02118"),
    (financial.credit_card(), "my card 4131034282458809939 expires", "4131034282458809939"),
    (financial.credit_card(), "card # 5018 6466 7909 0018 lost", "5018 6466 7909 0018"),
    (contact.phone(), "Desk: +41 (0)96 471 07 95 Fax", "+41 (0)96 471 07 95"),
    (contact.phone(), "Fax: 345-899-3560x4587", "345-899-3560x4587"),
    (facilities.FacilityRecognizer(), "PT ADMITTED TO QUARTERMAIN 3 FOR CP", "QUARTERMAIN"),
    (facilities.FacilityRecognizer(), "WENT TO HOLY CROSS WITH FEVER", "HOLY CROSS"),
    (facilities.FacilityRecognizer(), "TRANSFERRED TO VAMC ICU", "VAMC"),
    (facilities.FacilityRecognizer(), "DAUGHTER LIVES IN ROME", "ROME"),
    (facilities.FacilityRecognizer(), "pt went to Harbor Hosp 8/23", "Harbor Hosp"),
    (names.NameRecognizer(), "DR SMALL AND DR GREEN AWARE", "SMALL"),
    (names.NameRecognizer(), "QUIET NIGHT. DAN A. FORMAN-LYONS, RRT", "DAN A. FORMAN-LYONS"),
    (names.NameRecognizer(), "CXR DONE. Z. MILLER AWARE", "Z. MILLER"),
    (names.NameRecognizer(), "SOCIAL: HUSBAND GUY MARTINO IN TO VISIT", "GUY MARTINO"),
    (temporal.clinical_date(), "echo 8/87 showing EF 20%", "8/87"),
    (temporal.clinical_date(), "drawn on the 11th. One set", "11th"),
    (temporal.clinical_date(), "CVA 74'. OBESITY", "74"),
    (temporal.clinical_date(), "several weeks in nov. 2016 he", "nov. 2016"),
])
def test_finds(rec: EntityRecognizer, text: str, want: str | None) -> None:
    got = found(rec, text)
    assert got, f"{rec.name} found nothing in {text!r}"
    assert want is None or want in got, got


@pytest.mark.parametrize(("rec", "text"), [
    (financial.credit_card(), "order 4131034282458809930"),  # Luhn fails
    (financial.credit_card(), "ref 9999999999999995"),  # Luhn ok, no issuer prefix
    (facilities.FacilityRecognizer(), "TRANSFERRED TO FLOOR AND TO MICU"),
    (facilities.FacilityRecognizer(), "PLAN TO COME OFF NEO. WENT TO GENERAL FLOOR"),
    (facilities.FacilityRecognizer(), "NEED TO PUSH FLUIDS, HR WITH HIGH RATE"),
    (names.NameRecognizer(), "MS ALERT, MR 2+, WHITE SPUTUM"),
    (names.NameRecognizer(), "S. AUREUS IN SPUTUM; WEEKS OF ABX"),
    (temporal.clinical_date(), "decreased to 0 augmenting at 10"),
])
def test_leaves_alone(rec: EntityRecognizer, text: str) -> None:
    assert found(rec, text) == []


@pytest.mark.parametrize(("text", "span", "ok"), [
    ("PLACED ON PSV 10/5 WITH", "10/5", False),  # ventilator setting
    ("GIVE 1/2 NS AT 100", "1/2", False),  # fraction
    ("AC 500X 12/5/40 %", "12/5/40", False),
    ("PT EXTUBATED ON 10/5 AT NOON", "10/5", True),
    ("since 1/2 no stool", "1/2", True),  # a fraction shape after a date cue
    ("CATH 7/23 SHOWED", "7/23", True),
])
def test_slashed_dates(text: str, span: str, ok: bool) -> None:
    s = text.index(span)
    assert slashed_date_ok(text, s, s + len(span)) is ok


def test_clock_times_and_weekdays_are_not_dates_in_notes() -> None:
    def date(text: str, value: str) -> RecognizerResult:
        s = text.index(value)
        return RecognizerResult("DATE_TIME", s, s + len(value), 0.6,
                                recognition_metadata={"recognizer_name": "ClinicalDateRecognizer"})
    note = "LASIX GIVEN AT 1930, RECHECK MONDAY. CABG 1997."
    assert not keep(note, date(note, "1930"), shorthand=True)
    assert not keep(note, date(note, "MONDAY"), shorthand=True)
    assert keep(note, date(note, "1997"), shorthand=True)
    assert keep("Flew out on Monday.", date("Flew out on Monday.", "Monday"))


def test_register_sends_only_prose_to_ner() -> None:
    assert register.needs_ner("Mary Jones moved to Paris in 2019 with her husband.")
    assert not register.needs_ner("PT ALERT AND ORIENTED, FOLLOWS COMMANDS, MAE. LUNGS CLEAR.")
    assert not register.needs_ner("Neuro: pt sedated on propofol, perrl. Resp: on psv, abg ok. "
                                  "CV: hr 80s nsr, sbp 110s. GI: tf at goal. GU: foley, uo ok.")


def test_common_words_keep_names() -> None:
    assert is_common("ENCOURAGED") and is_common("weeks") and is_common("children")
    assert not is_common("Jones") and not is_common("Hayes") and not is_common("Quartermain")


def test_propagation_within_a_document_only() -> None:
    texts = ["DR HEALEY AWARE OF K 3.1", "HEALEY IN TO SEE PT", "SEEN BY ANOTHER TEAM"]
    source = RecognizerResult("PERSON", 3, 9, 0.85)
    extra = propagate(texts, [[source], [], []], lambda s: False)
    assert [texts[1][r.start:r.end] for r in extra[1]] == ["HEALEY"]
    assert extra[2] == []
    weak = RecognizerResult("PERSON", 3, 9, 0.5)  # below the source threshold
    assert propagate(texts, [[weak], [], []], lambda s: False) == [[], [], []]
