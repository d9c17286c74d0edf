"""The thin end-to-end path with real components: PyMuPDF, Presidio + spaCy, the GGUF model
through llama-cpp-python, SQLCipher — with the egress guard on."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from app.core import netguard
from app.core.extract.lines import span_text
from app.core.extract.summarize import unsupported_terms
from app.core.pipeline import Pipeline, PipelineOptions

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


@pytest.fixture(scope="module")
def pipeline(llm, pii_analyzer) -> Pipeline:
    return Pipeline(llm=llm, analyzer=pii_analyzer)


def test_email_and_url_make_no_network_attempt(pipeline: Pipeline, tmp_path: Path) -> None:
    netguard.reset_attempts()
    note = tmp_path / "note.txt"
    note.write_text(
        "Referral from Dr. Alma Reyes. Contact alma.reyes@northclinic.example.com or see "
        "https://portal.northclinic.example.org/patients/88213 for the imaging report.\n"
        "Patient: Victor Halloran  DOB: 02/11/1961  MRN: 55102934\n"
    )
    result = pipeline.process(note, PipelineOptions(profile="clinical", store=False))
    types = {f.type for f in result.pii}
    assert {"EMAIL_ADDRESS", "URL"} <= types, types
    assert netguard.attempts() == []


def test_sample_discharge_summary_pdf(pipeline: Pipeline) -> None:
    result = pipeline.process(
        SAMPLES / "discharge-summary.pdf", PipelineOptions(profile="auto", store=False)
    )
    assert result.profile == "clinical"
    doc = result.document
    f = result.fields
    assert f["patient"].value == "Marguerite Okonkwo-Hale"
    assert f["mrn"].value == "00482913"
    assert f["dob"].normalized == "1958-04-17"
    assert f["admission_date"].normalized == "2026-02-03"
    assert f["discharge_date"].normalized == "2026-02-08"
    assert any("Metformin 1000 mg" in m for m in f["medications"].value)
    for name in ("patient", "mrn", "dob"):
        assert span_text(doc, f[name].spans[0]) == f[name].value
    assert result.summary.text
    assert unsupported_terms(result.summary.text, doc.text) == []


def test_sample_contract_pdf(pipeline: Pipeline) -> None:
    result = pipeline.process(
        SAMPLES / "services-contract.pdf", PipelineOptions(profile="auto", store=False)
    )
    assert result.profile == "contract"
    f = result.fields
    assert f["party"].normalized == ["Bluestem Analytics Inc.", "Corvane Logistics LLC"]
    assert f["effective_date"].normalized == "2026-01-12"
    assert f["jurisdiction"].normalized == "Colorado"
    assert f["term"].normalized == "2 years"
    assert unsupported_terms(result.summary.text, result.document.text) == []


def test_stored_encrypted_with_no_canary_on_disk(
    llm, pii_analyzer, workspace, tmp_path: Path, monkeypatch
) -> None:
    canaries = [f"CANARY{i:03d}ZQX" for i in range(20)]
    doc = tmp_path / "canary-receipt.txt"
    doc.write_text(
        f"{canaries[0]} TRADING SDN BHD\nNO 5, JALAN {canaries[1]}, 81100 JOHOR BAHRU\n"
        f"DATE: 01/02/2024\nCASHIER: {canaries[2]}\nTOTAL: 12.50\n" + "\n".join(canaries[3:]) + "\n"
    )
    tmp_dir = tmp_path / "tmpdir"
    tmp_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_dir))
    result = Pipeline(llm=llm, analyzer=pii_analyzer, workspace=workspace).process(
        doc, PipelineOptions(profile="receipt")
    )
    assert workspace.documents.get(result.document.id) is not None
    assert workspace.audit.verify().ok
    doc.unlink()  # the source file is the user's; everything Enclave wrote is scanned below
    files = [
        p for p in list(workspace.data_dir.rglob("*")) + list(tmp_dir.rglob("*")) if p.is_file()
    ]
    assert any(p.name.endswith("-wal") for p in files) or any(p.suffix == ".db" for p in files)
    for p in files:
        data = p.read_bytes()
        for c in canaries:
            assert c.encode() not in data, f"{c} found in {p.name}"
            assert c.encode("utf-16-le") not in data, f"{c} (utf-16) found in {p.name}"
