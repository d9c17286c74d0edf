"""The headless front end: `enclave <command>` (also `python -m app <command>`).

A thin adapter over `app.core`: parse arguments, call the core, print. Errors the core raises on
purpose are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core import netguard

netguard.install()  # before any library that might reach out is imported

from app.core.errors import EnclaveError, WorkspaceError  # noqa: E402
from app.core.paths import default_data_dir  # noqa: E402


def _passphrase(confirm: bool = False) -> str:
    env = os.environ.get("ENCLAVE_PASSPHRASE")
    if env:
        return env
    if not sys.stdin.isatty():
        raise WorkspaceError(
            "No passphrase: set ENCLAVE_PASSPHRASE or run in a terminal to be asked."
        )
    first = getpass.getpass("Workspace passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise WorkspaceError("The two passphrases differ; nothing was created.")
    return first


def open_workspace(data_dir: Path) -> Any:
    """Unlock with ENCLAVE_PASSPHRASE, else the key remembered in the OS keyring, else a prompt."""
    from app.core.store import keyring_key
    from app.core.workspace import Workspace

    if not os.environ.get("ENCLAVE_PASSPHRASE") and keyring_key.is_remembered(data_dir):
        return Workspace.open_with_keyring(data_dir)
    return Workspace.open(data_dir, _passphrase())


# -- commands ---------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from app.core.workspace import Workspace

    ws = Workspace.create(args.data_dir, _passphrase(confirm=True))
    ws.close()
    print(f"Created an encrypted workspace at {args.data_dir}")
    return 0


def cmd_keyring(args: argparse.Namespace) -> int:
    from app.core.store import keyring_key
    from app.core.workspace import Workspace

    if args.keyring_command == "forget":
        gone = keyring_key.forget(args.data_dir)
        print("Removed the workspace key from the OS keyring." if gone else "No key was kept.")
        return 0
    with Workspace.open(args.data_dir, _passphrase()) as ws:
        keyring_key.remember(ws)
    print("The workspace key is now kept in the OS keyring; the passphrase still works.")
    return 0


def cmd_process(args: argparse.Namespace) -> int:
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
    import secrets
    import tempfile

    from app.core.paths import SAMPLES_DIR
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


def cmd_audit(args: argparse.Namespace) -> int:
    ws = open_workspace(args.data_dir)
    try:
        if args.audit_command == "verify":
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
        try:
            out = ws.audit.export(args.format, Path(args.out), names=args.with_names)
        except OSError as exc:  # a folder that is not there, a full disk: the user's to fix
            print(f"enclave: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"Exported the audit log to {out}")
        return 0
    finally:
        ws.close()


# -- parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="enclave", description="Private document intelligence, offline."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, default=default_data_dir(), help="workspace directory"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", parents=[common], help="create an encrypted workspace")
    p.set_defaults(func=cmd_init)

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

    p = sub.add_parser("keyring", parents=[common], help="keep the workspace key in the OS keyring")
    p.add_argument("keyring_command", choices=["remember", "forget"])
    p.set_defaults(func=cmd_keyring)

    p = sub.add_parser("demo", help="process the bundled sample documents and print a table")
    p.set_defaults(func=cmd_demo)

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
    # Each capability's commands live beside it; the parser only gathers them.
    from app.cli_admin import register as register_admin  # doctor, models
    from app.cli_privacy import register as register_privacy  # redact
    from app.cli_routing import register as register_routing  # tiers, escalate, stats

    for register in (register_routing, register_privacy, register_admin):
        register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except EnclaveError as exc:
        print(f"enclave: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("enclave: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not a user error: still one line, details on request
        if os.environ.get("ENCLAVE_DEBUG"):
            raise
        print(
            f"enclave: unexpected error ({type(exc).__name__}: {exc}); set ENCLAVE_DEBUG=1 "
            "for details.",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
