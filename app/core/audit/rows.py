"""Audit entries as rows an auditor reads: local time, who, the action and details in words, and
the document's name beside its id.

Names are looked up at display or export time from the encrypted store's documents table and
never written into the log itself: the log stays ids, counts and digests (guard.py), and a
document deleted later simply shows as no longer in the workspace.

    rows = present(ws.audit.entries(), ws.audit.document_names())
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo

from app.core.audit import phrases as ph
from app.core.audit.chain import AuditEntry
from app.core.audit.wording import Context, describe, details_of

GONE = "(no longer in the workspace)"


@dataclass(frozen=True)
class DocRef:
    id: str
    name: str  # "" when names are left out of an export, GONE when the document was deleted

    def __str__(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


@dataclass(frozen=True)
class AuditRow:
    seq: int
    time: str  # local, "2026-05-01 14:03:04"
    who: str
    action: str  # in words
    documents: tuple[DocRef, ...]
    details: str  # in words
    outcome: str  # success | failure | denied, as recorded
    code: str  # the recorded action, e.g. "document.view", for filters and machines

    @property
    def failed(self) -> bool:
        return self.outcome != "success"

    @property
    def document(self) -> str:
        """The Document cell as one line: 'a.pdf (3fa9…)', or 'a.pdf (…), b.pdf (…)'."""
        return ", ".join(str(d) for d in self.documents)


def document_ids(e: AuditEntry) -> list[str]:
    """The documents an entry is about: its object, or the escalation's / batch's documents."""
    if e.object_type == "document" and e.object_id:
        return [e.object_id]
    d = details_of(e)
    if isinstance(d.get("document"), str):
        return [d["document"]]
    docs = d.get("documents")
    if isinstance(docs, list):
        return list(dict.fromkeys(str(x) for x in docs))  # a batch: each once, in order
    return []


def present(entries: Iterable[AuditEntry], names: Mapping[str, str] | None = None,
            tz: tzinfo | None = None) -> list[AuditRow]:
    """Readable rows. `names` maps document id → name; None leaves names out (ids only)."""
    entries = list(entries)
    ctx = Context.of(entries, tz)
    return [_row(e, names, ctx) for e in entries]


def _row(e: AuditEntry, names: Mapping[str, str] | None, ctx: Context) -> AuditRow:
    action, details = describe(e, ctx)
    docs = tuple(DocRef(i, "" if names is None else names.get(i, GONE)) for i in document_ids(e))
    return AuditRow(e.seq, ph.local_time(e.ts, tz=ctx.tz), ph.who(e.actor), action, docs, details,
                    e.outcome, e.action)


def period(rows: list[AuditRow]) -> str:
    """'2026-05-01 09:12:00 – 2026-05-03 17:40:12', or 'no entries'."""
    if not rows:
        return "no entries"
    return f"{rows[0].time} – {rows[-1].time}"

