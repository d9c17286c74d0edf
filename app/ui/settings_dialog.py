"""Settings: the local model and inactivity lock, which identifier types are redacted, and the
workspace's own extraction profiles.

Values live in the workspace's settings table (encrypted) and every change is audited. The
General and Redaction tabs are stored by Save; a profile is validated and stored by its own
"Save profile" button, so one bad field never costs the other settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.audit import actions
from app.core.extract.profiles import builtin_profiles
from app.core.extract.user_profiles import PROFILE_KEY, user_profile_dicts
from app.core.privacy.redact_types import save_redact_types
from app.core.privacy.surrogate_setting import set_surrogates, surrogates_enabled
from app.ui.settings_entities import EntityTypesPage
from app.ui.settings_profiles import ProfilesPage

MODEL_KEY = "ui.model"
LOCK_KEY = "ui.lock_minutes"
DEFAULT_LOCK_MINUTES = 15
GENERAL, REDACTION, PROFILES = range(3)


class SettingsDialog(QDialog):
    def __init__(self, workspace: Any, parent: QWidget | None = None,
                 entities: Callable[[], Iterable[str]] | None = None) -> None:
        """`entities`: how to ask the analyzer for its supported types (run off the GUI
        thread); None shows only the stored choice."""
        super().__init__(parent)
        from app.core.llm.models import list_models

        self.workspace = workspace
        self.setWindowTitle("Settings")
        self.setMinimumSize(760, 520)
        self.model = QComboBox()
        self.model.addItem("Default (from models/manifest.json)", "")
        for m in list_models():
            self.model.addItem(f"{m.name}  ({m.size / 1e6:.0f} MB)", m.name)
        current = workspace.settings.get(MODEL_KEY, "")
        self.model.setCurrentIndex(max(0, self.model.findData(current)))
        self.lock = QSpinBox(minimum=0, maximum=240, suffix=" min")
        self.lock.setSpecialValueText("Never")
        self.lock.setValue(int(workspace.settings.get(LOCK_KEY, DEFAULT_LOCK_MINUTES)))
        self.default_profile = QComboBox()
        self._fill_profiles()
        form = QFormLayout()
        form.addRow("Local model", self.model)
        form.addRow("Lock after inactivity", self.lock)
        form.addRow("Profile for new documents", self.default_profile)
        form.addRow("Workspace", QLabel(str(workspace.data_dir), objectName="muted"))
        general = QWidget()
        general.setLayout(form)

        self.entities = EntityTypesPage(workspace, entities)
        self.profiles = ProfilesPage(workspace)
        self.profiles.saved.connect(lambda _name: self._fill_profiles())
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "General")
        self.tabs.addTab(self.entities, "Redaction")
        self.tabs.addTab(self.profiles, "Profiles")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _fill_profiles(self) -> None:
        keep = self.default_profile.currentData() or self.workspace.settings.get(PROFILE_KEY,
                                                                                 "auto")
        self.default_profile.clear()
        self.default_profile.addItem("Choose automatically", "auto")
        for name in sorted(set(builtin_profiles()) | set(user_profile_dicts(self.workspace))):
            self.default_profile.addItem(name, name)
        self.default_profile.setCurrentIndex(max(0, self.default_profile.findData(keep)))

    def save(self) -> None:
        s = self.workspace.settings
        changed = []
        for key, value in ((MODEL_KEY, self.model.currentData()), (LOCK_KEY, self.lock.value()),
                           (PROFILE_KEY, self.default_profile.currentData())):
            if s.get(key, "auto" if key == PROFILE_KEY else None) != value:
                s.set(key, value)
                changed.append(key)
        if changed:
            self.workspace.audit.record(actions.SETTINGS_CHANGE, "settings", keys=changed)
        save_redact_types(self.workspace, self.entities.choice())
        if self.entities.surrogates.isChecked() != surrogates_enabled(self.workspace):
            set_surrogates(self.workspace, self.entities.surrogates.isChecked())  # audited
        self.accept()
