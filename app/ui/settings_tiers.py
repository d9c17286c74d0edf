"""Settings page: the tiers above the workstation model — list, add, edit, remove, test.

Tiers are the core's (`app.core.routing.tiers`, in the encrypted workspace settings); the page
shows them and hands edits to the registry. "Test connection" runs off the GUI thread through
`app.core.routing.connection`: it asks the server for its list of models and sends no document
text; an external tier is contacted only after the user confirms the test, and never in
air-gapped mode. The answer — or what to check when nothing answers — is one sentence below
the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import EnclaveError
from app.core.routing.tiers import Tier, TierRegistry
from app.ui.jobs import Op
from app.ui.list_table import list_table
from app.ui.tier_dialog import TierDialog, describe
from app.ui.wording import for_window

NAME, WHERE, ADDRESS, MODEL, KEY = range(5)


class TiersPage(QWidget):
    changed = Signal()  # a tier was added, edited or removed, or air-gapped mode switched
    tested = Signal(object)  # the ConnectionReport, or the exception that refused the test

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = TierRegistry(workspace)
        self.dialog: TierDialog | None = None
        self.question: QMessageBox | None = None
        self.table = list_table("tierTable", ["Name", "Where", "Address", "Model", "API key"],
                                stretch=ADDRESS)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self.edit_current())
        self.add_btn = QPushButton("Add a tier…")
        self.edit_btn = QPushButton("Edit…")
        self.remove_btn = QPushButton("Remove")
        self.test_btn = QPushButton("Test connection")
        self.add_btn.clicked.connect(self.add)
        self.edit_btn.clicked.connect(self.edit_current)
        self.remove_btn.clicked.connect(self.remove_current)
        self.test_btn.clicked.connect(self.test_current)
        self.air_gapped = QCheckBox("Air-gapped: external tiers cannot be added or used")
        self.air_gapped.setChecked(self.registry.air_gapped)
        self.air_gapped.toggled.connect(self._set_air_gapped)
        self.result = QLabel(objectName="tierTestResult", wordWrap=True)
        buttons = QHBoxLayout()
        for b in (self.add_btn, self.edit_btn, self.remove_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.test_btn)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "The workstation's own model handles every document. A tier is a larger model it "
            "may ask when it is unsure: on a server inside your organisation, or an external "
            "cloud service. Only a redacted request leaves, after you confirm exactly what is "
            "sent.", wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.air_gapped)
        self.reload()

    # -- the list --------------------------------------------------------------------------
    def reload(self, select: str = "") -> None:
        tiers = self.registry.all()
        self.table.setRowCount(len(tiers))
        for row, t in enumerate(tiers):
            key = "stored" if self.registry.has_api_key(t.name) else "—"
            for col, text in ((NAME, t.name), (WHERE, describe(t, self.registry)),
                              (ADDRESS, t.url), (MODEL, t.model), (KEY, key)):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if t.name == select:
                self.table.selectRow(row)
        if not tiers:
            self.result.setText("No tiers: everything stays on this workstation.")
        self._update_buttons()

    def current(self) -> Tier | None:
        row = self.table.currentRow()
        item = self.table.item(row, NAME) if row >= 0 else None
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        return next((t for t in self.registry.all() if t.name == item.text()), None)

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        for b in (self.edit_btn, self.remove_btn, self.test_btn):
            b.setEnabled(chosen)

    # -- add, edit, remove -----------------------------------------------------------------
    def add(self) -> None:
        self._open_editor(None)

    def edit_current(self) -> None:
        if (tier := self.current()) is not None:
            self._open_editor(tier)

    def _open_editor(self, tier: Tier | None) -> None:
        self.dialog = TierDialog(self.registry, tier, self)
        self.dialog.accepted.connect(self._edited)
        self.dialog.open()  # window-modal, not a nested event loop

    def _edited(self) -> None:
        saved = self.dialog.saved if self.dialog else None
        if saved is not None:
            self.reload(select=saved.name)
            self.result.setText(f"Saved {saved.name}. Nothing was sent; test the connection "
                                "to check the address.")
            self.changed.emit()

    def remove_current(self) -> None:
        tier = self.current()
        if tier is None:
            return
        self.registry.remove(tier.name)  # its stored key goes with it; audited
        self.reload()
        self.result.setText(f"Removed {tier.name} and any key stored for it.")
        self.changed.emit()

    def _set_air_gapped(self, on: bool) -> None:
        if on != self.registry.air_gapped:
            self.registry.set_air_gapped(on)
            self.reload()
            self.changed.emit()

    # -- the connection test ---------------------------------------------------------------
    def test_current(self) -> None:
        tier = self.current()
        if tier is None:
            return
        if not tier.external or self.registry.air_gapped:
            # Inside the trust boundary: no question. Air-gapped: the core refuses outright.
            self._test(tier, confirmed=False)
            return
        self.question = QMessageBox(
            QMessageBox.Icon.Question, "Connect outside your organisation?",
            f"Testing {tier.name} connects to {tier.destination}, outside your organisation."
            " It sends no document text: only a request for the server's list of models"
            + (", with the stored API key." if self.registry.has_api_key(tier.name) else "."),
            QMessageBox.StandardButton.Cancel, self)
        connect = self.question.addButton("Connect", QMessageBox.ButtonRole.AcceptRole)
        self.question.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.question.finished.connect(
            lambda _r: self._test(tier, confirmed=True)
            if self.question and self.question.clickedButton() is connect
            else self.result.setText("Not tested; nothing was sent."))
        self.question.open()

    def _test(self, tier: Tier, confirmed: bool) -> None:
        # deferred: it builds on the escalation stack (~0.25 s to import); Settings need not pay
        from app.core.routing.connection import check_connection

        registry = self.registry
        self.test_btn.setEnabled(False)
        self.result.setText(f"Connecting to {tier.destination}…")
        Op(self, lambda _ctx: check_connection(registry, tier, confirmed=confirmed)) \
            .success(self._tested).failure(self._refused) \
            .finally_(self._update_buttons).run_in_background()

    def _tested(self, report: Any) -> None:
        self.result.setText(("✓ " if report.ok else "✗ ") + report.message)
        self.tested.emit(report)

    def _refused(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, EnclaveError) else f"The test failed ({exc})."
        self.result.setText("✗ " + for_window(text))
        self.tested.emit(exc)
