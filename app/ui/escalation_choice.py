"""What to ask a larger model about: the summary, or fields the user ticks — and which tier.

Document › Ask a larger model about… opens this dialog for the open document. It only gathers
the choice; the request is then prepared, shown in the consent dialog and sent (or not) by
`EscalationFlow`, through the core's one choke point, exactly as for Ctrl+E. The fields the
router would send are ticked to begin with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import FieldValue
from app.core.routing.router import field_reasons
from app.core.routing.tiers import Tier
from app.ui.panels.fields import display


@dataclass(frozen=True)
class Choice:
    tier: str
    fields: list[str]  # empty when `summary`
    summary: bool


class EscalationChoiceDialog(QDialog):
    def __init__(self, fields: dict[str, FieldValue], tiers: list[Tier], threshold: float,
                 summary: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationChoice")
        self.setWindowTitle("Ask a larger model")
        self.setMinimumSize(520, 460)
        self.fields_choice = QRadioButton("These fields")
        self.summary_choice = QRadioButton("The summary: write a better one")
        group = QButtonGroup(self)
        for b in (self.fields_choice, self.summary_choice):
            group.addButton(b)
        self.list = QListWidget(objectName="escalationFields")
        for f in fields.values():
            item = QListWidgetItem(f"{f.name.replace('_', ' ')}: {display(f.value) or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, f.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            unsure = bool(field_reasons(f, threshold))
            item.setCheckState(Qt.CheckState.Checked if unsure else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.tier = QComboBox()
        # On-premises first: it keeps data inside the organisation.
        for t in sorted(tiers, key=lambda t: t.external):
            where = "external (cloud)" if t.external else "on-premises"
            self.tier.addItem(f"{t.name} — {t.model}, {where}", t.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.prepare = self.buttons.addButton("Prepare the request…",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _i: self._update())
        self.fields_choice.toggled.connect(lambda _on: self._update())
        (self.summary_choice if summary or not fields else self.fields_choice).setChecked(True)
        self.fields_choice.setEnabled(bool(fields))

        form = QFormLayout()
        form.addRow("Send to", self.tier)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nothing is sent yet: next you see the exact redacted request "
                                "and confirm it, or cancel.", objectName="muted",
                                wordWrap=True))
        layout.addWidget(self.fields_choice)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary_choice)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def checked(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items
                if i.checkState() == Qt.CheckState.Checked]

    def set_checked(self, names: list[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def choice(self) -> Choice:
        summary = self.summary_choice.isChecked()
        return Choice(str(self.tier.currentData()), [] if summary else self.checked(), summary)

    def _update(self) -> None:
        self.list.setEnabled(self.fields_choice.isChecked())
        self.prepare.setEnabled(self.tier.count() > 0 and (self.summary_choice.isChecked()
                                                           or bool(self.checked())))


def ask_about(window: Any, summary: bool = False) -> EscalationChoiceDialog | None:
    """Open the choice for the window's document; on OK the escalation flow takes over."""
    from app.core.routing.tiers import TierRegistry  # deferred: httpx, off the start-up path

    session = window.session
    doc_id = session.current
    if not doc_id:
        window.notify("Open a document first.")
        return None
    registry = TierRegistry(session.workspace)
    tiers = registry.all()
    if not tiers:
        window.notify("No larger model is configured (add a tier in Settings › Tiers); nothing "
                      "was sent.")
        return None
    res = session.workspace.results.get(doc_id)
    dialog = EscalationChoiceDialog(res.fields if res else {}, tiers, registry.policy().threshold,
                                    summary=summary, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def go() -> None:
        c = dialog.choice()
        window.escalation.start(doc_id, c.fields or None, c.tier, summary=c.summary)

    dialog.accepted.connect(go)
    dialog.open()
    return dialog
