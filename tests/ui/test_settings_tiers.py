"""Settings › Tiers with real widgets, a real workspace and a real llama_cpp.server on 127.0.0.1:
a tier is added in its editor, tested against a dead port (a sentence that says what to check)
and against the live server (success), edited, and removed with its key. An external tier is
contacted only after the user confirms the test, and never in air-gapped mode."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core import actions
from app.core.llm.models import resolve_model
from app.core.routing.tiers import Tier, TierRegistry
from app.ui.settings_tiers import ADDRESS, KEY, WHERE, TiersPage

SECRET = "sk-test-3f9a1c77e2b54d0e"


def click(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_page(qtbot, workspace) -> TiersPage:  # noqa: ANN001
    page = TiersPage(workspace)
    qtbot.addWidget(page)
    page.show()
    return page


def run_test(qtbot, page: TiersPage) -> object:  # noqa: ANN001
    with qtbot.waitSignal(page.tested, timeout=30_000) as blocker:
        click(qtbot, page.test_btn)
    return blocker.args[0]


def audited_checks(workspace) -> list[tuple[str, dict]]:  # noqa: ANN001
    return [(e.outcome, json.loads(e.details)) for e in workspace.audit.entries()
            if e.action == actions.TIER_TEST]


@pytest.mark.model
def test_add_test_edit_and_remove_a_tier(qtbot, workspace, llama_server: str,  # noqa: ANN001
                                         unused_port: int) -> None:
    page = open_page(qtbot, workspace)
    assert page.table.rowCount() == 0 and "everything stays" in page.result.text()
    dead, served = unused_port, resolve_model().name  # the server runs the default model

    click(qtbot, page.add_btn)
    editor = page.dialog
    assert editor is not None and editor.isVisible() and editor.onprem.isChecked()
    qtbot.keyClicks(editor.name, "onprem")
    qtbot.keyClicks(editor.url, f"http://127.0.0.1:{dead}/v1")
    qtbot.keyClicks(editor.model, served)
    qtbot.keyClicks(editor.api_key, SECRET)
    editor.save()
    assert not editor.isVisible()
    tier = TierRegistry(workspace).get("onprem")
    assert not tier.external and tier.port == dead
    assert page.table.item(0, WHERE).text() == "On-premises"
    assert page.table.item(0, KEY).text() == "stored"

    report = run_test(qtbot, page)  # nothing listens on that port
    assert not report.ok
    assert page.result.text() == (
        f"✗ Nothing answers at 127.0.0.1:{dead} (connection refused): check that the server is "
        "running and that the address and port are right.")

    page.table.selectRow(0)
    click(qtbot, page.edit_btn)
    editor = page.dialog
    assert editor.name.isReadOnly() and editor.api_key.text() == ""  # a stored key is not shown
    editor.url.setText(llama_server)
    editor.save()
    assert TierRegistry(workspace).has_api_key("onprem"), "an empty key field keeps the key"
    assert page.table.item(0, ADDRESS).text() == llama_server

    report = run_test(qtbot, page)
    assert report.ok, report.message
    port = llama_server.split(":")[2].split("/")[0]
    assert page.result.text().startswith(f"✓ Connected to 127.0.0.1:{port} in ")
    assert f"it serves {served}" in page.result.text()

    assert [o for o, _ in audited_checks(workspace)] == ["failure", "success"]
    log = json.dumps([d for _, d in audited_checks(workspace)])
    assert SECRET not in log and "ConnectionRefusedError" in log
    # The key lives only in the encrypted database: no file of the workspace holds it.
    for f in Path(workspace.data_dir).rglob("*"):
        if f.is_file():
            assert SECRET.encode() not in f.read_bytes(), f

    page.table.selectRow(0)
    click(qtbot, page.remove_btn)
    assert TierRegistry(workspace).all() == [] and page.table.rowCount() == 0
    assert not TierRegistry(workspace).has_api_key("onprem")


def test_the_editor_refuses_a_bad_address_with_a_sentence(qtbot, workspace) -> None:  # noqa: ANN001
    page = open_page(qtbot, workspace)
    click(qtbot, page.add_btn)
    editor = page.dialog
    qtbot.keyClicks(editor.name, "big")
    qtbot.keyClicks(editor.url, "10.0.0.5:8080")
    qtbot.keyClicks(editor.model, "llama")
    editor.save()
    assert editor.isVisible() and editor.error.isVisible()
    assert editor.error.text().startswith("The address must start with http:// or https://")
    assert editor.url.text() == "10.0.0.5:8080"  # what was typed stays
    assert TierRegistry(workspace).all() == []


def test_an_external_tier_is_tested_only_after_confirmation(qtbot, workspace) -> None:  # noqa: ANN001
    # A listening socket that never answers HTTP: it records whether anything connected.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    TierRegistry(workspace).add(Tier("cloud", f"http://127.0.0.1:{port}/v1", "big",
                                     external=True, timeout=2))
    page = open_page(qtbot, workspace)
    page.table.selectRow(0)
    assert page.table.item(0, WHERE).text() == "External (cloud)"

    def connected() -> bool:
        try:
            listener.accept()[0].close()
            return True
        except BlockingIOError:
            return False

    try:
        click(qtbot, page.test_btn)
        question = page.question
        assert question is not None and question.isVisible()
        assert "sends no document text" in question.text()
        click(qtbot, question.button(QMessageBox.StandardButton.Cancel))
        assert page.result.text() == "Not tested; nothing was sent."
        assert not connected() and audited_checks(workspace) == []

        click(qtbot, page.air_gapped)
        assert page.table.item(0, WHERE).text() == "External — blocked (air-gapped)"
        page.table.selectRow(0)
        refused = run_test(qtbot, page)  # no question: air-gapped mode refuses outright
        assert type(refused).__name__ == "AirGapped"
        assert "air-gapped mode" in page.result.text() and "Nothing was sent" in page.result.text()
        assert not connected()
        assert audited_checks(workspace)[-1][0] == "denied"
    finally:
        listener.close()
