"""The worker side of test_redaction_property: one process per core, spaCy loaded once each.

Imported by module path (`tests.integration.redaction.property_worker`), as the "spawn" start
method needs: the workers pickle these functions by name.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import re
from pathlib import Path
from typing import Any


def absent_failures(pdf: bytes, texts: set[str]) -> list[str]:
    import pymupdf

    from app.core.ingest.ocr import ocr_page

    doc = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        pages = []
        for page in doc:
            text = page.get_text()
            if not text.strip() and page.get_images():  # flattened to an image: read it
                words, _ = ocr_page(page, language="eng", dpi=200, name="check", timeout_s=120)
                text = " ".join(str(w[4]) for w in words)
            pages.append(text)
        meta = [str(v) for v in (doc.metadata or {}).values() if v]
    finally:
        doc.close()
    haystack = "\n".join(pages + meta)
    failures = []
    for t in texts:
        words = t.split()
        pattern = r"\s+".join(re.escape(w) for w in words)
        if words[0][0].isalnum():
            pattern = r"(?<!\w)" + pattern
        if words[-1][-1].isalnum():
            pattern += r"(?!\w)"
        if re.search(pattern, haystack, re.IGNORECASE):
            failures.append(t)
    return failures


_state: dict[str, Any] = {}


def init(tmp: str) -> None:
    from app.core import netguard

    netguard.install()  # offline by construction in the workers too
    from app.core.pipeline import Pipeline
    from app.core.privacy.analyzer import get_analyzer
    from app.core.workspace import KdfParams, Workspace

    name = multiprocessing.current_process().name.replace(":", "_")
    ws = Workspace.create(Path(tmp) / name, "correct horse battery staple", kdf=KdfParams.fast())
    _state.update(ws=ws, tmp=Path(tmp) / f"{name}-out", pipeline=Pipeline(
        workspace=ws, analyzer=get_analyzer()))
    _state["tmp"].mkdir()


def one(path: str) -> dict[str, Any]:
    from app.cli import main as cli
    from app.core.exports import export_document
    from app.core.pipeline import PipelineOptions

    ws, pipeline, tmp = _state["ws"], _state["pipeline"], _state["tmp"]
    src = Path(path)
    out: dict[str, Any] = {"file": src.name}
    try:
        # The desktop app: the pipeline stores it; the export menu runs export_document.
        result = pipeline.process(src, PipelineOptions(summarize=False, use_model=False))
        doc_id = result.document.id
        gui = tmp / f"{doc_id}.gui.pdf"
        made = export_document(ws, doc_id, "redacted_pdf", gui)
        # The command line, in this process (the analyzer is loaded once per process).
        cli_out = tmp / f"{doc_id}.cli.pdf"
        with contextlib.redirect_stdout(io.StringIO()):  # "Redacted N finding(s) into ..."
            code = cli(["redact", str(src), "--out", str(cli_out)])
        out["cli_exit"] = code
        doc = ws.documents.get(doc_id)
        findings = ws.findings.for_document(doc_id)
        texts = {" ".join(doc.pages[f.page - 1].text[f.start:f.end].split()) for f in findings}
        texts = {t for t in texts if sum(c.isalnum() for c in t) >= 2}
        out["findings"] = len(findings)
        out["redacted"] = sum(made.details["counts"].values())
        out["gui_leaks"] = len(absent_failures(gui.read_bytes(), texts))
        out["cli_leaks"] = (len(absent_failures(cli_out.read_bytes(), texts))
                            if code == 0 else -1)
        out["identical"] = code == 0 and gui.read_bytes() == cli_out.read_bytes()
        gui.unlink()
        cli_out.unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - reported per document below
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


