"""An "always redact" term is redacted on every path that detects identifiers for a workspace:
processing new documents and escalation payloads, not only the document the user clicked in."""

from __future__ import annotations

from pathlib import Path

from app.core.pipeline import Pipeline, PipelineOptions
from app.core.privacy.lists import add_allow, add_deny
from app.core.routing.egress import Escalator

TEXT = "Board memo about the bluefinch rollout, prepared by the finance team on 01/02/2024.\n"


def test_deny_terms_reach_processing_and_escalation(workspace, pii_analyzer, tmp_path: Path) -> None:
    doc = tmp_path / "memo.txt"
    doc.write_text(TEXT)
    pipeline = Pipeline(analyzer=pii_analyzer, workspace=workspace)
    opts = PipelineOptions(profile="contract", store=False, use_model=False, summarize=False)

    def found(result) -> set[str]:  # noqa: ANN001
        page = result.document.pages[0].text
        return {page[f.start : f.end] for f in result.pii}

    assert "bluefinch" not in found(pipeline.process(doc, opts))
    add_deny(workspace, "bluefinch")
    assert "bluefinch" in found(pipeline.process(doc, opts))

    escalation_findings = Escalator(workspace, pii_analyzer).analyzer.analyze(TEXT)
    assert any(TEXT[f.start : f.end] == "bluefinch" for f in escalation_findings)


def test_allow_terms_are_not_flagged(workspace, pii_analyzer) -> None:
    text = "Seen by Dr. Alma Reyes at Northgate Clinic."
    base = {text[f.start : f.end] for f in Escalator(workspace, pii_analyzer).analyzer.analyze(text)}
    assert "Alma Reyes" in base
    add_allow(workspace, "Alma Reyes")
    after = {text[f.start : f.end] for f in Escalator(workspace, pii_analyzer).analyzer.analyze(text)}
    assert "Alma Reyes" not in after
