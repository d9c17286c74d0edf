"""Round-4 mechanisms for nursing notes, each through the whole analyzer: date shapes notes
type (a period for the year's slash, two dates run together, hyphens, a space beside the
slash, holidays, a year after "since"), regions and a district after a residence phrase,
employers, home-care agencies, facility names with place words, an Irish surname written
apart, a given name that is a word after a credential or recurring in the same note, and the
precision guards beside each. Texts are invented; no development data."""

from __future__ import annotations

import pytest

from app.core.privacy.analyzer import get_analyzer


def _covered(text: str, want: str) -> bool:
    start = text.index(want)
    want = want.removesuffix(" is")  # "Hank is": the second "Hank", not the first
    cov: set[int] = set()
    for f in get_analyzer().analyze(text):
        cov.update(range(f.start, f.end))
    return all(i in cov for i in range(start, start + len(want)) if not text[i].isspace())


def _types(text: str, want: str) -> set[str]:
    start = text.index(want)
    return {f.type for f in get_analyzer().analyze(text)
            if f.start < start + len(want) and start < f.end}


@pytest.mark.parametrize(("text", "want"), [
    ("PT ADMITTED 11/21.93 WITH CHF, DIURESED.", "11/21.93"),
    ("CURRENTLY IN RADIATION, HAD TREATMENTS 10/03/10/04 AND DUE AGAIN.", "10/03/10/04"),
    ("LAST DOSE OF COUMADIN 12-14-05, INR PENDING.", "12-14-05"),
    ("PT EXTUBATED ON 12-14 AND DOING WELL.", "12-14"),
    ("RIGHT IJ LINE PLACED 12 /14 BY IR.", "12 /14"),
    ("pt admitted on christmas day with chest pain", "christmas day"),
    ("PT HOPES TO BE HOME FOR THANKSGIVING.", "THANKSGIVING"),
    ("pt states he has had this chest ache since 2006 but it comes and goes", "2006"),
])
def test_note_date_shapes(text: str, want: str) -> None:
    assert _covered(text, want)


@pytest.mark.parametrize(("text", "bad"), [
    ("STARTED PT ON 6.25 CAPTOPRIL FOR BP CONTROL.", "6.25"),
    ("PT ON 2-4L NC, SATS 95%.", "2-4"),
    ("RATE ON 10-12 BPM OVERNIGHT.", "10-12"),
    ("PAIN 7/10.5 AFTER MORPHINE", "7/10"),
    ("ASLEEP SINCE 2000 HRS, NO DISTRESS.", "2000"),
])
def test_doses_rates_and_times_are_not_dates(text: str, bad: str) -> None:
    assert "DATE_TIME" not in _types(text, bad)


@pytest.mark.parametrize(("text", "want"), [
    ("FAMILY ARRIVED AT 2 AM FROM THE EASTERN SHORE, SPOKE TO TEAM.", "EASTERN SHORE"),
    ("Was on vacation on Cape Cod when the pain began.", "Cape Cod"),
    ("Sister is health care proxy and lives in DC.", "DC"),
    ('DAUGHTER ("FROM TOLEDO") IN TO VISIT.', "TOLEDO"),
    ("SOCIAL: HUSBAND CEO OF ZYLOTRONIX, 2 CHILDREN.", "ZYLOTRONIX"),
    ("Concerned about his business Quarvelle while in the unit.", "Quarvelle"),
    ("VNA HAS NOT ACCEPTED. TO MEET S. KORDOVAN NURSING AGENCY WED 9AM.", "S. KORDOVAN NURSING AGENCY"),
    ("pt is a 41 yo f who arrived from tarrant square hosp via medflight", "tarrant square hosp"),
])
def test_places_and_employers(text: str, want: str) -> None:
    assert _covered(text, want)


@pytest.mark.parametrize(("text", "bad"), [
    ("PT TO BE DC'D HOME TOMORROW, DC PLANNING IN PROGRESS.", "DC"),
    ("SON WORKS AT HOME, WILL VISIT DAILY.", "HOME"),
    ("PT OWNS HIS BUSINESS AND IS ANXIOUS TO GET BACK TO WORK.", "AND"),
])
def test_places_and_employers_need_a_name(text: str, bad: str) -> None:
    assert not _covered(text, bad)


@pytest.mark.parametrize(("text", "want"), [
    ("SR with freq PACs. Dr. o rourke and Dr. Kowalczyk in room.", "o rourke"),
    ("SEEN BY DR. MC TAVISH THIS AM.", "MC TAVISH"),
    ("Rate of 40 in sinus. NP grace made aware, eps consulted.", "grace"),
    ("GIVEN CARAFATE-W. KORDOVAN AWARE-WILL START PROTONIX.", "W. KORDOVAN"),
    # a given name that is also a word, recurring in the note after the full name was found
    ("Hank Przybylo (son) called at noon. Long talk; worried, Hank is his proxy.", "Hank is"),
])
def test_names(text: str, want: str) -> None:
    assert _covered(text, want)


@pytest.mark.parametrize(("text", "bad"), [
    ("RN WILL FOLLOW UP WITH TEAM IN AM.", "WILL"),
    ("RN DREW LABS AT 0400, K 3.2.", "DREW"),
    # a given name that is also a word is looked for again only as that capitalised name
    ("Hank Przybylo (son) called. A hank of yarn sits at the bedside.", "hank"),
])
def test_names_left_alone(text: str, bad: str) -> None:
    assert not _covered(text, bad)


@pytest.mark.parametrize(("text", "want"), [
    ("HUSBAND CAN BE REACHED AT WORK 555-1234 EXT 22", "555-1234 EXT 22"),
    ("DAUGHTER'S PHONE NUMBER IS 555 1234, CALL IF CHANGES", "555 1234"),
    ("please call x4-5678 with results", "x4-5678"),
    ("MICU TEAM (QUARNSTROM/PELLEGRINO) UPDATED", "QUARNSTROM"),
])
def test_numbers_and_listed_names(text: str, want: str) -> None:
    assert _covered(text, want)


@pytest.mark.parametrize(("text", "bad"), [
    ("DR KOWALCZYK/RENAL AWARE OF K", "RENAL"),
])
def test_ranges_and_services_stay(text: str, bad: str) -> None:
    assert not _covered(text, bad)


_REST = " PT RESTING COMFORTABLY WITH NO DISTRESS AT THIS TIME, VSS, AFEBRILE."


@pytest.mark.parametrize(("text", "want"), [
    ("HOME PHONE IS 555-1234." + _REST, "555-1234"),
    ("WIFE CAN BE CALLED ANYTIME 555-1234." + _REST, "555-1234"),
    ("SOCIAL: WIFE LOPIE (555-1234) VISITED." + _REST, "555-1234"),
    ("PLEASE CALL HUSBAND W/ ANY CHANGES @ 555-1234." + _REST, "555-1234"),
    ("DTR'S CELL 5551234." + _REST, "5551234"),
])
def test_local_numbers_in_upper_case_notes(text: str, want: str) -> None:
    assert _covered(text, want)


@pytest.mark.parametrize(("text", "bad"), [
    ("RESP: TV 800-1200 ON PS 10/5, RR 20S." + _REST, "800-1200"),
    ("CARDIAC: SVR 954-1183 AFTER NEO WEANED." + _REST, "954-1183"),
])
def test_ranges_in_upper_case_notes_stay(text: str, bad: str) -> None:
    assert "PHONE_NUMBER" not in _types(text, bad)
