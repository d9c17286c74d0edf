"""Every error Enclave raises on purpose. Each carries one sentence a user can act on.

    EnclaveError
     ├── UnreadableDocument      a file could not be read (corrupt, empty, too big, hostile)
     │    └── PasswordRequired   an encrypted PDF; retry with a password
     ├── WorkspaceError          the encrypted store
     │    ├── WorkspaceMissing   no workspace at that data directory (run `enclave init`)
     │    ├── WorkspaceExists    `enclave init` over an existing workspace
     │    └── WrongPassphrase    the passphrase does not open the workspace; nothing was touched
     ├── ModelError              no usable GGUF model, or it failed to load
     ├── ProfileError            unknown or malformed extraction profile
     ├── AuditError              the audit chain failed verification
     ├── NetworkBlocked          the egress guard refused a connection (offline by construction)
     ├── Cancelled               the user cancelled a document (app.core.cancel)
     ├── EscalationRefused       the outbound choke point refused to send (fails closed)
     │    ├── UnknownTier, AirGapped, ConsentRequired     (app.core.routing.errors)
     │    └── ResidualIdentifiers    an identifier survived pseudonymization: nothing sent
     └── TierError               an on-premises / cloud tier failed (app.core.llm.openai_compat)
          ├── TierTimeout, TierHTTPError, TierBadResponse
          └── AnswerRejected     the answer did not ground or validate; the local result stays

Privacy code raises `RedactionError` (app.core.privacy.pseudonymize) on any failure to redact;
callers turn it into EscalationRefused / a failed export, never into unredacted output.

The CLI prints `str(error)` as one line on stderr and exits non-zero; it never shows a traceback
for these.
"""

from __future__ import annotations


class EnclaveError(Exception):
    """Base class: `str(err)` is a complete sentence for the user."""

    exit_code = 1


class UnreadableDocument(EnclaveError):
    exit_code = 3


class PasswordRequired(UnreadableDocument):
    pass


class WorkspaceError(EnclaveError):
    exit_code = 4


class WorkspaceMissing(WorkspaceError):
    pass


class WorkspaceExists(WorkspaceError):
    pass


class WrongPassphrase(WorkspaceError):
    exit_code = 5


class ModelError(EnclaveError):
    exit_code = 6


class ProfileError(EnclaveError):
    exit_code = 2


class AuditError(EnclaveError):
    exit_code = 7


class NetworkBlocked(EnclaveError, ConnectionRefusedError):
    """Also a ConnectionRefusedError so libraries that handle refused connections degrade gently."""

    exit_code = 8


class EscalationRefused(EnclaveError):
    exit_code = 9
