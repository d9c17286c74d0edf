"""`make bench`: run every benchmark and assemble docs/BENCHMARKS.md.

Each benchmark runs in its own process (clean peak-RSS numbers, no shared warm caches) and
writes its own `docs/bench_<name>.md` section; this collects them under one header that says
exactly which command ran on which machine. Ratios against the raw library are measured in the
same run, since these machines are noisy.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BENCHES = ["ingest", "pii", "store", "extract", "routing", "redaction", "ui", "gpu"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    """`python -m bench [NAME...] [--assemble]`: run the named benchmarks (all by default), or
    with --assemble only rebuild BENCHMARKS.md from the sections already written."""
    only = [b for b in argv if b in BENCHES] or BENCHES
    failed = []
    for name in [] if "--assemble" in argv else only:
        if not (ROOT / "bench" / f"{name}.py").exists():
            continue
        print(f"== bench.{name}", flush=True)
        rc = subprocess.call([sys.executable, "-m", f"bench.{name}"], cwd=ROOT)
        if rc:
            failed.append(name)
    sections = [(DOCS / f"bench_{n}.md") for n in BENCHES]
    body = "\n\n".join(p.read_text().strip() for p in sections if p.exists())
    header = (
        "# Benchmarks\n\n"
        + (
            f"Assembled by `.venv/bin/python -m bench --assemble` on {datetime.now(UTC):%Y-%m-%d} "
            "from sections run one by one (each says when and under what load); "
            if "--assemble" in argv
            else f"Produced by `make bench` (= `.venv/bin/python -m bench`) on "
            f"{datetime.now(UTC):%Y-%m-%d}; "
        )
        + f"machine: {machine()}.\n"
        "Each section names the exact command that produced it; rerun one with "
        "`.venv/bin/python -m bench.<name>`. Ratios compare against the raw library in the same run.\n"
    )
    (DOCS / "BENCHMARKS.md").write_text(header + "\n" + body + "\n")
    print(f"wrote {DOCS / 'BENCHMARKS.md'}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
