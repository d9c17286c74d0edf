"""Round-3 mechanisms for nursing notes: the subject of a person's verb, the patient a note
introduces, a surname after title and given name, given names listed with a found name, plural
and misspelt relations, more contact verbs, and their precision guards. Texts are invented; no
development data."""

from __future__ import annotations

import pytest

from app.core.privacy.recognizers import names


def covered(rec, text: str, want: str) -> bool:
    start = text.index(want)
    cov: set[int] = set()
    for r in rec.analyze(text, rec.supported_entities, None):
        if r.score >= 0.4:
            cov.update(range(r.start, r.end))
    return all(i in cov for i in range(start, start + len(want)) if not text[i].isspace())


def found(text: str) -> list[str]:
    rec = names.NameRecognizer()
    return [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"], None) if r.score >= 0.4]


@pytest.mark.parametrize(("text", "want"), [
    # the subject of a verb only people do: a given name that is also a word, an unknown word
    ("SOCIAL: HANK CALLED THIS AM FOR UPDATE. PT RESTING.", "HANK"),
    ("Pt comfortable on vent. Tiberiu verbalizes his understanding of the plan.", "Tiberiu"),
    ("SOCIAL- ZBIGNIEWA IN TO VISIT, UPDATED BY MD.", "ZBIGNIEWA"),
    # the patient a note introduces
    ("ottoline brzeczek is a 70 yr old female adm with sob", "ottoline brzeczek"),
    ("ottoline morales is a 70 yr old female adm with sob", "ottoline morales"),
    # a surname that is also a word, after a title and a given name (mixed case)
    ("Dr Ferdinand Halfpenny and Dr. Sarah Lee spoke with family.", "Ferdinand Halfpenny"),
    # a given name that is also a word, listed with a found name
    ("Daughters Odalys and Hank were updated by phone.", "Hank"),
    # plural and misspelt relations, more contact verbs
    ("SOCIAL: SISTERS ODALYS IN TODAY, UPDATED.", "ODALYS"),
    ("PROXY IS GRANDAUGHTER: ZUZANNA, WHO WAS UPDATED", "ZUZANNA"),
    ("The team has spoken extensively with Tiberiu about goals of care.", "Tiberiu"),
    ("ONLY ABLE TO REACH ROB. WILL CALL AGAIN.", "ROB"),
    # a religious title before a name-like word
    ("RABBI KLEINBAUM CAME TO SPEAK WITH FAMILY.", "KLEINBAUM"),
    # a given name that is also a word, after a relation; a carer named by role
    ("SOCIAL: DAUGHTER ROSE IN THIS AFTERNOON, UPDATED.", "ROSE"),
    ("SOCIAL: CASE MANAGER ZBIGNIEWA FOLLOWING FOR DISPO.", "ZBIGNIEWA"),
    # a name set off before its relation
    ("SOCIAL: QUENBY ARTHWICKE, NIECE, CALLED FOR UPDATE.", "ARTHWICKE"),
    ("CONTACTS: OTYLIA - DAUGHTER - 555-201-3344", "OTYLIA"),
    # more verbs and roles around a person
    ("SOCIAL: PHONE CALL FROM ZBIGNIEWA OVERNIGHT, QUESTIONS ANSWERED.", "ZBIGNIEWA"),
    ("PT EVALUATED BY KRZESIMIR FOR PLACEMENT.", "KRZESIMIR"),
    ("SOCIAL: ZBIGNIEWA UPDATED ON PLAN OF CARE BY TEAM.", "ZBIGNIEWA"),
    ("NEUROLOGIST KRZESIMIR IN TO EXAMINE PT.", "KRZESIMIR"),
    # clinicians: a given name that is a word after a title, a credential in brackets or
    # before a colon, a person from a service
    ("Pt made DNR after talks with Dr Will Cole (attending).", "Will Cole"),
    ("SEEN BY KRZESIMIR (NP) THIS AM, NO NEW ORDERS.", "KRZESIMIR"),
    ("RN: KRZESIMIR", "KRZESIMIR"),
    ("KRZESIMIR FROM NEURO IN TO SEE PT.", "KRZESIMIR"),
    ("PT BATHED WITH CNA KRZESIMIR, TOLERATED WELL.", "KRZESIMIR"),  # an aide's credential
    # a surname that is also a word after a weak title
    ("Spoke with Mr. Savage about his wife's plan of care.", "Savage"),
    ("MS WEAVER CALLED FOR AN UPDATE.", "WEAVER"),
])
def test_found(text: str, want: str) -> None:
    assert covered(names.NameRecognizer(), text, want)


@pytest.mark.parametrize(("text", "bad"), [
    ("SOCIAL- NEICE CALLED FOR UPDATE. PT RESTING.", "NEICE"),  # a relation, misspelt
    ("SKIN- DERM IN TO SEE PT'S FEET TODAY.", "DERM"),  # a service, and "in to see"
    ("Pt was unresponsive when the EMTs arrived, given O2.", "EMTs"),  # an abbreviation
    ("PT STATES HE IS COMFORTABLE. FAMILY VISITED.", "STATES"),
    ("Family at bedside. Rabbi into see pt and family.", "into"),  # a verb after a title
    ("Family at bedside. Will stop pressors after Rabbi sees pt.", "sees"),
    ("PT IS A 70 YO MAN ADMITTED WITH SOB", "PT"),
    ("PLAN TO TRACH ON THURSX, WIFE IN AND CONSENT OBTAINED.", "THURSX"),  # a list, no name
    ("SOCIAL: SON WILL CALL IN AM. DAUGHTER MAY VISIT.", "WILL"),
    ("hickman cath examined by interventional radiology, cath ok.", "interventional"),
    ("CONSULT FROM RENAL, CALL FROM NEURO.", "CONSULT"),
    ("Dr will call back with results.", "will"),
    ("STARTED ON A BICARB 150 MEG DRIP AT 500CC Q HR", "MEG"),  # a unit after a quantity
    ("#16 FR FOLEY PLACED, DRAINING CLEAR URINE.", "FOLEY"),  # a catheter's French size
    ("ECHO: MR SEVERE, MS MILD. MS CHANGES OVERNIGHT.", "SEVERE"),  # mitral valves
])
def test_left_alone(text: str, bad: str) -> None:
    assert not any(bad in s for s in found(text))


def locations(text: str) -> list[str]:
    from app.core.privacy.packs.clinical_notes.facilities import FacilityRecognizer

    rec = FacilityRecognizer()
    return [text[r.start:r.end] for r in rec.analyze(text, ["LOCATION"], None) if r.score >= 0.4]


@pytest.mark.parametrize(("text", "want"), [
    ("PT FOUND AT HOME IN DUNDALK MILL BY EMS THIS AM.", "DUNDALK MILL"),  # a place's suffix
    ("Lives in Towson Heights with her son.", "Towson Heights"),
    ("pneumonia at rehab. sent to Brockton Vance EW where EKG done.", "Brockton Vance EW"),
    ("pt rec'd ntg enroute to mgh, intubated in er. pt on vent overnight.", "mgh"),
    ("CARDIAC CATH @ GH ON 8/15 SHOWED 3VD.", "GH"),
    ("Pt admitted to U Towson ER w/ ant ST elevations.", "U Towson ER"),  # no "of"
    ("SOCIAL: DAUGHTER CALLED FROM QUENTWORTH THIS AM.", "QUENTWORTH"),  # called from
    ("SOCIAL: SON FLYING IN FROM QUENTWORTH TOMORROW.", "QUENTWORTH"),
    ("PT FROM KEELWORTH NH, BASELINE DEMENTIA.", "KEELWORTH NH"),  # a nursing home
    ("LIVES IN DUNDALK COUNTY WITH WIFE.", "DUNDALK COUNTY"),
    ("SCREENED BY CALVERT REHAB AND QUENTWORTH, AWAITING BED.", "QUENTWORTH"),  # listed
    ("Per Brantworth 3 RN, UO only 20cc for past 2hrs.", "Brantworth"),  # a ward's nurse
])
def test_places_found(text: str, want: str) -> None:
    assert want in locations(text), locations(text)


@pytest.mark.parametrize(("text", "bad"), [
    ("SATS DOWN, CHANGED BACK TO NRB WITH GOOD EFFECT.", "NRB"),  # "back to" a setting
    ("PT EXTUBATED AND TRANSFERRED TO THE NSICU OVERNIGHT.", "NSICU"),  # a unit
    ("family brought into room-CPR done for 10 sec.", "room"),
    ("wean o2 as tol. transfer to floor.will call family.", "floor"),
    ("No movement of LUE or LLE noted, skin care done.", "LUE"),  # an abbreviation
    ("Labs drawn by resident from Quinton cath this am.", "Quinton"),  # a device
    ("LAB CALLED FROM MICU, CALLED FROM HOME.", "MICU"),  # a unit
    ("PT IS A NH RESIDENT.", "NH"),  # no name before "NH"
    ("DISCHARGED TO CALVERT REHAB AND FAMILY AWARE.", "FAMILY"),  # an ordinary word
])
def test_places_left_alone(text: str, bad: str) -> None:
    assert not any(bad in s for s in locations(text)), locations(text)


def test_a_state_is_no_location_in_a_note() -> None:
    from presidio_analyzer import RecognizerResult

    from tests.unit.privacy.filtering import keep

    text = "SON WENT BACK TO CALIFORNIA, DAUGHTER FROM DUNDALK."
    state = RecognizerResult("LOCATION", 17, 27, 0.65)
    town = RecognizerResult("LOCATION", 43, 50, 0.65)
    assert text[17:27] == "CALIFORNIA" and text[43:50] == "DUNDALK"
    assert not keep(text, state, shorthand=True)
    assert keep(text, town, shorthand=True)
    assert keep(text, state)  # prose: a state may still be asked for


def _date_at(text: str, span: str) -> bool:
    from app.core.privacy.packs.clinical_notes.note_dates import slashed_date_ok

    i = text.index(span)
    return slashed_date_ok(text, i, i + len(span))


@pytest.mark.parametrize(("text", "span", "date"), [
    ("ID- TEMP UP TO 102.8, PAN CULTURED X 2 8/15. TYLENOL GIVEN.", "8/15", True),  # a count
    ("LINES: PICC PLACED IN R AC 11/17, ART LINE IN R RADIAL.", "11/17", True),  # a site
    ("VENT: PT REMAINS ON AC 12/5, 40%, TOLERATING.", "12/5", False),  # assist control
    ("VENTED W SETTINGS-SIMV/PS, 500X10, 40%, & 5/8. ABG OK.", "5/8", False),  # joined modes
    ("VS SINCE ADMISSION: 10/12 HR 80S, BP STABLE.", "10/12", True),  # not half an hour
    ("HAD RADIATION TREATMENTS 10/12-14, NEXT ONE DUE.", "10/12", True),  # days of a month
    ("IVF CHANGED TO D5 1/2 NS AT 100CC/HR.", "1/2", False),  # a fraction
    ("BC + STAPH AUREUS 4/4 BOTTLES.", "4/4", False),  # a count
    ("TOLERATED TRIAL FOR 1 1/2-2H, RESTING.", "1/2", False),
    ("PSV 10/5 PEEP, 40%.", "10/5", False),
    ("ID: BLOOD CX X 2 10/12, URINE CX PENDING.", "10/12", True),  # a count, then a date
    ("VENT: AC 500 X 12 5/5 40%, ABG PENDING.", "5/5", False),  # volume times rate
    ("RESP: ON CPAP PS SINCE 10/12, TOLERATING.", "10/12", True),  # only a date is "since"
])
def test_dates_among_settings(text: str, span: str, date: bool) -> None:
    assert _date_at(text, span) is date


def test_a_date_after_a_period_without_its_space() -> None:
    from app.core.privacy.recognizers.temporal import clinical_date

    rec = clinical_date()
    text = "Did well, transferred to the floor.8/31. Dose 1.5/2 tabs."
    found = [text[r.start:r.end] for r in rec.analyze(text, ["DATE_TIME"], None)]
    assert "8/31" in found and not any("5/2" in f for f in found)


@pytest.mark.parametrize(("text", "span", "phone"), [
    ("SOCIAL: DAUGHTER KAREN 555-1234 WOULD LIKE A CALL.", "555-1234", True),  # a name before
    ("SOCIAL: SISTER: 555-1234, CALL IF CHANGES.", "555-1234", True),  # a relative before
    ("PT ON VENT, SATS 95%, SVR 954-1183, CVP 12.", "954-1183", False),  # a range of values
])
def test_seven_digits_after_a_person(text: str, span: str, phone: bool) -> None:
    from presidio_analyzer import RecognizerResult

    from tests.unit.privacy.filtering import keep

    i = text.index(span)
    r = RecognizerResult("PHONE_NUMBER", i, i + len(span), 0.5)
    assert keep(text, r, shorthand=True) is phone
