"""The audit vocabulary: every action Enclave records, named once."""

from __future__ import annotations

WORKSPACE_CREATE = "workspace.create"
UNLOCK = "workspace.unlock"  # outcome success | failure
CLOSE = "workspace.close"
REKEY = "workspace.rekey"
BACKUP = "workspace.backup"
INGEST = "document.ingest"
VIEW = "document.view"
EXTRACT = "document.extract"
CORRECT = "field.correct"
REDACT = "document.redact"
# A reviewer added or removed a redaction mark (details: mark id, kind, change; never its text).
REDACTION_MARK = "document.redaction_mark"
EXPORT = "data.export"
REIDENTIFY = "vault.reidentify"
ESCALATION_OFFERED = "escalation.offered"
ESCALATION_CONSENTED = "escalation.consented"
ESCALATION_BATCH_CONSENTED = "escalation.batch_consented"  # one yes for a listed batch
ESCALATION_DECLINED = "escalation.declined"
ESCALATION_SENT = "escalation.sent"
ESCALATION_FAILED = "escalation.failed"
SETTINGS_CHANGE = "settings.change"
# A tier's connection test (no document data; details: destination, outcome, error class).
TIER_TEST = "tier.connection_test"
AUDIT_VERIFY = "audit.verify"
AUDIT_EXPORT = "audit.export"

OUTCOMES = ("success", "failure", "denied")
