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
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from app.core.errors import EnclaveError, RedactFailed, UnreadableDocument
from app.core.privacy.surrogate_setting import DEFAULT_CASE


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
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
    from app.core.privacy.analyzer import get_analyzer

    analyzer = get_analyzer()
    if not args.workspace:
        return analyzer
    from app.cli import open_workspace
    from app.core.privacy.lists import load_lists

    own = ws is None
    ws = open_workspace(args.data_dir) if own else ws
    try:
        allow, deny = load_lists(ws)
    finally:
        if own:
            ws.close()
    return analyzer.with_lists(allow, deny)


def cmd_redact(args: argparse.Namespace) -> int:
    from app.core.privacy.surrogate_setting import surrogates_enabled

    if args.reidentify or args.surrogates or args.workspace:
        ws = None
        if args.workspace:
            from app.cli import open_workspace

            ws = open_workspace(args.data_dir)
        try:
            if args.reidentify:
                return _reidentify(args, ws)
            # The workspace setting applies to text; a PDF is still truly redacted.
            if args.surrogates or (ws is not None and surrogates_enabled(ws)
                                   and not _is_pdf(args.file)):
                from app.cli_surrogates import redact_with_surrogates

                # The analyzer (spaCy) loads only once the input is known to be usable.
                return redact_with_surrogates(args, ws, lambda: _analyzer(args, ws))
            from app.core.privacy.redact_types import load_redact_types

            return _redact(args, _analyzer(args, ws), load_redact_types(ws))
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
    from app.cli_surrogates import reidentify_file

    if ws is None:
        raise RedactFailed("--reidentify needs --workspace: the originals are only in its vault.")
    return reidentify_file(args, ws)


def _is_image(data: bytes) -> bool:
    from app.core.ingest.detect import sniff

    try:
        return sniff(data[:4096], "input")[0] == "image"
    except EnclaveError:  # not a format we read: the text path says so in its own words
        return False


def _redact(args: argparse.Namespace, analyzer: Any,
            redact_types: frozenset[str] | None = None) -> int:
    """`redact_types`: the workspace's choice of types (None: all), as its exports apply it."""
    if args.jsonl:
        if args.file or args.out:
            raise RedactFailed("--jsonl reads stdin and writes stdout; give no FILE or --out.")
        return redact_jsonl(analyzer, sys.stdin, sys.stdout)
    data = read_input(args)
    if data[:5] == b"%PDF-" or _is_image(data):
        count = _redact_pdf(analyzer, data, args.out, args.file.name, redact_types)
    else:
        count = _redact_text(analyzer, data, args.out)
    print(f"Redacted {count} finding(s) into {args.out}")
    return 0


def read_input(args: argparse.Namespace) -> bytes:
    """The bytes of FILE, after checking FILE and --out (the original is never overwritten)."""
    if not args.file or not args.out:
        raise RedactFailed("Give a FILE and --out OUT (or --jsonl).")
    if args.out.resolve() == args.file.resolve():
        raise RedactFailed("--out must differ from the input file; the original is kept.")
    if not args.file.is_file():
        raise UnreadableDocument(f"{args.file} is not a readable file.")
    return args.file.read_bytes()


def write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def redact_pdf_bytes(analyzer: Any, data: bytes, name: str,
                     redact_types: frozenset[str] | None = None) -> tuple[bytes, int]:
    """A PDF or scan → (the redacted PDF's bytes, identifiers found). Read by the same ingest
    as a stored document (sandboxed), analysed, then redacted by the one core path the GUI's
    export uses, so the same file gives the same bytes from either front end."""
    from app.core.ingest import read_bytes
    from app.core.privacy.redact_types import for_redaction
    from app.core.privacy.redaction.pdf import redact_document

    doc = read_bytes(data, name)
    if doc.kind not in ("pdf", "image"):
        raise RedactFailed(f"'{name}' is not a PDF or a scanned image.")
    findings = for_redaction(analyzer.analyze_pages([p.text for p in doc.pages]), redact_types)
    return redact_document(data, doc, findings).data, len(findings)


def _redact_pdf(analyzer: Any, data: bytes, out: Path, name: str,
                redact_types: frozenset[str] | None) -> int:
    from app.core.errors import RedactionError

    try:
        redacted, count = redact_pdf_bytes(analyzer, data, name, redact_types)
    except RedactionError as exc:
        raise RedactFailed(f"Redaction failed closed: {exc}") from exc
    write_private(out, redacted)
    return count


def _redact_text(analyzer: Any, data: bytes, out: Path) -> int:
    from app.core.privacy.pseudonymize import redact_text

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument("Only PDF and UTF-8 text files can be redacted.") from exc
    findings = analyzer.analyze(text)
    write_private(out, redact_text(text, findings).encode("utf-8"))
    return len(findings)


Replace = Callable[[str, Sequence[Any]], str]


def redact_line(analyzer: Any, line: str, replace: Replace | None = None) -> dict[str, Any]:
    """One output record for one input line; never contains the input text on error.
    `replace(text, findings)` writes the output text (default: `[TYPE]` redaction)."""
    from app.core.privacy.pseudonymize import redact_text

    replace = replace or redact_text
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
        return {"id": ident, "text": replace(text, findings),
                "findings": [{"type": f.type, "start": f.start, "end": f.end,
                              "score": round(float(f.score), 3)} for f in findings]}
    except Exception as exc:  # noqa: BLE001 - fail closed per line, keep the batch going
        # The message names the error class only: a JSON error's message can quote input.
        return {"id": ident if isinstance(ident, (str, int, float)) else None,
                "error": f"could not process this line ({type(exc).__name__})"}


def redact_jsonl(analyzer: Any, stdin: TextIO, stdout: TextIO,
                 replace: Replace | None = None) -> int:
    failures = 0
    for line in stdin:
        if not line.strip():
            continue
        record = redact_line(analyzer, line, replace)
        failures += "error" in record
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if failures else 0
