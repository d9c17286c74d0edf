"""`enclave process` and `enclave demo`: documents through the pipeline, a table or JSON out."""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli._common import open_workspace
from app.core.errors import EnclaveError
from app.core.paths import SAMPLES_DIR


def cmd_process(args: argparse.Namespace) -> int:
    # deferred: the pipeline pulls in ingestion, the analyzer and the model (keeps --help fast)
    from app.core.pipeline import Pipeline, PipelineOptions

    workspace = None if args.no_store else open_workspace(args.data_dir)
    pipeline = Pipeline(workspace=workspace)
    opts = PipelineOptions(profile=args.profile, store=not args.no_store, password=args.password)
    results: list[dict[str, Any]] = []
    failures = 0
    paths = expand_paths(args.paths)
    try:
        for path in paths:
            try:
                result = pipeline.process(Path(path), opts)
            except EnclaveError as exc:
                # One bad file never stops the batch; it is reported and the rest go on.
                failures += 1
                print(f"enclave: {path}: {exc}", file=sys.stderr)
                continue
            results.append(result.to_json())
            if not args.json:
                print(format_result(results[-1]))
    finally:
        if workspace is not None:
            workspace.close()
    if args.json:
        out = results[0] if len(paths) == 1 and results else results
        print(json.dumps(out, indent=2, ensure_ascii=False))
    return 3 if failures and not results else (1 if failures else 0)


def expand_paths(args: Sequence[str]) -> list[Path]:
    """Files as given; folders recursively (hidden files skipped), in a stable order."""
    out: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out


def cmd_demo(args: argparse.Namespace) -> int:
    # deferred: the pipeline and SQLCipher (keeps --help fast)
    from app.core.pipeline import Pipeline, PipelineOptions
    from app.core.workspace import Workspace

    samples = sorted(
        p for p in SAMPLES_DIR.iterdir() if p.is_file() and p.suffix in {".pdf", ".txt"}
    )
    with tempfile.TemporaryDirectory(prefix="enclave-demo-") as tmp:
        # A throwaway encrypted workspace, so the demo exercises the whole path, store included.
        ws = Workspace.create(Path(tmp) / "workspace", secrets.token_urlsafe(16))
        try:
            pipeline = Pipeline(workspace=ws)
            for path in samples:
                print(f"… processing {path.name}", file=sys.stderr)
                result = pipeline.process(path, PipelineOptions(profile="auto"))
                print(format_result(result.to_json()))
            report = ws.audit.verify()
            print(
                f"Audit log: {report.entries} entries, chain {'intact' if report.ok else 'BROKEN'}."
            )
        finally:
            ws.close()
    return 0


def format_result(r: dict[str, Any]) -> str:
    """A readable table of one result: fields, confidence, source, then summary and route."""
    d = r["document"]
    lines = [
        f"\n{d['name']}  ({d['kind']}, {d['pages']} page(s), profile: {r['profile']}, id {d['id']})"
    ]
    rows = [("field", "value", "conf", "source")]
    for name, f in r["fields"].items():
        v = f["value"]
        v = "; ".join(v) if isinstance(v, list) else ("—" if v in (None, "") else v)
        v = v.replace("\n", " ")
        flag = "" if f["spans"] else " (ungrounded)" if f["value"] else ""
        rows.append(
            (
                name,
                (v[:60] + "…" if len(v) > 61 else v) + flag,
                f"{f['confidence']:.2f}",
                f["source"],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for i, row in enumerate(rows):
        lines.append("  " + "  ".join(c.ljust(widths[j]) for j, c in enumerate(row)))
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    lines.append(f"  summary ({r['summary']['source']}): {r['summary']['text']}")
    pii: dict[str, int] = {}
    for p in r["pii"]:
        pii[p["type"]] = pii.get(p["type"], 0) + 1
    lines.append(
        "  identifiers: " + (", ".join(f"{k} {v}" for k, v in sorted(pii.items())) or "none")
    )
    route = r["route"]
    lines.append(
        f"  route: {route['decision']}"
        + (f" — {'; '.join(route['reasons'][:4])}" if route["decision"] != "local" else "")
    )
    return "\n".join(lines)


def add_process(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "process", parents=[common], help="extract fields and a summary from documents"
    )
    p.add_argument("paths", nargs="+")
    p.add_argument(
        "--profile",
        default="auto",
        help="auto or a profile name (receipt, clinical, nda, contract, invoice)",
    )
    p.add_argument("--json", action="store_true", help="print JSON (an array for several paths)")
    p.add_argument("--no-store", action="store_true", help="do not store results in the workspace")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.set_defaults(func=cmd_process)


def add_demo(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", help="process the bundled sample documents and print a table")
    p.set_defaults(func=cmd_demo)


COMMANDS = {"process": add_process, "demo": add_demo}
