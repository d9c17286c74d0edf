"""500 byte-mutated PDFs and images through the sandbox: no crash or hang reaches the test
process, and every failure is an `UnreadableDocument` whose message names the file."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pymupdf
import pytest

from app.core.documents import Document
from app.core.errors import UnreadableDocument
from app.core.ingest import Limits, iter_documents
from tests.unit.ingest.factories import mixed_pdf, multipage_tiff, text_pdf

N = 500


def _small_png(word: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=160, height=40)
    page.insert_text((8, 28), word, fontsize=20)
    return page.get_pixmap(dpi=100).tobytes("png")


def _seeds() -> list[tuple[str, bytes]]:
    png = _small_png("Fuzz 42")
    return [
        ("pdf", text_pdf([["Patient Jane Doe", "MRN 12345"], ["Second page"]])),
        ("pdf", mixed_pdf(["Typed"], ["Scan"])),
        ("png", png),
        ("jpg", pymupdf.Pixmap(png).tobytes("jpg")),
        ("tif", multipage_tiff([["A"], ["B"]], dpi=60)),
    ]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    op = rng.choice(["flip", "flip", "truncate", "splice", "insert", "zero"])
    if op == "flip":
        for _ in range(rng.randint(1, 40)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif op == "truncate":
        del buf[rng.randint(1, len(buf) - 1) :]
    elif op == "splice":  # duplicate a chunk: confuses xref offsets and length fields
        a = rng.randrange(len(buf))
        b = min(len(buf), a + rng.randint(1, 4096))
        buf[a:a] = buf[a:b] * rng.randint(1, 8)
    elif op == "insert":
        pos = rng.randrange(len(buf))
        buf[pos:pos] = rng.randbytes(rng.randint(1, 256))
    else:
        a = rng.randrange(len(buf))
        buf[a : a + rng.randint(1, 512)] = b"\x00" * min(512, len(buf) - a)
    return bytes(buf)


@pytest.mark.fuzz
@pytest.mark.slow
def test_fuzzed_pdfs_and_images_never_crash_or_hang_the_app(tmp_path: Path) -> None:
    rng = random.Random(20240506)
    seeds = _seeds()
    paths = []
    for i in range(N):
        ext, seed = seeds[i % len(seeds)]
        path = tmp_path / f"fuzz-{i:03d}.{ext}"
        path.write_bytes(_mutate(seed, rng))
        paths.append(path)
    started = time.monotonic()
    outcomes = {"read": 0, "error": 0}
    results = list(iter_documents(paths, limits=Limits(timeout_s=20, memory_mb=1024)))
    assert [p for p, _ in results] == paths
    for path, result in results:
        if isinstance(result, Document):
            outcomes["read"] += 1
            for page in result.pages:  # whatever was read must still be self-consistent
                assert all(0 <= w.start <= w.end <= len(page.text) for w in page.words)
        else:
            assert isinstance(result, UnreadableDocument)
            message = str(result)
            assert f"'{path.name}'" in message and message.endswith((".", ")")), message
            assert "Traceback" not in message
            outcomes["error"] += 1
    elapsed = time.monotonic() - started
    print(f"fuzz: {outcomes} in {elapsed:.1f} s")
    assert outcomes["read"] + outcomes["error"] == N
