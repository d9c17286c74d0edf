"""The workspace's privacy lists, with a way back: a term marked "not PII" or "always redact" by
mistake is removed here. Removal goes through the session like adding does (stored encrypted,
audited as a digest, the open document analysed again off the GUI thread)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.privacy.lists import load_lists
from app.ui.session import Session

TITLES = {"allow": "Not PII (never highlighted or redacted)",
          "deny": "Always redacted (wherever they appear)"}


class PrivacyListsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Privacy lists")
        self.setMinimumSize(560, 360)
        self.lists: dict[str, QListWidget] = {}
        self.remove: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for col, which in enumerate(TITLES):
            lst = self.lists[which] = QListWidget(objectName=f"{which}List")
            btn = self.remove[which] = QPushButton("Remove selected")
            btn.setEnabled(False)
            lst.itemSelectionChanged.connect(lambda w=which: self._selection(w))
            btn.clicked.connect(lambda _=False, w=which: self.remove_selected(w))
            grid.addWidget(QLabel(TITLES[which], objectName="panelTitle", wordWrap=True), 0, col)
            grid.addWidget(lst, 1, col)
            grid.addWidget(btn, 2, col)
        hint = QLabel("Add terms by clicking a highlight in the document (or selecting text and"
                      " right-clicking). Changes are audited without the terms themselves.",
                      objectName="muted", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        session.list_changed.connect(self._changed)  # a bound slot: dropped with the dialog
        self.reload()

    def reload(self) -> None:
        allow, deny = load_lists(self.session.workspace)  # one small settings read
        for which, terms in (("allow", allow), ("deny", deny)):
            self.lists[which].clear()
            self.lists[which].addItems(terms)
            self._selection(which)

    def _changed(self, *_args: object) -> None:
        self.reload()

    def _selection(self, which: str) -> None:
        self.remove[which].setEnabled(bool(self.lists[which].selectedItems()))

    def remove_selected(self, which: str) -> None:
        for item in self.lists[which].selectedItems():
            self.session.request_list_change(self.session.current, which, item.text(), add=False)
        self.remove[which].setEnabled(False)
