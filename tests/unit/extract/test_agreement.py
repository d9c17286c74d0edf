"""Agreement rules: parties (companies and people), effective date, governing law, term.

The agreements here are short texts written for the tests in the styles NDAs are drafted in.
"""

from __future__ import annotations

import pytest

from app.core.documents import Document, Page
from app.core.extract import fields as F
from app.core.extract import patterns as P
from app.core.extract.fields import FieldExtractor
from app.core.extract.lines import span_text
from app.core.extract.packs.agreement import clauses as A
from app.core.extract.packs.agreement import parties as PT
from app.core.extract.packs.agreement.parties import names as PN
from app.core.extract.profiles import get_profile


def _doc(*pages: str) -> Document:
    return Document("a.pdf", "pdf", [Page(i + 1, t) for i, t in enumerate(pages)], "x" * 64)


def _nda(*pages: str) -> dict:
    doc = _doc(*pages)
    fields = FieldExtractor(None).extract(doc, get_profile("nda"), [])
    party = fields["party"]
    for value, spans in zip(party.value, party.spans, strict=True):
        assert span_text(doc, spans[0]) == value
    return fields


def test_party_normalization_follows_kleister() -> None:
    assert P.normalize_party("NIKE, Inc.") == "NIKE Inc."
    assert P.normalize_party("Kite Pharma,\nInc.") == "Kite Pharma Inc."
    assert P.normalize_party("W&L Enterprises Ltd") == "W and L Enterprises Ltd."
    assert P.normalize_party("Leonard Green & Partners, L.P.") == "Leonard Green and Partners LP"
    assert P.normalize_party("Coupa Software Incorporated") == "Coupa Software Inc."
    assert P.normalize_party("Z Capital Partners L.L.C.") == "Z Capital Partners LLC"
    assert P.normalize_party("Maher Albitar, M.D.") == "Maher Albitar"


def test_preamble_names_a_company_and_a_person() -> None:
    f = _nda(
        "CONFIDENTIALITY AGREEMENT\nThis Agreement is made as of January 30, 2006, between ASSET "
        "ACCEPTANCE "
        "CAPITAL CORP., a Delaware corporation (the “Company”), and James C. Lee (“Employee”). "
        "The Company "
        "desires to continue the employment of Employee."
    )
    assert {n.upper() for n in f["party"].normalized} == {
        "ASSET ACCEPTANCE CAPITAL CORP.",
        "JAMES C. LEE",
    }
    assert f["effective_date"].normalized == "2006-01-30"


def test_parties_block_and_its_divisions() -> None:
    f = _nda(
        "COVENANT NOT TO COMPETE AND NON-DISCLOSURE AGREEMENT\nPARTIES:\nEric Dean Sprunk "
        "(“EMPLOYEE”)\nand\n"
        "NIKE, Inc., divisions, subsidiaries\nand affiliates. (“NIKE”):\nRECITALS:\nA. This "
        "Covenant ..."
    )
    assert sorted(f["party"].normalized) == ["Eric Dean Sprunk", "NIKE Inc."]


def test_between_two_bare_names() -> None:
    f = _nda(
        "This Agreement is made this 6th of February, 1999 by and between High Speed Net "
        "Solutions and "
        "Smith Widget Enterprises, LLC. Collectively the parties agree as follows."
    )
    assert "High Speed Net Solutions" in f["party"].normalized
    assert "Smith Widget Enterprises LLC" in f["party"].normalized


def test_a_company_mentioned_in_passing_is_not_a_party() -> None:
    f = _nda(
        "This Agreement is entered into as of March 21, 2014 (the “Effective Date”) by and "
        "between Intel Corporation "
        "(“Intel”) and Cloudera, Inc. (“Cloudera”).\nWHEREAS, Cloudera has engaged Morgan Stanley "
        "& Co. LLC "
        "(the “Adviser”) to assist it."
    )
    assert sorted(f["party"].normalized) == ["Cloudera Inc.", "Intel Corporation"]
    assert f["effective_date"].normalized == "2014-03-21"


def test_letter_agreement_addressee_and_letterhead() -> None:
    text = (
        "Wells Fargo Securities, LLC\n301 South College Street\nCharlotte, NC 28288\n\nFebruary "
        "28, 2011\n\n"
        "ABC-Mart, Inc.\nc/o Barclays Capital\n745 Seventh Avenue\nNew York, NY 10019\n\nLadies "
        "and Gentlemen:\n\n"
        "You have expressed interest in a transaction."
    )
    names = {c.normalized for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert names == {"Wells Fargo Securities LLC", "ABC-Mart Inc."}


def test_individual_who_signs_without_a_title_is_a_party() -> None:
    last = (
        "IN WITNESS WHEREOF\nACME WIDGETS, INC.\nBy: /s/ Mark Morrison\nMark Morrison, Chief "
        "Financial Officer\nEMPLOYEE:\n/s/ Christine Beauchamp\n"
    )
    cands = {
        c.normalized: c
        for c in PT.party_candidates([(1, "As an associate of Acme you agree."), (2, last)])
    }
    assert "Christine Beauchamp" in cands and "Mark Morrison" not in cands


def test_effective_date_is_not_another_agreements_date() -> None:
    f = _nda(
        "CONSULTING AGREEMENT\nThis Agreement is made as of the 5th day of November 2004 (the "
        "“EFFECTIVE DATE”), by and "
        "between Richard Harcke (“HARCKE”) and Haynes Wire Company, a Delaware corporation "
        "(“BUYER”). This Agreement is "
        "made in connection with a certain Asset Purchase Agreement dated October 28, 2004."
    )
    assert f["effective_date"].normalized == "2004-11-05"
    cands = A.effective_date_candidates(
        [(1, "pursuant to the Asset Purchase Agreement dated October 28, 2004, the parties")]
    )
    assert cands[0].score < 0.2


def test_jurisdiction_in_capitals_and_across_a_line_break() -> None:
    assert (
        A.governing_law_candidates(
            [(1, "THIS AGREEMENT IS GOVERNED BY THE LAWS OF THE STATE OF\nDELAWARE.")]
        )[0].normalized
        == "Delaware"
    )
    text = (
        "Disputes shall be heard in England. This Agreement shall be governed by the laws of the "
        "Commonwealth of Pennsylvania."
    )
    best = max(A.governing_law_candidates([(1, text)]), key=lambda c: c.score)
    assert best.normalized == "Pennsylvania"


def test_term_is_the_agreements_duration_not_a_restriction_period() -> None:
    text = (
        "6. Nonsolicitation. For a period of one year from the Effective Date, neither party "
        "shall solicit any employee.\n"
        "11. Term. This Agreement shall continue in full force and effect for a period of two (2) "
        "years from the date hereof."
    )
    f = _nda(text)
    assert f["term"].normalized == "2 years"


def test_term_absent_when_only_restrictions_have_periods() -> None:
    f = _nda(
        "You agree that for a period of eighteen months you will not solicit or hire any employee "
        "of the Company."
    )
    assert f["term"].value is None and "suggestion" in f["term"].signals


def test_a_covenants_tail_after_the_term_is_not_the_term() -> None:
    # "the term of this Agreement" stands before the duration, but the sentence is a
    # non-recruitment covenant running on after it.
    f = _nda(
        "6. Non-Recruitment. During the term of this Agreement and for a period of one (1) year "
        "thereafter, Employee will not directly or indirectly recruit or hire any employee of "
        "the Company."
    )
    assert f["term"].value is None and f["term"].signals["suggestion"] == "one (1) year"


def test_without_a_preamble_the_signing_companies_are_the_parties() -> None:
    first = (
        "Ladies and Gentlemen:\nIn connection with your consideration of a possible transaction, "
        "you agree as follows."
    )
    last = (
        "Very truly yours,\nICX TECHNOLOGIES, INC.\nBy: /s/ Jane Doe\nName: Jane Doe\nTitle: "
        "President\n\n"
        "Accepted and agreed:\nFLIR SYSTEMS, INC.\nBy: /s/ John Roe\nName: John Roe\nTitle: "
        "Director\n"
    )
    names = {c.normalized for c in PT.party_candidates([(1, first), (2, last)]) if c.score >= 0.45}
    assert {n.upper() for n in names} == {"ICX TECHNOLOGIES INC.", "FLIR SYSTEMS INC."}


def test_entity_fallback_keeps_company_names_not_defined_terms() -> None:
    from app.core.documents import Finding

    text = (
        "I agree to protect the Company Confidential Information of Clovis Oncology, Inc. (the "
        "Company)."
    )
    findings = [
        Finding(
            "ORGANIZATION", 1, text.index("Company Confidential"), text.index(" of Clovis"), 0.85
        ),
        Finding("ORGANIZATION", 1, text.index("Clovis"), text.index(" (the"), 0.85),
    ]
    kept = [c.normalized for c in PT.entity_candidates([(1, text)], findings) if c.score >= 0.45]
    assert kept == ["Clovis Oncology Inc."]


def _best_date(text: str) -> str | None:
    cands = A.effective_date_candidates([(1, text)])
    return max(cands, key=lambda c: c.score).normalized if cands else None


def test_effective_date_given_by_label_or_as_this_agreements_date() -> None:
    assert (
        _best_date("Effective Date: January 16, 2015\nSigned on January 20, 2015 by both.")
        == "2015-01-16"
    )
    assert (
        _best_date("This agreement has an effective date\nof April 9, 2003. Date: May 13, 2003")
        == "2003-04-09"
    )
    # The head noun is led by "This": the preamble's own date, not another agreement's.
    text = (
        "This Amended and Restated Confidentiality Agreement dated as of July 13, 2011 (the "
        "“Agreement”), is entered into between A Corp. and B LLC. C. The parties on January 27, "
        "2011 entered into a Confidentiality Agreement."
    )
    assert _best_date(text) == "2011-07-13"


def test_dates_of_other_instruments_are_not_effective_dates() -> None:
    for text in (
        "WHEREAS, pursuant to that certain Agreement and Plan of Merger dated as of May 1, 2013 "
        "(the “Merger Agreement”) by and between Ameris and Prosperity,",
        "As you know, that certain letter agreement by and between Red Mountain LLC, a Delaware "
        "company and ATSG, Inc., a Delaware corporation (formerly ABX, Inc., “ATSG”), dated "
        "February 6, 2008, terminated.",
        "This Agreement shall terminate upon the termination of the General Consulting Agreement "
        "between the parties dated January 5, 2006, provided that",
    ):
        assert all(c.score < 0.2 for c in A.effective_date_candidates([(1, text)])), text


def test_term_from_an_anniversary_or_what_this_agreement_governs() -> None:
    text = (
        "Unless otherwise expressly stated herein, the obligations set forth in this Agreement "
        "shall continue until the third anniversary of the Effective Date."
    )
    assert [c.normalized for c in A.term_candidates([(1, text)]) if c.score >= 0.45] == ["3 years"]
    text = (
        "This Agreement shall govern disclosure of Confidential information for a period of one "
        "year from the date hereof, and the obligations shall survive for three (3) years."
    )
    best = max(A.term_candidates([(1, text)]), key=lambda c: c.score)
    assert best.normalized == "1 year" and best.score >= 0.45


def test_restrictions_and_bound_by_obligations_state_how_long_obligations_last() -> None:
    for text in (
        "the restrictions and covenants set forth herein shall terminate upon the two-year "
        "anniversary of this Agreement.",
        "each party will continue to be bound by their obligations of confidentiality hereunder "
        "for a period of one (1) year from the date hereof.",
    ):
        assert [c.method for c in A.term_candidates([(1, text)])] == ["obligation"], text


def test_and_in_a_title_in_capitals_separates_two_parties() -> None:
    text = (
        "CONFIDENTIALITY AGREEMENT BY AND BETWEEN BIOSITE INC AND\nBECKMAN COULTER, INC.\n\n"
        "Some text follows."
    )
    names = {c.normalized.upper() for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert names == {"BIOSITE INC.", "BECKMAN COULTER INC."}


def test_dates_inside_another_instruments_name_or_reference() -> None:
    for text in (
        "Schedule B of The Travelers Severance Plan (as amended and restated effective January 1,"
        "\n2015) (the “Severance Plan”), in the event",
        "This Agreement shall supersede the Mutual Non-Disclosure Agreement entered into between "
        "Buyer and Company dated May 9, 2007.",
    ):
        assert all(c.score < 0.2 for c in A.effective_date_candidates([(1, text)])), text


def test_a_list_of_companies_in_the_preamble_and_a_suffix_in_capitals() -> None:
    text = (
        "This Agreement is made between Philip J. Hawk (“Mr. Hawk”) and Team Industrial "
        "Services, Inc., Team, Inc., and their affiliated entities (collectively the "
        "“Company”). WHEREAS"
    )
    names = {c.normalized for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert "Team Industrial Services Inc." in names
    text = (
        "This agreement governs the disclosure of information by and between ACME WIDGETS, INC., "
        "a Delaware corporation, and OTSUKA PHARMACEUTICAL CO. LTD. a JAPANESE CORPORATION, with "
        "offices in Tokyo. WHEREAS"
    )
    names = {c.normalized.upper() for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert "OTSUKA PHARMACEUTICAL CO. LTD." in names


def test_a_defined_company_is_not_its_description() -> None:
    text = (
        "As a condition of my becoming employed by, or continuing employment with, HealthEquity, "
        "Inc., a Delaware\ncorporation (the “Company”), I agree to the following terms."
    )
    names = {c.normalized for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert names == {"HealthEquity Inc."}


def test_camel_case_names_and_a_principal_place_of_business() -> None:
    text = (
        "This Agreement is by and between nStor Corporation, Inc. (“nStor”), a Delaware "
        "corporation, and Momentive Performance Materials Inc., with a\nprincipal place of "
        "business at 22 Corporate Woods Boulevard (“MPM”). The effective date of this Agreement "
        "is October 1, 2010. WHEREAS"
    )
    names = {c.normalized for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert names == {"nStor Corporation Inc.", "Momentive Performance Materials Inc."}
    best = max(A.effective_date_candidates([(1, text)]), key=lambda c: c.score)
    assert best.normalized == "2010-10-01" and best.method == "defined"


def test_a_person_named_with_two_degrees() -> None:
    text = (
        "This Agreement made and entered into in Cambridge, Massachusetts, by Jeffrey M. Leiden, "
        "M.D., Ph.D. (the “Executive”) and Vertex Pharmaceuticals Incorporated (the “Company”)."
    )
    names = {c.normalized for c in PT.party_candidates([(1, text)]) if c.score >= 0.45}
    assert "Jeffrey M. Leiden" in names


def test_a_date_merely_mentioned_is_only_a_suggestion_for_the_effective_date() -> None:
    f = _nda(
        "CONFIDENTIALITY AGREEMENT\nThe Recipient will keep the Information confidential. The "
        "parties met on several occasions, including a meeting held in Boston on March 3, 2010, "
        "to discuss the project."
    )
    assert f["effective_date"].value is None
    assert f["effective_date"].signals["suggestion"] == "March 3, 2010"


def test_effective_date_from_a_date_label_an_agreement_entered_into_and_its_execution() -> None:
    head = (
        "COVENANT NOT TO COMPETE\nPARTIES: Mark G. Parker (Employee) NIKE, Inc. (NIKE) DATE: "
        "July 24, 2008 RECITALS: A. Employee and NIKE are parties to an agreement."
    )
    assert _best_date(head) == "2008-07-24"
    # A date stated as effective outranks the label.
    assert _best_date(head + " This Agreement is effective as of August 1, 2008.") == "2008-08-01"
    text = "This is an Agreement, entered into on January 15, 2018, by and among A LLC and B LLC."
    best = max(A.effective_date_candidates([(1, text)]), key=lambda c: c.score)
    assert best.normalized == "2018-01-15" and best.method != "other"
    text = (
        "IN WITNESS WHEREOF, the parties have executed this agreement this 16th day of May, 2011."
    )
    assert [c.method for c in A.effective_date_candidates([(1, text)])] == ["signed"]


def test_what_this_agreement_covers_until_an_anniversary_is_its_term() -> None:
    text = (
        "9. Term of this Agreement. This Agreement covers Confidential Information that is "
        "disclosed by Disclosing Party to Recipient until the first anniversary of the Effective "
        "Date. Recipient’s obligation to protect it expires three years from the Effective Date."
    )
    best = max(A.term_candidates([(1, text)]), key=lambda c: c.score)
    assert best.normalized == "1 year" and best.method == "term"


def test_a_period_counted_from_another_event_is_not_the_term() -> None:
    # How long a duty survives the end of a relationship or a transaction is not how long this
    # agreement runs; counted from this agreement's own end it still measures the agreement.
    for text in (
        "Your obligations of confidentiality under this Agreement shall continue for ten (10) "
        "years after the termination of your employment with the Company.",
        "This Agreement will automatically terminate twenty-four (24) months after the occurrence "
        "of a Change in Control.",
        "This Agreement shall terminate upon completion of the project, provided that the "
        "obligations herein shall remain in effect for three (3) years from the date of "
        "termination.",
    ):
        f = _nda(text)
        assert f["term"].value is None, text
    own_end = A.term_candidates(
        [
            (
                1,
                "The term of this Agreement shall end two (2) years after the termination of this "
                "Agreement.",
            )
        ]
    )
    assert [c.method for c in own_end] == ["term"]


def test_who_signs_for_a_party_is_not_a_party() -> None:
    # "By: X, its General Partner" and "as Representative of ..." name the signer's capacity.
    sign = (
        "CONFIRMED AND AGREED TO:\n\nONE EQUITY PARTNERS IV, L.P.\nBy: OEP General Partner IV, "
        "L.P.,\n\nas General Partner\nBy: OEP Parent LLC,\n\nas General Partner\nBy:\n"
    )
    letter = "Very truly yours,\nUBS Securities LLC,\nas Representative of the Company\n\nBy: /s/ June Lee\n"
    for page, want in ((sign, "ONE EQUITY PARTNERS IV, L.P."), (letter, "UBS Securities LLC")):
        assert [c.value for c in PT.party_candidates([(1, "Dear Sir:"), (2, page)])] == [want]


def test_a_company_name_wrapped_in_a_signature_column_is_whole() -> None:
    page = (
        "IN WITNESS WHEREOF, the undersigned have executed this Agreement.\n\n"
        "AMERICAN CAMPUS\nCOMMUNITIES, INC.\n\nBy: /s/ Jane Doe\n"
    )
    cands = PT.party_candidates([(1, "Dear Sir:"), (2, page)])
    assert [P.normalize_party(c.value).upper() for c in cands] == [
        "AMERICAN CAMPUS COMMUNITIES INC."
    ]
    # The line above that is a company of its own, or a heading, is not joined.
    page = "CONFIRMED AND AGREED\n\nOMNICARE, INC.\nNECTARINE ACQUISITION CORP.\n\nBy:\n"
    assert [c.value for c in PT.party_candidates([(1, "x"), (2, page)])] == [
        "NECTARINE ACQUISITION CORP."
    ]
    page = "Recipient\nAVI BioPharma, Inc.\nBy: /s/ Jane Doe\n"  # a role's caption above
    assert [c.value for c in PT.party_candidates([(1, "x"), (2, page)])] == ["AVI BioPharma, Inc."]


def test_a_person_named_by_initials_signs_for_themself() -> None:
    page = "EMPLOYEE\n\n/s/ J.H. Cromarty\n\nSignature\n"
    assert [c.value for c in PT.party_candidates([(1, "x"), (2, page)])] == ["J.H. Cromarty"]
    assert not PN.is_person("INTELLECTUAL PROPERTY")  # legal vocabulary, not a name


def test_signed_on_different_days_the_agreement_dates_from_the_last_signature() -> None:
    text = (
        "The parties agree to keep the information confidential.\n\n"
        "COMPANY\n/s/ Ann Lee\nSignature Date: 4/8/04\n\n"
        "CONSULTANT\n/s/ Bob Roe\nSignature Date: 4/26/04\n"
    )
    assert _nda("Mutual Nondisclosure Agreement", text)["effective_date"].normalized == "2004-04-26"


def test_the_date_of_the_agreement_this_one_replaces_is_not_its_effective_date() -> None:
    for text in (
        "This agreement amends and restates the Company's prior agreement with you dated "
        "December 18, 2008, in its entirety.",
        "This Agreement supersedes the letter agreement between the parties dated March 3, 2005.",
    ):
        assert _nda(text)["effective_date"].value is None, text
    own = "THIS AGREEMENT, which amends the Original Agreement, is dated as of June 1, 2010."
    assert _nda(own)["effective_date"].normalized == "2010-06-01"


def test_a_second_party_whose_name_has_and_is_whole() -> None:
    text = (
        "This Agreement, dated April 7, 2014, is by and between Integrated Drilling Equipment "
        "Holdings Corp. (“IDE”) (hereinafter referred to as “Company”) and Offshore and Marine\n"
        "Holdings LLC (the “Representative”).\n\nRECITALS:\n"
    )
    assert [P.normalize_party(c.value) for c in PT.party_candidates([(1, text)])] == [
        "Integrated Drilling Equipment Holdings Corp.",
        "Offshore and Marine Holdings LLC",
    ]
    # Right after "between", a lone word is the first party, not part of the second.
    text = "This Agreement is made between Acme and Beta Holdings LLC (“Beta”).\n"
    values = [c.value for c in PT.party_candidates([(1, text)])]
    assert "Beta Holdings LLC" in values and "Acme and Beta Holdings LLC" not in values


@pytest.mark.parametrize(
    ("text", "company"),
    [
        (
            "As a condition of my employment with Dolby Laboratories, Inc., its subsidiaries, "
            "affiliates, successors or assigns (together the “Company”), I agree:",
            "Dolby Laboratories, Inc.",
        ),
        (
            "In consideration and as a condition of my employment by Scholar Rock LLC, a Delaware "
            'limited liability company (along with its Affiliates the "Company"), I agree:',
            "Scholar Rock LLC",
        ),
        (
            "In order for Sears, Roebuck and Co., including its subsidiaries (collectively "
            'referred to as "Sears\'\' or the "Company"), to maintain a competitive edge',
            "Sears, Roebuck and Co.",
        ),
        (
            "you play as an executive with Delphi Automotive LLP and/or one of its direct or "
            "indirect subsidiaries or affiliates (collectively, “Delphi” or the “Company”), and",
            "Delphi Automotive LLP",
        ),
        (
            "the obligations owed to Tyco Healthcare Group LP d/b/a Covidien and any of its "
            "parents, subsidiaries or affiliated entities (hereinafter “Company”) by you",
            "Tyco Healthcare Group LP",
        ),
    ],
)
def test_the_company_of_an_i_agree_form_is_a_party(text: str, company: str) -> None:
    # A cover page (the filing's exhibit header) before the form does not make it late.
    pages = [(1, "EX-10.17 9 dex1017.htm AGREEMENT"), (2, text)]
    assert [c.value for c in PT.party_candidates(pages) if c.score >= F.MULTI_KEEP] == [company]


def test_a_defined_term_is_not_given_to_the_wrong_name() -> None:
    def parties(text: str) -> list[str]:
        return [c.value for c in PT.party_candidates([(1, text)]) if c.score >= F.MULTI_KEEP]

    # The term repeats another listed name's words: that one is defined, not the nearest.
    adviser = (
        "The Company is being advised by Stone Key Partners LLC and the Stone Key Securities "
        "division of Hudson Partners Securities LLC (together, “Stone Key”).\n"
    )
    assert "Hudson Partners Securities LLC" not in parties(adviser)
    # A member listed under a group ("including X") is not the party the group's term names.
    group = (
        "Virginia National Bank and its affiliates, including Virginia National Bankshares "
        "Corporation (together “VNB”), has provided you with the opportunity"
    )
    assert "Virginia National Bankshares Corporation" not in parties(group)
    # A recital's letter is no company's name; an address line is not part of the next name.
    recital = (
        "PARTIES:\n\nSafeNet, Inc (the “Company”)\n4690 Millennium Drive\nBelcamp, MD 21017\n\n"
        "Datakey, Inc. (“Datakey”)\n407 West Travelers Trail\n\nRECITALS:\n\nA. The Company and "
        "Datakey are commencing discussions regarding a transaction (the “Transaction”).\n"
    )
    assert parties(recital) == ["SafeNet, Inc", "Datakey, Inc."]


def test_a_period_counted_from_someone_leaving_or_a_disclosure_is_not_the_term() -> None:
    for text in (
        "This letter agreement shall expire two years from the date on which the Designee "
        "ceases to be a director of the Company.",
        "This Agreement shall terminate one (1) year after the Director ceases to be a director.",
        "Recipient's duty shall expire three (3) years from the date of disclosure of such "
        "Confidential Information.",
        "The obligations shall continue until the fifth anniversary of the disclosure of such "
        "Proprietary Information.",
    ):
        (cand,) = A.term_candidates([(1, text)])
        assert cand.method == "after_event", text
    (cand,) = A.term_candidates(
        [(1, "This Agreement shall expire two (2) years after the Effective Date.")]
    )
    assert cand.method == "term"
    # A comma ends the event's clause: "unless either party ceases" is another matter.
    text = (
        "The Term shall be two years from the date on which the Parties first exchange "
        "information, unless either party ceases operations."
    )
    assert A.term_candidates([(1, text)])[0].method == "term"


def test_a_firm_named_by_several_surnames_is_one_party() -> None:
    text = (
        "This AGREEMENT dated as of February 24, 2004, by and among (i) BRS-HCC Investment Co., "
        "Inc. (“BRS-HCC”), Bruckmann, Rosser, Sherrill & Co. II, L.P., a Delaware limited "
        "partnership (“BRSLP”), and Bruce C. Bruckmann (“Bruckmann”).\n"
    )
    sign = "President\nBruckmann, Rosser, Sherrill & Co. II, L.P.\nBy: /s/ Bruce C. Bruckmann\n"
    values = [P.normalize_party(c.value) for c in PT.party_candidates([(1, text), (2, sign)])]
    assert "Bruckmann Rosser Sherrill and Co. II LP" in values
    assert not [v for v in values if v.startswith(("Sherrill", "President"))]
    # The comma after another capitalized name is that name's end, not a firm's inner comma;
    # names listed before a bare "and Co." are parties of their own.
    for text in (
        "This Agreement is made between Acme Holdings, Roebuck and Co. (“Roebuck”) and me.\n",
        "This Agreement is made among Alpha, Beta, Roebuck and Co. (“Roebuck”) and me.\n",
        "This Agreement is made among Alpha Inc., Beta, Roebuck and Co. (“Roebuck”) and me.\n",
    ):
        values = [c.value for c in PT.party_candidates([(1, text)])]
        assert "Roebuck and Co." in values and not [v for v in values if ", Roebuck" in v], text


def test_legal_vocabulary_in_capitals_is_not_a_person() -> None:
    for words in ("WORK PRODUCT", "Evaluation Material", "INTELLECTUAL PROPERTY"):
        assert not PN.is_person(words), words
    assert PN.is_person("Douglas H. Miller")


def test_an_individual_signer_the_document_names_up_front_is_a_party() -> None:
    def listed(pages: list[tuple[int, str]]) -> list[str]:
        return [c.value for c in PT.party_candidates(pages) if c.score >= F.MULTI_KEEP]

    title = "EX-10.8 5 hpy108.htm CONFIDENTIALITY, NON-COMPETE AGREEMENT IAN DRYSDALE\n\n"
    sign = "EMPLOYER:\nBy: /s/ Robert O. Carr\nTitle: Chief Executive Officer\n\nBy:\n/s/ Ian Drysdale\n"
    assert "Ian Drysdale" in listed([(1, title + "The Employee agrees."), (2, sign)])
    opening = "I, Mary Minnick, in consideration of severance benefit payments, agree as follows."
    sign = (
        "/s/ Mary Minnick\nMary Minnick\n\nDate: February 28, 2007\n\nTHE COCA-COLA COMPANY\n"
        "By: /s/ Jane Roe\n"
    )
    assert "Mary Minnick" in listed([(1, opening), (2, sign)])
    # Named up front but signing "By:" with a title under it: for a company, not as a party.
    sign = "GREATBATCH, INC.\n\nBy: /s/ Thomas Hook\n\nName:\nThomas Hook\n\nTitle:\nPresident\n"
    title = "EX-99 letter agreement, Enpath Medical and Thomas Hook\n\n"
    assert "Thomas Hook" not in listed([(1, title + "Dear Sir:"), (2, sign)])


def test_the_one_individual_signing_an_i_agree_form_is_a_party() -> None:
    opening = "As a condition of my employment with Acme Widgets, Inc., I agree as follows."
    one = "Signature: /s/ Joan Durkin\nName: Joan Durkin\n"
    assert "Joan Durkin" in [
        c.value for c in PT.party_candidates([(1, opening), (2, one)]) if c.score >= F.MULTI_KEEP
    ]
    # Two unlabelled signers: which is the "I" is not plain, so neither is listed on that alone.
    two = "/s/ Joan Durkin\n/s/ Lynda Markoe\nName:\nJoan Durkin\nName:\nLynda Markoe\n"
    persons = [c for c in PT.party_candidates([(1, opening), (2, two)]) if "/" not in c.value]
    assert {c.value for c in persons} == {"Joan Durkin", "Lynda Markoe"}
    assert all(c.score < F.MULTI_KEEP for c in persons)
    # One signer, but "By:" under the signature: a company's signer, not the form's "I".
    company = "INTERACTIVE DATA CORPORATION\n\n/s/ Mason Slaine\nBy:\nMason Slaine\n"
    cands = PT.party_candidates([(1, opening), (2, company)])
    assert [c.score < F.MULTI_KEEP for c in cands if c.value == "Mason Slaine"] == [True]
