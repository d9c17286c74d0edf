"""Every audit action in words: "Viewed document", "Corrected field ‘total’", "Escalated 2
fields to the on-premises tier ‘onprem’ with consent", "Unlock failed".

`describe(entry, context)` returns (action, details) sentences. The wording of an action lives
here once, so the panel, the PDF report and the CSV say the same. An action no module here
knows (a newer version's, say) still reads: "Document: archive", with its details listed.
Escalation entries borrow what their "offered" entry said (fields, tier kind), which is why a
`Context` of the whole log is passed in.
"""

from __future__ import annotations

# Each module registers its actions' wordings on import.
from app.core.audit.wording import documents, escalation, workspace  # noqa: F401
from app.core.audit.wording.base import Context, describe, details_of, known_actions

__all__ = ["Context", "describe", "details_of", "known_actions"]
