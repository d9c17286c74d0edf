"""Settings (basic for now): which GGUF model to use, and the inactivity lock.

Values are stored in the workspace's settings table under `ui.*` keys and each change is
audited. The richer, declared-once settings (`app.core.settings`) replace these keys when
that module lands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.audit import actions

MODEL_KEY = "ui.model"
LOCK_KEY = "ui.lock_minutes"
DEFAULT_LOCK_MINUTES = 15


class SettingsDialog(QDialog):
    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.core.llm.models import list_models

        self.workspace = workspace
        self.setWindowTitle("Settings")
        self.setMinimumWidth(480)
        self.model = QComboBox()
        self.model.addItem("Default (from models/manifest.json)", "")
        for m in list_models():
            self.model.addItem(f"{m.name}  ({m.size / 1e6:.0f} MB)", m.name)
        current = workspace.settings.get(MODEL_KEY, "")
        self.model.setCurrentIndex(max(0, self.model.findData(current)))
        self.lock = QSpinBox(minimum=0, maximum=240, suffix=" min")
        self.lock.setSpecialValueText("Never")
        self.lock.setValue(int(workspace.settings.get(LOCK_KEY, DEFAULT_LOCK_MINUTES)))
        form = QFormLayout()
        form.addRow("Local model", self.model)
        form.addRow("Lock after inactivity", self.lock)
        form.addRow("Workspace", QLabel(str(workspace.data_dir), objectName="muted"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> None:
        s = self.workspace.settings
        changed = []
        for key, value in ((MODEL_KEY, self.model.currentData()), (LOCK_KEY, self.lock.value())):
            if s.get(key) != value:
                s.set(key, value)
                changed.append(key)
        if changed:
            self.workspace.audit.record(actions.SETTINGS_CHANGE, "settings", keys=changed)
        self.accept()
