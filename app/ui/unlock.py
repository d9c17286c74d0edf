"""The first-run and unlock dialog: create the encrypted workspace, or open it.

Key derivation (Argon2id, ~0.5 s by design) runs off the GUI thread, so the dialog stays
responsive. A wrong passphrase keeps the dialog open with one clear sentence; nothing on disk
changes (the core checks the key against the header before touching the database).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import EnclaveError
from app.core.workspace import Workspace
from app.ui.jobs import Op
from app.ui.strength import LABELS, estimate


class UnlockDialog(QDialog):
    """`exec()` returns Accepted with `self.workspace` set to an unlocked `Workspace`."""

    def __init__(self, data_dir: Path, kdf: object | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.kdf = kdf  # tests pass KdfParams.fast(); None means the production default
        self.creating = not Workspace.exists(self.data_dir)
        self.workspace: object | None = None
        self.setObjectName("unlockDialog")
        self.setWindowTitle("Create your Enclave workspace" if self.creating else "Unlock Enclave")
        self.setMinimumWidth(460)

        title = QLabel("Create an encrypted workspace" if self.creating
                       else "Unlock your workspace")
        title.setObjectName("dialogTitle")
        intro = QLabel(
            "Everything Enclave stores is encrypted with this passphrase. It cannot be recovered"
            " if you lose it." if self.creating else
            f"Enter the passphrase for the workspace in {self.data_dir}.")
        intro.setWordWrap(True)
        intro.setObjectName("muted")

        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        form = QFormLayout()
        form.addRow("Passphrase", self.passphrase)

        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm.setObjectName("confirm")
        self.confirm.setPlaceholderText("Type it again")
        self.meter = QProgressBar(objectName="strengthMeter", maximum=4, textVisible=True)
        self.hint = QLabel(objectName="muted", wordWrap=True)
        if self.creating:
            form.addRow("Confirm", self.confirm)
            form.addRow("Strength", self.meter)
            form.addRow("", self.hint)

        self.error = QLabel(objectName="errorText", wordWrap=True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Create workspace" if self.creating else "Unlock",
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        for w in (title, intro):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        if not self.creating:
            self.ok.setEnabled(bool(self.passphrase.text()))
            return
        s = estimate(self.passphrase.text())
        self.meter.setValue(s.score)
        self.meter.setFormat(LABELS[s.score])
        self.meter.setProperty("level", s.score)  # the style sheet colours the chunk by level
        self.meter.style().unpolish(self.meter)
        self.meter.style().polish(self.meter)
        matches = self.passphrase.text() == self.confirm.text()
        self.hint.setText(s.hint if matches or not self.confirm.text()
                          else "The two passphrases do not match yet.")
        self.ok.setEnabled(s.acceptable and matches)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.passphrase, self.confirm, self.ok):
            w.setEnabled(not busy)
        self.ok.setText("Working…" if busy else
                        ("Create workspace" if self.creating else "Unlock"))

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        pw = self.passphrase.text()
        self.error.hide()
        self._set_busy(True)
        if self.creating:
            Op(self, lambda _ctx: Workspace.create(self.data_dir, pw, kdf=self.kdf)) \
                .success(self._opened).failure(self._failed).run_in_background()
        else:
            Op(self, lambda _ctx: Workspace.open(self.data_dir, pw)) \
                .success(self._opened).failure(self._failed).run_in_background()

    def _opened(self, ws: object) -> None:
        self.workspace = ws
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._update()
        msg = str(exc) if isinstance(exc, EnclaveError) else f"Could not open the workspace: {exc}"
        self.error.setText(msg)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
