"""Settings page: which identifier types the redacted view and redacted exports mask, and
whether redacted text exports use realistic surrogates instead of `[TYPE]` labels.

The list is the analyzer's own supported types, asked off the GUI thread (the analyzer may
still be loading in its worker process); until it answers, the stored choice is shown.
Everything checked is stored as "all types", so a type added by a later version is redacted too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.privacy.redact_types import ALWAYS, load_redact_types
from app.core.privacy.surrogate_setting import surrogates_enabled
from app.ui.jobs import Op
from app.ui.pii_colors import pretty


class EntityTypesPage(QWidget):
    loaded = Signal()  # the analyzer's types are listed (or it failed: see `message`)

    def __init__(self, workspace: Any, entities: Callable[[], Iterable[str]] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen = load_redact_types(workspace)
        self.ready = False  # True once the detector's full list is shown
        self.list = QListWidget(objectName="entityTypes")
        self.message = QLabel("Asking the identifier detector which types it knows…",
                              objectName="muted", wordWrap=True)
        all_btn, none_btn = QPushButton("Select all"), QPushButton("Select none")
        all_btn.clicked.connect(lambda: self.set_all(True))
        none_btn.clicked.connect(lambda: self.set_all(False))
        buttons = QHBoxLayout()
        buttons.addWidget(all_btn)
        buttons.addWidget(none_btn)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Identifier types masked in the redacted view and in redacted "
                                "text and PDF exports. Every type is still detected and "
                                "highlighted; terms on the “always redact” list are always "
                                "redacted, and requests to a larger model are always fully "
                                "pseudonymized.", wordWrap=True))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        # Surrogates read naturally (a reviewer sees "Maria Lopez", not "[PERSON]") and stay
        # reversible through the workspace's encrypted vault; a redacted PDF always gets black
        # boxes, because a fake name drawn into a PDF would look like the real record.
        self.surrogates = QCheckBox("Use realistic surrogates in redacted text exports",
                                    objectName="surrogates")
        self.surrogates.setChecked(surrogates_enabled(workspace))
        self.surrogates.setToolTip(
            "Names, places and numbers become consistent fakes and dates move by one secret "
            "offset per workspace, so intervals survive. The mapping stays in this workspace's "
            "encrypted vault, so the originals can be put back from this workspace only. "
            "Redacted PDFs always use black boxes.")
        layout.addWidget(self.surrogates)
        self._fill(sorted(self.chosen or ()))  # the stored choice, until the detector answers
        if entities is None:
            self.message.setText("The identifier detector is not available here.")
            return
        Op(self, lambda _ctx: sorted(set(entities()) - ALWAYS)) \
            .success(self._loaded).failure(self._failed).run_in_background()

    def _fill(self, types: Iterable[str]) -> None:
        self.list.clear()
        for t in types:
            item = QListWidgetItem(f"{pretty(t)}  ({t})")
            item.setData(Qt.ItemDataRole.UserRole, t)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = self.chosen is None or t in self.chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)

    def _loaded(self, types: list[str]) -> None:
        self._fill(sorted(set(types) | (self.chosen or set())))
        self.ready = True
        self.message.setText(f"{len(types)} types known to the identifier detector.")
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(f"The detector's types could not be listed ({exc}); the stored "
                             "choice is shown.")
        self.loaded.emit()

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def set_all(self, on: bool) -> None:
        for item in self.items():
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_checked(self, entity: str, on: bool) -> None:
        for item in self.items():
            if item.data(Qt.ItemDataRole.UserRole) == entity:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def choice(self) -> list[str] | None:
        """The types to store: None (all types) when every listed type is checked. Before the
        detector answered only the stored types are listed, so "all checked" then means
        "unchanged", not "all types"."""
        items = self.items()
        checked = [i.data(Qt.ItemDataRole.UserRole) for i in items
                   if i.checkState() == Qt.CheckState.Checked]
        if not self.ready:
            return None if self.chosen is None else checked
        return None if len(checked) == len(items) else checked
