"""`python -m app redact`: a real subprocess, a generated multi-page PDF, a JSONL round trip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[3]
PLANTED = ["Jonathan Whitaker", "219-09-9999", "617-555-0134", "j.whitaker@example.com",
           "00123456", "03/14/1931"]


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "app", "redact", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def _make_pdf(path: Path) -> None:
    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page()
        page.insert_text((72, 72), f"Page {i + 1}. Patient: Jonathan Whitaker  DOB: 03/14/1931")
        page.insert_text((72, 100), "MRN: 00123456  SSN 219-09-9999  phone 617-555-0134")
        page.insert_text((72, 128), "Contact j.whitaker@example.com about the plan.")
        page.insert_text((72, 156), "Vitals stable, plan unchanged.")
        page.add_text_annot((300, 300), "Reviewed chart of Jonathan Whitaker")
    doc.set_metadata({"author": "Jonathan Whitaker", "subject": "SSN 219-09-9999"})
    doc.save(path)


def test_redact_pdf_removes_planted_values(tmp_path: Path) -> None:
    src, out = tmp_path / "chart.pdf", tmp_path / "chart.redacted.pdf"
    _make_pdf(src)
    proc = _run(str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = pymupdf.open(out)
    text = " ".join(" ".join(p.get_text().split()) for p in doc)
    meta = " ".join(str(v) for v in doc.metadata.values()) + (doc.get_xml_metadata() or "")
    annots = " ".join(a.info.get("content", "") for p in doc for a in p.annots() or [])
    for value in PLANTED:
        assert value not in text, value
        assert value not in meta and value not in annots, value
    assert "Whitaker" not in text
    assert doc.page_count == 3 and "Vitals stable" in text


def test_redact_text_file(tmp_path: Path) -> None:
    src, out = tmp_path / "note.txt", tmp_path / "note.redacted.txt"
    src.write_text("DR RIDLON AWARE. Call 617-555-0134 re SSN 219-09-9999.\n", encoding="utf-8")
    assert _run(str(src), "--out", str(out)).returncode == 0
    redacted = out.read_text(encoding="utf-8")
    assert "RIDLON" not in redacted and "617-555-0134" not in redacted
    assert "219-09-9999" not in redacted and "[US_SSN]" in redacted


def test_jsonl_round_trip_and_bad_lines() -> None:
    rows = [{"id": "a", "text": "Spoke with wife Philomena at 617-555-0134 on 7/23."},
            {"id": 2, "text": "Nothing to see."}]
    bad = '{"id": "c", "text": "SSN 219-09-9999"'  # truncated JSON with an identifier in it
    stdin = "\n".join([json.dumps(rows[0]), bad, json.dumps(rows[1]),
                       json.dumps({"id": "d", "text": None})]) + "\n"
    proc = _run("--jsonl", stdin=stdin)
    assert proc.returncode == 1  # some lines failed
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, 2, "d"]
    first = out[0]
    for f in first["findings"]:  # offsets index the input text
        assert set(f) == {"type", "start", "end", "score"}
    spans = {rows[0]["text"][f["start"]:f["end"]] for f in first["findings"]}
    assert {"Philomena", "617-555-0134", "7/23"} <= spans
    assert "Philomena" not in first["text"] and "617-555-0134" not in first["text"]
    assert out[2] == {"id": 2, "text": "Nothing to see.", "findings": []}
    assert "error" in out[1] and "error" in out[3]
    assert "219-09-9999" not in proc.stdout + proc.stderr  # never echoes a bad line's input
