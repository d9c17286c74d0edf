"""Round-2 detection mechanisms: misspelt words are not names, a cue does not reach across a
sentence end, spaCy findings in clinical prose need a name-like word. Texts are invented; no
development data."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from app.core.privacy.recognizers import names
from app.core.privacy.recognizers.gazetteer import is_misspelt_word
from app.core.privacy.register import clinical_context
from tests.unit.privacy.filtering import keep


def spans(rec, text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.analyze(text, rec.supported_entities, None)
            if r.score >= 0.4]


@pytest.mark.parametrize("word", ["VISISTED", "DOAPMINE", "INCOSISTENTLY", "decesion"])
def test_misspelt_words(word: str) -> None:
    assert is_misspelt_word(word)


@pytest.mark.parametrize("word", ["Szczepanik", "Quartermain", "Andersson", "Rossetti", "Cole"])
def test_names_are_not_misspellings(word: str) -> None:
    # Unknown names, a name one letter from another name, a gazetteer name, a short name.
    assert not is_misspelt_word(word)


@pytest.mark.parametrize(("text", "bad"), [
    ("son and husband visisted today", "visisted"),
    ("HOUSE STAFF NOTIFIED. DOAPMINE TITRATED UP", "DOAPMINE"),
    ("WIFE CALLED; OVERNIGHTER PLANS UNCHANGED", "OVERNIGHTER"),
])
def test_no_name_from_a_misspelling_or_across_a_sentence(text: str, bad: str) -> None:
    assert not any(bad in s for s in spans(names.NameRecognizer(), text))


def test_relation_still_names_an_unknown_word() -> None:
    assert "SZCZEPANIK" in spans(names.NameRecognizer(), "HUSBAND SZCZEPANIK IN TO VISIT")


def _spacy(text: str, span: str, kind: str = "PERSON") -> RecognizerResult:
    i = text.index(span)
    return RecognizerResult(kind, i, i + len(span), 0.85,
                            recognition_metadata={"recognizer_name": "SpacyRecognizer"})


def test_clinical_context_needs_two_markers() -> None:
    assert clinical_context("Pt remains on vent, ABG pending.")
    assert not clinical_context("The pt was here.")
    assert not clinical_context("Meet me at 12 Elm St tomorrow.")


@pytest.mark.parametrize(("span", "kind", "kept"), [
    ("Cont mech", "ORGANIZATION", False),    # shorthand words
    ("Getting Albuterol", "ORGANIZATION", False),  # an ordinary word and a drug
    ("Treatments", "PERSON", False),
    ("CPNCP", "ORGANIZATION", False),        # an abbreviation
    ("Szczepanik", "PERSON", True),          # a name-like word
    ("Sacred Heart", "ORGANIZATION", True),  # words of facility names
])
def test_spacy_in_clinical_prose(span: str, kind: str, kept: bool) -> None:
    text = (f"Vent settings unchanged, ABG ok. {span} here today. Cont mech vent support. "
            "Getting Albuterol. Treatments. CPNCP. Szczepanik. Sacred Heart.")
    assert keep(text, _spacy(text, span, kind), clinical=True) is kept


def test_spacy_outside_clinical_prose_unchanged() -> None:
    text = "Treatments by Getting Albuterol, a band."
    assert keep(text, _spacy(text, "Getting Albuterol", "ORGANIZATION"))
    assert not keep(text, _spacy(text, "Getting Albuterol", "ORGANIZATION"), clinical=True)


def _date(text: str, span: str) -> RecognizerResult:
    i = text.index(span)
    return RecognizerResult("DATE_TIME", i, i + len(span), 0.6)


@pytest.mark.parametrize(("text", "span"), [
    ("C/O INCISIONAL PAIN #9/10 THIS AM", "9/10"),
    ("c/o 3-4/10 cpain in am", "4/10"),
    ("PT THEN HAD 8/10 CP, RESOLVED", "8/10"),
    ("weaned to cpap+ps 5/5 40%. tol well", "5/5"),
    ("remains on Pressure Support of 12/5 FIO2 40%", "12/5"),
    ("BC + staph 4/4 bottles", "4/4"),
])
def test_scores_settings_and_counts_are_not_dates(text: str, span: str) -> None:
    assert not keep(text, _date(text, span), shorthand=True)


@pytest.mark.parametrize(("text", "span"), [
    ("gram + cocci blood cultures 10/1 from line", "10/1"),
    ("plan to wean for extubation 10/3", "10/3"),
    ("DECREASED UO-9/10 TO 9/12", "9/10"),
    ("IABP weaned off 9/7", "9/7"),
])
def test_dates_near_those_words_stay(text: str, span: str) -> None:
    assert keep(text, _date(text, span), shorthand=True)


@pytest.mark.parametrize(("text", "want"), [
    ("PT TRANSFERRED FROM MEMORIAL HOSPITAL W CHF", "MEMORIAL HOSPITAL"),
    ("admitted from university of iowa hospital yesterday", "university of iowa hospital"),
    ("PRESENTED TO U OF MD MED CENTER ON ARRIVAL", "U OF MD MED CENTER"),
    ("PT IS 80 YO WOMAN ADMITTED TO BRANTLEY7 W/ CHF", "BRANTLEY7"),
])
def test_facilities(text: str, want: str) -> None:
    from app.core.privacy.packs.clinical_notes.facilities import FacilityRecognizer

    assert want in spans(FacilityRecognizer(), text), spans(FacilityRecognizer(), text)


def test_icu_rehab_is_no_name() -> None:
    from app.core.privacy.packs.clinical_notes.facilities import FacilityRecognizer

    assert spans(FacilityRecognizer(), "WILL GO TO ICU REHAB AFTER") == []


@pytest.mark.parametrize(("text", "want"), [
    ("SOCIAL: LIVES ALONE. SON ROB 555-201-0147 AND A DAUGHTER", "ROB"),   # a short form
    ("Husband Rich Vasilescu in to visit", "Rich Vasilescu"),
    ("is retired. dtr Frances Baker- 555- 201- 0147.", "Frances Baker"),   # surname = word
    ("TAP...HANK SZCZEPANIK (RESIDENT) WORKING ON THIS", "HANK SZCZEPANIK"),
    ("INR THIS AM 6.0. E. WELSH AWARE. PT RECEIVED FFP", "E. WELSH"),      # initial + word
])
def test_round2_names(text: str, want: str) -> None:
    rec = names.NameRecognizer()
    found = spans(rec, text)
    assert any(want in s for s in found), found


@pytest.mark.parametrize(("text", "bad"), [
    ("T 100.8 R.\n\nFOLEY DRAINING CLOUDY URINE", "FOLEY"),  # an initial across a line break
    ("O2 SATS >96% ON 2 LITERS NP.", "LITERS"),             # NP: nasal prongs, no signature
    ("WILL CONSULT OT AND SKIN CARE RN.", "CARE"),
    ("monitor labs for shock liver/shock kidney", "kidney"),
])
def test_round2_names_left_alone(text: str, bad: str) -> None:
    assert not any(bad in s for s in spans(names.NameRecognizer(), text))


@pytest.mark.parametrize(("text", "want"), [
    ("SON-IN-LAW BARTOLO CALLED.", "BARTOLO"),
    ("DAUGHTER IN LAW OKSANA UPDATED.", "OKSANA"),
    ("FAMILY (TERESINA AND BARTOLO) IN.", "TERESINA"),
    ("TERESINA, PT'S WIFE, CALLED.", "TERESINA"),
    ("HEALTH CARE PROXY IS OKSANA.", "OKSANA"),
    ("FAMILY MEETING WITH OKSANA TODAY.", "OKSANA"),
    ("GRABOWSKI NP IN TO SEE PT.", "GRABOWSKI"),
])
def test_relations_and_credentials(text: str, want: str) -> None:
    assert want in " ".join(spans(names.NameRecognizer(), text))


@pytest.mark.parametrize("text", ["SON IN BED, WIFE IS TIRED.", "NIGHT RN AWARE OF LABS.",
                                  "FAMILY HX OF CAD."])
def test_relations_and_credentials_need_a_name(text: str) -> None:
    assert spans(names.NameRecognizer(), text) == []


@pytest.mark.parametrize(("text", "want"), [
    ("PLEASE CALL HER AT 555 1234 IF ANY CHANGES.", "555 1234"),
    ("BEEPER #4-1234 FOR QUESTIONS", "#4-1234"),
])
def test_cued_local_and_pager_numbers(text: str, want: str) -> None:
    from app.core.privacy.recognizers.contact import phone

    assert want in spans(phone(), text)


def test_spaced_digits_without_a_cue_are_no_phone() -> None:
    from app.core.privacy.recognizers.contact import phone

    text = "TV 500 1000 TODAY"
    found = [r for r in phone().analyze(text, ["PHONE_NUMBER"], None)]
    assert all(not keep(text, r, shorthand=True) for r in found)


@pytest.mark.parametrize("text", ["PT TRIALED ON 5/5, TOLERATED WELL, EXTUBATED AT NOON",
                                  "ON BI-PAP 10/5 WITH ABG 7.35/66/55"])
def test_vent_pressure_pairs_are_not_dates(text: str) -> None:
    span = "5/5" if "5/5" in text else "10/5"
    assert not keep(text, _date(text, span), shorthand=True)


def test_five_five_outside_vent_notes_is_a_date() -> None:
    text = "FOLLOW UP IN CLINIC ON 5/5 WITH CARDIOLOGY"
    assert keep(text, _date(text, "5/5"), shorthand=True)


def test_assist_control_is_no_bank_account() -> None:
    from app.core.privacy.recognizers.financial import bank_account

    assert spans(bank_account(), "remains vented a/c 600-12-peep 5, 40%") == []
    assert spans(bank_account(), "wire to A/C # 4401 2297 001") == ["4401 2297 001"]


@pytest.mark.parametrize(("text", "want"), [
    ("She named him Ludovit", "Ludovit"),
    ("sometimes people call me višeslav", "višeslav"),
    ("She was born in 1964. Her maiden name is Key", "Key"),
    ("Thanks,\nEsat Jeknić\nMarshall Logistics", "Esat Jeknić"),   # a name line
    (">Ilse H. Brandtner\n>Acme Widgets\n>12 Elm Street", "Ilse H. Brandtner"),
])
def test_naming_phrases_and_name_lines(text: str, want: str) -> None:
    assert want in spans(names.NameRecognizer(), text), spans(names.NameRecognizer(), text)


@pytest.mark.parametrize("text", [
    "the name is Important to us",
    "call me when you can",
    "Dear team\nBest Regards\nTalk soon",
    "PMH:\n COPD\n Cor Pulmonale\n Pt on vent, ABG ok",   # a diagnosis list in a note
])
def test_naming_phrases_and_name_lines_left_alone(text: str) -> None:
    assert spans(names.NameRecognizer(), text) == []


@pytest.mark.parametrize(("text", "want"), [
    ("ship to 41086 Kiannonkatu 98\n Suite 464\n OULU\n\n Finland 80896 please",
     "41086 Kiannonkatu 98\n Suite 464\n OULU\n\n Finland 80896"),   # postcode after a blank line
    ("meet at 25615 Tawastintie 72 Apt. 004\nKNIVSTA, nan 18237 after",
     "25615 Tawastintie 72 Apt. 004\nKNIVSTA, nan 18237"),           # a region code, any case
    ("> 2224 Lysaker gate 232\n> TRONDHEIM", "2224 Lysaker gate 232"),
    ("lives at 136 Filadelfeos Str., Klirou", "136 Filadelfeos Str., Klirou"),
    ("she lives on Via dei Fiorentini 17 now", "Via dei Fiorentini 17"),
])
def test_round2_addresses(text: str, want: str) -> None:
    from app.core.privacy.recognizers.address import StreetAddressRecognizer

    found = spans(StreetAddressRecognizer(), text)
    assert any(want in s for s in found), found


@pytest.mark.parametrize("text", ["Boarding at Gate 23 now", "HR 80S ON 2L NC. STR 5 SECONDS",
                                  "12 Elm Street\n\nCall me at noon"])
def test_round2_addresses_left_alone(text: str) -> None:
    from app.core.privacy.recognizers.address import StreetAddressRecognizer

    found = spans(StreetAddressRecognizer(), text)
    assert all("Gate" not in s and "STR" not in s and "Call" not in s for s in found), found


@pytest.mark.parametrize(("text", "want"), [
    ("PMH: CAD, S/P MI 92, 3 VCABG C MVR", ["92"]),
    ("PMH: Recently diagnosed NIDDM. 09 PTCA to LCX. 13 stent to LCX", ["09", "13"]),
    ("PMH: HTN; RENAL INSUFFICIENCY- BUN 54, CR 2.8", []),   # a lab value
    ("PMH: COPD on chronic home 02. Rectal", []),            # oxygen, lower case before
    ("HR 92, BP 120/80, MI 92,", []),                        # no history header
])
def test_two_digit_years_in_past_history(text: str, want: list[str]) -> None:
    from app.core.privacy.packs.clinical_notes.history import PastHistoryYearRecognizer

    found = spans(PastHistoryYearRecognizer(), text)
    assert found == want


def test_date_range_and_month_of_year() -> None:
    from app.core.privacy.recognizers.temporal import clinical_date

    assert "6/30-7/2" in spans(clinical_date(), "also intubated 6/30-7/2 for CHF")
    assert "MARCH OF 1993" in spans(clinical_date(), "IN THIS CASE MARCH OF 1993.")
    text = "crackles at bases up 1/3-1/2. sat 94%"
    assert not keep(text, _date(text, "1/3-1/2"), shorthand=True)


@pytest.mark.parametrize(("text", "want"), [
    ("had a heart transplant at Holy Cross. This friend", "Holy Cross"),
    ("SCREENED BY BALTIMORE REHAB AND OTHERS", "BALTIMORE REHAB"),   # a city names the rehab
    ("TAKEN TO LAUREL REGIONAL WHERE CKS POS", "LAUREL REGIONAL"),
    ("HE WOULD NEED TO LEAVE GH, HAVE SURGERY", "GH"),
])
def test_round2_facilities(text: str, want: str) -> None:
    from app.core.privacy.packs.clinical_notes.facilities import FacilityRecognizer

    assert want in spans(FacilityRecognizer(), text), spans(FacilityRecognizer(), text)


def test_facility_word_alone_does_not_propagate() -> None:
    texts = ["AWAITING BED AT KIMBROUGH REHAB. MAY GO TO REHAB MONDAY"]
    start = texts[0].index("KIMBROUGH REHAB")
    src = RecognizerResult("LOCATION", start, start + len("KIMBROUGH REHAB"), 0.7)
    extra = propagate_results(texts, [[src]])
    assert all(texts[0][r.start:r.end] != "REHAB" for r in extra[0])
    # ...while the name itself does: a second mention is found
    again = propagate_results([texts[0] + " KIMBROUGH CALLED"], [[src]])
    assert any(r.start > len(texts[0]) for r in again[0])


def propagate_results(texts: list[str], results: list[list[RecognizerResult]]):
    from app.core.privacy.propagate import propagate

    return propagate(texts, results, lambda s: False)


@pytest.mark.parametrize(("text", "want"), [
    ("Seen today.\nGwen Sato, RD\n", "Gwen Sato"),
    ("Note by JOHN MARSH, PA-C.", "JOHN MARSH"),
])
def test_more_credentials(text: str, want: str) -> None:
    assert want in spans(names.NameRecognizer(), text)


def test_ot_alone_is_no_signature() -> None:
    assert spans(names.NameRecognizer(), "OT EVAL DONE. PT WORKED WITH OT.") == []


@pytest.mark.parametrize(("word", "common"), [("Torres", False), ("Reyes", False),
                                              ("boxes", True), ("wishes", True),
                                              ("places", True), ("goes", True)])
def test_es_is_an_inflection_only_after_a_sibilant(word: str, common: bool) -> None:
    from app.core.privacy.recognizers.gazetteer import is_common

    assert is_common(word) is common


@pytest.mark.parametrize(("text", "want"), [
    ("Dear Beatrice Van Houten, thanks", "Beatrice Van Houten"),
    ("Seen with Maria de Souza today", "Maria de Souza"),
])
def test_surname_particles(text: str, want: str) -> None:
    assert want in spans(names.NameRecognizer(), text)


def test_particle_needs_a_capitalised_word() -> None:
    assert spans(names.NameRecognizer(), "Dr. Smith de the rest") == ["Smith"]
