"""Suite-wide fixtures. The egress guard is installed before any test module imports a library,
so the whole suite runs offline by construction: any test that reaches out fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.core import netguard  # noqa: E402

netguard.install()

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def llm():  # -> LocalLLM
    """The real default GGUF model through llama-cpp-python, loaded once for the session."""
    from app.core.llm.models import shared_local_llm

    model = shared_local_llm()
    model.load()
    return model


@pytest.fixture(scope="session")
def pii_analyzer():  # -> PiiAnalyzer
    from app.core.privacy.analyzer import get_analyzer

    return get_analyzer()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[object]:
    """A fresh encrypted workspace with a fast KDF (the real one takes ~0.5 s by design)."""
    from app.core.store import KdfParams, Workspace

    ws = Workspace.create(tmp_path / "ws", "correct horse battery staple", kdf=KdfParams.fast())
    yield ws
    ws.close()
