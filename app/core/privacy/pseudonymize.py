"""Consistent, reversible pseudonyms per case, and plain `[TYPE]` redaction.

The same original string of the same type gets the same token (`<PERSON_1>`) everywhere in
a case's document set; the vault keeps token ↔ original. With `surrogates=True` it gets a
realistic fake of its type instead ("Maria Lopez", a date moved by the case's offset; see
`surrogates.py`), kept in the vault the same way; a type with no realistic fake still gets a
token. `MemoryVault` is for tests and scripts; the encrypted store implements the same
protocols.

Fails closed: any error (bad span, vault failure) raises; nothing ever returns input text
as if it were redacted.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from app.core.documents import Finding
from app.core.errors import RedactionError

if TYPE_CHECKING:
    from app.core.privacy.surrogates import SurrogateMapper

_TOKEN = re.compile(r"<([A-Z][A-Z0-9_]*)_(\d+)>")


class Vault(Protocol):
    def get_token(self, case_id: str, entity_type: str, original: str) -> str | None:
        """The token of `original` in this case, matched up to case and whitespace."""
        ...

    def put(self, case_id: str, entity_type: str, original: str, token: str) -> None: ...
    def lookup(self, case_id: str, token: str) -> str | None: ...


class MemoryVault:
    """An in-memory `Vault` (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str, str], str] = {}
        self._originals: dict[tuple[str, str], str] = {}
        self._cases: dict[str, tuple[bytes, int]] = {}
        self._fakes: dict[tuple[str, str, str], str] = {}
        self._fake_owner: dict[tuple[str, str], tuple[str, str]] = {}

    def get_token(self, case_id: str, entity_type: str, original: str) -> str | None:
        with self._lock:
            return self._tokens.get((case_id, entity_type, _normal(original)))

    def put(self, case_id: str, entity_type: str, original: str, token: str) -> None:
        with self._lock:
            self._tokens[(case_id, entity_type, _normal(original))] = token
            self._originals[(case_id, token)] = original

    def lookup(self, case_id: str, token: str) -> str | None:
        with self._lock:
            return self._originals.get((case_id, token))

    # The `SurrogateVault` protocol (app.core.privacy.surrogates), with the store's rules.
    def case_secret(self, case_id: str, secret: bytes, shift_days: int) -> tuple[bytes, int]:
        with self._lock:
            return self._cases.setdefault(case_id, (secret, shift_days))

    def get_surrogate(self, case_id: str, entity_type: str, original: str) -> str | None:
        with self._lock:
            return self._fakes.get((case_id, entity_type, _normal(original)))

    def put_surrogate(self, case_id: str, entity_type: str, original: str,
                      surrogate: str) -> None:
        with self._lock:
            key = (case_id, entity_type, _normal(original))
            if key in self._fakes:
                if _normal(self._fakes[key]) != _normal(surrogate):
                    raise ValueError("this value already has a different surrogate")
                return
            if (case_id, _normal(surrogate)) in self._fake_owner:
                raise ValueError("this surrogate is already used for another value")
            self._fakes[key] = surrogate
            self._fake_owner[(case_id, _normal(surrogate))] = (surrogate, original)

    def surrogates(self, case_id: str) -> dict[str, str]:
        with self._lock:
            return {s: o for (c, _), (s, o) in self._fake_owner.items() if c == case_id}


def _normal(original: str) -> str:
    # "JOHN  SMITH" and "John Smith" are the same person: one token.
    return " ".join(original.split()).casefold()


def _spans(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Findings sorted, validated, overlaps merged (fails closed on a bad span)."""
    spans = sorted(findings, key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in spans:
        if not (0 <= f.start < f.end <= len(text)):
            raise RedactionError(f"A finding ({f.type} {f.start}-{f.end}) lies outside the text.")
        if out and f.start < out[-1].end:
            last = out[-1]
            out[-1] = Finding(last.type, last.page, last.start, max(last.end, f.end), last.score)
        else:
            out.append(f)
    return out


def redact_text(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding's span with `[TYPE]`."""
    parts, pos = [], 0
    for f in _spans(text, findings):
        parts += [text[pos:f.start], f"[{f.type}]"]
        pos = f.end
    return "".join(parts) + text[pos:]


class Pseudonymizer:
    """Replace findings with per-case tokens (or realistic surrogates); put them back for
    local re-identification."""

    def __init__(self, vault: Vault, surrogates: bool = False) -> None:
        self.vault = vault
        self._lock = threading.Lock()  # token numbering must not race across threads
        self._next: dict[tuple[str, str], int] = {}
        self._mapper: SurrogateMapper | None = None
        if surrogates:
            # deferred: surrogates load Faker's locale providers; only surrogate mode needs them
            from app.core.privacy.surrogates import SurrogateMapper

            self._mapper = SurrogateMapper(vault)  # type: ignore[arg-type]  # raises if unable

    @property
    def surrogates(self) -> bool:
        return self._mapper is not None

    def _replacement(self, case_id: str, entity_type: str, original: str) -> str:
        if self._mapper is not None:
            fake = self._mapper.surrogate(case_id, entity_type, original)
            if fake is not None:
                return fake
        return self._token(case_id, entity_type, original)

    def _token(self, case_id: str, entity_type: str, original: str) -> str:
        token = self.vault.get_token(case_id, entity_type, original)
        if token:
            return token
        with self._lock:
            token = self.vault.get_token(case_id, entity_type, original)
            if token:
                return token
            n = self._next.get((case_id, entity_type), 0) + 1
            # A vault filled by an earlier process: skip numbers already taken.
            while self.vault.lookup(case_id, f"<{entity_type}_{n}>") is not None:
                n += 1
            self._next[(case_id, entity_type)] = n
            token = f"<{entity_type}_{n}>"
            # Stored as written (re-identification gives the document's spelling); vaults
            # match later spellings up to case and whitespace.
            self.vault.put(case_id, entity_type, original, token)
            return token

    def pseudonymize(self, text: str, findings: Sequence[Finding],
                     case_id: str) -> tuple[str, dict[str, str]]:
        """(text with tokens or surrogates, {token or surrogate: original as first seen})."""
        try:
            parts, mapping, pos = [], {}, 0
            for f in _spans(text, findings):
                original = text[f.start:f.end]
                token = self._replacement(case_id, f.type, original)
                mapping.setdefault(token, original)
                parts += [text[pos:f.start], token]
                pos = f.end
            return "".join(parts) + text[pos:], mapping
        except RedactionError:
            raise
        except Exception as exc:  # fail closed, whatever went wrong
            raise RedactionError(f"Pseudonymization failed: {exc}") from exc

    def reidentify(self, text: str, case_id: str) -> str:
        """Put originals back for the tokens this case's vault knows; others stay as they are.
        In surrogate mode, the case's surrogates are put back first."""
        return self.reidentify_counted(text, case_id)[0]

    def reidentify_counted(self, text: str, case_id: str) -> tuple[str, int]:
        """(re-identified text, how many tokens and surrogates were put back): for the audit."""
        count = 0
        if self._mapper is not None:
            # Token mode never maps surrogates back: an answer to a token payload that happens
            # to contain a surrogate's words (a common surname) must stay as written.
            text, count = self._mapper.reidentify(text, case_id)

        def back(m: re.Match[str]) -> str:
            nonlocal count
            original = self.vault.lookup(case_id, m.group(0))
            if original is None:
                return m.group(0)
            count += 1
            return original

        return _TOKEN.sub(back, text), count
