"""Store benchmark: SQLCipher vs plain sqlite3 with the same schema and code, and unlock time.

    .venv/bin/python -m bench.store [--docs N] [--out docs/bench_store.md]

Two insert workloads, each run on both engines in the same process, same pragmas (WAL,
synchronous=FULL, temp_store=MEMORY), same repositories:
  * per-document transactions — what ingest does: one commit (and fsync) per document;
  * bulk — all documents in one transaction: no fsync in the loop, so the cost of encryption
    itself (AES-256 + HMAC per page) is what differs.
Unlock is Argon2id with the default parameters (median of 5) and a full `Workspace.open`.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.documents import Document, Finding, Page
from app.core.store import db as dbmod
from app.core.store.db import Database
from app.core.store.keys import Header, KdfParams
from app.core.store.migrations import migrate
from app.core.store.repos import DocumentRepo, FindingRepo
from app.core.workspace import Workspace

TEXT = ("The patient was seen in clinic today for follow-up of hypertension. " * 30)[:2000]


def _plain(path: Path) -> Database:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in ("temp_store = MEMORY", "journal_mode = WAL", "synchronous = FULL",
                   "foreign_keys = ON", "secure_delete = ON"):
        conn.execute(f"PRAGMA {pragma}")
    return Database(conn, path)  # type: ignore[arg-type]  # same DB-API surface


def _cipher(path: Path) -> Database:
    return Database(dbmod.connect(path, b"\x42" * 32), path)


def _doc(i: int) -> tuple[Document, bytes]:
    original = f"document {i} ".encode() * 200
    pages = [Page(number=n, text=f"{i}/{n} {TEXT}") for n in range(1, 4)]
    return Document(f"d{i}.txt", "text", pages, Document.digest(original)), original


def _insert(db: Database, n: int, bulk: bool) -> float:
    docs, finds = DocumentRepo(db), FindingRepo(db)
    items = [_doc(i) for i in range(n)]
    findings = [Finding("PERSON", 1, k, k + 5, 0.9) for k in range(10)]
    t = time.perf_counter()
    if bulk:
        with db.tx():
            for d, o in items:
                finds.replace(docs.add(d, o), findings)
    else:
        for d, o in items:
            with db.tx():
                finds.replace(docs.add(d, o), findings)
    return n / (time.perf_counter() - t)


def _pair(tmp: Path, n: int, bulk: bool) -> tuple[float, float]:
    rates = {}
    for name, opener in (("plain", _plain), ("cipher", _cipher)):
        # best of 3: the disk's fsync latency is noisy on shared machines
        best = 0.0
        for rep in range(3):
            path = tmp / f"{name}-{bulk}-{rep}.db"
            db = opener(path)
            migrate(db)
            best = max(best, _insert(db, n, bulk))
            db.close()
        rates[name] = best
    return rates["plain"], rates["cipher"]


def _timed(fn: Callable[[], object], reps: int = 5) -> float:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def run(docs: int, out: Path | None) -> str:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows = []
        for label, bulk, n in (("per-document commit", False, docs // 4),
                               ("bulk (one transaction)", True, docs)):
            plain, cipher = _pair(tmp, n, bulk)
            rows.append(f"| insert, {label} ({n} docs × 3 pages + 10 findings) | "
                        f"{plain:,.0f} docs/s | {cipher:,.0f} docs/s | {plain / cipher:.2f}× |")
        params = KdfParams.default()
        header, _ = Header.new("bench passphrase", params)
        kdf = _timed(lambda: header.unlock("bench passphrase"))
        Workspace.create(tmp / "ws", "bench passphrase").close()
        open_s = _timed(lambda: Workspace.open(tmp / "ws", "bench passphrase").close())
    table = "\n".join([
        "| measure | plain sqlite3 | SQLCipher | overhead |",
        "|---|---|---|---|",
        *rows,
        f"| unlock: Argon2id m={params.memory_kib // 1024} MiB t={params.time_cost} "
        f"p={params.parallelism} (median of 5) | – | {kdf:.3f} s | target 0.3–1 s |",
        f"| Workspace.open (KDF + open + migrate check + audit entry) | – | {open_s:.3f} s | |",
    ])
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("# Store benchmark\n\n`.venv/bin/python -m bench.store`\n\n"
                       + (__doc__ or "").split("\n\n", 2)[2].strip() + "\n\n" + table + "\n")
    return table


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=Path("docs/bench_store.md"))
    args = ap.parse_args(argv)
    print(run(args.docs, args.out))


if __name__ == "__main__":
    main()
