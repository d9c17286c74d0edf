"""Which identifier types a workspace redacts (set in the settings dialog).

Detection is unchanged: every type is still found, highlighted and used by extraction. The
choice applies where text is masked for a person to read or keep: the redacted view and the
redacted text/PDF exports. The "always redact" list (`CUSTOM_TERM`) is redacted whatever is
chosen, and escalation payloads keep pseudonymizing everything (the outbound choke point never
sends more than the full redaction would).

    types = load_redact_types(ws)              # None: all types (also ones added later)
    redact_text(text, for_redaction(findings, types))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any, TypeVar

from app.core import actions
from app.core.settings import REDACT_TYPES

ALWAYS = frozenset({"CUSTOM_TERM"})  # the workspace's "always redact" terms

F = TypeVar("F")


def load_redact_types(workspace: Any) -> frozenset[str] | None:
    """The chosen types, or None for all of them."""
    value = REDACT_TYPES.get(workspace) if workspace is not None else None
    return frozenset(value) if value is not None else None


def save_redact_types(workspace: Any, types: Iterable[str] | None) -> bool:
    """Store the choice (None: all types); audited with the chosen types' names. False when
    nothing changed."""
    new = sorted(set(types)) if types is not None else None
    old = REDACT_TYPES.get(workspace)
    if new == (sorted(old) if old is not None else None):
        return False
    db = getattr(workspace, "_db", None)
    with db.tx() if db is not None else nullcontext():
        REDACT_TYPES.store(workspace, new)  # None: the key goes, "all types"
        workspace.audit.record(actions.SETTINGS_CHANGE, "redact_types", "workspace",
                               types=new if new is not None else "all")
    return True


def for_redaction(findings: Sequence[F], types: frozenset[str] | None) -> list[F]:
    """The findings to mask under the choice `types` (None: all)."""
    if types is None:
        return list(findings)
    keep = types | ALWAYS
    return [f for f in findings if getattr(f, "type", "") in keep]
