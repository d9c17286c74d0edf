"""Click a highlight → "Not PII" / "Always redact": the list change is stored encrypted and
audited (a digest, never the term), and the document's identifiers are found again in the
background, so the view reflects the lists at once. Processed without the model (fast)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from app.core import actions
from app.core.privacy.lists import load_lists, term_digest
from app.ui.panels.document_view import MASK

from .conftest import Quick

NAME = "Marguerite Okonkwo-Hale"


def _covers(findings, text: str, term: str) -> bool:  # noqa: ANN001
    i = text.index(term)
    return any(f.start <= i < f.end for f in findings)


def _action(menu, prefix: str):  # noqa: ANN001, ANN202
    return next(a for a in menu.actions() if a.text().startswith(prefix))


def test_not_pii_removes_the_highlight(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    view = w.document_view
    text = view.doc.pages[0].text
    assert _covers(view.findings, text, NAME), "the patient's name is found at first"
    pos = view.position(1, text.index(NAME) + 3)

    # A real click on the highlight offers the menu.
    cur = view.text.textCursor()
    cur.setPosition(pos)
    point = view.text.cursorRect(cur).center()
    qtbot.mouseClick(view.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.menu is not None and view.menu.isVisible()
    labels = [a.text() for a in view.menu.actions() if not a.isSeparator()]
    assert f"Not PII: “{NAME}”" in labels and f"Always redact “{NAME}”" in labels
    view.menu.close()

    with qtbot.waitSignal(w.session.findings_changed, timeout=30_000):
        _action(view.menu_at(pos), "Not PII").trigger()
    assert load_lists(ws)[0] == [NAME]
    assert not _covers(ws.findings.for_document(doc_id), text, NAME)
    assert not _covers(view.findings, text, NAME), "the view shows the new findings"
    entry = [e for e in ws.audit.entries() if e.action == actions.SETTINGS_CHANGE][-1]
    details = json.loads(entry.details)
    assert details["term_sha256"] == term_digest(NAME) and "Okonkwo" not in entry.details
    assert "not treated as an identifier" in w.statusBar().currentMessage()


def test_always_redact_a_selected_term(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    view = w.document_view
    text = view.doc.pages[0].text
    term = "Penicillin"
    assert not _covers(view.findings, text, term)
    start = text.index(term)
    sel = (view.position(1, start), view.position(1, start + len(term)))
    menu = view.menu_at(sel[0], sel)
    with qtbot.waitSignal(w.session.findings_changed, timeout=30_000):
        _action(menu, "Always redact").trigger()
    assert load_lists(ws)[1] == [term]
    assert _covers(ws.findings.for_document(doc_id), text, term)
    view.redacted.setChecked(True)
    shown = view.text.toPlainText()
    assert term not in shown and MASK * len(term) in shown
    view.redacted.setChecked(False)


def test_no_menu_outside_highlights(quick: Quick) -> None:
    view = quick.window.document_view
    text = view.doc.pages[0].text
    assert view.menu_at(view.position(1, text.index("DISCHARGE SUMMARY") + 2)) is None


def test_a_term_is_removed_again_from_the_lists_dialog(quick: Quick, qtbot) -> None:  # noqa: ANN001
    from app.ui.privacy_lists_dialog import PrivacyListsDialog

    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    text = w.document_view.doc.pages[0].text
    with qtbot.waitSignal(w.session.findings_changed, timeout=30_000):
        w.session.request_list_change(doc_id, "allow", NAME)
    assert not _covers(w.document_view.findings, text, NAME)

    dialog = PrivacyListsDialog(w.session, w)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.lists["allow"].item(i).text()
            for i in range(dialog.lists["allow"].count())] == [NAME]
    dialog.lists["allow"].setCurrentRow(0)
    with qtbot.waitSignal(w.session.findings_changed, timeout=30_000):
        qtbot.mouseClick(dialog.remove["allow"], Qt.MouseButton.LeftButton)
    assert load_lists(ws) == ([], []) and dialog.lists["allow"].count() == 0
    assert _covers(w.document_view.findings, text, NAME), "the name is highlighted again"
    ops = [json.loads(e.details)["op"] for e in ws.audit.entries()
           if e.action == actions.SETTINGS_CHANGE]
    assert ops[-2:] == ["add", "remove"]
