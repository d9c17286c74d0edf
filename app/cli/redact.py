"""`enclave redact`: redacted copies of PDFs and text files, or a JSONL filter for pipelines.

    enclave redact FILE --out OUT          PDF or scan -> truly redacted PDF; text -> [TYPE]
    enclave redact --jsonl < in > out      {"id","text"} lines -> {"id","text","findings"}
    enclave redact FILE --out OUT --surrogates [--case C]   realistic fakes instead of [TYPE]
    enclave redact FILE --out OUT --reidentify --case C --workspace   surrogates/tokens back

`--workspace` applies the workspace's allow/deny lists (passphrase from ENCLAVE_PASSPHRASE)
and keeps the surrogates of `--case` in its encrypted vault (its `privacy.surrogates` setting
turns them on without the flag); without it they are discarded at exit (a one-way copy).
The analyzer (spaCy) loads once per run. Fails closed: a JSONL line that cannot be processed
yields {"id", "error"} and never its input text; a file that cannot be redacted writes no
output and exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli._common import open_workspace, read_input, redact_jsonl, write_private
from app.cli.surrogates import redact_with_surrogates, reidentify_file
from app.core.errors import (
    EnclaveError,
    ExportError,
    RedactFailed,
    RedactionError,
    UnreadableDocument,
)
from app.core.exports import redact_pdf_bytes, redaction_policy
from app.core.privacy.lists import load_lists
from app.core.privacy.pseudonymize import redact_text
from app.core.privacy.surrogate_setting import DEFAULT_CASE, surrogates_enabled


def add_redact(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("redact", parents=[common],
                              help="write a redacted copy of a PDF or text file, or filter JSONL")
    p.add_argument("file", nargs="?", type=Path, help="a PDF or a UTF-8 text file")
    p.add_argument("--out", type=Path, help="where to write the redacted copy")
    p.add_argument("--jsonl", action="store_true",
                   help='read {"id","text"} lines on stdin; write redacted lines on stdout')
    p.add_argument("--workspace", action="store_true",
                   help="apply the workspace's allow/deny lists (needs its passphrase)")
    p.add_argument("--surrogates", action="store_true",
                   help="replace identifiers with realistic fakes (names, shifted dates, ...) "
                        "consistent within --case (text and JSONL, not PDF)")
    p.add_argument("--case", default=DEFAULT_CASE,
                   help="the case whose surrogates are used and kept (default: %(default)s)")
    p.add_argument("--reidentify", action="store_true",
                   help="put the originals back into a text file pseudonymized for --case "
                        "(needs --workspace; audited)")
    p.set_defaults(func=cmd_redact)


def _analyzer(args: argparse.Namespace, ws: Any = None) -> Any:
    from app.core.privacy.analyzer import get_analyzer  # deferred: spaCy and Presidio

    analyzer = get_analyzer()
    if not args.workspace:
        return analyzer
    own = ws is None
    ws = open_workspace(args.data_dir) if own else ws
    try:
        allow, deny = load_lists(ws)
    finally:
        if own:
            ws.close()
    return analyzer.with_lists(allow, deny)


def cmd_redact(args: argparse.Namespace) -> int:
    if args.reidentify or args.surrogates or args.workspace:
        ws = open_workspace(args.data_dir) if args.workspace else None
        try:
            if args.reidentify:
                return _reidentify(args, ws)
            # The workspace setting applies to text; a PDF is still truly redacted.
            if args.surrogates or (ws is not None and surrogates_enabled(ws)
                                   and not _is_pdf(args.file)):
                # The analyzer (spaCy) loads only once the input is known to be usable.
                return redact_with_surrogates(args, ws, lambda: _analyzer(args, ws))
            return _redact(args, _analyzer(args, ws), ws)
        finally:
            if ws is not None:
                ws.close()
    return _redact(args, _analyzer(args))


def _is_pdf(path: Path | None) -> bool:
    if path is None or not path.is_file():
        return False
    with open(path, "rb") as fh:
        return fh.read(5) == b"%PDF-"


def _reidentify(args: argparse.Namespace, ws: Any) -> int:
    if ws is None:
        raise RedactFailed("--reidentify needs --workspace: the originals are only in its vault.")
    return reidentify_file(args, ws)


def _is_image(data: bytes) -> bool:
    from app.core.ingest.detect import sniff  # deferred: the format sniffers (keeps --help fast)

    try:
        return sniff(data[:4096], "input")[0] == "image"
    except EnclaveError:  # not a format we read: the text path says so in its own words
        return False


def _redact(args: argparse.Namespace, analyzer: Any, ws: Any = None) -> int:
    """`ws`: the open workspace whose redaction policy applies (None: every finding)."""
    if args.jsonl:
        if args.file or args.out:
            raise RedactFailed("--jsonl reads stdin and writes stdout; give no FILE or --out.")
        return redact_jsonl(analyzer, sys.stdin, sys.stdout)
    data = read_input(args)
    if data[:5] == b"%PDF-" or _is_image(data):
        count = _redact_pdf(analyzer, data, args.out, args.file.name, ws)
    else:
        count = _redact_text(analyzer, data, args.out, ws)
    print(f"Redacted {count} finding(s) into {args.out}")
    return 0


def _redact_pdf(analyzer: Any, data: bytes, out: Path, name: str, ws: Any) -> int:
    try:
        redacted, count = redact_pdf_bytes(analyzer, data, name, ws)
    except ExportError as exc:  # not a PDF or a scan after all
        raise RedactFailed(str(exc)) from exc
    except RedactionError as exc:
        raise RedactFailed(f"Redaction failed closed: {exc}") from exc
    write_private(out, redacted)
    return count


def _redact_text(analyzer: Any, data: bytes, out: Path, ws: Any) -> int:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument("Only PDF and UTF-8 text files can be redacted.") from exc
    # The same policy as a PDF (and the GUI's exports): the workspace's types, its
    # "always redact" terms; without a workspace, every finding.
    findings = redaction_policy(analyzer.analyze(text), ws)
    write_private(out, redact_text(text, findings).encode("utf-8"))
    return len(findings)


COMMANDS = {"redact": add_redact}
