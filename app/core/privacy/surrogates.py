"""Realistic surrogates, consistent per case and reversible through the vault.

    mapper = SurrogateMapper(workspace.vault)       # or MemoryVault() in scripts and tests
    mapper.surrogate("case-7", "PERSON", "John Smith")   # "Maria Lopez", now and forever
    mapper.reidentify(text, "case-7")               # (text with originals back, how many)

Consistency: the vault keeps original → surrogate per case, so the same person is the same
fake in every document of the case and in every later process. Names are mapped word by word
("John Smith" → "Maria Lopez", then "Smith" alone → "Lopez", "SMITH, JOHN" → "LOPEZ,
MARIA"). Dates move by the case's one secret offset (`dateshift`), so intervals survive. The
case secret (which seeds every choice) and the offset live in the vault, i.e. in the
encrypted store; a surrogate never equals or contains its original.

Fails closed: a vault error raises; a type with no realistic fake, or a fake that cannot be
claimed, returns None and the caller falls back to a token. Thread-safe: one lock per mapper
around get-or-create, and the vault's uniqueness constraints across processes.
"""

from __future__ import annotations

import random
import re
import secrets
import threading
from typing import Protocol

from app.core.privacy.dateshift import new_shift
from app.core.privacy.fakes import FakeMaker, cased, compose_person
from app.core.privacy.surrogate_setting import (  # noqa: F401 - re-exported
    DEFAULT_CASE,
    set_surrogates,
    surrogates_enabled,
)

PART = "PERSON_PART"  # vault type of one name word
MAX_ATTEMPTS = 12


class SurrogateVault(Protocol):
    """What a vault offers beyond tokens (the encrypted `VaultRepo` and `MemoryVault`)."""

    def case_secret(self, case_id: str, secret: bytes, shift_days: int) -> tuple[bytes, int]:
        """The case's (secret, date shift); the given pair is stored if the case has none."""
        ...

    def get_surrogate(self, case_id: str, entity_type: str, original: str) -> str | None: ...

    def put_surrogate(self, case_id: str, entity_type: str, original: str,
                      surrogate: str) -> None:
        """Raises ValueError if the original has another surrogate, or the surrogate is taken."""
        ...

    def surrogates(self, case_id: str) -> dict[str, str]:
        """surrogate → original for one case."""
        ...


def supports_surrogates(vault: object) -> bool:
    return all(callable(getattr(vault, name, None)) for name in
               ("case_secret", "get_surrogate", "put_surrogate", "surrogates"))


def _render(stored: str, original: str) -> str:
    """A stored surrogate in the case of this spelling of the original."""
    return cased(stored, original) if any(c.isalpha() for c in original) else stored


class SurrogateMapper:
    def __init__(self, vault: SurrogateVault) -> None:
        if not supports_surrogates(vault):
            raise TypeError("This vault cannot keep surrogates; use tokens.")
        self.vault = vault
        self._lock = threading.RLock()
        self._makers: dict[str, FakeMaker] = {}

    def maker(self, case_id: str) -> FakeMaker:
        with self._lock:
            if case_id not in self._makers:
                # Fresh randomness from the OS; kept only if this case has none yet.
                secret, shift = self.vault.case_secret(
                    case_id, secrets.token_bytes(32), new_shift(random.SystemRandom()))
                self._makers[case_id] = FakeMaker(bytes(secret), int(shift))
            return self._makers[case_id]

    def date_shift(self, case_id: str) -> int:
        return self.maker(case_id).shift_days

    def _claim(self, case_id: str, entity_type: str, original: str, fake: str) -> str | None:
        """Store original → fake; the surrogate now in the vault for it, or None if taken."""
        try:
            self.vault.put_surrogate(case_id, entity_type, original, fake)
            return fake
        except ValueError:
            # Another process may have mapped this original meanwhile: use its surrogate.
            return self.vault.get_surrogate(case_id, entity_type, original)

    def surrogate(self, case_id: str, entity_type: str, original: str) -> str | None:
        """The case's surrogate for `original` (created on first sight), or None: use a token."""
        with self._lock:
            known = self.vault.get_surrogate(case_id, entity_type, original)
            if known is not None:
                return _render(known, original)
            maker = self.maker(case_id)
            if entity_type == "PERSON":
                return self._person(case_id, maker, original)
            for attempt in range(MAX_ATTEMPTS):
                fake = maker.make(entity_type, original, attempt)
                if fake is None:
                    return None
                got = self._claim(case_id, entity_type, original, fake)
                if got is not None:
                    return _render(got, original)
            return None

    def _name_word(self, case_id: str, maker: FakeMaker, word: str, role: str) -> str:
        known = self.vault.get_surrogate(case_id, PART, word)
        if known is not None:
            return known
        if role == "single":  # one word on its own: a given name if it is one, else family
            # deferred: the gazetteer imports spaCy; most surrogates never need a given name
            from app.core.privacy.recognizers.gazetteer import first_names

            role = "given" if word.lower() in first_names() else "family"
        for attempt in range(MAX_ATTEMPTS):
            got = self._claim(case_id, PART, word, maker.name_word(word, role, attempt))
            if got is not None:
                return got
        raise ValueError("no free fake name for a name word")  # fail closed (caller raises)

    def _person(self, case_id: str, maker: FakeMaker, original: str) -> str | None:
        fake = compose_person(original, lambda w, r: self._name_word(case_id, maker, w, r),
                              maker.initial)
        if fake is None:
            return None
        if len(original.split()) > 1:
            # The whole name too: it carries initials and the exact spelling back. If it is
            # taken, the words alone still re-identify.
            self._claim(case_id, "PERSON", original, fake)
        return fake

    def reidentify(self, text: str, case_id: str) -> tuple[str, int]:
        """(text with this case's surrogates put back, how many were). Matches a surrogate as
        stored or upper-cased, on word boundaries; longest first."""
        table = self.vault.surrogates(case_id)
        if not table:
            return text, 0
        back: dict[str, str] = {}
        for fake, original in table.items():
            back.setdefault(fake, original)
            back.setdefault(fake.upper(), original.upper())
        alternation = "|".join(re.escape(s) for s in sorted(back, key=len, reverse=True))
        rx = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
        count = 0

        def put_back(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return back[m.group(0)]

        return rx.sub(put_back, text), count


