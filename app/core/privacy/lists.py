"""Per-workspace allow-list ("not PII") and deny-list ("always redact this term").

The user edits them by clicking a highlight. The terms live in the workspace's settings table,
inside the SQLCipher database, so they are encrypted with everything else. Each change is
audited with the list, the operation, a SHA-256 of the normalised term and the list's new size:
never the term itself (it is, by construction, something that looked like an identifier).

    allow, deny = load_lists(workspace)
    analyzer = get_analyzer().with_lists(allow, deny)   # no spaCy reload
"""

from __future__ import annotations

import hashlib
from contextlib import nullcontext
from typing import Any

from app.core import actions
from app.core.settings import ALLOW_LIST, DENY_LIST, Setting

MAX_TERM = 200
_LISTS: dict[str, Setting[list[str]]] = {"allow": ALLOW_LIST, "deny": DENY_LIST}


def normalise(term: str) -> str:
    """The stored form: whitespace collapsed; case kept (matching is case-insensitive)."""
    value = " ".join(str(term).split())
    if not value:
        raise ValueError("An empty term cannot be added to a privacy list.")
    if len(value) > MAX_TERM:
        raise ValueError(f"A privacy-list term is at most {MAX_TERM} characters.")
    return value


def term_digest(term: str) -> str:
    return hashlib.sha256(normalise(term).casefold().encode("utf-8")).hexdigest()


def _get(workspace: Any, which: str) -> list[str]:
    return _LISTS[which].get(workspace)


def load_lists(workspace: Any) -> tuple[list[str], list[str]]:
    """(allow, deny) terms of the workspace."""
    return _get(workspace, "allow"), _get(workspace, "deny")


def _change(workspace: Any, which: str, term: str, add: bool) -> bool:
    value = normalise(term)
    terms = _get(workspace, which)
    present = [t for t in terms if t.casefold() == value.casefold()]
    if add == bool(present):
        return False  # already there / not there: nothing to change, nothing to audit
    terms = terms + [value] if add else [t for t in terms if t not in present]
    # The setting and its audit entry commit together (both join the outer transaction).
    db = getattr(workspace, "_db", None)
    with db.tx() if db is not None else nullcontext():
        _LISTS[which].store(workspace, sorted(terms, key=str.casefold))
        workspace.audit.record(actions.SETTINGS_CHANGE, "privacy_list", which,
                               op="add" if add else "remove", term_sha256=term_digest(value),
                               count=len(terms))
    return True


def add_allow(workspace: Any, term: str) -> bool:
    """Mark `term` as not PII in this workspace. False when it was already there."""
    return _change(workspace, "allow", term, add=True)


def add_deny(workspace: Any, term: str) -> bool:
    """Always redact `term` in this workspace. False when it was already there."""
    return _change(workspace, "deny", term, add=True)


def remove_allow(workspace: Any, term: str) -> bool:
    return _change(workspace, "allow", term, add=False)


def remove_deny(workspace: Any, term: str) -> bool:
    return _change(workspace, "deny", term, add=False)


def workspace_analyzer(workspace: Any, base: Any = None) -> Any:
    """The analyzer with this workspace's lists applied: what every path that detects
    identifiers for a workspace (processing, re-analysis, escalation) must use, so an "always
    redact" term is redacted everywhere, and never leaves in an escalation payload."""
    if base is None:
        from app.core.privacy.analyzer import get_analyzer  # deferred: loads Presidio, spaCy

        base = get_analyzer()
    if workspace is None:
        return base
    allow, deny = load_lists(workspace)
    return base.with_lists(allow, deny) if (allow or deny) else base
