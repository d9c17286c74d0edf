"""The optional OS-keyring unlock: works with a real backend, refuses without one (never a
plaintext fallback), follows a passphrase change, and a stale key opens nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.core.errors import WorkspaceError, WrongPassphrase
from app.core.store import keyring_key
from app.core.workspace import KdfParams, Workspace


class MemoryKeyring(KeyringBackend):
    """Stands in for Keychain / Credential Manager / Secret Service in this unit test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        del self.items[(service, username)]


@pytest.fixture
def backend() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(previous)


def _create(tmp_path: Path) -> Path:
    data = tmp_path / "ws"
    Workspace.create(data, "first passphrase", kdf=KdfParams.fast()).close()
    return data


def test_remember_then_unlock_without_passphrase(backend: MemoryKeyring, tmp_path: Path) -> None:
    data = _create(tmp_path)
    with Workspace.open(data, "first passphrase") as ws:
        keyring_key.remember(ws)
    assert keyring_key.is_remembered(data)
    with Workspace.open_with_keyring(data) as ws:
        assert ws.audit.verify().ok
        assert any(e.action == "settings.change" for e in ws.audit.entries())


def test_rekey_updates_the_remembered_key(backend: MemoryKeyring, tmp_path: Path) -> None:
    data = _create(tmp_path)
    with Workspace.open(data, "first passphrase") as ws:
        keyring_key.remember(ws)
        ws.rekey("second passphrase", kdf=KdfParams.fast())
    Workspace.open_with_keyring(data).close()


def test_a_stale_key_opens_nothing(backend: MemoryKeyring, tmp_path: Path) -> None:
    data = _create(tmp_path)
    backend.set_password(keyring_key.SERVICE, str(data.resolve()), "00" * 32)
    with pytest.raises(WrongPassphrase, match="OS keyring"):
        Workspace.open_with_keyring(data)


def test_forget(backend: MemoryKeyring, tmp_path: Path) -> None:
    data = _create(tmp_path)
    with Workspace.open(data, "first passphrase") as ws:
        keyring_key.remember(ws)
        assert keyring_key.forget(data, ws)
    assert not keyring_key.is_remembered(data)
    with pytest.raises(WorkspaceError, match="not in the OS keyring"):
        Workspace.open_with_keyring(data)


def test_no_backend_means_no_fallback(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        data = _create(tmp_path)
        before = sorted(p.name for p in data.iterdir())
        with (
            Workspace.open(data, "first passphrase") as ws,
            pytest.raises(WorkspaceError, match="never keeps the key"),
        ):
            keyring_key.remember(ws)
        assert not keyring_key.is_remembered(data)
        assert sorted(p.name for p in data.iterdir()) == before
    finally:
        keyring.set_keyring(previous)
