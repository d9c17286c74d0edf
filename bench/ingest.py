"""Ingestion benchmark: `python -m bench.ingest` (prints markdown, writes docs/bench_ingest.md).

- text PDFs: Enclave's sandboxed ingestion (word boxes, pickling, IPC included; workers warm, as
  in the app) vs plain PyMuPDF `page.get_text()` on the same generated files in the same run.
  Both sides are warmed, then timed in interleaved rounds (so load from other processes hits
  both alike) and the median is reported; CPU seconds (this process plus the sandbox workers)
  are reported too, as they barely move when the machine is shared;
- OCR: pages/s and character error rate on SROIE receipts 000-029 against their `text/`;
- peak RSS of this process and of its children (sandbox worker, Tesseract).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil
import pymupdf
from rapidfuzz.distance import Levenshtein

from app.core.documents import Document
from app.core.ingest import iter_documents
from bench.datasets import DATA, ROOT

SROIE = DATA / "sroie-dev"
_PARA = (
    "Patient Jane Q. Doe (MRN 00412345, DOB 03/14/1962) was seen on 2024-05-02 by Dr. Alan Smith. "
    "Assessment: type 2 diabetes mellitus, hypertension. Plan: metformin 500 mg twice daily; "
    "follow-up in 3 months. Invoice INV-2024-0042 totals $1,234.56, due within 30 days. "
)


NOTES = """\
## Reading the text-PDF numbers

Wall-clock pages/s move with whatever else runs on the machine; the rounds are interleaved so
both sides see the same load, but on a busy 2-core box the two-worker row cannot show its
parallelism. The CPU rows (this process plus the warm sandbox workers) are the stable measure:
one worker's CPU ratio is what Enclave gets on one free core. The "ceiling" row is CPU-bound
arithmetic (baseline on one core vs. Enclave's total CPU spread over two), not a measurement.

Where a text page's CPU goes, relative to plain `page.get_text()` = 1.00 (process time, median
of 7, 500 pages, measured in one run on 2026-11-28):

| stage | CPU vs `get_text()` |
|---|---|
| text page build (`page.get_textpage()`; `get_text()` does this too) | 0.74 |
| + `extractWORDS()` from that text page (words with boxes) | 1.26 |
| + page text, offsets and packed boxes (`layout.words_to_text`), before 1.53 | 1.47 |
| whole worker side: `parse_pdf` + pickling the reply | 1.58 |
| parent: unpickling the reply into `Word`s, GC paused (before: GC on, 0.51) | 0.23 |

So word boxes alone cost 1.26x the baseline before any of Enclave's own work: a single
worker cannot reach the 0.8 target (its ceiling is ~1/1.6 = 0.63). The default two workers
do, once both cores are free: on 2026-12-01, on an otherwise idle machine (load average 1.0),
two consecutive runs of this benchmark measured 1.05 and 0.87 for the default workers (wall
clock, interleaved with the baseline), 0.62-0.63 for one worker. On 2026-11-28, with load
average ~7 from parallel builds, the same code read 0.49: the second worker then has no core
to run on. The sandbox therefore costs throughput only where the cores are already taken.

Before/after this change, measured in one run (the previous `app/core/ingest` copied aside,
9 interleaved rounds, load average ~6 on 2 cores): one worker 0.46 -> 0.52 (wall) and
0.46 -> 0.52 (CPU); default workers 0.44 -> 0.50 (wall) and 0.44 -> 0.50 (CPU).

Levers tried and rejected: `get_text("rawdict")`/`"dict"` (3.2x / 1.2-1.4x before any
Python work) and a second `extractText()` pass for the text (+0.2x). Not adopted:
`TOOLS.unset_quad_corrections(True)` makes `extractWORDS` ~35% cheaper (one worker's ceiling
~0.63 -> ~0.7, still short of 0.8). Boxes are identical for fonts with sane metrics, but for
fonts whose ascender - descender < 1 (broken or Type3 fonts) PyMuPDF's correction is what
keeps the boxes glyph-high, and redaction relies on those boxes.
"""


def make_text_pdfs(folder: Path, files: int, pages: int) -> list[Path]:
    paths = []
    for f in range(files):
        doc = pymupdf.open()
        for p in range(pages):
            page = doc.new_page()
            page.insert_textbox(
                page.rect + (50, 50, -50, -50), f"File {f} page {p + 1}. " + _PARA * 9, fontsize=10
            )
        path = folder / f"text-{f:02d}.pdf"
        doc.save(path)
        paths.append(path)
    return paths


def plain_pymupdf(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages


def enclave(paths: list[Path], workers: int | None = None) -> int:
    pages = 0
    for path, result in iter_documents(paths, workers=workers):
        if not isinstance(result, Document):
            raise SystemExit(f"{path}: {result}")
        pages += len(result.pages)
    return pages


def _cpu_s() -> float:
    """CPU seconds of this process and its live children (the long-lived sandbox workers)."""
    total = time.process_time()
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def timed_rounds(
    fns: dict[str, Callable[[list[Path]], int]], paths: list[Path], repeats: int
) -> dict[str, tuple[int, float, float]]:
    """name -> (pages, median wall s, median CPU s); one call of each per round, interleaved."""
    walls: dict[str, list[float]] = {name: [] for name in fns}
    cpus: dict[str, list[float]] = {name: [] for name in fns}
    pages: dict[str, int] = {}
    for _ in range(repeats):
        for name, fn in fns.items():
            cpu0, start = _cpu_s(), time.perf_counter()
            pages[name] = fn(paths)
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(_cpu_s() - cpu0)
    return {
        name: (pages[name], statistics.median(walls[name]), statistics.median(cpus[name]))
        for name in fns
    }


def cer_ordered(ref: str, hyp: str) -> float:
    r, h = " ".join(ref.split()), " ".join(hyp.split())
    return Levenshtein.distance(r, h) / max(1, len(r))


def cer_unordered(ref: str, hyp: str) -> float:
    """Order-insensitive: characters (spaces ignored) that do not pair up between the two bags."""
    r, h = (
        Counter(ref.replace(" ", "").replace("\n", "")),
        Counter(hyp.replace(" ", "").replace("\n", "")),
    )
    matched = sum((r & h).values())
    return (max(sum(r.values()), sum(h.values())) - matched) / max(1, sum(r.values()))


def bench_ocr(n: int) -> dict[str, float]:
    images = [SROIE / "img" / f"{i:03d}.jpg" for i in range(n)]
    start = time.perf_counter()
    results = list(iter_documents(images))
    elapsed = time.perf_counter() - start
    ordered, unordered, conf = [], [], []
    for path, doc in results:
        if not isinstance(doc, Document):
            raise SystemExit(f"{path}: {doc}")
        ref = (SROIE / "text" / f"{path.stem}.txt").read_text(encoding="utf-8", errors="replace")
        ordered.append(cer_ordered(ref, doc.text))
        unordered.append(cer_unordered(ref, doc.text))
        conf.extend(p.ocr_confidence for p in doc.pages if p.ocr_confidence is not None)
    return {
        "pages": float(len(results)),
        "seconds": elapsed,
        "pages_per_s": len(results) / elapsed,
        "cer_ordered": statistics.mean(ordered),
        "cer_unordered": statistics.mean(unordered),
        "confidence": statistics.mean(conf) if conf else float("nan"),
    }


def _live_children_peak_mb() -> list[float]:
    """VmHWM (peak RSS) of the still-running sandbox workers; getrusage only sees reaped ones."""
    peaks = []
    for child in psutil.Process().children(recursive=True):
        try:
            status = Path(f"/proc/{child.pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def _ocr_rows(ocr: dict[str, float] | None) -> list[str]:
    if not ocr:
        return [f"| OCR | skipped ({SROIE} missing or --ocr-images 0) |"]
    return [
        f"| OCR (SROIE {int(ocr['pages'])} receipts) | {ocr['pages_per_s']:.2f} pages/s |",
        f"| OCR CER, reading order (Levenshtein) | {ocr['cer_ordered']:.3f} |",
        f"| OCR CER, order-insensitive (bag of characters) | {ocr['cer_unordered']:.3f} |",
        f"| OCR mean confidence | {ocr['confidence']:.3f} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--pages", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--ocr-images", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench_ingest.md")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_text_pdfs(Path(tmp), args.files, args.pages)
        plain_pymupdf(paths)  # warm the page cache and imports for both sides
        cold_start = time.perf_counter()
        enclave(paths[:1])  # starts the session's sandbox worker, as the app does once
        cold_s = time.perf_counter() - cold_start
        enclave(paths)  # the app keeps its workers warm: start and warm the second one too
        runs = timed_rounds(
            {
                "plain": plain_pymupdf,
                "enclave": enclave,
                "enclave1": lambda p: enclave(p, workers=1),
            },
            paths,
            args.repeats,
        )
    load_after = os.getloadavg()[0]
    (base_pages, base_s, base_cpu), (enc_pages, enc_s, enc_cpu), (one_pages, one_s, one_cpu) = (
        runs["plain"],
        runs["enclave"],
        runs["enclave1"],
    )
    assert base_pages == enc_pages == one_pages
    base_rate, enc_rate = base_pages / base_s, enc_pages / enc_s
    ocr = bench_ocr(args.ocr_images) if SROIE.is_dir() and args.ocr_images > 0 else None
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = max(
        [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, *_live_children_peak_mb()]
    )

    lines = [
        "# Ingestion benchmark",
        "",
        f"Generated by `python -m bench.ingest` ({args.files} text PDFs x {args.pages} pages, "
        f"median of {args.repeats} interleaved rounds, warm workers; {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before / {load_after:.1f} after).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| plain PyMuPDF `page.get_text()` | {base_rate:,.0f} pages/s |",
        f"| Enclave ingestion (sandboxed, word boxes, default workers) | {enc_rate:,.0f} pages/s |",
        f"| ratio Enclave / PyMuPDF (target >= 0.8) | {enc_rate / base_rate:.2f} |",
        f"| Enclave with one worker process | {one_pages / one_s:,.0f} pages/s "
        f"(ratio {one_pages / one_s / base_rate:.2f}) |",
        f"| CPU time per page, Enclave 1 worker (all processes) / PyMuPDF | "
        f"{one_cpu / base_cpu:.2f}x ({one_cpu / one_pages * 1000:.2f} vs "
        f"{base_cpu / base_pages * 1000:.2f} ms) |",
        f"| CPU time per page, Enclave default workers / PyMuPDF | {enc_cpu / base_cpu:.2f}x |",
        f"| ceiling for the default 2 workers on 2 idle cores (CPU-bound, not measured) | "
        f"ratio {2 * base_cpu / enc_cpu:.2f} |",
        f"| first call incl. worker start (1 file, {args.pages} pages) | {cold_s:.2f} s |",
    ]
    lines += _ocr_rows(ocr)
    lines += [
        f"| peak RSS, this process | {rss_self:,.0f} MB |",
        f"| peak RSS, largest child (worker / Tesseract) | {rss_children:,.0f} MB |",
        "",
        NOTES,
    ]
    report = "\n".join(lines)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
