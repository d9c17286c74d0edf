"""Cue mechanisms that generalise beyond word lists: names listed with a found name, names
before "(son)", after "name is"/"called", credentials before a name, ward names, address
intersections and continuation lines, bracket balancing, and the precision guards that go with
them. Texts are invented; no development data."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from app.core.privacy.analyzer import _balance
from app.core.privacy.filters import keep
from app.core.privacy.propagate import propagate
from app.core.privacy.recognizers import address, contact, facilities, financial, names


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
    ("my grandmother was called Lily Okonkwo", "Lily Okonkwo"),
    ("Directed by Elita B Desaulniers", "Elita B Desaulniers"),
    ("Directed By: Sari J. Paavolainen", "Sari J. Paavolainen"),
    ("NP KRZYZANOWSKI AWARE OF LABS", "KRZYZANOWSKI"),
    ("GIRLFRIEND MARGUERITE IN TO VISIT", "MARGUERITE"),
    ("Contact Zdzislaw Kowalczyk cell# 410-555-0199", "Zdzislaw Kowalczyk"),
    ("visited by Djevad Šušulić yesterday", "Djevad Šušulić"),
    ("Ubul: What a day.\nNicole: Remember the rain?", "Ubul"),
])
def test_names_found(text: str, want: str) -> None:
    assert covered(names.NameRecognizer(), text, want), spans(names.NameRecognizer(), text)


@pytest.mark.parametrize(("text", "bad"), [
    ("LABS: WBC 7.4, PLAT CT 150K. CHEMISTRIES PENDING.", "CHEMISTRIES"),  # "K." no initial
    ("sats 99% r/a. denies sob", "denies"),
    ("Hi Freddy, I'm writing about the order", "I'm"),
    ("SEEN BY EPS FELLOW TODAY", "EPS"),
    ("HEPARIN ADJUSTED PER PROTOCAL TONIGHT", "PROTOCAL"),
    ("sxned sm to md amt thick yellow", "amt"),
])
def test_names_left_alone(text: str, bad: str) -> None:
    assert not any(bad in s for s in spans(names.NameRecognizer(), text))


def test_lowercase_note_keeps_initial_signature() -> None:
    text = "all is well at this time. q. lander rrt"
    assert covered(names.NameRecognizer(), text, "q. lander")


@pytest.mark.parametrize(("text", "want"), [
    ("it is the corner of Dalbraut 99 and Frederikke Coves", None),
    ("meet at the corner of 11 Botley Road St. and Herceg Gateway St.", None),
    ("send to 14 Crown Street Kishiev Squares\n Suite 321\n LONDON\n United Kingdom 75419",
     "14 Crown Street Kishiev Squares\n Suite 321\n LONDON\n United Kingdom 75419"),
    ("billing: 0912 P.O. Box 287 Apt. 051, Tallinn", "0912 P.O. Box 287"),
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
    ("21 253 109 8211-Office", "21 253 109 8211"),
    ("(37) 788-063-Office", "(37) 788-063"),
])
def test_phone_with_hyphenated_label(text: str, want: str) -> None:
    assert covered(contact.phone(), text, want), spans(contact.phone(), text)


def test_jcb_card_block() -> None:
    assert spans(financial.credit_card(), "card 3598899323053410 lost") == ["3598899323053410"]
    assert spans(financial.credit_card(), "card 3598899323053411 lost") == []  # Luhn fails


def test_ward_with_floor() -> None:
    rec = facilities.FacilityRecognizer()
    assert "QUARTERMAIN" in spans(rec, "FOUND UNRESPONSIVE ON QUARTERMAIN 6. CODE CALLED")
    assert spans(rec, "STARTED ON LASIX 40 MG") == []


def test_range_is_not_a_phone() -> None:
    text = "TV 900-1300, SVR 954-1183. CALL 555-1234"
    def ok(s: str) -> bool:
        i = text.index(s)
        return keep(text, RecognizerResult("PHONE_NUMBER", i, i + len(s), 0.5), shorthand=True)
    assert not ok("900-1300") and not ok("954-1183") and ok("555-1234")


def test_url_cut_from_run_together_words() -> None:
    text = "supplemental drinks.appears constipated"
    r = RecognizerResult("URL", 13, 23, 0.6,
                         recognition_metadata={"recognizer_name": "UrlRecognizer"})
    assert not keep(text, r)


def test_bracket_is_closed() -> None:
    text = "daughter called (201-223-4567) today"
    r = _balance(text, RecognizerResult("PHONE_NUMBER", 16, 29, 0.7))
    assert text[r.start:r.end] == "(201-223-4567)"


def test_propagation_keeps_case_in_mixed_case_text() -> None:
    texts = ["Awarded Salesperson of the Month. A driven salesperson."]
    src = RecognizerResult("PERSON", 8, 19, 0.85)
    extra = propagate(texts, [[src]], lambda s: False)
    assert all(texts[0][r.start].isupper() for r in extra[0])
