"""The review loop on a real window, analyzer and store: a correction reads as confirmed and does
not flip the document to "Needs review"; an accepted escalation refreshes every pane; both
survive reopening the workspace. Lists are edited entry by entry, long values are shown whole,
failures stay listed, and a batch with a failed file still reaches 100%."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.documents import FieldValue, Summary
from app.core.extract.lines import find_span
from app.core.review import correct_field
from app.core.routing.router import field_reasons, refresh_route
from app.ui.panels.fields import NAME, REVIEW_TINT, SOURCE, VALUE
from app.ui.queue import DONE, FAILED

from .conftest import PASSPHRASE, Quick, drop, mock_cloud_tier, spin_until


@contextmanager
def reopened(window, data_dir: Path, analyzer: object) -> Iterator[object]:  # noqa: ANN001
    """Close the window and the workspace, then unlock it again in a new window (a restart)."""
    from app.core.pipeline import Pipeline
    from app.core.workspace import Workspace
    from app.ui.jobs import wait_for_lanes
    from app.ui.main_window import MainWindow
    from app.ui.session import Session

    window.close()
    wait_for_lanes()
    window.session.close()
    ws = Workspace.open(data_dir, PASSPHRASE)
    again = MainWindow(Session(ws, Pipeline(llm=None, analyzer=analyzer, workspace=ws)),
                       warm_model=False)
    again.show()
    spin_until(lambda: again.documents.model.rows, timeout=60)  # read after the first paint
    try:
        yield again
    finally:
        again.close()
        wait_for_lanes()
        ws.close()


def _open(qtbot, w, doc_id: str) -> None:  # noqa: ANN001
    w.documents.select(doc_id)
    qtbot.waitUntil(lambda: w.session.current == doc_id)


def _status(w, doc_id: str) -> str:  # noqa: ANN001
    return next(r.status for r in w.documents.model.rows if r.id == doc_id)


def _vouch_for_the_rest(ws, doc_id: str, but: str) -> None:  # noqa: ANN001
    """A reviewer confirmed every other field that asked for a look (whatever the patterns got
    right), so `but` alone decides the document's state."""
    for name, f in ws.results.get(doc_id).fields.items():
        if name != but and field_reasons(f, 0.6):
            correct_field(ws, doc_id, name, f.value if f.value not in (None, "", []) else "n/a")


def _needs_a_look(qtbot, w, doc_id: str, f: FieldValue) -> None:  # noqa: ANN001
    ws = w.session.workspace
    ws.results.set_field(doc_id, f)
    _vouch_for_the_rest(ws, doc_id, f.name)
    assert refresh_route(ws, doc_id).decision != "local"
    w.session.document_changed.emit(doc_id)
    qtbot.waitUntil(lambda: w.fields.needs_review() == [f.name], timeout=10_000)
    assert _status(w, doc_id) == "Needs review"
    assert not w.summary.route.isHidden() and f.name in w.summary.route.text()


def _looks_confirmed(w, doc_id: str, name: str, source: str) -> None:  # noqa: ANN001
    panel = w.fields
    row = panel.row_of(name)
    label = panel.table.item(row, NAME)
    assert not label.text().startswith("⚠"), label.text()
    assert all(panel.table.item(row, c).background().color() != REVIEW_TINT
               for c in (NAME, VALUE, SOURCE))
    assert panel.table.item(row, SOURCE).text() == source
    assert name not in panel.needs_review() and "to review" not in panel.title.text()
    assert _status(w, doc_id) == "Ready"
    assert w.summary.route.isHidden(), "nothing is left worth a second look"


def test_a_correction_is_confirmed_not_a_warning_also_after_reopening(
        quick: Quick, qtbot, tmp_path, pii_analyzer) -> None:  # noqa: ANN001
    w, doc_id = quick.window, quick.doc_id
    ws = w.session.workspace
    span = find_span(ws.documents.get(doc_id), "Penicillin (hives)")
    _needs_a_look(qtbot, w, doc_id, FieldValue("allergies", "Penicillin (hives)", 0.2, [span]))

    # The reviewer's wording is not verbatim in the page: still their word, not a warning.
    new = "Penicillin — hives (confirmed with the patient)"
    row = w.fields.row_of("allergies")
    with qtbot.waitSignal(w.session.corrected, timeout=20_000):
        w.fields.table.item(row, VALUE).setText(new)  # what the inline editor commits
    stored = ws.results.get(doc_id)
    assert stored.fields["allergies"].value == new and not stored.fields["allergies"].spans
    assert stored.route.decision == "local"
    qtbot.waitUntil(lambda: "allergies" not in w.fields.needs_review(), timeout=10_000)
    _looks_confirmed(w, doc_id, "allergies", "you")
    assert w.fields.table.item(w.fields.row_of("allergies"), NAME).text().startswith("✓ ")

    with reopened(w, tmp_path / "ws", pii_analyzer) as again:
        _open(qtbot, again, doc_id)
        _looks_confirmed(again, doc_id, "allergies", "you")
        assert again.fields.fields["allergies"].value == new


def test_an_accepted_escalation_refreshes_the_panes_also_after_reopening(
        quick: Quick, qtbot, tmp_path, pii_analyzer) -> None:  # noqa: ANN001
    w, doc_id = quick.window, quick.doc_id
    sent = mock_cloud_tier(w, pii_analyzer)
    _needs_a_look(qtbot, w, doc_id, FieldValue("attending", "Dr. T", 0.2, []))

    w.escalate(["attending"])
    qtbot.waitUntil(lambda: w.escalation.dialog is not None and w.escalation.dialog.isVisible(),
                    timeout=120_000)
    dialog = w.escalation.dialog
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(w.escalation.finished, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    assert blocker.args[1] is not None and "attending" in blocker.args[1].accepted and sent
    stored = w.session.workspace.results.get(doc_id)
    assert "Lindqvist" in stored.fields["attending"].value
    assert stored.route.decision == "local", "the stored route follows the accepted value"
    qtbot.waitUntil(lambda: w.fields.fields["attending"].source == "cloud", timeout=10_000)
    _looks_confirmed(w, doc_id, "attending", "cloud")

    with reopened(w, tmp_path / "ws", pii_analyzer) as again:
        _open(qtbot, again, doc_id)
        _looks_confirmed(again, doc_id, "attending", "cloud")


def _shown_texts(w) -> list[str]:  # noqa: ANN001
    t = w.fields.table
    out = [w.fields.title.text(), w.summary.body.toPlainText(), w.summary.route.text()]
    for r in range(t.rowCount()):
        for c in range(t.columnCount()):
            if (item := t.item(r, c)) is not None:
                out += [item.text(), item.toolTip()]
    m = w.documents.model
    for r in range(m.rowCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            out.append(str(m.data(m.index(r, 0), role) or ""))
    return out


def test_the_redacted_view_masks_the_fields_and_the_summary(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, doc_id = quick.window, quick.doc_id
    ws = w.session.workspace
    doc = ws.documents.get(doc_id)
    # Values and a summary that carry the identifiers the way extraction and models write them:
    # the surname alone, another case, a line break inside a name.
    ws.results.set_field(doc_id, FieldValue("contact", "Mrs. OKONKWO-HALE\nat (503) 555-0192",
                                            0.9, []))
    ws.results.set_field(doc_id, FieldValue("clinicians", ["Dr. Lindqvist", "Priya Ramaswamy"],
                                            0.9, [[], []]))
    res = ws.results.get(doc_id)
    ws.results.put(doc_id, res.profile, res.fields, Summary(
        "Marguerite Okonkwo-Hale (DOB 04/17/1958) was treated by Dr. Tobias\nLindqvist and will"
        " see Dr. Ramaswamy on 02/15/2026.", "local", [1]), res.route, res.timings)
    w.session.document_changed.emit(doc_id)
    qtbot.waitUntil(lambda: "contact" in w.fields.fields, timeout=10_000)

    findings = w.document_view.masked_findings()
    texts = {doc.pages[f.page - 1].text[f.start:f.end] for f in findings}
    # Names are also hidden word by word, whichever name-like type the recognizer chose.
    names = {w for f in findings if f.type in ("PERSON", "ORGANIZATION", "NRP")
             for w in re.findall(r"[^\W_]+", doc.pages[f.page - 1].text[f.start:f.end])
             if w[0].isupper() and len(w) > 3 and w.casefold() not in ("general", "hospital")}
    assert {"Okonkwo", "Lindqvist", "Ramaswamy"} <= names, texts
    secrets = {" ".join(t.split()).casefold() for t in texts | names if len(t) > 2}

    def leaked() -> list[str]:
        shown = [" ".join(s.split()).casefold() for s in _shown_texts(w)]
        return sorted({x for x in secrets for s in shown if x in s})

    assert leaked(), "the check sees identifiers while the view is open"
    w.document_view.redacted.setChecked(True)
    assert leaked() == []
    assert "█" in w.fields.table.item(w.fields.row_of("contact"), VALUE).text()
    assert "█" in w.summary.body.toPlainText() and "treated by Dr." in w.summary.body.toPlainText()
    assert w.fields.table.editTriggers() == w.fields.table.EditTrigger.NoEditTriggers
    w.fields.table.selectRow(w.fields.row_of("contact"))
    assert not w.fields.confirm.isEnabled(), "nothing masked can be vouched for"
    # A file named after its patient is masked in the list too.
    w.documents.set_redacted(["discharge"])
    assert "discharge" not in w.documents.model.data(w.documents.model.index(0, 0))

    w.document_view.redacted.setChecked(False)
    assert "OKONKWO-HALE" in w.fields.table.item(w.fields.row_of("contact"), VALUE).text()
    assert "Lindqvist" in w.summary.body.toPlainText()
    assert w.fields.table.editTriggers() != w.fields.table.EditTrigger.NoEditTriggers


def test_a_list_is_edited_entry_by_entry_and_long_values_are_shown_whole(
        quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, doc_id = quick.window, quick.doc_id
    ws = w.session.workspace
    parties = ["Riverbend General Hospital; its affiliates", "Marguerite Okonkwo-Hale"]
    long = ("Community-acquired pneumonia, right lower lobe, treated with amoxicillin-clavulanate"
            " 875 mg twice daily for 5 days;\nfollow-up with primary care in one week. ") * 3
    ws.results.set_field(doc_id, FieldValue("party", parties, 0.9, [[], []]))
    ws.results.set_field(doc_id, FieldValue("course", long, 0.9, []))
    w.session.document_changed.emit(doc_id)
    qtbot.waitUntil(lambda: "party" in w.fields.fields, timeout=10_000)
    panel, t = w.fields, w.fields.table

    row = panel.row_of("course")
    item = t.item(row, VALUE)
    assert item.text() == long and long.strip()[-30:] in item.toolTip()
    assert t.rowHeight(row) > 2 * t.fontMetrics().height(), "the value wraps onto several lines"

    row = panel.row_of("party")
    item = t.item(row, VALUE)
    assert item.text() == "\n".join(parties), "one entry per line, a ';' inside kept"
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable, "no inline ';'-splitting"
    rect = t.visualRect(t.model().index(row, VALUE))
    qtbot.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.edit_list.isVisible() and panel.edit_list.isEnabled()
    qtbot.keyClick(t, Qt.Key.Key_F2)  # the keyboard way in
    assert panel.list_editor is not None
    panel.list_editor.reject()
    assert panel.list_editor is None
    qtbot.mouseDClick(t.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = panel.list_editor
    assert editor is not None and editor.values() == parties
    editor.list.setCurrentRow(1)
    qtbot.mouseClick(editor.remove_btn, Qt.MouseButton.LeftButton)
    editor.add_entry("Tobias Lindqvist, MD")
    editor.list.item(0).setText("Riverbend General Hospital; its affiliates and successors")
    with qtbot.waitSignal(w.session.corrected, timeout=20_000):
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()
    want = ["Riverbend General Hospital; its affiliates and successors", "Tobias Lindqvist, MD"]
    assert ws.results.get(doc_id).fields["party"].value == want
    qtbot.waitUntil(lambda: panel.fields["party"].value == want, timeout=10_000)
    assert t.item(panel.row_of("party"), VALUE).text() == "\n".join(want)


def test_problems_are_kept_and_a_failed_file_still_completes_the_batch(
        quick: Quick, qtbot, tmp_path) -> None:  # noqa: ANN001
    w = quick.window
    broken = tmp_path / "broken-scan.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n")
    drop(w.drop_zone, [broken])
    qtbot.waitUntil(lambda: len(w.queue.items) == 2 and w.queue.pending() == 0, timeout=60_000)
    states = [i.state for i in w.queue.items.values()]
    assert states == [DONE, FAILED], states
    assert w.queue_panel.overall.value() == 1000, "failed files count as finished"

    w.show_error("The model could not be loaded.")
    w.show_error(RuntimeError("disk full"))
    rows = w.problems.problems
    assert len(rows) == 3 and w.problems.tree.topLevelItemCount() == 3
    assert rows[0].concerns == "broken-scan.pdf" and rows[0].message
    assert w.problems_dock.isVisible(), "the first problem opens the panel"
    assert "RuntimeError: disk full" in w.problems.tree.topLevelItem(2).text(2)
    assert "disk full" in w.statusBar().currentMessage(), "the status bar still flashes it"

    w.problems.copy()
    copied = QApplication.clipboard().text().splitlines()
    assert len(copied) == 3 and copied[0].split("\t")[1] == "broken-scan.pdf"
    w.problems.tree.setCurrentItem(w.problems.tree.topLevelItem(1))
    assert w.problems.text() == rows[1].line(), "a selection copies only what is selected"
    qtbot.mouseClick(w.problems.clear_btn, Qt.MouseButton.LeftButton)
    assert w.problems.problems == [] and w.problems.tree.topLevelItemCount() == 0
