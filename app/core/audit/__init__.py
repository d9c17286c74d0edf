"""The tamper-evident audit log: hash chain, signed checkpoint, exports and their checks.

    ws.audit.record(actions.VIEW, "document", doc_id, pages=3)
    ws.audit.verify()                 -> VerifyReport(ok, entries, first_bad, reason)
    ws.audit.check()                  -> Verification (the chain and the checkpoint apart)
    ws.audit.rows()                   -> AuditRow per entry: time, who, action and details in
                                         words, document names from the encrypted store
    ws.audit.export("pdf", out, names=True) -> path of the signed manifest
    verify_export(path)               -> VerifyReport (needs only the file and its manifest)
"""

from __future__ import annotations

from app.core.audit.export import verify_export
from app.core.audit.log import AuditLog
from app.core.audit.report import VerifyReport
from app.core.errors import DetailRejected

__all__ = ["AuditLog", "DetailRejected", "VerifyReport", "verify_export"]
