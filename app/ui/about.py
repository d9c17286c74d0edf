"""Help: About Enclave, the keyboard shortcuts, and the sample documents (on first run too).

About says what a careful user asks first: which version, which model reads their documents,
where the data lives, and what may leave the machine. The first-run offer is a banner in the
drop zone, shown while the workspace has no documents and the offer was neither taken nor
dismissed (remembered in the workspace's settings, so it appears once).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.errors import EnclaveError
from app.core.llm.selection import model_in_use, model_name
from app.core.paths import SAMPLES_DIR, models_dir
from app.core.routing.tiers import TierRegistry
from app.core.settings import SAMPLES_OFFER_DONE
from app.ui.jobs import Op

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

PRIVACY = (
    "Enclave works offline. Your documents are read, analysed and summarised on this computer "
    "by a local model, and stored only in this workspace's encrypted database. A network guard "
    "refuses every connection that is not to this computer. Nothing leaves without your "
    "consent: a larger model is asked only when you choose to, with identifiers replaced, after "
    "you have seen and confirmed the exact text that would be sent — and every step is "
    "recorded in the tamper-evident audit log."
)


def sample_paths() -> list[Path]:
    """The sample documents that ship with Enclave (all fictional)."""
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def about_facts(window: MainWindow) -> list[tuple[str, str]]:
    """What About shows, as (label, value) rows: plain data, so tests read it too."""
    ws = window.session.workspace
    try:
        model = model_in_use(ws).name + ("" if model_name(ws) else " (the default)")
    except EnclaveError as exc:
        model = f"none ({exc})"
    tiers = TierRegistry(ws).all()
    external = sum(t.external for t in tiers)
    larger = ("none — nothing can be sent anywhere" if not tiers else
              f"{len(tiers)} configured ({external} external); used only with your consent")
    return [("Version", __version__), ("Model in use", model),
            ("Model status", window.model_status.text().removeprefix("Model: ")),
            ("Your data", str(ws.data_dir)), ("Models", str(models_dir())),
            ("Larger models", larger)]


class AboutDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Enclave")
        self.setMinimumWidth(560)
        self.facts = about_facts(window)
        rows = "".join(f"<tr><td style='padding-right:14px'><b>{html.escape(k)}</b></td>"
                       f"<td>{html.escape(v)}</td></tr>" for k, v in self.facts)
        title = QLabel(f"Enclave {__version__}", objectName="dialogTitle")
        self.details = QLabel(f"<table>{rows}</table>", objectName="aboutDetails",
                              wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag
                              .TextSelectableByMouse)
        self.privacy = QLabel(PRIVACY, objectName="aboutPrivacy", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel("Private document intelligence on your own workstation.",
                                objectName="muted"))
        layout.addWidget(self.details)
        layout.addWidget(self.privacy)
        layout.addWidget(buttons)


def shortcut_rows(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(action, keys) for every menu action with a shortcut, in menu order."""
    rows = []
    for a in actions.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in a.shortcuts() if not k.isEmpty())
        if keys:
            rows.append((a.text().replace("&", "").removesuffix("…"), keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setMinimumSize(460, 520)
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2, objectName="shortcutTable")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, (text, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


def show_about(window: MainWindow) -> AboutDialog:
    dialog = AboutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_shortcuts(window: MainWindow) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window.actions, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# -- the sample documents ----------------------------------------------------------------------
def try_samples(window: MainWindow) -> None:
    """Queue the sample documents; the first-run offer is then done with."""
    window.drop_zone.offer_samples(False)
    window.queue.add(sample_paths())
    _offer_done(window)


def offer_samples(window: MainWindow) -> None:
    """Show the first-run banner when the workspace is empty and it was not answered before.
    Read off the GUI thread: the window paints first."""
    ws, zone = window.session.workspace, window.drop_zone
    zone.samples_requested.connect(lambda: try_samples(window))
    zone.samples_dismissed.connect(lambda: _offer_done(window))
    window.queue.item_added.connect(lambda _id: zone.offer_samples(False))  # files came in

    def due(_ctx: object) -> bool:
        return not SAMPLES_OFFER_DONE.get(ws) and not ws.documents.list()

    def answer(on: bool) -> None:
        # Documents dropped before the answer came back make the offer moot.
        zone.offer_samples(on and not window.queue.items)

    Op(window, due).success(answer).run_in_background()


def _offer_done(window: MainWindow) -> None:
    ws = window.session.workspace
    Op(window, lambda _ctx: SAMPLES_OFFER_DONE.set(ws, True)) \
        .failure(window.show_error).run_in_background()
