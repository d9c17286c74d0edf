"""What a verification says: intact or not, how many entries, the first bad one and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int
    first_bad: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"Audit log intact: {self.entries} entries verified."
        return f"Audit log FAILED verification: {self.reason}."
