"""`enclave tiers …`, `enclave escalate …`, `enclave stats`: the routing commands.

A thin adapter over `app.core.routing`. `escalate` without `--consent` prints the exact outbound
payload and sends nothing; `--consent` is the explicit confirmation for that payload.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from app.cli._common import open_workspace
from app.core.documents import ProcessResult
from app.core.errors import EnclaveError


def cmd_tiers(args: argparse.Namespace) -> int:
    from app.core.routing.tiers import Tier, TierRegistry  # deferred: httpx (keeps --help fast)

    ws = open_workspace(args.data_dir)
    try:
        reg = TierRegistry(ws)
        if args.tiers_command == "add":
            key = None
            if args.api_key_env:
                key = os.environ.get(args.api_key_env)
                if not key:
                    raise EnclaveError(f"The environment variable {args.api_key_env} is empty; "
                                       "no tier was added.")
            tier = reg.add(Tier(args.name, args.url, args.model, external=args.external,
                                price_in=args.price_in, price_out=args.price_out,
                                timeout=args.timeout, response_format=args.response_format),
                           api_key=key)
            where = "external (cloud; consent for every request)" if tier.external else \
                "inside the trust boundary (on-premises)"
            print(f"Added tier {tier.name}: {tier.model} at {tier.destination}, {where}.")
        elif args.tiers_command == "remove":
            reg.remove(args.name)
            print(f"Removed tier {args.name}.")
        elif args.tiers_command == "air-gap":
            reg.set_air_gapped(args.state == "on")
            on = args.state == "on"
            print("Air-gapped mode is " + ("ON: external tiers cannot be used." if on else "off."))
        elif args.tiers_command == "policy":
            auto = None if args.onprem_auto is None else args.onprem_auto == "on"
            reg.set_policy(args.threshold, auto)
            p = reg.policy()
            print(f"Threshold {p.threshold:.2f}; on-premises escalation "
                  f"{'automatic' if p.onprem_automatic else 'offered'}; cloud always offered.")
        else:
            print(format_tiers(reg))
        return 0
    finally:
        ws.close()


def format_tiers(reg: Any) -> str:
    p = reg.policy()
    lines = ["local: the workstation model (always; the first tier)"]
    for t in reg.all():
        boundary = "EXTERNAL (cloud)" if t.external else "inside (on-premises)"
        blocked = " — BLOCKED: air-gapped mode" if t.external and reg.air_gapped else ""
        key = "key stored" if reg.has_api_key(t.name) else "no key"
        lines.append(f"{t.name}: {t.model} at {t.url} · {boundary} · {t.price_in:g}/"
                     f"{t.price_out:g} per 1k in/out · timeout {t.timeout:g}s · {key}{blocked}")
    if len(lines) == 1:
        lines.append("(no other tiers: everything stays on this workstation)")
    gap = "ON — cloud tiers are impossible" if reg.air_gapped else "off"
    lines.append(f"Air-gapped mode: {gap}")
    lines.append(f"Policy: threshold {p.threshold:.2f}; on-premises "
                 f"{'automatic' if p.onprem_automatic else 'offered'}; cloud always offered, "
                 "never automatic.")
    return "\n".join(lines)


def cmd_escalate(args: argparse.Namespace) -> int:
    from app.core.routing.egress import Escalator  # deferred: httpx, the profiles (--help fast)

    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None
    ws = open_workspace(args.data_dir)
    try:
        esc = Escalator(ws)
        if len(dict.fromkeys(args.document_ids)) > 1:
            return _escalate_batch(ws, esc, args, fields)
        doc_id = args.document_ids[0]
        prepared, outcome = esc.escalate(doc_id, args.tier, fields, args.summary,
                                         consent=args.consent)
        p = prepared.payload
        if outcome is None:
            print(f"Destination: {p.destination} (tier {p.tier}, "
                  f"{'EXTERNAL' if prepared.tier.external else 'on-premises'})")
            print(f"Identifiers replaced: {_counts(p.counts)}")
            print("Nothing was sent. Add --consent to send exactly the request body below.\n")
            _print_payload(prepared)
            return 0
        print(json.dumps(result_json(ws, doc_id, outcome), indent=2, ensure_ascii=False))
        return 0
    finally:
        ws.close()


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"


def _print_payload(prepared: Any) -> None:
    p = prepared.payload
    print(p.preview())
    print(f"\nExact request body ({len(p.body)} bytes, SHA-256 {p.sha256}):")
    print(p.text)


def _escalate_batch(ws: Any, esc: Any, args: argparse.Namespace,
                    fields: list[str] | None) -> int:
    """Several documents to one tier: without --consent print every payload; with it, one
    consent for exactly those payloads, then a JSON list (one entry per document, in order)."""
    # deferred: httpx and the escalation machinery (keeps --help fast)
    from app.core.routing.batch import BatchItem, consent_batch, prepare_batch, send_batch

    batch = prepare_batch(esc, args.document_ids, args.tier, fields, args.summary)
    if not args.consent:
        where = "EXTERNAL" if batch.tier.external else "on-premises"
        print(f"Destination: {batch.tier.destination} (tier {batch.tier.name}, {where})")
        print(f"Requests: {len(batch.prepared)} · identifiers replaced in total: "
              f"{_counts(batch.counts)} · batch SHA-256 {batch.digest}")
        for doc_id, exc in batch.refused.items():
            print(f"Not in the batch: {doc_id}: {exc}")
        print("Nothing was sent. Add --consent to send exactly the request bodies below, "
              "under one consent.")
        for i, prepared in enumerate(batch.prepared, 1):
            print(f"\n=== Request {i} of {len(batch.prepared)}: document "
                  f"{prepared.payload.doc_id} · identifiers replaced: "
                  f"{_counts(prepared.payload.counts)} ===")
            _print_payload(prepared)
        return 0 if batch.prepared else max(e.exit_code for e in batch.refused.values())
    if batch.prepared:
        items = send_batch(esc, batch, consent_batch(esc, batch))
    else:  # nothing to consent to: say why for each document
        items = [BatchItem(d, error=e) for d, e in batch.refused.items()]
    out = [result_json(ws, i.doc_id, i.outcome) if i.outcome else i.error_json() for i in items]
    print(json.dumps(out, indent=2, ensure_ascii=False))
    for i in items:
        if i.error is not None:
            print(f"enclave: {i.doc_id}: {i.error}", file=sys.stderr)
    failed = [i.error.exit_code for i in items if i.error is not None]
    return max(failed) if failed else 0


def result_json(ws: Any, doc_id: str, outcome: Any) -> dict[str, Any]:
    """The stored result after escalation, in the shape of `enclave process --json`."""
    doc = ws.documents.get(doc_id)
    stored = ws.results.get(doc_id)
    out = ProcessResult(doc, stored.profile, stored.fields, stored.summary,
                        ws.findings.for_document(doc_id), stored.route, stored.timings).to_json()
    out["escalation"] = outcome.to_json()
    return out


def cmd_stats(args: argparse.Namespace) -> int:
    from app.core.routing.accounting import collect, format_stats  # deferred: httpx (--help)

    ws = open_workspace(args.data_dir)
    try:
        st = collect(ws)
        print(json.dumps(st.to_json(), indent=2) if args.json else format_stats(st))
        return 0
    finally:
        ws.close()


def add_tiers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tiers", parents=[common], help="configure on-premises / cloud tiers")
    tsub = p.add_subparsers(dest="tiers_command", required=True)
    a = tsub.add_parser("add", parents=[common], help="add (or replace) a tier")
    a.add_argument("name")
    a.add_argument("--url", required=True, help="base URL of an OpenAI-compatible API")
    a.add_argument("--model", required=True)
    a.add_argument("--external", action="store_true",
                   help="outside the trust boundary (cloud): consent for every request")
    a.add_argument("--price-in", type=float, default=0.0, help="price per 1k input tokens")
    a.add_argument("--price-out", type=float, default=0.0, help="price per 1k output tokens")
    a.add_argument("--timeout", type=float, default=30.0, help="seconds")
    a.add_argument("--api-key-env", help="read the API key from this environment variable")
    a.add_argument("--response-format", default="json_schema",
                   choices=["json_schema", "json_object", "none"],
                   help="how to ask for JSON: OpenAI/vLLM json_schema, llama.cpp json_object")
    tsub.add_parser("list", parents=[common], help="show tiers, air-gapped mode and policy")
    r = tsub.add_parser("remove", parents=[common])
    r.add_argument("name")
    g = tsub.add_parser("air-gap", parents=[common], help="air-gapped mode: no external tiers")
    g.add_argument("state", choices=["on", "off"])
    q = tsub.add_parser("policy", parents=[common], help="routing threshold, on-prem automatic")
    q.add_argument("--threshold", type=float)
    q.add_argument("--onprem-auto", choices=["on", "off"])
    p.set_defaults(func=cmd_tiers)


def add_escalate(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("escalate", parents=[common],
                       help="ask a larger model about a stored document (redacted; consent)")
    p.add_argument("document_ids", nargs="+", metavar="DOCUMENT_ID",
                   help="one document, or several: a listed batch under one consent")
    p.add_argument("--tier", required=True)
    p.add_argument("--fields",
                   help="comma-separated field names (default: the low-confidence ones)")
    p.add_argument("--summary", action="store_true", help="ask for a summary")
    p.add_argument("--consent", action="store_true",
                   help="I have reviewed the payload(s): send exactly them (without this, "
                        "nothing is sent)")
    p.set_defaults(func=cmd_escalate)


def add_stats(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="tokens by tier, cost vs all-cloud")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)


COMMANDS = {"tiers": add_tiers, "escalate": add_escalate, "stats": add_stats}
