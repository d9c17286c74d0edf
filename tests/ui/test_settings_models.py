"""Settings › Models with real widgets, the real GGUF and a models/ of the test's own (so the
repository's manifest is never written): a GGUF is added through "Add a GGUF…" with a progress
bar and recorded as the user's with its hash; a file that is not a GGUF is refused with a
sentence and leaves nothing; Verify catches a changed byte; "Use this model" is what the
pipeline loads, and what the next document is processed with."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.core.llm.models import resolve_model
from app.core.settings import LOCAL_MODEL
from app.ui.settings_models import IN_USE, NAME, STATUS, ModelsPage

from .conftest import drop, make_window

RECEIPT = "HARBOR LANE HARDWARE\nReceipt No: R-20931\nDate: 03/14/2026\nTOTAL: 34.99\n"


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """models/ with the manifest and the default model (linked, not copied)."""
    real = resolve_model()
    d = tmp_path / "models"
    d.mkdir()
    shutil.copy(real.parent / "manifest.json", d / "manifest.json")
    (d / real.name).symlink_to(real)
    monkeypatch.setenv("ENCLAVE_MODELS_DIR", str(d))
    return d


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The real small model under another name, outside models/: what a user would add."""
    src = tmp_path / "downloads" / "tiny-copy.gguf"
    src.parent.mkdir()
    shutil.copyfile(resolve_model(), src)
    return src


def open_page(qtbot, workspace, models: Path) -> ModelsPage:  # noqa: ANN001
    page = ModelsPage(workspace, models)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.busy and page.table.rowCount() > 0, timeout=60_000)
    return page


def add_through_the_button(qtbot, page: ModelsPage, src: Path,  # noqa: ANN001
                           monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(src), ""))
    progress: list[int] = []
    page.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(page.done, timeout=120_000) as blocker:
        qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    assert progress and progress[-1] == 100
    return blocker.args[0]


def row_of(page: ModelsPage, name: str) -> int:
    return next(r for r in range(page.table.rowCount()) if page.table.item(r, NAME).text() == name)


def test_add_a_gguf_verify_it_and_refuse_what_is_not_one(
        qtbot, workspace, models: Path, copy: Path, tmp_path: Path,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = open_page(qtbot, workspace, models)
    default = resolve_model().name
    assert page.table.item(row_of(page, default), STATUS).text() == "verified"
    assert page.table.item(row_of(page, default), IN_USE).text() == "● in use (default)"

    said = add_through_the_button(qtbot, page, copy, monkeypatch)
    assert said.startswith("✓ Added tiny-copy.gguf (llama, 135M parameters, Q4_1); its SHA-256 ")
    entry = json.loads((models / "manifest.json").read_text())["models"]["tiny-copy.gguf"]
    assert entry["user_added"] is True
    assert entry["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert (models / "tiny-copy.gguf").read_bytes() == copy.read_bytes()
    assert page.table.item(row_of(page, "tiny-copy.gguf"), STATUS).text() == \
        "verified · added by you"
    assert page.message.text() == said

    notes = tmp_path / "notes.gguf"
    notes.write_text("Meeting notes, not a model.\n" * 100)
    manifest = (models / "manifest.json").read_text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(notes), ""))
    with qtbot.waitSignal(page.done, timeout=30_000) as blocker:
        qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == ("✗ notes.gguf is not a GGUF model file (it does not start with "
                               "'GGUF'). Convert it with llama.cpp's convert_hf_to_gguf.py.")
    assert sorted(p.name for p in models.iterdir() if p.is_file()) == sorted(
        ["manifest.json", default, "tiny-copy.gguf"]), "nothing copied, no partial file"
    assert (models / "manifest.json").read_text() == manifest

    # One changed byte in the weights: the size still matches, the hash does not.
    target = models / "tiny-copy.gguf"
    data = bytearray(target.read_bytes())
    data[-10] ^= 0xFF
    target.write_bytes(bytes(data))
    page.table.selectRow(row_of(page, "tiny-copy.gguf"))
    with qtbot.waitSignal(page.done, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_btn, Qt.MouseButton.LeftButton)
    assert blocker.args[0].startswith("✗ tiny-copy.gguf does not match its SHA-256 in the manifest")
    assert page.table.item(row_of(page, "tiny-copy.gguf"), STATUS).text() == \
        "hash mismatch — refused"
    page.table.selectRow(row_of(page, "tiny-copy.gguf"))
    assert not page.use_btn.isEnabled(), "a model that changed cannot be chosen"


def test_verify_records_a_model_dropped_into_models(
        qtbot, workspace, models: Path, copy: Path) -> None:  # noqa: ANN001
    shutil.copyfile(copy, models / "dropped.gguf")
    page = open_page(qtbot, workspace, models)
    assert page.table.item(row_of(page, "dropped.gguf"), STATUS).text() == \
        "unverified (not in the manifest)"
    page.table.selectRow(row_of(page, "dropped.gguf"))
    with qtbot.waitSignal(page.done, timeout=60_000) as blocker:
        qtbot.mouseClick(page.verify_btn, Qt.MouseButton.LeftButton)
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert blocker.args[0] == (f"✓ dropped.gguf was not in the manifest; its SHA-256 "
                               f"{digest[:12]}… is now recorded as added by you.")
    entry = json.loads((models / "manifest.json").read_text())["models"]["dropped.gguf"]
    assert entry["sha256"] == digest and entry["user_added"] is True


@pytest.mark.model
def test_the_chosen_model_is_the_one_the_next_document_is_processed_with(
        qtbot, pii_analyzer, models: Path, copy: Path, tmp_path: Path,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.pipeline import PipelineOptions
    from app.ui.jobs import wait_for_lanes
    from app.ui.settings_dialog import MODELS, SettingsDialog

    window = make_window(tmp_path / "ws", llm=None, analyzer=pii_analyzer)  # the app's way
    ws = window.session.workspace
    try:
        dialog = SettingsDialog(ws, window, models_dir=models)
        qtbot.addWidget(dialog)
        # As the window wires it: a chosen model is loaded at once, on the model lane.
        dialog.models.model_chosen.connect(lambda _n: window.warm_up())
        dialog.show()
        dialog.tabs.setCurrentIndex(MODELS)
        page = dialog.models
        qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
        add_through_the_button(qtbot, page, copy, monkeypatch)
        page.table.selectRow(row_of(page, "tiny-copy.gguf"))
        with qtbot.waitSignal(page.model_chosen, timeout=60_000):
            qtbot.mouseClick(page.use_btn, Qt.MouseButton.LeftButton)
        assert LOCAL_MODEL.get(ws) == "tiny-copy.gguf"
        qtbot.waitUntil(lambda: window.model_status.text() == "Model: tiny-copy.gguf · ready",
                        timeout=120_000)
        qtbot.waitUntil(lambda: not page.busy)
        assert page.table.item(row_of(page, "tiny-copy.gguf"), IN_USE).text() == "● in use"

        llm = window.session.pipeline.llm
        assert llm.name == "tiny-copy.gguf" and llm.model_path.parent == models.resolve()
        window.queue.options = PipelineOptions(profile="receipt", summarize=False)
        receipt = tmp_path / "receipt.txt"
        receipt.write_text(RECEIPT)
        drop(window.drop_zone, [receipt])
        qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=600_000)
        item = next(iter(window.queue.items.values()))
        assert item.doc_id, item.error
        assert window.session.pipeline.llm is llm and llm._llama is not None  # used, loaded
        llm.unload()  # the copy is not needed by other tests
    finally:
        window.close()
        wait_for_lanes()
        window.session.close()
