"""Review before a redacted export (issue 17), on a real window: the page images show the
export's boxes; a drag adds a box, a selected phrase is redacted wherever it occurs, a click
on a mark stops redacting it; each mark is stored and audited; the export applies exactly the
reviewed marks and its audit entry counts what it removed by type."""

from __future__ import annotations

import json

import fitz
from PySide6.QtCore import QPoint, Qt

from app.core import actions
from app.core.privacy.redaction import BOX, KEEP, TERM

from .conftest import Quick


def _action(menu, starts: str):  # noqa: ANN001, ANN202
    return next(a for a in menu.actions() if a.text().startswith(starts))


def _rendered(view, qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: bool(view.images.labels), timeout=20_000)


def test_review_marks_are_shown_stored_audited_and_applied(quick: Quick, qtbot, tmp_path) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    view = w.document_view
    view.review.setChecked(True)
    assert view.review_bar.isVisible() and view.views.currentIndex() == 1
    _rendered(view, qtbot)
    before = view.images.drawn_boxes
    assert before == len(view.state.box_plan.targets) > 0 or before >= len(view.findings)

    # 1. A drag on the page image adds a box over "Penicillin (hives)".
    page = view.doc.pages[0]
    pen = next(x for x in page.words if page.text[x.start:x.end] == "Penicillin")
    hives = next(x for x in page.words if page.text[x.start:x.end] == "(hives)")
    label = view.images.labels[0]
    a, b, c, d, e, f = label.page.matrix
    s = label.scale

    def px(x: float, y: float) -> QPoint:
        return QPoint(round((a * x + c * y + e) * s), round((b * x + d * y + f) * s))

    with qtbot.waitSignal(w.session.marks_changed, timeout=10_000):
        qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=px(pen.x0 - 2, pen.y0 - 2))
        qtbot.mouseRelease(label, Qt.MouseButton.LeftButton, pos=px(hives.x1 + 2, hives.y1 + 2))
    marks = ws.marks.for_document(doc_id)
    assert [m.kind for m in marks] == [BOX]
    x0, y0, x1, y1 = marks[0].rect
    assert x0 <= pen.x0 and x1 >= hives.x1 and y0 <= pen.y0 and y1 >= pen.y1
    qtbot.waitUntil(lambda: view.images.drawn_boxes == before + 1, timeout=10_000)
    # What is under the box is masked in the redacted view too (the text and the fields).
    assert {"Penicillin", "(hives)"} <= {page.text[x.start:x.end] for x in view.masked_findings()}
    view.redacted.setChecked(True)
    assert "Penicillin" not in view.text.toPlainText()
    assert not any("Penicillin" in (w.fields.table.item(r, 1).text() if w.fields.table.item(r, 1)
                                    else "") for r in range(w.fields.table.rowCount()))
    view.redacted.setChecked(False)

    # 2. A selected phrase: every occurrence is redacted.
    cur = view._select(1, page.text.index("pneumonia"), page.text.index("pneumonia") + 9)
    menu = view.menu_at(cur.selectionStart(), (cur.selectionStart(), cur.selectionEnd()))
    with qtbot.waitSignal(w.session.marks_changed, timeout=10_000):
        _action(menu, "Redact all occurrences of “pneumonia”").trigger()
    assert TERM in {m.kind for m in ws.marks.for_document(doc_id)}
    masked = {page.text[x.start:x.end] for x in view.masked_findings()}
    assert "pneumonia" in masked

    # 3. A detected identifier the reviewer keeps (say, a date that is not the patient's).
    date = next(x for x in view.state.findings
                if page.text[x.start:x.end] == "02/15/2026")
    with qtbot.waitSignal(w.session.marks_changed, timeout=10_000):
        _action(view.menu_at(view.position(1, date.start + 1)),
                "Don't redact “02/15/2026”").trigger()
    assert any(m.kind == KEEP and m.text == "02/15/2026" for m in ws.marks.for_document(doc_id))
    assert "02/15/2026" not in {page.text[x.start:x.end] for x in view.masked_findings()}
    assert any(mk.style == "kept" for mk in view.image_marks(False))

    # Clicking the drawn box offers to remove it; not removed here, applied below.
    box = next(m for m in ws.marks.for_document(doc_id) if m.kind == BOX)
    menu = view.image_menu(1, (box.rect[0] + box.rect[2]) / 2, (box.rect[1] + box.rect[3]) / 2)
    assert _action(menu, "Remove this box")

    entries = [json.loads(x.details) for x in ws.audit.entries()
               if x.action == actions.REDACTION_MARK]
    assert [(x["kind"], x["change"]) for x in entries] == [
        (BOX, "added"), (TERM, "added"), (KEEP, "added")]
    assert not any("pneumonia" in json.dumps(x) or "02/15" in json.dumps(x) for x in entries)

    # 4. Apply: the export removes exactly what was reviewed.
    out = tmp_path / "redacted.pdf"
    with qtbot.waitSignal(w.exports.exported, timeout=30_000, raising=False) as done:
        w.exports.export("redacted_pdf", out)
    assert done.signal_triggered, w.last_error
    text = " ".join(p.get_text() for p in fitz.open(out))
    assert "Penicillin" not in text and "hives" not in text  # under the drawn box
    assert "pneumonia" not in text  # the reviewer's term
    assert "02/15/2026" in text  # kept by the reviewer
    assert "Okonkwo" not in text and "Amoxicillin" in text
    export = json.loads([x for x in ws.audit.entries() if x.action == actions.EXPORT][-1].details)
    assert export["kind"] == "redacted_pdf" and export["counts"]["MANUAL"] >= 2
    assert export["counts"].get("PERSON", 0) + export["counts"].get("ORGANIZATION", 0) >= 1


def test_removing_marks_restores_the_detected_redactions(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    view = w.document_view
    view.review.setChecked(True)
    _rendered(view, qtbot)
    found = view.state.findings[0]
    text = view.state.text_of(found)
    with qtbot.waitSignal(w.session.marks_changed, timeout=10_000):
        _action(view.menu_at(view.position(found.page, found.start)),
                "Don't redact").trigger()
    assert text.casefold() in view.state.kept
    # The page image shows it as an outline now; a click on it offers to redact it again.
    page = view.doc.pages[found.page - 1]
    word = next(x for x in page.words if x.start < found.end and found.start < x.end)
    menu = view.image_menu(found.page, (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2)
    with qtbot.waitSignal(w.session.marks_changed, timeout=10_000):
        _action(menu, "Redact").trigger()
    assert ws.marks.for_document(doc_id) == []
    assert text.casefold() not in view.state.kept
    assert any(x.start <= found.start < x.end for x in view.masked_findings())


def test_the_redacted_view_masks_the_reviewer_terms_in_every_pane(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w = quick.window
    view = w.document_view
    page = view.doc.pages[0]
    start = page.text.index("Penicillin")
    cur = view._select(1, start, start + len("Penicillin"))
    menu = view.menu_at(cur.selectionStart(), (cur.selectionStart(), cur.selectionEnd()))
    with qtbot.waitSignal(w.session.marks_changed, timeout=10_000):
        _action(menu, "Redact all occurrences").trigger()
    view.redacted.setChecked(True)
    shown = view.text.toPlainText()
    assert "Penicillin" not in shown and "Okonkwo" not in shown and "Amoxicillin" in shown
    cells = [w.fields.table.item(r, 1).text() for r in range(w.fields.table.rowCount())
             if w.fields.table.item(r, 1)]
    assert cells and not any("Penicillin" in c or "Okonkwo" in c for c in cells)
    view.redacted.setChecked(False)
    assert "Penicillin" in view.text.toPlainText()


def test_the_redacted_view_masks_a_name_in_the_document_title(qtbot, pii_analyzer, tmp_path) -> None:  # noqa: ANN001
    from app.core.pipeline import PipelineOptions
    from app.ui.jobs import wait_for_lanes

    from .conftest import PATIENT_TEXT, drop, make_pdf, make_window

    window = make_window(tmp_path / "ws", llm=None, analyzer=pii_analyzer)
    window.queue.options = PipelineOptions(profile="auto", store=True, use_model=False)
    drop(window.drop_zone, [make_pdf(tmp_path / "Okonkwo-Hale referral.pdf", PATIENT_TEXT)])
    qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=60_000)
    item = next(iter(window.queue.items.values()))
    window.documents.select(item.doc_id)
    qtbot.waitUntil(lambda: window.session.current == item.doc_id)
    view = window.document_view
    assert "Okonkwo-Hale" in view.title.text()
    view.redacted.setChecked(True)
    assert "Okonkwo" not in view.title.text() and "referral.pdf" in view.title.text()
    view.redacted.setChecked(False)
    assert view.title.text() == "Okonkwo-Hale referral.pdf"
    window.close()
    wait_for_lanes()
    window.session.close()
