"""Help with real widgets and a real workspace: About says the version, the model in use, where
the data lives and what may leave; the shortcuts list comes from the menus themselves; the
first-run offer of the samples appears in an empty workspace, once, and queues the samples."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app import __version__
from app.core.llm.models import resolve_model
from app.core.settings import LOCAL_MODEL, SAMPLES_OFFER_DONE
from app.ui import about
from app.ui.main_window import MainWindow

from .conftest import Quick, make_window


def click(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_about_says_version_model_data_and_what_may_leave(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w = quick.window
    ws = w.session.workspace
    w.actions["about"].trigger()
    dialog = w.findChild(about.AboutDialog)
    assert dialog is not None and dialog.isVisible()
    facts = dict(dialog.facts)
    assert facts["Version"] == __version__ and dialog.windowTitle() == "About Enclave"
    assert facts["Model in use"] == f"{resolve_model().name} (the default)"
    assert facts["Your data"] == str(ws.data_dir) and str(ws.data_dir) in dialog.details.text()
    assert facts["Larger models"] == "none — nothing can be sent anywhere"
    assert "works offline" in dialog.privacy.text()
    assert "Nothing leaves without your consent" in dialog.privacy.text()
    dialog.close()

    LOCAL_MODEL.set(ws, "some-other.gguf")  # a choice whose file is gone: said, not hidden
    facts = dict(about.about_facts(w))
    assert facts["Model in use"].startswith("none (The model some-other.gguf was not found in ")


def test_the_shortcuts_list_is_read_from_the_menus(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w = quick.window
    w.actions["shortcuts"].trigger()
    dialog = w.findChild(about.ShortcutsDialog)
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
            for r in range(dialog.table.rowCount())}
    assert rows["Ask a larger model"] == "Ctrl+E"
    assert rows["Ask a larger model about chosen fields"] == "Ctrl+Alt+E"
    assert rows["Keyboard shortcuts"] == "Ctrl+/"
    assert "Settings" in rows and "Lock workspace" in rows
    dialog.close()


def test_the_samples_are_offered_once_in_an_empty_workspace(qtbot, tmp_path) -> None:  # noqa: ANN001
    from app.ui.jobs import wait_for_lanes

    window = make_window(tmp_path / "ws", llm=None)
    ws = window.session.workspace
    second = None
    try:
        banner = window.drop_zone.samples
        qtbot.waitUntil(banner.isVisible, timeout=10_000)
        assert "three fictional documents" in window.drop_zone.samples_text.text()
        click(qtbot, window.drop_zone.not_now)
        assert not banner.isVisible()
        qtbot.waitUntil(lambda: SAMPLES_OFFER_DONE.get(ws), timeout=10_000)

        second = MainWindow(window.session, warm_model=False)  # the next time the window opens
        second.show()
        wait_for_lanes()  # the offer's check ran
        qtbot.wait(50)  # and its answer was delivered
        assert not second.drop_zone.samples.isVisible()
        assert second.queue.items == {}
    finally:
        for w in (second, window):
            if w is not None:
                w.close()
        wait_for_lanes()
        window.session.close()


def test_try_the_samples_queues_every_sample(qtbot, pii_analyzer, tmp_path) -> None:  # noqa: ANN001
    from app.core.pipeline import PipelineOptions
    from app.ui.jobs import wait_for_lanes

    window = make_window(tmp_path / "ws", llm=None, analyzer=pii_analyzer)
    ws = window.session.workspace
    try:
        window.queue.options = PipelineOptions(use_model=False)
        qtbot.waitUntil(window.drop_zone.samples.isVisible, timeout=10_000)
        click(qtbot, window.drop_zone.try_samples)
        assert not window.drop_zone.samples.isVisible()
        queued = [i.path for i in window.queue.items.values()]
        assert queued == about.sample_paths() and len(queued) == 3
        assert {p.name for p in queued} == {"discharge-summary.pdf", "receipt-harbor-hardware.txt",
                                            "services-contract.pdf"}
        qtbot.waitUntil(lambda: SAMPLES_OFFER_DONE.get(ws), timeout=10_000)
        window.queue.cancel_all()
        qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=300_000)
    finally:
        window.close()
        wait_for_lanes()
        window.session.close()
