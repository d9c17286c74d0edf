"""Human in the loop: a reviewer's correction of a field, stored, re-grounded and audited.

Front ends (GUI, CLI, scripts) call `correct_field`; the correction, the updated result and the
audit entry commit in one transaction, so a crash can never leave one without the others.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.core import actions
from app.core.documents import FieldValue, TextSpan
from app.core.extract.lines import find_span
from app.core.routing.router import refresh_route

EXAMPLES = 50  # the latest corrections of a profile the extractor learns from


def examples_for(workspace: Any, profile: str, limit: int = EXAMPLES) -> list[tuple[str, str]]:
    """(field, value) pairs a reviewer wrote or confirmed on documents of `profile`, oldest
    first: the few-shot examples `FieldExtractor(examples=...)` prefers and shows the model. A
    multi-valued field's correction (the parties) gives one pair per value."""
    out: list[tuple[str, str]] = []
    for c in workspace.corrections.recent_for_profile(profile, limit):
        values = c.new_value if isinstance(c.new_value, list) else [c.new_value]
        out += [(c.field, str(v)) for v in values if v not in (None, "")]
    return out


def correct_field(workspace: Any, doc_id: str, name: str, new_value: str | list[str]) -> FieldValue:
    """Replace field `name` of a stored document with a reviewer's value.

    The value is grounded again (a click on it still finds it in the page); its confidence is
    1.0 and its source "user": a person vouched for it, so it asks for no further review and
    the stored route is decided again without it. The old value stays in `corrections`
    (encrypted); the audit entry holds the field name and ids, never the values.
    """
    stored = workspace.results.get(doc_id)
    doc = workspace.documents.get(doc_id)
    if stored is None or doc is None:
        raise KeyError(doc_id)
    old = stored.fields.get(name) or FieldValue(name, None, 0.0)

    def ground(v: str) -> list[TextSpan]:
        span = find_span(doc, v)
        return [span] if span else []

    spans: Any = (
        [ground(v) for v in new_value] if isinstance(new_value, list) else ground(new_value)
    )
    new = replace(
        old,
        value=new_value,
        confidence=1.0,
        spans=spans,
        source="user",
        normalized=None,
        signals={**old.signals, "corrected": True},
    )
    with workspace.transaction():
        correction_id = workspace.corrections.add(
            doc_id, name, old.value, new_value, workspace.audit.actor
        )
        workspace.results.set_field(doc_id, new)
        refresh_route(workspace, doc_id)
        workspace.audit.record(
            actions.CORRECT,
            "document",
            doc_id,
            field=name,
            correction_id=correction_id,
            grounded=bool(spans) and all(spans),
        )
    return new
