"""A passphrase strength estimate for the first-run meter (plain Python, unit-testable).

Deliberately simple and conservative: bits from length × alphabet, with penalties for the
patterns guessers try first (repeats, sequences, common words). It only guides the user; the
real protection is Argon2id in `app.core.store.keys`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_COMMON = ("password", "passw0rd", "letmein", "qwerty", "123456", "admin", "welcome",
           "enclave", "iloveyou", "monkey", "dragon", "secret")
LABELS = ("Too weak", "Weak", "Fair", "Strong", "Very strong")
MIN_ACCEPTABLE = 2  # "Fair": the create button stays disabled below this


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4, an index into LABELS
    bits: float
    hint: str

    @property
    def label(self) -> str:
        return LABELS[self.score]

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_ACCEPTABLE


def estimate(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, 0.0, "Choose a passphrase: several unrelated words work well.")
    alphabet = 0
    alphabet += 26 if re.search(r"[a-z]", passphrase) else 0
    alphabet += 26 if re.search(r"[A-Z]", passphrase) else 0
    alphabet += 10 if re.search(r"[0-9]", passphrase) else 0
    alphabet += 33 if re.search(r"[^A-Za-z0-9]", passphrase) else 0
    bits = len(passphrase) * math.log2(max(alphabet, 2))
    lowered = passphrase.lower()
    hint = ""
    if any(w in lowered for w in _COMMON):
        bits *= 0.4
        hint = "Avoid common words such as 'password'."
    if re.search(r"(.)\1\1", passphrase):
        bits *= 0.7
        hint = hint or "Avoid repeated characters."
    if re.search(r"(?:0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef)", lowered):
        bits *= 0.7
        hint = hint or "Avoid sequences like 1234 or abcd."
    if len(passphrase) < 8:
        bits = min(bits, 27.0)
        hint = hint or "Use at least 8 characters; a few unrelated words are best."
    score = 0 if bits < 28 else 1 if bits < 45 else 2 if bits < 60 else 3 if bits < 80 else 4
    if not hint:
        hint = "Good." if score >= 3 else "Longer is stronger: add another word."
    return Strength(score, bits, hint)
