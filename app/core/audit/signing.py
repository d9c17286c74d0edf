"""The Ed25519 key that signs checkpoints and export manifests. The private half never leaves
the encrypted store; the public half and its fingerprint are printed on every export."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.store.repos.keystore import KeyStore

_KEY_NAME = "audit.ed25519"


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def fingerprint(public_hex: str) -> str:
    """Short, comparable-by-eye identity of a public key (first 16 bytes of its SHA-256)."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:32]
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))


class Signer:
    def __init__(self, keystore: KeyStore) -> None:
        # Created on first use and then fixed: a key that changed would orphan old exports.
        seed = keystore.get(_KEY_NAME)
        if seed is None:
            fresh = Ed25519PrivateKey.generate().private_bytes_raw()
            seed = keystore.put_if_absent(_KEY_NAME, fresh)
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_hex = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    def sign(self, payload: dict[str, Any]) -> str:
        return self._key.sign(canonical(payload)).hex()


def verify_signature(public_hex: str, payload: dict[str, Any], signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(signature_hex), canonical(payload))
    except (InvalidSignature, ValueError):
        return False
    return True
