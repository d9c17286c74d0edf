"""Addresses, phone numbers and names in prose, chat and signature blocks (issue #4): the
grammar of international addresses, digit groups, and names told by their sentence. Texts
are invented; no development data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.core.privacy.recognizers.address import StreetAddressRecognizer
from app.core.privacy.recognizers.contact import phone
from app.core.privacy.recognizers.name_context import NameContextRecognizer


def spans(rec, text: str, artifacts=None) -> list[str]:
    return [text[r.start:r.end] for r in rec.analyze(text, rec.supported_entities, artifacts)
            if r.score >= 0.4]


@pytest.mark.parametrize(("text", "want"), [
    # Greek street words, and "∆" typed for "Δ"
    ("sent to 7 Λεωφόρος Κηφισίας 122\n ∆ΡΑΜΑ\n Greece 66100", "7 Λεωφόρος Κηφισίας 122\n ∆ΡΑΜΑ\n Greece 66100"),
    # a text without capitals: words read as capitalised, the address ends at a function word
    ("ship it to 18 birkenweg 4, lindau, germany please", "18 birkenweg 4, lindau, germany"),
    # lower-case particles inside a place name
    ("Office: 12 Elm Street, Santa Cruz de la Sierra, Bolivia 0701",
     "12 Elm Street, Santa Cruz de la Sierra, Bolivia 0701"),
    # French/Spanish order: number, street word, name
    ("Écrivez au 7 rue des Tanneurs, Lyon 69002.", "7 rue des Tanneurs, Lyon 69002"),
    ("at 40 Calle Mayor Baja, Toledo", "40 Calle Mayor Baja, Toledo"),
    # US military mail on a ship, any case
    ("Mail it to USS Harmon\nFPO AP 96601 soon", "USS Harmon\nFPO AP 96601"),
    ("send to unit 4412 box 2210\ndpo ae 09012", "unit 4412 box 2210\ndpo ae 09012"),
    # a cross street named first
    ("Deliver to Orla and Kastanienweg 12 tomorrow.", "Orla and Kastanienweg 12"),
    # a street without a street word after a place cue
    ("The shop is on Marek Hlasko 17.", "Marek Hlasko 17"),
    ("He lives on the east side of Bartolome Mitre 880.", "Bartolome Mitre 880"),
    # a hyphenated street name; a list marker opening each line
    ("4410 Saint-Michel 22\nQuebec", "4410 Saint-Michel 22\nQuebec"),
    ("* 12 Oak Road\n* Springfield\n* USA 62704", "12 Oak Road\n* Springfield\n* USA 62704"),
    # a lower-case word inside the name; the Hungarian ordinal dot after the number
    ("Béla király útja 12.", "Béla király útja 12."),
])
def test_international_addresses(text: str, want: str) -> None:
    found = spans(StreetAddressRecognizer(), text)
    assert want in found, found


@pytest.mark.parametrize("text", [
    "Pt is on Lasix 40 mg daily",             # a dose after a place cue
    "He is at Level 3 now",                   # a numbered thing
    "Top 5 Songs Of The 80s",                 # a decade is no house number
    "Letter\nSeptember 9, 2024\nVIA CERTIFIED MAIL\nMs. Ada Kent",  # "via" in capitals
    "sent 2 via email yesterday",
    "i have 2 kids aged 5 and a dog",         # no capitals: a shape alone is no address
])
def test_not_addresses(text: str) -> None:
    assert spans(StreetAddressRecognizer(), text) == []


@pytest.mark.parametrize(("text", "want"), [
    ("Oslo 0150\n22 345 678 90-Office", "22 345 678 90"),  # not joined to the postcode above
    ("call me on 31 456789", "31 456789"),                  # a six-digit subscriber number
])
def test_phone_digit_groups(text: str, want: str) -> None:
    found = spans(phone(), text)
    assert want in found, found


@pytest.mark.parametrize(("text", "want"), [
    ("Tamsin, can I ask you something?", "Tamsin"),
    ("Bertalan Kovách lives near the river.", "Bertalan Kovách"),
    ("Zoltana de Wrzosek will be speaking first.", "Zoltana de Wrzosek"),
    ("tomasz nowicki lives at the end of the road", "tomasz nowicki"),
    ("a solo album by ex-Stooge Ravil Okonjo", "Ravil Okonjo"),
    ("Greta J. Whitlow signed it", "Greta J. Whitlow"),
    ("ask tomasz k nowicki about it", "tomasz k nowicki"),
    ("We hired Quillon Marbury last spring.", "Quillon Marbury"),   # two unknown words
])
def test_names_by_sentence(text: str, want: str) -> None:
    found = spans(NameContextRecognizer(), text)
    assert want in found, found


@pytest.mark.parametrize("text", [
    "Sorry, can I ask you something?",
    "Music lives on in the city.",
    "she gave benjamin a book",
    "PT'S WIFE LIVES AT HOME. DAUGHTER, CAN YOU CALL",
    "See our Quality Assurance team and the Cautionary Tales list.",  # English words
])
def test_no_names_by_sentence(text: str) -> None:
    assert spans(NameContextRecognizer(), text) == []


def test_unknown_word_next_to_a_spacy_name() -> None:
    text = "Producer Tadeusz Wrzosek explained the record"
    start = text.index("Wrzosek")
    ents = [SimpleNamespace(start_char=start, end_char=start + 7, label_="PERSON")]
    found = spans(NameContextRecognizer(), text, SimpleNamespace(entities=ents))
    assert "Tadeusz Wrzosek" in found, found
    assert not any("Producer" in s for s in found)


def test_no_neighbour_in_clinical_prose() -> None:
    text = "Pt on vent overnight, BP stable. Passy Muir valve not attempted today."
    start = text.index("Muir")
    ents = [SimpleNamespace(start_char=start, end_char=start + 4, label_="PERSON")]
    assert spans(NameContextRecognizer(), text, SimpleNamespace(entities=ents)) == []


def test_addresses_without_a_number_only_at_a_corner() -> None:
    rec = StreetAddressRecognizer()
    assert spans(rec, "Meet me at the corner of Main Street and Oak Avenue.") != []
    assert spans(rec, "Rua Augusta, Lisboa, Portugal") == []
