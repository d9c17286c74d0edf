"""Cue mechanisms that generalise beyond word lists: names listed with a found name, names
before "(son)", after "name is"/"called", credentials before a name, ward names, address
intersections and continuation lines, bracket balancing, and the precision guards that go with
them. Texts are invented; no development data."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from app.core.privacy.analyzer import _balance
from app.core.privacy.packs.clinical_notes import facilities
from app.core.privacy.propagate import propagate
from app.core.privacy.recognizers import address, contact, financial, names
from tests.unit.privacy.filtering import keep


def spans(rec, text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.analyze(text, rec.supported_entities, None)
            if r.score >= 0.4]


def covered(rec, text: str, want: str) -> bool:
    start = text.index(want)
    cov = set()
    for r in rec.analyze(text, rec.supported_entities, None):
        if r.score >= 0.4:
            cov.update(range(r.start, r.end))
    return all(i in cov for i in range(start, start + len(want)) if not text[i].isspace())


@pytest.mark.parametrize(("text", "want"), [
    ("BOTH DR FENWICK AND ORSOLYA WILL FOLLOW UP", "ORSOLYA"),  # coordinated with a found name
    ("Our founders: Quimby, Mary and Thaddeus Oyelaran.", "Quimby"),
    ("Bartolomeo Przewalski (son) cell 555-201-3344", "Bartolomeo Przewalski"),
    ("her maiden name is vandersloot", "vandersloot"),
    ("Name: Ottilie Brzezinski", "Ottilie Brzezinski"),
    ("my grandmother was called Rosa Okonkwo", "Rosa Okonkwo"),
    ("Directed by Marisol T Quenneville", "Marisol T Quenneville"),
    ("Directed By: Helmi K. Virtanen", "Helmi K. Virtanen"),
    ("NP KRZYZANOWSKI AWARE OF LABS", "KRZYZANOWSKI"),
    ("GIRLFRIEND MARGUERITE IN TO VISIT", "MARGUERITE"),
    ("Contact Zdzislaw Kowalczyk cell# 410-555-0199", "Zdzislaw Kowalczyk"),
    ("visited by Dragan Kovačević yesterday", "Dragan Kovačević"),
    ("Zsombor: What a day.\nAnna: Remember the rain?", "Zsombor"),
])
def test_names_found(text: str, want: str) -> None:
    assert covered(names.NameRecognizer(), text, want), spans(names.NameRecognizer(), text)


@pytest.mark.parametrize(("text", "bad"), [
    ("LABS: WBC 7.4, PLAT CT 150K. CHEMISTRIES PENDING.", "CHEMISTRIES"),  # "K." no initial
    ("sats 99% r/a. denies sob", "denies"),
    ("Hi Freddy, I'm writing about the order", "I'm"),
    ("SEEN BY NEPHRO FELLOW TODAY", "NEPHRO"),
    ("HEPARIN ADJUSTED PER SLIDESCALE TONIGHT", "SLIDESCALE"),
    ("sxned sm to md amt thick yellow", "amt"),
])
def test_names_left_alone(text: str, bad: str) -> None:
    assert not any(bad in s for s in spans(names.NameRecognizer(), text))


def test_lowercase_note_keeps_initial_signature() -> None:
    text = "resting comfortably. t. brannock rrt"
    assert covered(names.NameRecognizer(), text, "t. brannock")


@pytest.mark.parametrize(("text", "want"), [
    ("it is the corner of Birchvale 12 and Orrin Lane", None),
    ("meet at the corner of 40 Alder Road St. and Wexcombe Gateway St.", None),
    ("send to 7 Marsh Street Fennick Terrace\n Suite 210\n LEEDS\n United Kingdom 40112",
     "7 Marsh Street Fennick Terrace\n Suite 210\n LEEDS\n United Kingdom 40112"),
    ("billing: 4410 P.O. Box 93 Apt. 7, Tartu", "4410 P.O. Box 93"),
])
def test_addresses(text: str, want: str | None) -> None:
    rec = address.StreetAddressRecognizer()
    if want is None:
        want = text[text.index("the corner"):].rstrip(".")
    assert covered(rec, text, want), spans(rec, text)


def test_corner_needs_a_street_shape() -> None:
    rec = address.StreetAddressRecognizer()
    assert spans(rec, "she sat in the corner of the room and wept.") == []


@pytest.mark.parametrize(("text", "want"), [
    ("31 555 201 0147-Office", "31 555 201 0147"),
    ("(41) 555-018-Office", "(41) 555-018"),
])
def test_phone_with_hyphenated_label(text: str, want: str) -> None:
    assert covered(contact.phone(), text, want), spans(contact.phone(), text)


def test_jcb_card_block() -> None:
    assert spans(financial.credit_card(), "card 3590123456789015 lost") == ["3590123456789015"]
    assert spans(financial.credit_card(), "card 3590123456789016 lost") == []  # Luhn fails


def test_ward_with_floor() -> None:
    rec = facilities.FacilityRecognizer()
    assert "HALVERSEN" in spans(rec, "FOUND UNRESPONSIVE ON HALVERSEN 6. CODE CALLED")
    assert spans(rec, "STARTED ON LASIX 40 MG") == []


def test_range_is_not_a_phone() -> None:
    text = "TV 800-1200, SVR 870-1040. CALL 555-1234"
    def ok(s: str) -> bool:
        i = text.index(s)
        return keep(text, RecognizerResult("PHONE_NUMBER", i, i + len(s), 0.5), shorthand=True)
    assert not ok("800-1200") and not ok("870-1040") and ok("555-1234")


def test_url_cut_from_run_together_words() -> None:
    text = "poor oral intake.appears comfortable"
    r = RecognizerResult("URL", 10, 20, 0.6,
                         recognition_metadata={"recognizer_name": "UrlRecognizer"})
    assert not keep(text, r)


def test_bracket_is_closed() -> None:
    text = "daughter called (555-201-0147) today"
    r = _balance(text, RecognizerResult("PHONE_NUMBER", 16, 29, 0.7))
    assert text[r.start:r.end] == "(555-201-0147)"


def test_propagation_keeps_case_in_mixed_case_text() -> None:
    texts = ["Awarded Cashier of the Month. A cheerful cashier."]
    src = RecognizerResult("PERSON", 8, 15, 0.85)
    extra = propagate(texts, [[src]], lambda s: False)
    assert all(texts[0][r.start].isupper() for r in extra[0])
