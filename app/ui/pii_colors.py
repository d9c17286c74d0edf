"""One colour per identifier type, shared by the document view and its legend.

Translucent fills so the same colours read on light and dark palettes; the hue is what
carries the meaning, the text colour stays the palette's own.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.core.privacy.entity_names import pretty  # noqa: F401  (re-exported for the panels)

_HUES = {
    "PERSON": (66, 133, 244), "DATE_TIME": (251, 188, 5), "LOCATION": (52, 168, 83),
    "EMAIL_ADDRESS": (171, 71, 188), "PHONE_NUMBER": (255, 112, 67), "US_SSN": (234, 67, 53),
    "MEDICAL_RECORD_NUMBER": (0, 172, 193), "ORGANIZATION": (124, 179, 66),
    "CREDIT_CARD": (216, 27, 96), "IBAN_CODE": (216, 27, 96), "URL": (121, 134, 203),
    "IP_ADDRESS": (141, 110, 99), "NRP": (255, 167, 38), "MANUAL": (233, 30, 99),
}
_FALLBACK = [(0, 150, 136), (255, 87, 34), (96, 125, 139), (156, 39, 176), (139, 195, 74)]


def color_for(entity: str, alpha: int = 90) -> QColor:
    rgb = _HUES.get(entity) or _FALLBACK[sum(map(ord, entity)) % len(_FALLBACK)]
    return QColor(*rgb, alpha)
