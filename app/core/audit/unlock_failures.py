"""Failed unlocks, which cannot be written to the database they failed to open.

Choice: append them to a small side file (`unlock-failures.jsonl`: time, OS user, an attempt
id — no passphrase material, no content) and fold them into the hash chain at the next
successful open, then remove the file. Why not sign the side file: without the passphrase
there is no key to sign with (the signing key lives in the encrypted store), and a key kept
outside the store would be readable by the very person whose attempts we are recording. So
the side file is best-effort until folded in; from then on it is as tamper-evident as the
rest of the log. The attempt id makes folding idempotent if we crash half way.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FILE_NAME = "unlock-failures.jsonl"
MAX_BYTES = 1 << 20  # a flood of attempts must not fill the disk


def append(data_dir: Path, actor: str, reason: str) -> None:
    path = data_dir / FILE_NAME
    if path.exists() and path.stat().st_size > MAX_BYTES:
        return
    line = json.dumps({"attempt_id": secrets.token_hex(8), "actor": actor, "reason": reason,
                       "at": datetime.now(UTC).isoformat()})
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def pending(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / FILE_NAME
    if not path.exists():
        return []
    out = []
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue  # a torn last line from a crash mid-append
        if isinstance(item, dict) and "attempt_id" in item:
            out.append(item)
    return out


def clear(data_dir: Path) -> None:
    (data_dir / FILE_NAME).unlink(missing_ok=True)
