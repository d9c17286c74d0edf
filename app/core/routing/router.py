"""The router: keep a result local, or suggest asking a larger model — with reasons a user reads.

It only decides; it never sends. Sending is the escalation choke point's job, and to the cloud
only after consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.documents import FieldValue, RouteDecision, Summary
from app.core.settings import THRESHOLD


@dataclass(frozen=True)
class RoutePolicy:
    """How `decide` routes; a workspace's is `routing.tiers.TierRegistry.policy()`."""

    threshold: float = THRESHOLD.default  # a field below this confidence is "not confident"
    onprem_available: bool = False
    onprem_automatic: bool = False  # on-premises may be automatic; the cloud never is


def field_reasons(f: FieldValue, threshold: float) -> list[str]:
    """'total: 0.41 — ungrounded; model probability low' for a field under the threshold.

    A value a person corrected or confirmed (source "user") has no reasons: the reviewer is the
    authority a second look would ask, even when their value is not written verbatim in the
    page (a name spelled out, a date reformatted)."""
    if f.source == "user" or (f.confidence >= threshold and f.grounded):
        return []
    why = []
    if f.value in (None, "", []):
        why.append("not found")
    elif not f.grounded:
        why.append("ungrounded")
    sig = f.signals
    if sig.get("valid") is False:
        why.append("does not validate")
    if sig.get("model_prob") is not None and sig["model_prob"] < 0.5:
        why.append("model probability low")
    if sig.get("margin") is not None and sig["margin"] < 0.1 and sig.get("candidates", 0) > 1:
        why.append("close runner-up")
    if not why:
        why.append("low confidence")
    return [f"{f.name}: {f.confidence:.2f} — {'; '.join(why)}"]


def decide(
    fields: dict[str, FieldValue], summary: Summary, policy: RoutePolicy | None = None
) -> RouteDecision:
    policy = policy or RoutePolicy()
    reasons: list[str] = []
    for f in fields.values():
        reasons.extend(field_reasons(f, policy.threshold))
    if not reasons:
        return RouteDecision("local", ["all fields confident and grounded"])
    if policy.onprem_available and policy.onprem_automatic:
        return RouteDecision("escalate_onprem", reasons)
    return RouteDecision("offer_escalation", reasons)


def refresh_route(workspace: Any, doc_id: str) -> RouteDecision:
    """Decide a stored document's route again from its current fields and store it.

    Called after a correction or an accepted escalation, so the document's state and the
    summary's "worth a second look" reasons describe the fields as they are now, in the store
    (a reopened workspace shows the same). Automatic on-premises escalation is not re-armed:
    it happens once, when a document is processed; afterwards the router only offers, so of
    the workspace's policy only the threshold counts (read here, not through the tier registry,
    which builds on this module)."""
    stored = workspace.results.get(doc_id)
    if stored is None:
        raise KeyError(doc_id)
    policy = RoutePolicy(threshold=THRESHOLD.get(workspace), onprem_automatic=False)
    route = decide(stored.fields, stored.summary, policy)
    if route != stored.route:
        workspace.results.set_route(doc_id, route)
    return route
