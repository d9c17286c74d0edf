"""What the command groups share: unlocking a workspace, and the redaction commands' file and
JSON Lines I/O. It imports nothing from `app.cli`, so every group may import it."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from app.core.errors import RedactFailed, UnreadableDocument, WorkspaceError
from app.core.privacy.pseudonymize import redact_text


def passphrase(confirm: bool = False) -> str:
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
    # deferred: SQLCipher, Argon2 and the keyring load only for commands that open a workspace
    from app.core.store import keyring_key
    from app.core.workspace import Workspace

    if not os.environ.get("ENCLAVE_PASSPHRASE") and keyring_key.is_remembered(data_dir):
        return Workspace.open_with_keyring(data_dir)
    return Workspace.open(data_dir, passphrase())


# -- redaction I/O (enclave redact, with or without --surrogates) -----------------------------


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


Replace = Callable[[str, Sequence[Any]], str]


def redact_line(analyzer: Any, line: str, replace: Replace | None = None) -> dict[str, Any]:
    """One output record for one input line; never contains the input text on error.
    `replace(text, findings)` writes the output text (default: `[TYPE]` redaction)."""
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
