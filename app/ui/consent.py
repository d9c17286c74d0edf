"""The consent dialog: exactly what would leave this machine, where to, and how many
identifiers were replaced — then an explicit yes, or nothing is sent.

It takes a plain `ConsentPayload` so it works with whatever the escalation core hands over,
and returns a bool; cancelling (Esc, close, Cancel) is always the default answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.pii_colors import pretty


@dataclass(frozen=True)
class ConsentPayload:
    redacted_text: str  # the exact bytes-to-be, after pseudonymisation
    destination: str  # e.g. "api.example-cloud.com (GPT-4 class)"
    tier: str = "cloud"  # "cloud" | "on-premises"
    counts: dict[str, int] = field(default_factory=dict)  # identifiers replaced, by type
    purpose: str = ""  # what the larger model is asked to do
    readable: str = ""  # the same messages laid out for reading (optional)


class ConsentDialog(QDialog):
    def __init__(self, payload: ConsentPayload, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload = payload
        self.setObjectName("consentDialog")
        self.setWindowTitle("Send to a larger model?")
        self.setMinimumSize(620, 520)
        cloud = payload.tier == "cloud"
        title = QLabel("Review exactly what will be sent", objectName="dialogTitle")
        where = QLabel(
            f"<b>Destination:</b> {payload.destination} "
            f"<span style='color:{'#c0392b' if cloud else '#2e8b57'}'>"
            f"({'leaves your organisation' if cloud else 'stays on your premises'})</span>",
            wordWrap=True)
        purpose = QLabel(f"<b>Request:</b> {payload.purpose}" if payload.purpose else "",
                         wordWrap=True)
        purpose.setVisible(bool(payload.purpose))

        counts = QGridLayout()
        counts.addWidget(QLabel("<b>Identifiers replaced before sending</b>"), 0, 0, 1, 6)
        total = sum(payload.counts.values())
        for i, (entity, n) in enumerate(sorted(payload.counts.items())):
            row, col = 1 + i // 3, (i % 3) * 2  # three pairs per row keeps the payload in view
            counts.addWidget(QLabel(pretty(entity)), row, col)
            counts.addWidget(QLabel(f"<b>{n}</b>", objectName="count"), row, col + 1)
        counts.setColumnStretch(6, 1)
        counts.setHorizontalSpacing(14)
        if not payload.counts:
            counts.addWidget(QLabel("None found", objectName="muted"), 1, 0)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.preview = QPlainTextEdit(payload.redacted_text, readOnly=True,
                                      objectName="payloadPreview")
        self.preview.setFont(mono)
        shown: QWidget = self.preview
        if payload.readable:  # exact bytes stay one click away; reading comes first
            self.readable = QPlainTextEdit(payload.readable, readOnly=True,
                                           objectName="payloadPreview")
            self.readable.setFont(mono)
            shown = QTabWidget(documentMode=True)
            shown.addTab(self.readable, "Readable")
            shown.addTab(self.preview, "Exact bytes sent")
        size = len(payload.redacted_text.encode("utf-8"))
        note = QLabel(f"{size:,} bytes · {total} identifier(s) pseudonymised; answers are"
                      " re-identified on this machine only.", objectName="muted", wordWrap=True)

        self.confirm = QCheckBox(f"I confirm this exact text may be sent to {payload.destination}")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setEnabled(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setIcon(QIcon())  # calm, text-only buttons like the rest of the app
        self.send.setAutoDefault(False)
        cancel.setDefault(True)  # Enter cancels: sending is never the accidental path
        self.confirm.toggled.connect(self.send.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for w in (title, where, purpose):
            layout.addWidget(w)
        layout.addLayout(counts)
        layout.addWidget(QLabel("<b>Payload</b> (read-only, exactly as sent)"))
        layout.addWidget(shown, 1)
        layout.addWidget(note)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if self.confirm.isChecked():  # Enter on a half-read dialog must not send
            super().accept()

    @property
    def consented(self) -> bool:
        return self.result() == QDialog.DialogCode.Accepted and self.confirm.isChecked()


def ask_consent(payload: ConsentPayload, parent: QWidget | None = None) -> bool:
    dialog = ConsentDialog(payload, parent)
    dialog.exec()
    return dialog.consented
