"""`enclave audit verify|export`: the audit log, checked or written out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli._common import open_workspace


def cmd_audit(args: argparse.Namespace) -> int:
    ws = open_workspace(args.data_dir)
    try:
        if args.audit_command == "verify":
            return _verify(ws, args)
        try:
            out = ws.audit.export(args.format, Path(args.out), names=args.with_names)
        except OSError as exc:  # a folder that is not there, a full disk: the user's to fix
            print(f"enclave: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"Exported the audit log to {out}")
        return 0
    finally:
        ws.close()


def _verify(ws: Any, args: argparse.Namespace) -> int:
    report = (
        ws.audit.verify_export(Path(args.export))
        if args.export
        else ws.audit.verify(record=True)
    )
    head = ws.audit.head()
    if report.ok:
        print(
            f"Audit log intact: {report.entries} entries; "
            f"chain head {head[1][:16]}… at #{head[0]}."
        )
        return 0
    said = str(report)  # one sentence; the first bad entry where there is one
    if report.first_bad is not None and f"entry {report.first_bad}" not in said:
        said = f"{said.rstrip('.')} (first bad entry #{report.first_bad})."
    print(f"enclave: {said}", file=sys.stderr)
    return 7


def add_audit(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("audit", parents=[common], help="verify or export the audit log")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", parents=[common])
    v.add_argument("--export", help="verify an exported file against its manifest instead")
    e = asub.add_parser("export", parents=[common])
    e.add_argument("--format", choices=["csv", "jsonl", "pdf"], required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--with-names", action="store_true",
                   help="print document names beside their ids (PDF and CSV); names often "
                   "identify a patient or client, so they are left out unless asked for")
    p.set_defaults(func=cmd_audit)


COMMANDS = {"audit": add_audit}
