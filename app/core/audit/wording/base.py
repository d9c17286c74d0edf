"""The machinery of audit wording: a registry of one function per action, the `View` of an
entry those functions read, and `describe`, with a fallback for actions it does not know.

A wording function returns (action in words, detail phrases) and names the detail keys it put
into words; every other key is still listed, generically, so nothing recorded goes unshown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from app.core import actions as a
from app.core.audit import phrases as ph
from app.core.audit.chain import AuditEntry


@dataclass
class Context:
    """What later entries need from earlier ones: each escalation's offer."""

    offers: dict[str, dict[str, Any]] = field(default_factory=dict)  # escalation id → details
    tz: tzinfo | None = None  # None: the machine's local time zone

    @classmethod
    def of(cls, entries: Iterable[AuditEntry], tz: tzinfo | None = None) -> Context:
        ctx = cls(tz=tz)
        for e in entries:
            if e.action == a.ESCALATION_OFFERED:
                ctx.offers[e.object_id] = details_of(e)
        return ctx


@dataclass(frozen=True)
class View:
    """One entry as a wording function reads it: the entry, its details, the log's context."""

    entry: AuditEntry
    d: dict[str, Any]
    ctx: Context

    @property
    def ok(self) -> bool:
        return self.entry.outcome == "success"

    @property
    def oid(self) -> str:
        return self.entry.object_id

    @property
    def offer(self) -> dict[str, Any]:
        return self.ctx.offers.get(self.oid, {})


Said = tuple[str, list[str]]
Wording = Callable[[View], Said]
WORDINGS: dict[str, Wording] = {}
_CONSUMED: dict[str, frozenset[str]] = {}  # keys the wording put into words itself


def wording(action: str, *consumed: str) -> Callable[[Wording], Wording]:
    """Register the decorated function as `action`'s wording; `consumed`: the detail keys it
    puts into words itself (the rest are listed generically)."""
    def register(fn: Wording) -> Wording:
        WORDINGS[action] = fn
        _CONSUMED[action] = frozenset(consumed)
        return fn
    return register


def known_actions() -> frozenset[str]:
    return frozenset(WORDINGS)


def describe(entry: AuditEntry, ctx: Context | None = None) -> tuple[str, str]:
    """(action in words, details in words) for one entry."""
    view = View(entry, details_of(entry), ctx or Context())
    fn = WORDINGS.get(entry.action)
    if fn is None:
        action, said = _unknown(view), ph.generic(view.d)
    else:
        action, said = fn(view)
        said = said + ph.generic(view.d, skip=_CONSUMED[entry.action])
    return action, "; ".join(s for s in said if s)


def details_of(e: AuditEntry) -> dict[str, Any]:
    try:
        d = json.loads(e.details) if e.details else {}
    except ValueError:
        return {}
    return d if isinstance(d, dict) else {}


def _unknown(v: View) -> str:
    # 'document.archive' → 'Document: archive'; outcome said when it was not a success.
    head, _, tail = v.entry.action.partition(".")
    words = head.replace("_", " ").capitalize() + (f": {tail.replace('_', ' ')}" if tail else "")
    return words + {"failure": " (failed)", "denied": " (refused)"}.get(v.entry.outcome, "")


def ok_or(v: View, ok: str, failed: str) -> str:
    return ok if v.ok else failed


def tier(name: Any, external: Any) -> str:
    """'the on-premises tier ‘onprem’'; without `external` known, just 'tier ‘onprem’'."""
    kind = {True: "the external tier ", False: "the on-premises tier "}.get(external, "tier ")
    return kind + ph.quoted(str(name)) if name else "a tier"
