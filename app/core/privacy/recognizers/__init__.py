"""Enclave's recognizers on top of Presidio's, and the registry that holds both.

`build_registry()` starts from Presidio's predefined English recognizers (credit card with
Luhn, IBAN with mod-97, SSN, e-mail, URL, IP, phone, dates, driver's licence, passport, ...),
removes those ours replace, and adds ours, then the genre packs' (`app.core.privacy.packs`).
The general filters of Presidio's own recognizers are in `predefined`. See docs/PRIVACY.md
for the HIPAA class table.
"""

from __future__ import annotations

from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngine

from app.core.privacy.recognizers.contact import phone
from app.core.privacy.recognizers.financial import all_financial
from app.core.privacy.recognizers.identifiers import all_identifiers
from app.core.privacy.recognizers.legal import case_number
from app.core.privacy.recognizers.location import all_location
from app.core.privacy.recognizers.medical import all_medical
from app.core.privacy.recognizers.name_context import NameContextRecognizer
from app.core.privacy.recognizers.names import NameRecognizer
from app.core.privacy.recognizers.regions import regions
from app.core.privacy.recognizers.temporal import all_temporal

# Presidio recognizers whose entity we cover better (or that are too noisy on our text).
_REPLACED = {"UsBankRecognizer", "UsLicenseRecognizer", "CreditCardRecognizer"}


def enclave_recognizers() -> list[EntityRecognizer]:
    return [*all_medical(), *all_financial(), *all_identifiers(), case_number(),
            *all_location(), *all_temporal(), phone(), NameRecognizer(), NameContextRecognizer(),
            regions()]


def build_registry(nlp_engine: NlpEngine | None = None,
                   extra: Iterable[EntityRecognizer] = ()) -> RecognizerRegistry:
    """Presidio's predefined recognizers less `_REPLACED`, ours, then `extra` (a pack's)."""
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    for name in _REPLACED:
        try:
            registry.remove_recognizer(name)
        except Exception:  # noqa: BLE001 - absent in some Presidio versions
            pass
    for rec in [*enclave_recognizers(), *extra]:
        registry.add_recognizer(rec)
    return registry
