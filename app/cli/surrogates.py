"""`enclave redact --surrogates` and `--reidentify`: realistic fakes per case, and back.

With `--workspace` the surrogates of `--case` live in the workspace's encrypted vault (so the
same person is the same fake in every file of the case, and `--reidentify` can put the
originals back); each run is audited with counts, types and hashes, never text or the case
name. Without it the mapping is kept in memory for this run only: the output is a one-way,
de-identified copy.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from app.cli._common import read_input, redact_jsonl, write_private
from app.core import actions
from app.core.errors import RedactFailed, RedactionError, UnreadableDocument
from app.core.privacy.pseudonymize import MemoryVault, Pseudonymizer


def _digest(value: str | bytes) -> str:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


def _text(data: bytes, what: str) -> str:
    if data[:5] == b"%PDF-":
        raise RedactFailed(f"{what} works on text files and JSONL, not PDFs (a PDF is redacted "
                           f"with its text removed: drop {what}).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument("Only UTF-8 text files can be given surrogates.") from exc


def _audit(ws: Any, case: str, counts: Counter[str], **details: Any) -> None:
    if ws is not None:
        ws.audit.record(actions.REDACT, "case", _digest(case)[:16], mode="surrogates",
                        findings=sum(counts.values()), types=dict(sorted(counts.items())),
                        **details)


def redact_with_surrogates(args: argparse.Namespace, ws: Any,
                           get_analyzer: Callable[[], Any]) -> int:
    pseudo = Pseudonymizer(ws.vault if ws is not None else MemoryVault(), surrogates=True)
    counts: Counter[str] = Counter()

    def replace(text: str, findings: Sequence[Any]) -> str:
        out, _ = pseudo.pseudonymize(text, findings, args.case)
        counts.update(f.type for f in findings)
        return out

    if args.jsonl:
        if args.file or args.out:
            raise RedactFailed("--jsonl reads stdin and writes stdout; give no FILE or --out.")
        status = redact_jsonl(get_analyzer(), sys.stdin, sys.stdout, replace)
        _audit(ws, args.case, counts, source="jsonl")
    else:
        data = read_input(args)
        text = _text(data, "--surrogates")
        try:
            out = replace(text, get_analyzer().analyze(text))
        except RedactionError as exc:
            raise RedactFailed(f"Surrogates failed closed; nothing was written: {exc}") from exc
        write_private(args.out, out.encode("utf-8"))
        _audit(ws, args.case, counts, input_sha256=_digest(data))
        print(f"Replaced {sum(counts.values())} finding(s) with surrogates into {args.out}")
        status = 0
    if ws is None:
        print("Note: without --workspace the surrogate mapping is not kept; the copy cannot be "
              "re-identified.", file=sys.stderr)
    return status


def reidentify_file(args: argparse.Namespace, ws: Any) -> int:
    data = read_input(args)
    text = _text(data, "--reidentify")
    restored, count = Pseudonymizer(ws.vault, surrogates=True).reidentify_counted(
        text, args.case)
    write_private(args.out, restored.encode("utf-8"))
    ws.audit.record(actions.REIDENTIFY, "case", _digest(args.case)[:16], restored=count,
                    input_sha256=_digest(data))
    print(f"Put back {count} original(s) into {args.out}")
    return 0
