"""Passphrase → raw 256-bit SQLCipher key (Argon2id), and the header that remembers how.

The header (`enclave.header`, JSON) holds only the KDF name, its parameters, the salt and a
key-check value. The check value is an HMAC of a fixed label under the derived key, so a wrong
passphrase is detected before the database file is even opened (nothing is touched), and the
check reveals nothing about the key itself beyond what a brute-force of Argon2id would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.core.store.fsutil import write_atomic

KEY_BYTES = 32
SALT_BYTES = 16
HEADER_FORMAT = "enclave-header-1"
_CHECK_LABEL = b"enclave/key-check/v1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters; stored in the header so old workspaces keep opening."""

    time_cost: int = 3
    memory_kib: int = 128 * 1024  # 128 MiB: well above OWASP's 19–46 MiB minimums
    parallelism: int = 1  # 1 lane: unlock time does not depend on how many cores are free

    @classmethod
    def default(cls) -> KdfParams:
        # Tuned so unlock takes ~0.4–0.5 s on a 2-core machine (bench/store.py measures it).
        return cls()

    @classmethod
    def fast(cls) -> KdfParams:
        """For tests only: milliseconds instead of a third of a second. Never for real data."""
        return cls(time_cost=1, memory_kib=8, parallelism=1)

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        return cls(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]))


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The raw SQLCipher key. Argon2id resists GPU guessing better than SQLCipher's PBKDF2."""
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def subkey(master: bytes, purpose: str) -> bytes:
    """A key for one purpose (audit HMAC, key wrapping...) so no key is used for two things."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
    return hkdf.derive(master)


def key_check(key: bytes) -> str:
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Header:
    salt: bytes
    params: KdfParams
    check: str

    @classmethod
    def new(cls, passphrase: str, params: KdfParams) -> tuple[Header, bytes]:
        """A fresh salt and the key it yields; returns (header, key)."""
        salt = secrets.token_bytes(SALT_BYTES)
        key = derive_key(passphrase, salt, params)
        return cls(salt=salt, params=params, check=key_check(key)), key

    def unlock(self, passphrase: str) -> bytes | None:
        """The key if the passphrase is right, else None (constant-time comparison)."""
        key = derive_key(passphrase, self.salt, self.params)
        return key if hmac.compare_digest(key_check(key), self.check) else None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": HEADER_FORMAT,
            "kdf": "argon2id",
            "params": self.params.to_json(),
            "salt": base64.b64encode(self.salt).decode(),
            "check": self.check,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Header:
        if data.get("format") != HEADER_FORMAT or data.get("kdf") != "argon2id":
            raise ValueError("unsupported workspace header format")
        return cls(
            salt=base64.b64decode(data["salt"]),
            params=KdfParams.from_json(data["params"]),
            check=str(data["check"]),
        )

    @classmethod
    def read(cls, path: Path) -> Header:
        return cls.from_json(json.loads(path.read_text("utf-8")))

    def write(self, path: Path) -> None:
        write_atomic(path, json.dumps(self.to_json(), indent=2).encode())
