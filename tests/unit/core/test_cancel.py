"""The cancel token and its scope, and the pipeline stopping at a stage or inside a model call
(a fake model that works until the token says stop) without storing anything."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.core import cancel as cancellation
from app.core.cancel import CancelToken
from app.core.errors import Cancelled
from app.core.llm.base import Completion
from app.core.pipeline import Pipeline, PipelineOptions


def test_token_callbacks_run_once_also_when_registered_late() -> None:
    token, calls = CancelToken(), []
    remove = token.on_cancel(lambda: calls.append("a"))
    token.on_cancel(lambda: calls.append("b"))
    remove()
    token.cancel()
    token.cancel()
    token.on_cancel(lambda: calls.append("late"))  # already cancelled: at once
    assert calls == ["b", "late"]
    with pytest.raises(Cancelled):
        token.check()


def test_scope_nests_and_travels_only_where_it_is_carried() -> None:
    outer, inner = CancelToken(), CancelToken()
    assert cancellation.current() is None
    with cancellation.scope(outer):
        with cancellation.scope(inner):
            assert cancellation.current() is inner
        assert cancellation.current() is outer
        seen: list[object] = []
        thread = threading.Thread(target=lambda: seen.append(cancellation.current()))
        thread.start()
        thread.join()
        assert seen == [None]  # a new thread starts with a fresh context
    assert cancellation.current() is None


class _Model:
    """Generates until its caller's token is cancelled (as the local backend's loop does)."""

    name, source = "fake", "local"

    def __init__(self) -> None:
        self.generating = threading.Event()

    def chat(self, messages: list[dict[str, str]], **_kw: Any) -> Completion:
        token = cancellation.current()
        assert token is not None, "the pipeline's token reaches the backend"
        self.generating.set()
        while not token.wait(0.01):
            pass
        raise Cancelled()


def test_pipeline_stops_mid_generation_and_stores_nothing(
        workspace: Any, pii_analyzer: Any, tmp_path: Path) -> None:
    path = tmp_path / "agreement.txt"
    path.write_text("SERVICES AGREEMENT between Acme Corp and Beta LLC, effective 1 May 2026. "
                    "The term is twelve months. Governing law: New York.")
    model = _Model()
    pipeline = Pipeline(llm=model, analyzer=pii_analyzer, workspace=workspace)
    token = CancelToken()
    stages: list[str] = []
    threading.Thread(target=lambda: model.generating.wait(60) and token.cancel()).start()
    with pytest.raises(Cancelled):
        pipeline.process(path, PipelineOptions(profile="contract"),
                         progress=lambda p: stages.append(p.stage), cancel=token)
    # Stopped in the model's first call (a field with no rule candidate, or the summary).
    assert model.generating.is_set() and stages[-1] in ("fields", "summary")
    assert "store" not in stages and "done" not in stages
    assert workspace.documents.count() == 0
    # The same pipeline, a new token: the next document goes through.
    result = pipeline.process(path, PipelineOptions(profile="contract", summarize=False,
                                                    use_model=False), cancel=CancelToken())
    assert result.document.name == "agreement.txt" and workspace.documents.count() == 1


def test_a_cancelled_token_stops_before_the_first_stage(workspace: Any, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("hello")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        Pipeline(workspace=workspace).process(path, cancel=token)
    assert workspace.documents.count() == 0
