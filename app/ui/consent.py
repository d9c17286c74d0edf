"""The consent dialogs: exactly what would leave this machine, where to, and how many
identifiers were replaced — then an explicit yes, or nothing is sent.

`ConsentDialog` is for one request; `BatchConsentDialog` for a listed batch to one destination:
every exact payload can be paged through, counts are shown per request and in total, and one
confirmation covers exactly the listed payloads. Both take plain data so they work with whatever
the escalation core hands over; cancelling (Esc, close, Cancel) is always the default answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
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
    label: str = ""  # which document (a batch lists several)


@dataclass(frozen=True)
class BatchConsentPayload:
    destination: str
    tier: str = "cloud"
    requests: tuple[ConsentPayload, ...] = ()
    refused: tuple[str, ...] = ()  # one sentence per document that is NOT in the batch

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.requests:
            for k, n in r.counts.items():
                out[k] = out.get(k, 0) + n
        return out


def _where(destination: str, tier: str) -> QLabel:
    cloud = tier == "cloud"
    return QLabel(
        f"<b>Destination:</b> {destination} "
        f"<span style='color:{'#c0392b' if cloud else '#2e8b57'}'>"
        f"({'leaves your organisation' if cloud else 'stays on your premises'})</span>",
        wordWrap=True)


def _counts_grid(counts: dict[str, int], title: str) -> QGridLayout:
    grid = QGridLayout()
    grid.addWidget(QLabel(f"<b>{title}</b>"), 0, 0, 1, 6)
    for i, (entity, n) in enumerate(sorted(counts.items())):
        row, col = 1 + i // 3, (i % 3) * 2  # three pairs per row keeps the payload in view
        grid.addWidget(QLabel(pretty(entity)), row, col)
        grid.addWidget(QLabel(f"<b>{n}</b>", objectName="count"), row, col + 1)
    grid.setColumnStretch(6, 1)
    grid.setHorizontalSpacing(14)
    if not counts:
        grid.addWidget(QLabel("None found", objectName="muted"), 1, 0)
    return grid


def _counts_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{pretty(k)} {n}" for k, n in sorted(counts.items())) or "no identifiers"


class _Consent(QDialog):
    """What both dialogs share: a confirmation box that must be ticked, Enter cancels."""

    def _confirmation(self, text: str, send_text: str) -> None:
        self.confirm = QCheckBox(text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(send_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setEnabled(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setIcon(QIcon())  # calm, text-only buttons like the rest of the app
        self.send.setAutoDefault(False)
        cancel.setDefault(True)  # Enter cancels: sending is never the accidental path
        self.confirm.toggled.connect(self.send.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _text_views(self) -> QTabWidget:
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.preview = QPlainTextEdit(readOnly=True, objectName="payloadPreview")
        self.readable = QPlainTextEdit(readOnly=True, objectName="payloadPreview")
        for view in (self.preview, self.readable):
            view.setFont(mono)
        tabs = QTabWidget(documentMode=True)
        tabs.addTab(self.readable, "Readable")
        tabs.addTab(self.preview, "Exact bytes sent")
        return tabs

    def accept(self) -> None:
        if self.confirm.isChecked():  # Enter on a half-read dialog must not send
            super().accept()

    @property
    def consented(self) -> bool:
        return self.result() == QDialog.DialogCode.Accepted and self.confirm.isChecked()


class ConsentDialog(_Consent):
    def __init__(self, payload: ConsentPayload, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload = payload
        self.setObjectName("consentDialog")
        self.setWindowTitle("Send to a larger model?")
        self.setMinimumSize(620, 520)
        title = QLabel("Review exactly what will be sent", objectName="dialogTitle")
        purpose = QLabel(f"<b>Request:</b> {payload.purpose}" if payload.purpose else "",
                         wordWrap=True)
        purpose.setVisible(bool(payload.purpose))
        tabs = self._text_views()
        self.preview.setPlainText(payload.redacted_text)
        self.readable.setPlainText(payload.readable or payload.redacted_text)
        total = sum(payload.counts.values())
        size = len(payload.redacted_text.encode("utf-8"))
        note = QLabel(f"{size:,} bytes · {total} identifier(s) pseudonymised; answers are"
                      " re-identified on this machine only.", objectName="muted", wordWrap=True)
        self._confirmation(f"I confirm this exact text may be sent to {payload.destination}",
                           "Send")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for w in (title, _where(payload.destination, payload.tier), purpose):
            layout.addWidget(w)
        layout.addLayout(_counts_grid(payload.counts, "Identifiers replaced before sending"))
        layout.addWidget(QLabel("<b>Payload</b> (read-only, exactly as sent)"))
        layout.addWidget(tabs, 1)  # reading first; the exact bytes one click away
        layout.addWidget(note)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)


class BatchConsentDialog(_Consent):
    """Several requests, one destination, one yes for exactly the listed payloads."""

    def __init__(self, batch: BatchConsentPayload, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.batch = batch
        n = len(batch.requests)
        self.setObjectName("consentDialog")
        self.setWindowTitle(f"Send {n} requests to a larger model?")
        self.setMinimumSize(760, 600)
        title = QLabel(f"Review exactly what will be sent: {n} request(s)",
                       objectName="dialogTitle")
        refused = QLabel("<b>Not included (nothing will be sent for these):</b><br>"
                         + "<br>".join(batch.refused), wordWrap=True, objectName="muted")
        refused.setVisible(bool(batch.refused))

        # The list is the pager: every request is one click (or Previous/Next) away.
        self.requests = QListWidget(objectName="batchRequests")
        for i, r in enumerate(batch.requests, 1):
            self.requests.addItem(f"{i}. {r.label or 'document'} — {_counts_line(r.counts)}")
        self.requests.setMaximumWidth(280)
        self.position = QLabel(objectName="muted")
        self.purpose = QLabel(wordWrap=True)
        self.request_counts = QLabel(wordWrap=True)
        self.previous = QPushButton("Previous")
        self.next = QPushButton("Next")
        for b in (self.previous, self.next):
            b.setAutoDefault(False)
        self.previous.clicked.connect(lambda: self.show_request(self.current - 1))
        self.next.clicked.connect(lambda: self.show_request(self.current + 1))
        self.requests.currentRowChanged.connect(self.show_request)
        tabs = self._text_views()

        pager = QHBoxLayout()
        pager.addWidget(self.position, 1)
        pager.addWidget(self.previous)
        pager.addWidget(self.next)
        right = QVBoxLayout()
        right.addLayout(pager)
        right.addWidget(self.purpose)
        right.addWidget(self.request_counts)
        right.addWidget(tabs, 1)
        body = QHBoxLayout()
        body.addWidget(self.requests)
        body.addLayout(right, 1)

        size = sum(len(r.redacted_text.encode("utf-8")) for r in batch.requests)
        note = QLabel(f"{n} request(s), {size:,} bytes in all · "
                      f"{sum(batch.counts.values())} identifier(s) pseudonymised; answers are "
                      "re-identified on this machine only. Consent covers exactly these "
                      "payloads: any other, or any change, is refused.",
                      objectName="muted", wordWrap=True)
        self._confirmation(f"I confirm these {n} exact payloads, and no others, may be sent to "
                           f"{batch.destination}", f"Send {n}")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(_where(batch.destination, batch.tier))
        layout.addLayout(_counts_grid(batch.counts, "Identifiers replaced, all requests"))
        layout.addWidget(refused)
        layout.addLayout(body, 1)
        layout.addWidget(note)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.current = -1
        self.confirm.setEnabled(n > 0)
        if n:
            self.requests.setCurrentRow(0)

    def show_request(self, index: int) -> None:
        n = len(self.batch.requests)
        if not 0 <= index < n:
            return
        self.current = index
        r = self.batch.requests[index]
        if self.requests.currentRow() != index:
            self.requests.setCurrentRow(index)  # re-enters here once, harmlessly
        self.position.setText(f"Request {index + 1} of {n}: {r.label or 'document'}")
        self.purpose.setText(f"<b>Request:</b> {r.purpose}" if r.purpose else "")
        self.request_counts.setText(f"<b>Identifiers replaced in this request:</b> "
                                    f"{_counts_line(r.counts)}")
        self.preview.setPlainText(r.redacted_text)
        self.readable.setPlainText(r.readable or r.redacted_text)
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < n - 1)


def ask_consent(payload: ConsentPayload, parent: QWidget | None = None) -> bool:
    dialog = ConsentDialog(payload, parent)
    dialog.exec()
    return dialog.consented
