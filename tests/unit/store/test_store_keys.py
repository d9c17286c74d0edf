from __future__ import annotations

import json

from app.core.store.keys import KEY_BYTES, Header, KdfParams, derive_key, subkey


def test_default_params_meet_owasp() -> None:
    p = KdfParams.default()
    # OWASP 2023: Argon2id with m >= 19 MiB, t >= 2 (or m >= 46 MiB, t >= 1).
    assert p.memory_kib >= 46 * 1024 and p.time_cost >= 2


def test_derive_is_deterministic_and_salted() -> None:
    p = KdfParams.fast()
    a = derive_key("pw", b"s" * 16, p)
    assert len(a) == KEY_BYTES
    assert a == derive_key("pw", b"s" * 16, p)
    assert a != derive_key("pw", b"t" * 16, p)
    assert a != derive_key("pW", b"s" * 16, p)


def test_header_roundtrip_and_check(tmp_path) -> None:
    header, key = Header.new("secret", KdfParams.fast())
    header.write(tmp_path / "h")
    again = Header.read(tmp_path / "h")
    assert again == header
    assert again.unlock("secret") == key
    assert again.unlock("Secret") is None
    text = (tmp_path / "h").read_text()
    assert key.hex() not in text and set(json.loads(text)) == {
        "format", "kdf", "params", "salt", "check"}


def test_subkeys_are_independent() -> None:
    k = b"k" * 32
    assert subkey(k, "a") != subkey(k, "b") != k
