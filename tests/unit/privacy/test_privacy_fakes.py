"""The surrogate generator alone: deterministic, same shape, never the original, and numbers
that fail validation (a fake is never somebody's real number)."""

from __future__ import annotations

import re

import pytest

from app.core.privacy.fakes import FakeMaker, acceptable, compose_person, person_parts
from app.core.privacy.recognizers.checksums import aba_ok, dea_ok, luhn_ok, npi_ok, vin_ok

SECRET = b"0123456789abcdef0123456789abcdef"
SAMPLES = {
    "US_SSN": ["219-09-9999", "078 05 1120", "123456789"],
    "PHONE_NUMBER": ["(617) 824-3310", "617.277.0462", "+1 404 555 0177", "x4412 pager 3321"],
    "EMAIL_ADDRESS": ["marisol.qb@fastmail.com", "ISOLVANG@PELLUCIDBIO.COM"],
    "URL": ["https://results.lakesidelabs.org/r/88213", "www.abernathylaw.net"],
    "IP_ADDRESS": ["73.162.48.211", "fe80::1ff:fe23:4567:890a"],
    "STREET_ADDRESS": ["418 Cedar Hollow Rd", "90 Ferry Street, Everett, MA 02149",
                       "23 ORCHARD STREET\nMONTCLAIR, NJ 07042"],
    "LOCATION": ["Brookline", "St. Agnes Hospital"],
    "MEDICAL_RECORD_NUMBER": ["00482913", "MR4471209", "7734-112-09"],
    "CASE_NUMBER": ["1:23-cv-04512-JMF", "651234/2023"],
    "CREDIT_CARD": ["4111 1111 1111 1111", "378282246310005"],
    "US_NPI": ["1234567893"],
    "US_DEA": ["BK3456784"],
    "ABA_ROUTING_NUMBER": ["011000015"],
    "IBAN_CODE": ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"],
    "US_MBI": ["1EG4-TE5-MK73"],
    "US_EIN": ["12-3456789"],
    "ZIP_CODE": ["02139"],
    "SWIFT_CODE": ["HELADEF1", "AGRIFRPP839"],
    "AGE": ["94", "97-year-old"],
    "DATE_TIME": ["03/14/2021", "March 14, 2021"],
}


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _mod97(iban: str) -> int:
    s = iban.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97


@pytest.fixture(scope="module")
def maker() -> FakeMaker:
    return FakeMaker(SECRET, 400)


def test_never_the_original_and_deterministic(maker: FakeMaker) -> None:
    again, other = FakeMaker(SECRET, 400), FakeMaker(b"another secret, 32 bytes long..", 400)
    differs = 0
    for kind, values in SAMPLES.items():
        for value in values:
            fake = maker.make(kind, value)
            assert fake is not None, (kind, value)
            assert acceptable(value, fake), (kind, value, fake)
            assert again.make(kind, value) == fake  # same case secret → same fake
            differs += other.make(kind, value) != fake
            assert maker.make(kind, value, attempt=1) is not None or kind == "DATE_TIME"
    assert differs >= 25  # another case gets other fakes (dates: same offset here)


def test_numbers_keep_their_shape_and_fail_validation(maker: FakeMaker) -> None:
    for value in SAMPLES["US_SSN"]:
        fake = maker.make("US_SSN", value)
        assert re.sub(r"\d", "9", fake) == re.sub(r"\d", "9", value)
        assert _digits(fake)[0] == "9"  # area 9xx is never issued
    for value in SAMPLES["CREDIT_CARD"]:
        fake = maker.make("CREDIT_CARD", value)
        assert len(fake) == len(value) and not luhn_ok(_digits(fake))
        assert fake[0] == value[0]  # looks like the same network
    assert not npi_ok(maker.make("US_NPI", "1234567893"))
    assert not aba_ok(maker.make("ABA_ROUTING_NUMBER", "011000015"))
    assert not dea_ok(maker.make("US_DEA", "BK3456784"))
    for value in SAMPLES["IBAN_CODE"]:
        fake = maker.make("IBAN_CODE", value)
        assert fake[:2] == value[:2] and len(fake) == len(value) and _mod97(fake) != 1
    assert maker.make("SWIFT_CODE", "AGRIFRPP839")[4:6] == "FR"  # the country stays
    assert maker.make("US_MBI", "1EG4-TE5-MK73")[0] == "0"  # an MBI never starts with 0
    assert maker.make("US_EIN", "12-3456789")[:2] in {"07", "08", "09", "17", "18", "19",
                                                       "28", "29", "49", "69", "70", "78",
                                                       "79", "89", "96", "97"}
    for attempt in range(40):  # a random VIN passes its check one time in eleven
        vin = maker.make("VEHICLE_ID", "1HGCM82633A004352", attempt=attempt)
        assert len(vin) == 17 and not vin_ok(vin) and not set("IOQ") & set(vin)
    mrn = maker.make("MEDICAL_RECORD_NUMBER", "7734-112-09")
    assert re.fullmatch(r"\d{4}-\d{3}-\d{2}", mrn)
    assert maker.make("CASE_NUMBER", "1:23-cv-04512-JMF").endswith("-JMF")  # court codes stay
    assert "-cv-" in maker.make("CASE_NUMBER", "1:23-cv-04512-JMF")


def test_contact_fakes_use_reserved_ranges(maker: FakeMaker) -> None:
    phone = maker.make("PHONE_NUMBER", "(617) 824-3310")
    assert re.fullmatch(r"\(\d{3}\) 555-01\d\d", phone)
    assert re.fullmatch(r"\+1 \d{3} 555 01\d\d", maker.make("PHONE_NUMBER", "+1 404 555 0177"))
    assert re.fullmatch(r"[a-z0-9._]+@example\.(com|org|net)",
                        maker.make("EMAIL_ADDRESS", "marisol.qb@fastmail.com"))
    assert ".example.com" in maker.make("URL", "https://results.lakesidelabs.org/r/88213")
    assert maker.make("IP_ADDRESS", "73.162.48.211").rsplit(".", 1)[0] in {
        "192.0.2", "198.51.100", "203.0.113"}
    assert maker.make("IP_ADDRESS", "fe80::1").startswith("2001:db8::")


def test_addresses_ages_and_places(maker: FakeMaker) -> None:
    one = maker.make("STREET_ADDRESS", "90 Ferry Street, Everett, MA 02149")
    assert one.count(",") == 2 and re.search(r"\b[A-Z]{2} \d{5}", one)
    upper = maker.make("STREET_ADDRESS", "23 ORCHARD STREET\nMONTCLAIR, NJ 07042")
    assert upper.isupper() and upper.count("\n") == 1
    assert maker.make("LOCATION", "St. Agnes Hospital").endswith(" Hospital")
    age = int(maker.make("AGE", "94"))
    assert 90 <= age <= 105 and age != 94  # over 89 stays over 89
    assert maker.make("AGE", "97-year-old").endswith("-year-old")


def test_unknown_wordy_types_have_no_fake(maker: FakeMaker) -> None:
    assert maker.make("CUSTOM_TERM", "Project Falcon") is None
    assert maker.make("DATE_TIME", "tomorrow") is None


def test_nothing_but_the_frame_of_a_span_is_copied(maker: FakeMaker) -> None:
    # Spans the detector merged with a name: a fake that keeps the words would leak them.
    assert maker.make("PHONE_NUMBER", "Okafor 617-555-0134") is None
    assert maker.make("AGE", "97 year old Whitaker") is None
    assert maker.make("DATE_TIME", "03/14/2024 by Dr. Okafor") is None
    assert compose_person("John Smith 617-555-0134", lambda w, r: "Ann", str) is None
    assert maker.make("PHONE_NUMBER", "617-555-0134 ext 12").endswith(" ext 12") is False
    assert " ext " in maker.make("PHONE_NUMBER", "617-555-0134 ext 12")
    mrn = maker.make("MEDICAL_RECORD_NUMBER", "MR 4471209 Whitaker")
    assert "Whitaker" not in mrn and mrn.startswith("MR ")  # a short code stays, a word not


def test_person_parts_and_composition() -> None:
    roles = [r for *_, r in person_parts("SMITH, JOHN A.")]
    assert roles == ["family", "given", "initial"]
    assert [r for *_, r in person_parts("Dr. Maria del Carmen Ruiz")] == [
        "title", "given", "particle", "given", "family"]
    assert [r for *_, r in person_parts("O'Brien")] == ["single"]
    fakes = {"SMITH": "Lopez", "JOHN": "Maria", "Jane": "Ellen", "Doe": "Park"}
    out = compose_person("SMITH, JOHN A.", lambda w, r: fakes[w], lambda c: "K")
    assert out == "LOPEZ, MARIA K."
    assert compose_person("Dr. Jane Doe, MD", lambda w, r: fakes[w], str) == "Dr. Ellen Park, MD"
    assert compose_person("Dr.", lambda w, r: "x", str) is None  # no name word: a token


def test_name_words_are_not_everyday_words(maker: FakeMaker) -> None:
    seen = {maker.name_word(f"Name{i}", "family") for i in range(200)}
    assert len(seen) > 100
    assert not seen & {"Young", "King", "Page", "Bell", "White", "Brown", "Rice"}
    assert maker.name_word("Lopez", "family") != "Lopez"
    assert maker.initial("J") != "J" and maker.initial("J") == maker.initial("J")
