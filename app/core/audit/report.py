"""What a verification says: intact or not, how many entries, the first bad one and why.

`VerifyReport` is the one-line answer every front end prints. `Verification` keeps the two
checks apart — the hash chain (every HMAC and link) and the signed checkpoint (the chain head
anchored outside the database) — so a report can say which of them failed.
"""

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


@dataclass(frozen=True)
class CheckpointStatus:
    ok: bool
    reason: str = ""  # why not, when not ok
    first_bad: int | None = None
    entries: int = 0  # how many entries the checkpoint covers
    written_at: str = ""  # ISO time (UTC) it was signed


@dataclass(frozen=True)
class Verification:
    entries: int
    chain_bad: int | None  # the first entry whose HMAC, link or position is wrong
    chain_reason: str
    checkpoint: CheckpointStatus

    # The same face as VerifyReport, so either can be shown where a result is expected.
    @property
    def ok(self) -> bool:
        return self.chain_bad is None and self.checkpoint.ok

    @property
    def first_bad(self) -> int | None:
        return self.chain_bad if self.chain_bad is not None else self.checkpoint.first_bad

    @property
    def reason(self) -> str:
        return self.chain_reason if self.chain_bad is not None else self.checkpoint.reason

    def report(self) -> VerifyReport:
        return VerifyReport(self.ok, self.entries, self.first_bad, self.reason)

    def __str__(self) -> str:
        return str(self.report())

    def headline(self) -> str:
        """One sentence for a banner or a report's verification box."""
        if self.ok:
            return (f"Verified: the chain of {self.entries} entries is intact and matches the"
                    " signed checkpoint.")
        if self.chain_bad is not None:
            return f"NOT VERIFIED: the chain is broken at entry {self.chain_bad}."
        if self.checkpoint.first_bad is not None:
            return (f"NOT VERIFIED: the chain is intact, but entry {self.checkpoint.first_bad}"
                    " disagrees with the signed checkpoint.")
        return "NOT VERIFIED: the chain is intact, but the signed checkpoint cannot be checked."

    def chain_sentence(self) -> str:
        if self.chain_bad is None:
            return (f"Every one of the {self.entries} entries carries a valid HMAC and links to"
                    " the one before it.")
        return f"Broken at entry {self.chain_bad}: {self.chain_reason}."

    def checkpoint_sentence(self, when: str = "") -> str:
        """`when`: the checkpoint's signing time as the reader's clock shows it."""
        cp = self.checkpoint
        if not cp.ok:
            return cp.reason[:1].upper() + cp.reason[1:] + "."
        at = f"signed {when}" if when else "signed"
        if not cp.entries:
            return f"Matches: {at} when the log was empty."
        span = "entry 1" if cp.entries == 1 else f"entries 1–{cp.entries}"
        later = self.entries - cp.entries
        rest = (f" The {later} later {'entry is' if later == 1 else 'entries are'} held by the"
                " hash chain; each close, verification and export signs a new checkpoint."
                if later > 0 else "")
        return f"Matches: {at} over {span}.{rest}"
