"""Signs that OCR misread a value, and the doubt they put on a receipt's address and issuer.

The texts are written for the tests (made-up streets and businesses), not copied from a data set.
"""

from __future__ import annotations

from app.core.documents import Document, Page
from app.core.extract.lines import document_lines
from app.core.extract.packs.receipt import misread as M
from app.core.extract.packs.receipt.layout import address_candidates, issuer_candidates


def _doc(text: str) -> Document:
    return Document("r.txt", "text", [Page(1, text)], Document.digest(text.encode()))


def test_a_slip_counts_a_lookalike_letter_once_and_an_unrelated_one_twice() -> None:
    assert M.slips("bandar", "banoar") == 1  # D read as O
    assert M.slips("malaysia", "malaysla") == 1  # I read as L
    assert M.slips("kawasan", "kwansan") == 2  # a letter dropped, another added
    assert M.slips("setar", "segar") == 2  # T and G do not look alike
    assert M.slips("street", "street") == 0


def test_near_misses_of_address_words_are_flagged_and_other_words_are_not() -> None:
    assert M.near_misses("LOT 7, KWANSAN PERINDUSTRIAN MAWAR", M.ADDRESS_WORDS) == ["kwansan"]
    assert M.near_misses("21 BANOAR BARU CEMPAKA", M.ADDRESS_WORDS) == ["banoar"]
    assert M.near_misses("88 Orchard Avenue, Springfield, Oregon", M.ADDRESS_WORDS) == []
    # A local name a few unrelated letters from a region is not a misreading of it.
    assert M.near_misses("12 JALAN SEGAR, KAMPUNG MELATI", M.ADDRESS_WORDS) == []
    # Short words are one slip from too many others to tell.
    assert M.near_misses("4 PARK LANE", M.ADDRESS_WORDS) == []
    # A plural, or another word one unrelated letter away, is not a misreading.
    assert M.near_misses("HARBOUR TOWERS", M.ADDRESS_WORDS) == []
    assert M.near_misses("3 CAROLINE STREET", {"carolina", "street"}) == []


def test_one_name_spelt_two_ways_in_the_value() -> None:
    assert M.inconsistent_spellings("9, JALAN SERAI 2,\nSERAL, 12345 IPOH") == [("serai", "seral")]
    assert M.inconsistent_spellings("GARDEN GARDENS ROAD") == []  # a plural is printed on purpose
    assert M.inconsistent_spellings("JALAN SERAI, SEKAI") == []  # K and R: not one slip


def test_periods_where_an_address_has_commas() -> None:
    assert M.odd_punctuation("JALAN MAWAR 11.\nTAMAN MELATI") == 1
    assert M.odd_punctuation("NO1.JALAN MAWAR") == 1
    assert M.odd_punctuation("TAMAN MELATI.\n12345 IPOH") == 1
    assert M.odd_punctuation("JALAN MAWAR .\n12345 IPOH") == 1
    assert M.odd_punctuation("LEBUH RAYA SELATAN.,\n12345 IPOH") == 1
    # The value's own final period, an abbreviation, a number after "NO." are printed so.
    assert M.odd_punctuation("NO. 5, JLN.\nMAWAR, 12345 KUALA LUMPUR.") == 0


def test_legal_form_slips() -> None:
    assert M.legal_form_slips("KEDAI MAWAR SDN BND") == ["bnd"]
    assert M.legal_form_slips("GLOBE BOOK\nCP. (M) SDN BHD") == ["cp"]
    assert M.legal_form_slips("ABC TRADING SDN BHD") == []
    assert M.near_misses("DWNER BY MAWAR S/B", M.NAME_WORDS) == ["dwner"]


def test_a_misread_address_is_less_certain_than_the_same_address_read_cleanly() -> None:
    head = "KEDAI MAWAR SDN BHD\n(123456-X)\n"
    tail = "TEL: 03-1234 5678\n"
    clean = head + "LOT 7, JALAN MAWAR 3,\nKAWASAN PERINDUSTRIAN MELATI,\n43000 KAJANG\n" + tail
    slip = head + "LOT 7, JALAN MAWAR 3,\nKWANSAN PERINDUSTRIAN MELATI,\n43000 KAJANG\n" + tail
    (a,) = address_candidates(_doc(clean), document_lines(_doc(clean)))
    (b,) = address_candidates(_doc(slip), document_lines(_doc(slip)))
    assert "KWANSAN" in b.value
    assert b.score < a.score * 0.75


def test_a_misread_legal_form_makes_the_issuer_less_certain() -> None:
    def top(name: str) -> float:
        text = f"{name}\n(123456-X)\nLOT 7, JALAN MAWAR 3,\n43000 KAJANG\n"
        cands = issuer_candidates(_doc(text), document_lines(_doc(text)))
        return next(c.score for c in cands if c.value == name)

    assert top("KEDAI MAWAR SDN BND") < top("KEDAI MAWAR SDN BHD") * 0.75


def test_mending_an_address_read_from_a_scan() -> None:
    read = "NO 8, JALAN MAWAR 3,\n: TAMAN CEMPAKA.\n43000 KAJANG\nSELANGOR, MALAYSTA"
    assert M.mend_address(read, M.ADDRESS_WORDS) == (
        "NO 8, JALAN MAWAR 3,\nTAMAN CEMPAKA,\n43000 KAJANG\nSELANGOR, MALAYSIA"
    )
    # Names the vocabulary does not know stay as read; so does a word near two vocabulary words.
    assert M.mend_address("JALAN SESAR, BAIANG", M.ADDRESS_WORDS) == "JALAN SESAR, BAIANG"


def test_only_an_address_read_by_ocr_is_mended() -> None:
    text = "KEDAI ABC SDN BHD\nNO 8, JALAN MAWAR 3,\nTAMAN CEMPAKA,\n43000 KAJANG, MALAYSTA\nTEL: 03-1234 5678\n"
    typed = _doc(text)
    scanned = Document("r.png", "image", [Page(1, text, ocr=True)], typed.sha256)
    assert address_candidates(typed, document_lines(typed))[0].value.endswith("MALAYSTA")
    mended = address_candidates(scanned, document_lines(scanned))[0]
    assert mended.value.endswith("MALAYSIA")
    assert mended.score == address_candidates(typed, document_lines(typed))[0].score


def test_a_scanned_issuers_legal_form_is_mended_and_its_name_left_as_read() -> None:
    assert M.mend_name("KEDAI ABC (M) SON BHD") == "KEDAI ABC (M) SDN BHD"
    assert M.mend_name("ABC TRADING CO LTO") == "ABC TRADING CO LTD"
    assert M.mend_name("SANYU STATIONERY SHOP") == "SANYU STATIONERY SHOP"
    text = "KEDAI ABC (M) SON BHD\nNO 8, JALAN MAWAR 3,\n43000 KAJANG\n"
    scanned = Document("r.png", "image", [Page(1, text, ocr=True)], "x")
    typed = _doc(text)
    assert issuer_candidates(scanned, document_lines(scanned))[0].value.endswith("SDN BHD")
    assert issuer_candidates(typed, document_lines(typed))[0].value.endswith("SON BHD")
