"""Money identifiers: bank accounts, ABA routing, SWIFT/BIC, EIN, invoice/account numbers.

HIPAA Safe Harbor class 10 (account numbers) and 18; IBAN and credit cards come from
Presidio's own recognizers (checksum-validated).
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import digits, label, make
from app.core.privacy.recognizers.checksums import aba_ok, luhn_ok

# ISO 3166 alpha-2 codes that banks actually use; a BIC's 5th–6th letters are one of them.
_COUNTRIES = set(
    "AD AE AR AT AU BE BG BH BR CA CH CL CN CO CY CZ DE DK EE EG ES FI FR GB GR HK HR HU ID IE "
    "IL IN IS IT JP KR KW KZ LI LT LU LV MA MC MT MX MY NG NL NO NZ PE PH PK PL PT QA RO RS RU "
    "SA SE SG SI SK TH TR TW UA US VN ZA".split()
)


def bank_account() -> EntityRecognizer:
    lb = label("account", "acct", "bank account", "checking", "savings", "account no")
    # "A/C" is also the ventilator's assist-control mode ("A/C 600-12"): a number after it
    # is an account only with "#" or "no." between.
    ac = r"(?<=\ba/c\s*(?:no\.?|number|#)\s*[:#.]?\s*)"
    number = r"\d[\d -]{4,18}\d\b"
    return make("US_BANK_NUMBER", "BankAccountRecognizer", [(lb + number, 0.85),
                                                             (ac + number, 0.85)])


def aba_routing() -> EntityRecognizer:
    return make("ABA_ROUTING_NUMBER", "AbaRoutingRecognizer", [(r"\b[0-3]\d{8}\b", 0.3)],
                context=["routing", "aba", "rtn", "transit"],
                validator=lambda s: aba_ok(digits(s)))


def swift_bic() -> EntityRecognizer:
    # Case-sensitive: BICs are printed upper case; 8 or 11 characters.
    rx = r"\b[A-Z]{4}[A-Z]{2}[A-Z2-9][A-NP-Z0-9](?:[A-Z0-9]{3})?\b"
    # Only after a label: upper-case words of 8 letters are everywhere in upper-case notes.
    lb = label("SWIFT", "BIC", "SWIFT/BIC", "swift code", "bic code", "Swift", "Bic")
    return make("SWIFT_CODE", "SwiftBicRecognizer", [(lb + rx, 0.85)],
                validator=lambda s: s[4:6] in _COUNTRIES, flags=regex.MULTILINE)


def ein() -> EntityRecognizer:
    lb = label("EIN", "employer identification", "tax id", "TIN", "federal tax id", "FEIN")
    return make("US_EIN", "EinRecognizer", [(r"\b\d{2}-\d{7}\b", 0.4), (lb + r"\d{9}\b", 0.85)],
                context=["ein", "employer", "tax"])


def invoice_number() -> EntityRecognizer:
    lb = label("invoice", "inv", "receipt", "order", "reference", "ref", "claim", "customer",
               "client", "account")
    return make("ACCOUNT_NUMBER", "InvoiceAccountRecognizer",
                [(lb + r"(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{3,19}\b", 0.7)])


# Issuer prefixes (IIN ranges) of the card networks in use: Visa, Mastercard (51-55 and
# 2221-2720), Amex, Discover, JCB (incl. 2131/1800), Diners, Maestro, UnionPay, RuPay, Mir.
# JCB is 3528-3589 by the book, but numbers issued and generated across the whole 35xx block
# (3521..., 3590...) are seen in practice; Luhn keeps the wider prefix safe.
_IIN = regex.compile(
    r"^(?:4|5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720|3[47]|6011|64[4-9]|65|"
    r"35\d\d|2131|1800|30[0-5]|3095|36|38|39|50|5[6-9]|6[0-9]|2200|2204)")


def _card_ok(text: str) -> bool:
    number = digits(text)
    return 12 <= len(number) <= 19 and luhn_ok(number) and bool(_IIN.match(number))


def credit_card() -> EntityRecognizer:
    """Card numbers of 12-19 digits, grouped by spaces or dashes or not, Luhn-valid, with a
    known issuer prefix (Presidio's recognizer misses Maestro, JCB 2131 and 19-digit Visa)."""
    grouped = r"(?<![\d-])\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}(?![\d-])"  # 4-4-4-x
    amex = r"(?<![\d-])\d{4}[ -]\d{6}[ -]\d{5}(?![\d-])"
    plain = r"(?<![\d-])\d{12,19}(?![\d-])"
    return make("CREDIT_CARD", "CardNumberRecognizer",
                [(grouped, 0.6), (amex, 0.6), (plain, 0.5)],
                context=["card", "credit", "visa", "mastercard", "amex", "debit", "cc"],
                validator=_card_ok)


def all_financial() -> list[EntityRecognizer]:
    return [bank_account(), aba_routing(), swift_bic(), ein(), invoice_number(), credit_card()]
