"""`enclave redact`: redacted copies of PDFs and text files, or a JSONL filter for pipelines.

    enclave redact FILE --out OUT          PDF -> truly redacted PDF; text -> text with [TYPE]
    enclave redact --jsonl < in > out      {"id","text"} lines -> {"id","text","findings"}

`--workspace` applies the workspace's allow/deny lists (passphrase from ENCLAVE_PASSPHRASE).
The analyzer (spaCy) loads once per run. Fails closed: a JSONL line that cannot be processed
yields {"id", "error"} and never its input text; a file that cannot be redacted writes no
output and exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from app.core.errors import EnclaveError, UnreadableDocument


class RedactFailed(EnclaveError):
    exit_code = 10


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("redact", parents=[common],
                              help="write a redacted copy of a PDF or text file, or filter JSONL")
    p.add_argument("file", nargs="?", type=Path, help="a PDF or a UTF-8 text file")
    p.add_argument("--out", type=Path, help="where to write the redacted copy")
    p.add_argument("--jsonl", action="store_true",
                   help='read {"id","text"} lines on stdin; write redacted lines on stdout')
    p.add_argument("--workspace", action="store_true",
                   help="apply the workspace's allow/deny lists (needs its passphrase)")
    p.set_defaults(func=cmd_redact)


def _analyzer(args: argparse.Namespace) -> Any:
    from app.core.privacy.analyzer import get_analyzer

    analyzer = get_analyzer()
    if not args.workspace:
        return analyzer
    from app.cli import open_workspace
    from app.core.privacy.lists import load_lists

    ws = open_workspace(args.data_dir)
    try:
        allow, deny = load_lists(ws)
    finally:
        ws.close()
    return analyzer.with_lists(allow, deny)


def cmd_redact(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.file or args.out:
            raise RedactFailed("--jsonl reads stdin and writes stdout; give no FILE or --out.")
        return redact_jsonl(_analyzer(args), sys.stdin, sys.stdout)
    if not args.file or not args.out:
        raise RedactFailed("Give a FILE and --out OUT (or --jsonl).")
    if args.out.resolve() == args.file.resolve():
        raise RedactFailed("--out must differ from the input file; the original is kept.")
    if not args.file.is_file():
        raise UnreadableDocument(f"{args.file} is not a readable file.")
    analyzer = _analyzer(args)
    data = args.file.read_bytes()
    if data[:5] == b"%PDF-":
        count = _redact_pdf(analyzer, data, args.out)
    else:
        count = _redact_text(analyzer, data, args.out)
    print(f"Redacted {count} finding(s) into {args.out}")
    return 0


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _redact_pdf(analyzer: Any, data: bytes, out: Path) -> int:
    import pymupdf

    from app.core.privacy.pdf_redact import redact_pdf
    from app.core.privacy.pseudonymize import RedactionError

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - any parse failure is an unreadable file
        raise UnreadableDocument("The PDF could not be opened.") from exc
    try:
        if doc.needs_pass:
            raise UnreadableDocument("The PDF is encrypted; decrypt it first.")
        texts = [page.get_text() for page in doc]
    finally:
        doc.close()
    findings = analyzer.analyze_pages(texts)
    try:
        redacted = redact_pdf(data, findings)
    except RedactionError as exc:
        raise RedactFailed(f"Redaction failed closed: {exc}") from exc
    _write_private(out, redacted)
    return len(findings)


def _redact_text(analyzer: Any, data: bytes, out: Path) -> int:
    from app.core.privacy.pseudonymize import redact_text

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument("Only PDF and UTF-8 text files can be redacted.") from exc
    findings = analyzer.analyze(text)
    _write_private(out, redact_text(text, findings).encode("utf-8"))
    return len(findings)


def redact_line(analyzer: Any, line: str) -> dict[str, Any]:
    """One output record for one input line; never contains the input text on error."""
    from app.core.privacy.pseudonymize import redact_text

    ident: Any = None
    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise ValueError("a line must be a JSON object")
        ident = row.get("id")
        text = row.get("text")
        if not isinstance(text, str):
            raise ValueError('"text" must be a string')
        findings = analyzer.analyze(text)
        return {"id": ident, "text": redact_text(text, findings),
                "findings": [{"type": f.type, "start": f.start, "end": f.end,
                              "score": round(float(f.score), 3)} for f in findings]}
    except Exception as exc:  # noqa: BLE001 - fail closed per line, keep the batch going
        # The message names the error class only: a JSON error's message can quote input.
        return {"id": ident if isinstance(ident, (str, int, float)) else None,
                "error": f"could not process this line ({type(exc).__name__})"}


def redact_jsonl(analyzer: Any, stdin: TextIO, stdout: TextIO) -> int:
    failures = 0
    for line in stdin:
        if not line.strip():
            continue
        record = redact_line(analyzer, line)
        failures += "error" in record
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if failures else 0
