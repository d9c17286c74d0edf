"""Cost accounting: tokens by tier, what was spent, and what sending everything to the cloud
would have cost. Read from the escalation records (which hold counts, never text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.routing.tiers import Tier, TierRegistry

CHARS_PER_TOKEN = 4  # the usual estimate for English text; only the all-cloud baseline uses it
ANSWER_TOKENS = 250  # fields + a summary, per document, for the all-cloud baseline


@dataclass
class TierUsage:
    sent: int = 0
    failed: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0


@dataclass
class Stats:
    documents: int = 0
    fields_total: int = 0
    fields_by_source: dict[str, int] = field(default_factory=dict)
    tiers: dict[str, TierUsage] = field(default_factory=dict)
    reference_tier: str | None = None  # the tier the all-cloud estimate is priced at
    all_cloud_cost: float = 0.0

    @property
    def spent(self) -> float:
        return sum(t.cost for t in self.tiers.values())

    @property
    def local_share(self) -> float:
        local = self.fields_by_source.get("local", 0)
        return local / self.fields_total if self.fields_total else 1.0

    @property
    def saving(self) -> float | None:
        return 1 - self.spent / self.all_cloud_cost if self.all_cloud_cost else None

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {"total": self.fields_total, "by_source": self.fields_by_source,
                       "local_share": round(self.local_share, 4)},
            "tiers": {k: vars(v) | {"cost": round(v.cost, 6)} for k, v in self.tiers.items()},
            "spent": round(self.spent, 6),
            "all_cloud": {"tier": self.reference_tier, "cost": round(self.all_cloud_cost, 6)},
            "saving": None if self.saving is None else round(self.saving, 4),
        }


def reference_tier(tiers: list[Tier]) -> Tier | None:
    """The tier 'everything to the cloud' is priced at: the dearest external one, else the
    dearest configured one."""
    pool = [t for t in tiers if t.external] or tiers
    return max(pool, key=lambda t: t.price_in + t.price_out, default=None)


def all_cloud_cost(tier: Tier | None, doc_chars: list[int]) -> float:
    if tier is None:
        return 0.0
    return sum(tier.cost(n // CHARS_PER_TOKEN + 150, ANSWER_TOKENS) for n in doc_chars)


def collect(workspace: Any) -> Stats:
    registry = TierRegistry(workspace)
    tiers = registry.all()
    st = Stats(tiers={t.name: TierUsage() for t in tiers})
    chars: list[int] = []
    for info in workspace.documents.list():
        st.documents += 1
        doc = workspace.documents.get(info.id)
        chars.append(sum(len(p.text) for p in doc.pages) if doc else 0)
        res = workspace.results.get(info.id)
        for f in (res.fields.values() if res else []):
            st.fields_total += 1
            st.fields_by_source[f.source] = st.fields_by_source.get(f.source, 0) + 1
    for esc in workspace.escalations.list():
        u = st.tiers.setdefault(esc.tier, TierUsage())
        if esc.status == "sent":
            u.sent += 1
        elif esc.status == "failed":
            u.failed += 1
        # A failed request may still have been answered (and billed) before validation failed.
        u.tokens_in += int(esc.detail.get("tokens_in", 0))
        u.tokens_out += int(esc.detail.get("tokens_out", 0))
        u.cost += float(esc.detail.get("cost", 0.0))
    ref = reference_tier(tiers)
    st.reference_tier = ref.name if ref else None
    st.all_cloud_cost = all_cloud_cost(ref, chars)
    return st


def format_stats(st: Stats) -> str:
    lines = [f"Documents: {st.documents}; fields: {st.fields_total} "
             f"({st.local_share:.0%} handled locally)"]
    if st.fields_by_source:
        by = sorted(st.fields_by_source.items())
        lines.append("  by source: " + ", ".join(f"{k} {v}" for k, v in by))
    lines.append("Tokens by tier (local: on this workstation, not metered):")
    if not st.tiers:
        lines.append("  no tiers configured — everything stays local")
    for name, u in sorted(st.tiers.items()):
        lines.append(f"  {name}: {u.sent} sent, {u.failed} failed, {u.tokens_in} in / "
                     f"{u.tokens_out} out, cost {u.cost:.4f}")
    lines.append(f"Spent: {st.spent:.4f}")
    if st.reference_tier:
        saving = "" if st.saving is None else f" — {st.saving:.0%} saved"
        lines.append(f"All-cloud estimate (everything to {st.reference_tier}): "
                     f"{st.all_cloud_cost:.4f}{saving}")
    return "\n".join(lines)
