"""Optional: keep a workspace's key in the OS keyring (macOS Keychain, Windows Credential
Manager, the Secret Service on Linux) so its owner can unlock without typing the passphrase.

Never a plaintext fallback: where no real keyring backend exists, `remember` refuses with one
sentence and nothing is written. The stored secret is the raw database key, checked against the
workspace header before use, so a stale or foreign entry opens nothing.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any

from app.core import actions
from app.core.errors import WorkspaceError, WrongPassphrase
from app.core.store import rekey as rk
from app.core.store.keys import Header, key_check

SERVICE = "Enclave workspace key"


def _keyring() -> Any:
    """The OS keyring, or a clear error when this system has none usable."""
    import keyring  # deferred: its backends probe D-Bus / the OS on import; only when used

    backend = keyring.get_keyring()
    if getattr(backend, "priority", 0) <= 0:  # fail/null backends, or a chainer with nothing
        raise WorkspaceError(
            "No OS keyring is available on this system; Enclave never keeps the key in a file, "
            "so keep unlocking with your passphrase."
        )
    return backend


def _account(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def remember(workspace: Any) -> None:
    """Store the unlocked workspace's key in the OS keyring (audited)."""
    _keyring().set_password(SERVICE, _account(workspace.data_dir), workspace._key.hex())
    workspace.audit.record(actions.SETTINGS_CHANGE, "workspace", keyring="on")


def forget(data_dir: Path, workspace: Any = None) -> bool:
    """Remove the key from the OS keyring; True if there was one."""
    backend = _keyring()
    account = _account(data_dir)
    if backend.get_password(SERVICE, account) is None:
        return False
    backend.delete_password(SERVICE, account)
    if workspace is not None:
        workspace.audit.record(actions.SETTINGS_CHANGE, "workspace", keyring="off")
    return True


def is_remembered(data_dir: Path) -> bool:
    try:
        return _keyring().get_password(SERVICE, _account(data_dir)) is not None
    except WorkspaceError:
        return False


def refresh(workspace: Any) -> None:
    """After a passphrase change: replace a remembered key with the new one."""
    if is_remembered(workspace.data_dir):
        _keyring().set_password(SERVICE, _account(workspace.data_dir), workspace._key.hex())


def stored_key(data_dir: Path) -> bytes:
    """The remembered key, verified against the workspace header."""
    data_dir = Path(data_dir)
    secret = _keyring().get_password(SERVICE, _account(data_dir))
    if secret is None:
        raise WorkspaceError(
            "This workspace's key is not in the OS keyring; unlock it with the passphrase."
        )
    if (data_dir / rk.JOURNAL).exists():
        raise WorkspaceError(
            "A passphrase change was interrupted; unlock with a passphrase once to finish it."
        )
    try:
        key = bytes.fromhex(secret)
    except ValueError:
        key = b""
    header = Header.read(data_dir / rk.HEADER)
    if not key or not hmac.compare_digest(key_check(key), header.check):
        raise WrongPassphrase(
            "The key kept in the OS keyring does not open this workspace "
            "(the passphrase was changed elsewhere?); nothing was changed."
        )
    return key
