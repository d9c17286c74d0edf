"""Wordings for escalation: offered, consented (alone or in a batch), declined, sent, failed.

Consent, send and failure entries do not repeat what was asked and of which kind of tier;
they borrow it from the escalation's "offered" entry through the `Context`.
"""

from __future__ import annotations

from typing import Any

from app.core import actions as a
from app.core.audit import phrases as ph
from app.core.audit.wording.base import Said, View, tier, wording


def _request(offer: dict[str, Any]) -> str:
    if offer.get("task") == "summary":
        return "the summary"
    fields = offer.get("fields")
    return ph.plural(len(fields), "field") if isinstance(fields, list) else "a request"


def _identifiers(d: dict[str, Any], verb: str = "pseudonymized") -> str:
    said = ph.counts(d.get("counts"))
    return f"{said} {verb}" if said else ""


def _payload(d: dict[str, Any]) -> list[str]:
    out = [f"to {d['destination']}"] if d.get("destination") else []
    if isinstance(d.get("bytes"), int):
        out.append(f"payload {ph.size(d['bytes'])}")
    if d.get("payload_sha256"):
        out.append(f"SHA-256 {ph.short_hash(str(d['payload_sha256']))}")
    return out


# -- escalation ------------------------------------------------------------------------------

_PAYLOAD_KEYS = ("document", "tier", "destination", "external", "payload_sha256", "bytes",
                 "counts", "fields", "task")


@wording(a.ESCALATION_OFFERED, *_PAYLOAD_KEYS)
def _offered(v: View) -> Said:
    to = tier(v.d.get("tier"), v.d.get("external"))
    return (f"Offered to escalate {_request(v.d)} to {to}",
            [_identifiers(v.d), *_payload(v.d)])


@wording(a.ESCALATION_CONSENTED, *_PAYLOAD_KEYS)
def _consented(v: View) -> Said:
    to = tier(v.d.get("tier"), v.offer.get("external"))
    return (f"Consented to escalate {_request(v.offer)} to {to}",
            [_identifiers(v.d), *_payload(v.d)])


@wording(a.ESCALATION_BATCH_CONSENTED, "tier", "destination", "requests", "escalations",
          "payload_sha256s", "documents", "counts", "bytes", "identifiers")
def _batch(v: View) -> Said:
    n = v.d.get("requests") if isinstance(v.d.get("requests"), int) else 0
    ids = v.d.get("escalations") if isinstance(v.d.get("escalations"), list) else []
    said = [_identifiers(v.d), *_payload(v.d)]
    if ids:
        said.append(f"escalations {ph.listing([f'#{i}' for i in ids])}")
    return (f"Consented to a batch of {ph.plural(n, 'request')} to "
            f"{tier(v.d.get('tier'), None)}", said)


@wording(a.ESCALATION_DECLINED, "document", "tier", "destination")
def _declined(v: View) -> Said:
    to = tier(v.d.get("tier") or v.offer.get("tier"), v.offer.get("external"))
    return f"Declined to escalate {_request(v.offer)} to {to}", ["nothing was sent"]


@wording(a.ESCALATION_SENT, "document", "tier", "destination", "payload_sha256", "consented",
          "batch", "accepted", "rejected", "tokens_in", "tokens_out", "cost", "seconds")
def _sent(v: View) -> Said:
    to = tier(v.d.get("tier"), v.offer.get("external"))
    if v.d.get("batch") is not None:
        how = f"under batch consent #{v.d['batch']}"
    elif v.d.get("consented") is False:
        how = "automatically (on-premises policy)"
    else:
        how = "with consent"
    said = [f"to {v.d['destination']}"] if v.d.get("destination") else []
    for key in ("accepted", "rejected"):
        if isinstance(v.d.get(key), list):
            said.append(f"{key}: {ph.listing(v.d[key]) if v.d[key] else 'none'}")
    if isinstance(v.d.get("tokens_in"), int) and isinstance(v.d.get("tokens_out"), int):
        said.append(f"{v.d['tokens_in']:,} tokens in, {v.d['tokens_out']:,} out")
    if isinstance(v.d.get("cost"), (int, float)) and v.d["cost"]:
        said.append(f"cost {v.d['cost']:g}")
    if isinstance(v.d.get("seconds"), (int, float)):
        said.append(f"{v.d['seconds']:.1f} s")
    return f"Escalated {_request(v.offer)} to {to} {how}", said


_STAGES = {"check": "while checking the payload", "send": "while sending",
           "validate": "while checking the answer"}


@wording(a.ESCALATION_FAILED, "document", "tier", "error", "stage", "counts")
def _esc_failed(v: View) -> Said:
    said = [_STAGES.get(str(v.d.get("stage", "")), str(v.d.get("stage", "")))]
    if v.d.get("error"):
        said.append(f"error {v.d['error']}")
    if ph.counts(v.d.get("counts")):
        said.append(f"identifiers left after pseudonymizing: {ph.counts(v.d['counts'])}")
    to = tier(v.d.get("tier"), v.offer.get("external"))
    if v.entry.outcome == "denied":
        return f"Escalation to {to} refused; nothing was sent", said
    return f"Escalation to {to} failed", said
