"""A reviewer's correction teaches the next document of the same profile: real model, real
SQLCipher workspace, the pipeline as the CLI and GUI drive it."""

from __future__ import annotations

from pathlib import Path

from app.core.pipeline import Pipeline, PipelineOptions
from app.core.review import correct_field, examples_for

# The owner's shop name above its registered trading name: the rules prefer the registered one.
RECEIPT = (
    "KEDAI RUNCIT AH HOCK\nAH HOCK TRADING\nNO 5, JALAN BESAR,\n45600 BATANG BERJUNTAI\n"
    "TEL: 03-1234567\nDATE: {date} 10:15\nBREAD 2.50\nMILK {milk}\nTOTAL: {total}\n"
)


def _receipt(tmp_path: Path, name: str, date: str, milk: str, total: str) -> Path:
    path = tmp_path / name
    path.write_text(RECEIPT.format(date=date, milk=milk, total=total))
    return path


def test_a_correction_is_used_for_the_next_document_of_its_profile(
    llm, pii_analyzer, workspace, tmp_path: Path
) -> None:
    first = _receipt(tmp_path, "first.txt", "01/02/2024", "4.00", "6.50")
    second = _receipt(tmp_path, "second.txt", "03/02/2024", "5.10", "7.60")
    opts = PipelineOptions(profile="receipt", summarize=False)

    # Without a workspace (no corrections) the rules' choice stands: the test below would fail
    # if the corrections were not reaching the extractor.
    baseline = Pipeline(llm=llm, analyzer=pii_analyzer).process(second, opts)
    assert baseline.fields["company"].value == "AH HOCK TRADING"

    pipeline = Pipeline(llm=llm, analyzer=pii_analyzer, workspace=workspace)
    pipeline.process(first, opts)
    (doc_id,) = [d.id for d in workspace.documents.list()]
    correct_field(workspace, doc_id, "company", "KEDAI RUNCIT AH HOCK")
    assert examples_for(workspace, "receipt") == [("company", "KEDAI RUNCIT AH HOCK")]
    assert examples_for(workspace, "nda") == []

    taught = pipeline.process(second, opts).fields["company"]
    assert taught.value == "KEDAI RUNCIT AH HOCK"
    assert "known" in taught.signals["methods"]
    assert taught.spans and taught.spans[0].start == 0  # grounded in the new document
