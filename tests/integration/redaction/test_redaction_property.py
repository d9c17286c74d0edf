"""Property (issue 17): for every PDF in the dev sets and the samples, every identifier the
analyzer detects is absent from the redacted PDF, exported both as the desktop app does it
(the pipeline stores the document, `export_document` writes the export, as `ExportFlow` runs
it) and as `enclave redact FILE --out OUT` does it; and the two files are byte-identical.

The absence check here is deliberately not the product's own (`redaction.verify`): it reads
the output with PyMuPDF's plain `get_text()` (another text layout than the ingest's), and OCRs
pages that came out as images. "Absent" means: not there as a phrase (case-insensitive, any
white space between its words, not inside a longer word). Pieces left beside a box are the
product's own check (tests/integration/redaction/test_redaction_core.py). An identifier with
fewer than two letters or digits (an initial) is not searched: every such letter of the
document would match.

The 256 documents are shared out over two worker processes (CI has two cores); each loads
spaCy once. Real components throughout: ingest sandbox, Presidio + spaCy, SQLCipher
workspace, PyMuPDF, Tesseract.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.integration.redaction import property_worker as worker

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.pdf"))
DEV = sorted((ROOT.parent / "shared" / "data").glob("*/**/*.pdf"))


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_no_detected_identifier_survives_either_front_end(tmp_path: Path) -> None:
    files = [str(p) for p in SAMPLES + DEV]
    assert len(SAMPLES) >= 2
    # Not a multiprocessing.Pool: its workers are daemons, and the ingest sandbox they run
    # starts a child process of its own.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx, initializer=worker.init,
                             initargs=(str(tmp_path),)) as pool:
        results = list(pool.map(worker.one, files, chunksize=4))
    errors = [r for r in results if "error" in r]
    assert not errors, errors[:5]
    leaked = [r for r in results if r["gui_leaks"] or r["cli_leaks"]]
    differ = [r["file"] for r in results if not r["identical"]]
    print(f"\n{len(results)} PDFs, {sum(r['findings'] for r in results)} identifiers detected, "
          f"{sum(r['redacted'] for r in results)} occurrences redacted; leaked in "
          f"{len(leaked)}, outputs differing in {len(differ)}")
    assert not leaked, leaked[:5]
    assert not differ, differ[:5]
    assert sum(r["findings"] for r in results) > len(results)  # the check had work to do
    if not DEV:
        pytest.skip("only the samples: ../shared/data (the dev sets) is not on this machine")
