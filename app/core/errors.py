"""Every error class of Enclave, in one place. Each `EnclaveError` carries one sentence a user
can act on; the CLI prints `str(error)` on stderr and exits with its `exit_code`, never with a
traceback.

    EnclaveError                     exit 1
     ├── UnreadableDocument          3  a file could not be read (corrupt, empty, too big, hostile)
     │    └── PasswordRequired          an encrypted PDF; retry with a password
     ├── WorkspaceError              4  the encrypted store
     │    ├── WorkspaceMissing          no workspace at that data directory (run `enclave init`)
     │    ├── WorkspaceExists           `enclave init` over an existing workspace
     │    └── WrongPassphrase        5  the passphrase does not open the workspace; nothing touched
     ├── ModelError                  6  no usable GGUF model, or it failed to load
     ├── ProfileError                2  unknown or malformed extraction profile
     ├── AuditError                  7  the audit chain failed verification
     ├── NetworkBlocked              8  the egress guard refused a connection (offline by
     │                                  construction); also a ConnectionRefusedError
     ├── Cancelled                 130  the user cancelled a document; nothing of it was stored
     ├── AnalyzerUnavailable            the identifier detector failed: the document was not
     │                                  processed (fails closed, nothing unredacted)
     ├── EscalationRefused           9  the outbound choke point refused before sending anything
     │    ├── UnknownTier               no tier of that name is configured
     │    ├── AirGapped                 air-gapped mode: external tiers are impossible
     │    ├── ConsentRequired           an external tier and no matching consent record
     │    └── ResidualIdentifiers       the payload still looks like it holds an identifier
     ├── TierError                  10  sent to a tier, but no usable answer came back
     │    ├── TierTimeout               no answer within the tier's timeout
     │    ├── TierHTTPError             an HTTP error status (500, 401, 429, ...); `.status`
     │    ├── TierBadResponse           not the JSON an OpenAI-compatible server returns
     │    └── AnswerRejected            the answer did not ground or validate; the local result
     │                                  stays
     └── RedactFailed               10  `enclave redact` could not write a redacted copy

Raised inside the core and turned into one of the above (or a sentence) by their callers; they
are not `EnclaveError`s because no user ever sees them as they are:

    RedactionError(RuntimeError)     any failure to redact: callers refuse the escalation or the
                                     export, never fall back to unredacted output
    ExportError(Exception)           an export that cannot be made (`str()` is one sentence)
    DetailRejected(ValueError)       an audit detail looked like content; nothing was written
    KeyRejected(Exception)           the key did not decrypt the database (the workspace turns
                                     it into WrongPassphrase / WorkspaceError)
    PageImageError(Exception)        a document's page images cannot be shown (the view shows
                                     its text and this sentence instead)
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


class Cancelled(EnclaveError):
    """The user cancelled; the document was not stored (nothing partial was written)."""

    exit_code = 130  # what a shell reports for Ctrl+C

    def __init__(self, message: str = "Cancelled; nothing of this document was stored.") -> None:
        super().__init__(message)


class AnalyzerUnavailable(EnclaveError):
    """The identifier detector failed; the document was not processed (nothing unredacted)."""


class UnknownTier(EscalationRefused):
    pass


class AirGapped(EscalationRefused):
    pass


class ConsentRequired(EscalationRefused):
    pass


class ResidualIdentifiers(EscalationRefused):
    def __init__(self, message: str, counts: dict[str, int]) -> None:
        super().__init__(message)
        self.counts = counts  # by entity type; never the values


class TierError(EnclaveError):
    exit_code = 10


class TierTimeout(TierError):
    pass


class TierHTTPError(TierError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class TierBadResponse(TierError):
    pass


class AnswerRejected(TierError):
    pass


class RedactFailed(EnclaveError):
    exit_code = 10


class RedactionError(RuntimeError):
    """Redaction could not be completed; the caller must not use any partial output."""


class ExportError(Exception):
    """An export that cannot be made; `str()` is one sentence for the user."""


class DetailRejected(ValueError):
    """A detail value looked like content; the entry was not written."""


class KeyRejected(Exception):
    """The key did not decrypt the file (internal; the workspace turns it into WrongPassphrase)."""


class PageImageError(Exception):
    """The page images cannot be shown; `str()` is one sentence."""
