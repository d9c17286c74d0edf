"""The headless front end: `enclave <command>` (also `python -m app <command>`).

A thin adapter over `app.core`: parse arguments, call the core, print. Errors the core raises on
purpose are one line on stderr and a non-zero exit, never a traceback.

One module per command group; each names its commands' parser builders in `COMMANDS`, and
this module only gathers them, in the order `enclave --help` lists them:

    workspace.py    init, keyring
    process.py      process, demo
    audit.py        audit verify | export
    routing.py      tiers, escalate, stats
    redact.py       redact (its --surrogates and --reidentify in surrogates.py)
    admin.py        doctor, models
    _common.py      what the groups share: unlocking a workspace, the redaction I/O; it
                    imports nothing from app.cli

The heavy parts of the core (the pipeline, spaCy, PyMuPDF, SQLCipher, httpx) are imported
inside the commands that need them, so `enclave --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app.core import netguard

netguard.install()  # before any library that might reach out is imported

from app.cli import admin, audit, process, redact, routing, workspace  # noqa: E402
from app.core.errors import EnclaveError  # noqa: E402
from app.core.paths import default_data_dir  # noqa: E402

GROUPS = (workspace, process, audit, routing, redact, admin)
ORDER = ("init", "process", "keyring", "demo", "audit", "tiers", "escalate", "stats", "redact",
         "doctor", "models")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="enclave", description="Private document intelligence, offline."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, default=default_data_dir(), help="workspace directory"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    adders = {name: add for group in GROUPS for name, add in group.COMMANDS.items()}
    assert sorted(adders) == sorted(ORDER), "every command is listed once in ORDER"
    for name in ORDER:
        adders[name](sub, common)
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
