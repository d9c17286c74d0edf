"""`enclave doctor` and `enclave models list|add|verify`: the installation's own commands.

A thin adapter over `app.core.doctor` and `app.core.llm.models`: both exit non-zero when
something is wrong, so IT can script them after an offline install.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.core.llm.gguf_meta import format_params


def cmd_doctor(args: argparse.Namespace) -> int:
    from app.core.doctor import run_checks  # deferred: OCR and model probes (keeps --help fast)

    checks = run_checks(Path(args.data_dir))
    if args.json:
        print(json.dumps([c.to_json() for c in checks], indent=2))
    else:
        for c in checks:
            print(c.line())
    failed = [c for c in checks if not c.ok]
    if not args.json:
        print(f"\n{len(checks) - len(failed)} passed, {len(failed)} failed" if failed
              else f"\nAll {len(checks)} checks passed.")
    return 1 if failed else 0


def _row(r: Any) -> dict[str, Any]:
    i = r.info
    return {
        "name": r.name,
        "size": r.size,
        "architecture": i.architecture if i else None,
        "parameters": i.parameters if i else None,
        "params": format_params(i.parameters) if i else "?",
        "quantization": i.quantization if i else None,
        "context_length": i.context_length if i else None,
        "chat_template": bool(i and i.chat_template),
        "status": r.status,
        "sha256": r.sha256,
        "problem": r.problem,
        "notes": r.notes,
    }


def format_models(rows: list[dict[str, Any]], default: str | None) -> str:
    table = [("name", "size", "arch", "params", "quant", "ctx", "status")]
    for m in rows:
        size = f"{m['size'] / 1e6:.0f} MB" if m["size"] is not None else "—"
        name = m["name"] + (" *" if m["name"] == default else "")
        table.append((name, size, m["architecture"] or "?", m["params"],
                      m["quantization"] or "?", str(m["context_length"] or "?"), m["status"]))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = ["  ".join(c.ljust(widths[j]) for j, c in enumerate(row)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for m in rows:
        if m["problem"]:
            lines.append(m["problem"])
    if default:
        lines.append("* the default model")
    return "\n".join(lines)


def cmd_models(args: argparse.Namespace) -> int:
    from app.core.llm import models  # deferred: the catalogue reads models/ (keeps --help fast)

    if args.models_command == "add":
        report = models.add_model(Path(args.path), name=args.name, force=args.force)
        i = report.info
        print(f"Added {report.name} ({i.architecture}, {_row(report)['params']} parameters, "
              f"{i.quantization}, context {i.context_length}); SHA-256 {report.sha256} recorded in "
              "the manifest.")
        for note in report.notes:
            print(f"note: {note}", file=sys.stderr)
        return 0
    verify = args.models_command == "verify"
    reports = models.verify_models() if verify else models.model_reports()
    rows = [_row(r) for r in reports]
    default = models.load_manifest().get("default")
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(format_models(rows, default) if rows else
              f"No GGUF model in {models.models_dir()}: `enclave models add FILE` adds one.")
    bad = [r for r in reports if not r.ok]
    if verify and not args.json:
        print(f"{len(reports) - len(bad)} of {len(reports)} model(s) verified against "
              "models/manifest.json." if reports else "Nothing to verify.")
    if bad:
        for r in bad:
            print(f"enclave: {r.problem or f'{r.name}: {r.status}'}", file=sys.stderr)
        return 6  # ModelError's exit code
    return 0 if reports or not verify else 6


def add_doctor(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("doctor", parents=[common],
                       help="check this installation: one line per check, each with its fix")
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.set_defaults(func=cmd_doctor)


def add_models(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("models", help="list, add or verify the local GGUF models")
    msub = p.add_subparsers(dest="models_command", required=True)
    lst = msub.add_parser("list", help="models with architecture, size, quantization, status")
    lst.add_argument("--json", action="store_true")
    add = msub.add_parser("add", help="copy a GGUF into models/ and record its SHA-256")
    add.add_argument("path")
    add.add_argument("--name", help="file name in models/ (default: the source's)")
    add.add_argument("--force", action="store_true", help="replace a model of the same name")
    ver = msub.add_parser("verify", help="hash every model against the manifest")
    ver.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models)


COMMANDS = {"doctor": add_doctor, "models": add_models}
