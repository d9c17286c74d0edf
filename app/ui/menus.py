"""Menus and keyboard shortcuts for every main action, in one place so they stay discoverable
(and documented by the menus themselves)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from app.ui import about
from app.ui.escalation_choice import ask_about
from app.ui.export_formats import KINDS

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

Std = QKeySequence.StandardKey
EXPORT_KEYS = {"fields_csv": "Ctrl+Shift+C", "redacted_pdf": "Ctrl+Shift+P"}


def _act(window: MainWindow, menu: object, text: str, keys: object, slot: object) -> QAction:
    action = QAction(text, window)
    if isinstance(keys, list):
        action.setShortcuts(keys)
    elif keys:
        action.setShortcut(keys)
    action.triggered.connect(slot)
    menu.addAction(action)  # type: ignore[attr-defined]
    window.addAction(action)  # shortcuts work even while a menu bar is hidden (offscreen, kiosk)
    return action


def install(w: MainWindow) -> dict[str, QAction]:
    bar = w.menuBar()
    a: dict[str, QAction] = {}
    file = bar.addMenu("&File")
    a["open"] = _act(w, file, "&Open files…", Std.Open, w.drop_zone.choose_files)
    a["open_folder"] = _act(w, file, "Open &folder…", "Ctrl+Shift+O", w.drop_zone.choose_folder)
    file.addSeparator()
    a["settings"] = _act(w, file, "&Settings…", [QKeySequence(Std.Preferences), "Ctrl+,"],
                         w.open_settings)
    a["lock"] = _act(w, file, "&Lock workspace", "Ctrl+L", w.lock_requested.emit)
    a["quit"] = _act(w, file, "&Quit", Std.Quit, w.close)

    view = bar.addMenu("&View")
    a["review"] = _act(w, view, "&Review", "Ctrl+1", lambda: w.tabs.setCurrentIndex(0))
    a["audit"] = _act(w, view, "&Audit log", "Ctrl+2", lambda: w.tabs.setCurrentIndex(1))
    a["problems"] = problems = w.problems_dock.toggleViewAction()  # checked while shown
    problems.setText("&Problems")
    problems.setShortcut("Ctrl+3")
    view.addAction(problems)
    w.addAction(problems)
    a["redacted"] = _act(w, view, "Re&dacted view", "Ctrl+Shift+R",
                         lambda: w.document_view.redacted.toggle())
    a["review_redactions"] = _act(w, view, "Review red&actions", "Ctrl+Shift+M",
                                  lambda: w.document_view.review.toggle())
    a["next"] = _act(w, view, "&Next document", "Ctrl+Down", lambda: _step(w, 1))
    a["prev"] = _act(w, view, "&Previous document", "Ctrl+Up", lambda: _step(w, -1))
    a["fields"] = _act(w, view, "Go to &fields", "Ctrl+F", w.fields.table.setFocus)

    doc = bar.addMenu("&Document")
    a["escalate"] = _act(w, doc, "Ask a &larger model…", "Ctrl+E", lambda: w.escalate())
    a["escalate_choose"] = _act(w, doc, "Ask a larger model about c&hosen fields…",
                                "Ctrl+Alt+E", lambda: ask_about(w))
    a["escalate_summary"] = _act(w, doc, "Ask a larger model about the s&ummary…", None,
                                 lambda: ask_about(w, summary=True))
    a["confirm"] = _act(w, doc, "C&onfirm selected field", "Ctrl+Return", w.fields.confirm_current)
    a["privacy_lists"] = _act(w, doc, "&Privacy lists…", "Ctrl+Shift+L", w.open_privacy_lists)
    a["cancel_all"] = _act(w, doc, "&Cancel all processing", "Ctrl+.", w.queue.cancel_all)
    a["retry"] = _act(w, doc, "&Retry selected", "Ctrl+Shift+T", w.queue_panel.retry_selected)

    export = doc.addMenu("&Export")
    for kind, (label, _suffix, _filter) in KINDS.items():
        a[f"export_{kind}"] = _act(w, export, label, EXPORT_KEYS.get(kind),
                                   lambda _=False, k=kind: w.exports.choose(k))

    audit = bar.addMenu("&Audit")
    a["verify"] = _act(w, audit, "&Verify log", "Ctrl+Shift+V",
                       lambda: (w.tabs.setCurrentIndex(1), w.audit.verify()))
    for fmt, key in (("csv", "Ctrl+Shift+E"), ("jsonl", None), ("pdf", None)):
        a[f"export_{fmt}"] = _act(w, audit, f"Export {fmt.upper()}…", key,
                                  lambda _=False, f=fmt: w.audit.choose_export(f))
    help_ = bar.addMenu("&Help")
    a["samples"] = _act(w, help_, "Try the &samples", None, lambda: about.try_samples(w))
    a["shortcuts"] = _act(w, help_, "&Keyboard shortcuts", "Ctrl+/",
                          lambda: about.show_shortcuts(w))
    a["about"] = _act(w, help_, "&About Enclave", None, lambda: about.show_about(w))
    return a


def _step(w: MainWindow, delta: int) -> None:
    rows = w.documents.model.rows
    if not rows:
        return
    ids = [r.id for r in rows]
    i = ids.index(w.session.current) if w.session.current in ids else -1
    w.documents.select(ids[max(0, min(len(ids) - 1, i + delta))])
