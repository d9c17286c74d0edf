"""Court case and docket numbers (HIPAA class 18; the lawyers' commonest identifier).

Shapes covered: federal "1:21-cv-01234-ABC", state "2021-CV-001234" / "CV-2021-1234",
and any identifier after "case no." / "docket no." / "index no." / "file no.".
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import label, make

_FEDERAL = r"\b\d{1,2}:\d{2}-(?:cv|cr|bk|mc|mj|md|ap)-\d{3,6}(?:-[A-Z]{1,4})*\b"
_STATE = r"\b(?:\d{2,4}-[A-Z]{1,4}-\d{3,8}|[A-Z]{1,4}-\d{2,4}-\d{3,8})\b"
_LABELED = label("case", "docket", "index", "file", "cause", "matter", "civil action") + (
    r"(?=[A-Z0-9:/.-]*\d)[A-Z0-9][A-Z0-9:/.-]{2,29}\b"
)


def case_number() -> EntityRecognizer:
    return make("CASE_NUMBER", "CaseNumberRecognizer",
                [(_FEDERAL, 0.85), (_LABELED, 0.85), (_STATE, 0.35)],
                context=["case", "docket", "court", "v.", "plaintiff", "defendant"])
