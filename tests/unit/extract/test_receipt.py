"""Receipt rules: the total, the issuer and its address, on layouts till rolls and OCR produce.

The receipts here are written for the tests (shapes seen on Malaysian and US till rolls), not
copied from any data set.
"""

from __future__ import annotations

from app.core.documents import Document, Page
from app.core.extract.fields import FieldExtractor
from app.core.extract.lines import document_lines, span_text
from app.core.extract.packs.receipt.totals import tax_candidates, total_candidates
from app.core.extract.profiles import get_profile


def _doc(text: str) -> Document:
    return Document("r.txt", "text", [Page(1, text)], Document.digest(text.encode()))


def _fields(text: str) -> dict:
    doc = _doc(text)
    fields = FieldExtractor(None).extract(doc, get_profile("receipt"), [])
    for f in fields.values():  # every value is the exact text at its span
        if f.value is not None and f.spans:
            assert span_text(doc, f.spans[0]) == f.value, f.name
    return fields


def _total(text: str) -> str:
    return total_candidates(document_lines(_doc(text)))[0].value


def test_total_value_is_the_number_without_the_currency_label() -> None:
    f = _fields("SHOP A\nTOTAL ROUNDED\nRM 33.90\nCASH\nRM 50.00\nCHANGE\nRM 16.10\n")
    assert f["total"].value == "33.90" and f["total"].normalized == "33.90"


def test_a_currency_sign_printed_on_the_number_stays_with_it() -> None:
    assert _total("ITEM $5.50\nTOTAL AMOUNT:$8.20\nGST @6%: $0.46\nNETT TOTAL: $8.20\n") == "$8.20"


def test_rounded_total_beats_the_unrounded_amount() -> None:
    text = (
        "TOTAL AMT........ RM\n60.31\nROUNDING ADJ......\n-0.01\nRM\n60.30\nCASH....... "
        "RM\n70.30\nCHANGE..... RM\n10.00\n"
    )
    assert _total(text) == "60.30"


def test_rounding_with_the_sign_before_the_currency() -> None:
    text = (
        "TOTAL\nRM 33.92\nROUNDING ADJUSTMENT\n-RM 0.02\nTOTAL ROUNDED\nRM 33.90\nCASH\nRM "
        "50.00\nCHANGE\nRM 16.10\n"
    )
    assert _total(text) == "33.90"


def test_cash_and_change_are_not_the_total_and_confirm_it() -> None:
    text = "TOTAL SALES (INCLUSIVE GST) RM\n141.50\nCASH RM\n150.00\nCHANGE RM\n8.50\n"
    cands = total_candidates(document_lines(_doc(text)))
    assert cands[0].value == "141.50" and "tender" in cands[0].methods


def test_two_column_block_is_paired_by_receipt_arithmetic() -> None:
    # OCR read the labels, then the amounts; one leading amount belongs to the item above.
    text = (
        "PEN 2.50\nTOTAL QTY. :\n3\nSUB-TOTAL (EX)\nTOTAL TAX\nROUNDING\nTOTAL\nCASH\nCHANGE\n"
        "16.98\n16.98\n1.02\n0.00\n18.00\n20.00\n2.00\n"
    )
    assert _total(text) == "18.00"


def test_tax_summary_after_the_total_is_not_the_total() -> None:
    text = (
        "ITEM 80.00\nTOTAL SALES (INCLUSIVE OF GST) :\n84.80\nCASH :\n100.00\nCHANGE "
        ":\n15.20\nGST SUMMARY\nTOTAL :\n80.00\n4.80\n"
    )
    assert _total(text) == "84.80"


def test_total_without_a_label_is_the_sum_of_the_items() -> None:
    assert _total("SHOP\nDPT.05\nRM\n149.00\nDPT.04\nRM\n21.00\nCASH\nRM\n170.00\n") == "170.00"


def test_a_decimal_point_misread_as_a_comma_is_read_as_a_point() -> None:
    text = (
        "ITEM A 12.50\nITEM B 21.42\nTOTAL RM 33,92\nROUNDING ADJ -RM 0.02\n"
        "TOTAL ROUNDED RM 33,90\nCASH RM 50.00\nCHANGE RM 16.80\n"
    )
    top = total_candidates(document_lines(_doc(text)))[0]
    # The value is the amount as printed; its span is where the misread marks stand.
    assert top.value == "33.90" and top.normalized == "33.90"
    assert span_text(_doc(text), top.spans[0]) == "33,90"


def test_a_document_printed_with_decimal_commas_keeps_them() -> None:
    text = "ARTIKEL 12,50\nSUMME EUR 21,40\nBAR EUR 30,00\n"
    cands = total_candidates(document_lines(_doc(text)))
    assert all(c.value != "21.40" and "," not in (c.normalized or "") for c in cands)


def test_a_space_read_inside_the_cents() -> None:
    text = "PEN 24.00\nPAD 28.00\nTOTAL : 52.1 0\nCASH 60.00\nCHANGE 7.90\n"
    assert _total(text) == "52.10"


def test_a_space_after_the_decimal_point() -> None:
    text = (
        "LED LIGHT 2 * RM 18.77\nService Charge : RM 0.00\nTOTAL : RM = 39. 80\nCHANGE: RM 0.00\n"
    )
    assert _total(text) == "39.80"


def test_subtotal_tax_and_rounding_adding_up_beat_a_garbled_total_label() -> None:
    text = (
        "LAMINATING FILM 1 28.00 26.00\nTotal Qty. : 1 26.00\nSUB-TOTAL (EX) : 26.00\n"
        "TOTAL TAX : 1.56\nROUNDING : -0.01\nagain wee E 4 re 27.55\nCASH yO Joab\n"
        "GST SUMMARY\nSR 6.00 26.00 1.56\nTOTAL : 26.00 1.56\n"
    )
    assert _total(text) == "27.55"


def test_an_unreadable_rounding_figure_still_makes_the_rounded_total() -> None:
    text = (
        "ELEGANT SCH BAG 1 8091 8091 SR\nTotal Sales (Excluding GST) 80.91\nTotal GST 0.00\n"
        "Rounding 001\nTotal Sajesfoclusive of GST) : 80.90\nCASH : 100.00\n"
        "GST SUMMARY\nSR 80.91 0.00\nTotal 80.91 0.00\n"
    )
    assert _total(text) == "80.90"


def test_misspelt_total_and_a_glued_tax_label() -> None:
    text = (
        "ITEM 31.03\nTotal Sales (Excluding GST) : 31.03\nTotalGsT : 1.65\nRounding : 0.02\n"
        "Tatal Sales (Inclusive ofGST) : 32.70\nCASH : 50.00\n"
    )
    assert _total(text) == "32.70"


def test_total_tax_is_a_tax_and_a_misread_summary_title_still_starts_the_summary() -> None:
    text = (
        "PEN 1 24.00\nPAD 1 28.00\nSUB-TOTAL (EX) : 52.00\nTOTAL TAX : 3.12\nROUNDING : -0.02\n"
        "TOTAL : 55.10\nCASH : 55.10\n[_Gst SUMMARYy,\nCODE AMOUNT TAX\nSR 52.00 3.12\n"
        "TOTAL: 52.00 3.12\n"
    )
    top = total_candidates(document_lines(_doc(text)))[0]
    assert top.value == "55.10" and "sum" in top.methods


def test_tax_is_the_labeled_tax_not_the_tax_id() -> None:
    text = "GST ID: 000123456789\nSUBTOTAL 20.00\nGST 6% 1.20\nTOTAL 21.20\n"
    assert tax_candidates(document_lines(_doc(text)))[0].normalized == "1.20"


def test_company_after_the_owners_name_and_without_its_registration_number() -> None:
    text = (
        "TAN CHAY YEE\nSOON HUAT MACHINERY ENTERPRISE (JM0352019-K)\nNO.53 JALAN PUTRA 1,\n81200 "
        "JOHOR BAHRU\nTEL : 07-5547360\n"
    )
    assert _fields(text)["company"].value == "SOON HUAT MACHINERY ENTERPRISE"


def test_company_printed_over_several_lines() -> None:
    text = (
        "AIK HUAT HARDWARE\nENTERPRISE (SETIA\nALAM) SDN BHD\n822737-X\nNO. 17-G, JALAN SETIA "
        "INDAH\n40170 SHAH ALAM,\nTEL: 012-6651783\n"
    )
    f = _fields(text)["company"]
    assert " ".join(f.value.split()) == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    text = "POPULAR BOOK\nCO. (M) SDN BHD\n(CO. NO. 113825-W)\nNO 8, JALAN 7/118B, DESA TUN RAZAK\n"
    assert " ".join(_fields(text)["company"].value.split()) == "POPULAR BOOK CO. (M) SDN BHD"


def test_registered_name_beats_a_brand_and_a_tagline() -> None:
    text = (
        "MYDIN\nTRI SHAAS SDN BHD (728515-M)\nMYDIN MART SRI MUDA\n4-20, JALAN RIA 25/62\n40400 "
        "SHAH ALAM SELANGOR\nTEL: 03-51217970\n"
    )
    assert _fields(text)["company"].value == "TRI SHAAS SDN BHD"
    text = "THREE STOOGES\nBISTRO & CAFE\n109, SS21/1A,\nDAMANSARA UTAMA\nGST ID : 001661886464\n"
    assert _fields(text)["company"].value == "THREE STOOGES"


def test_owned_by_label_is_not_part_of_the_name() -> None:
    text = (
        "BANH MI CAFE\nDIMILIKI: BANH MI CAFE SDN BHD 1110644-W\nNO. 1 JALAN PUTERI 7/10\n47100 "
        "PUCHONG\n"
    )
    assert _fields(text)["company"].value == "BANH MI CAFE SDN BHD"


def test_address_block_runs_to_the_contact_lines() -> None:
    text = (
        "UNIHAKKA INTERNATIONAL SDN BHD\n05 MAR 2018 18:24\n(867388-U)\n12, JALAN TAMPOI "
        "7/4,KAWASAN PERINDUSTRIAN\n"
        "TAMPOI,81200 JOHOR BAHRU,JOHOR\nTAX INVOICE\n"
    )
    f = _fields(text)["address"]
    assert (
        " ".join(f.value.split())
        == "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN TAMPOI,81200 JOHOR BAHRU,JOHOR"
    )


def test_address_runs_past_its_postcode_to_the_contact_lines() -> None:
    text = (
        "RESTORAN X\nNO.2-1-1 JALAN SETIA PRIMA Q\nU 13/Q SETIA ALAM 40170\nSHAH "
        "ALAM\nSELANGOR\nTAX INVOICE\n"
    )
    assert (
        " ".join(_fields(text)["address"].value.split())
        == "NO.2-1-1 JALAN SETIA PRIMA Q U 13/Q SETIA ALAM 40170 SHAH ALAM SELANGOR"
    )
    # A site or branch line after the postcode belongs to the block; the phone line ends it.
    text = (
        "99 SPEED MART S/B (519537-X)\nLOT P.T. 2811, JALAN ANGSA,\n41150 KLANG, "
        "SELANGOR\n1076-IJOK\nGST ID. NO : 000181747712\n"
    )
    f = _fields(text)
    assert f["company"].value == "99 SPEED MART S/B"
    assert (
        " ".join(f["address"].value.split())
        == "LOT P.T. 2811, JALAN ANGSA, 41150 KLANG, SELANGOR 1076-IJOK"
    )


def test_us_receipt() -> None:
    text = (
        "HARBOR LANE HARDWARE SUPPLY LLC\n1457 Quarry Road, Suite 3\nBrookfield, OR 97812\nTel: "
        "(541) 555-0148\n"
        "RECEIPT NO: HL-204871\nDATE: 03/14/2026    TIME: 10:42\nSUBTOTAL   146.32\nSALES TAX "
        "0.00%   0.00\nTOTAL   146.32\n"
    )
    f = _fields(text)
    assert f["company"].value == "HARBOR LANE HARDWARE SUPPLY LLC"
    assert f["address"].value == "1457 Quarry Road, Suite 3\nBrookfield, OR 97812"
    assert f["total"].value == "146.32" and f["tax"].normalized == "0.00"
    assert f["invoice_number"].value == "HL-204871"


def test_labeled_date_with_time_beats_a_code_that_parses_as_a_date() -> None:
    text = "SHOP\nCK 11-22-31 - 10/400\nTOTAL 5.00\n19-09-17 15:39 SH01\n"
    assert _fields(text)["date"].value == "19-09-17"


def test_a_name_written_above_the_printed_header_is_not_part_of_the_company() -> None:
    text = (
        "tan woon yann\n\nMR O.1.¥. (JOHOR) SDN BHD\n(CO.REG :933109-X)\n"
        "LOT 1851-A & 1851-B, JALAN KPB 6,\n43300 SERI KEMBANGAN, SELANGOR\nINVOICE\n"
    )
    assert _fields(text)["company"].value == "MR O.1.¥. (JOHOR) SDN BHD"
    # A registration line OCR closed with a brace is not the name's second line.
    text = (
        "SHH. MOTOR (SUNGAI RENGIT) SDN, BHD,\n( 801580-T }\nNo. 343, Jalan Kurau,\n"
        "81620 Pengerang, Johor.\nINVOICE\n"
    )
    assert _fields(text)["company"].value == "SHH. MOTOR (SUNGAI RENGIT) SDN, BHD"


def test_garbled_registration_and_phone_labels_still_bound_the_address() -> None:
    text = (
        "Shell ISNI PETRO TRADING\nConpany No 002643278-A\nLOT 2685 JLN GENTING KLANG\n"
        "53300 KL Site 1066\nfer none 03- 40212008\nGST No. 0010 9010 5344\nReceipt\n"
    )
    assert _fields(text)["address"].value == "LOT 2685 JLN GENTING KLANG\n53300 KL Site 1066"


def test_a_blank_line_after_the_postcode_ends_the_address() -> None:
    text = (
        "BOOK TA .K (TAMAN DAYA) SDN BHD\n789417-W\nNO.53 55,57 & 59, JALAN SAGU 18,\nTAMAN DAYA\n"
        "81100 JOHOR BAHRU\nJOHOR\n\nWAM OA\nDocument No : TD01167104\n"
    )
    assert _fields(text)["address"].value.endswith("81100 JOHOR BAHRU\nJOHOR")


def test_ground_floor_is_no_rounding_line() -> None:
    text = (
        "KEDAI ABC SDN BHD\nGROUND FLOOR, JALAN SS 2/24\n47300 PETALING JAYA\n"
        "NOTEBOOK 15.35\nDISC -0.02\nTOTAL 15.33\nVISA 15.33\n"
    )
    assert _total(text) == "15.33"


def test_a_lot_number_with_a_letter_is_an_address_line() -> None:
    text = "KEDAI ABC SDN BHD\n(123456-K)\nLOT 123456-A\nJALAN KAPAR, 42200 KLANG\nRECEIPT\n"
    assert _fields(text)["address"].value.startswith("LOT 123456-A")
