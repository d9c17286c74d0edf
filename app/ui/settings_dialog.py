"""Settings: the inactivity lock and default profile, which identifier types are redacted, the
workspace's own extraction profiles, the tiers above the local model, and the local models.

Values live in the workspace's settings table (encrypted) and every change is audited. The
General and Redaction tabs are stored by Save. The other pages act at once, each with its own
sentence: a profile is validated and stored by "Save profile", a tier by its editor, a model is
chosen by "Use this model" — so one bad value never costs the other settings, and Cancel does
not undo an action the page has already confirmed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
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

from app.core.extract.profiles import builtin_profiles
from app.core.extract.user_profiles import user_profile_dicts
from app.core.privacy.redact_types import save_redact_types
from app.core.privacy.surrogate_setting import set_surrogates, surrogates_enabled
from app.core.settings import DEFAULT_PROFILE, LOCK_MINUTES
from app.ui.settings_entities import EntityTypesPage
from app.ui.settings_models import ModelsPage
from app.ui.settings_profiles import ProfilesPage
from app.ui.settings_tiers import TiersPage

GENERAL, REDACTION, PROFILES, TIERS, MODELS = range(5)


class SettingsDialog(QDialog):
    def __init__(self, workspace: Any, parent: QWidget | None = None,
                 entities: Callable[[], Iterable[str]] | None = None,
                 models_dir: Path | None = None) -> None:
        """`entities`: how to ask the analyzer for its supported types (run off the GUI
        thread); None shows only the stored choice. `models_dir`: where the GGUFs are (the
        installation's models/ by default)."""
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Settings")
        self.setMinimumSize(760, 520)
        self.lock = QSpinBox(minimum=0, maximum=240, suffix=" min")
        self.lock.setSpecialValueText("Never")
        self.lock.setValue(LOCK_MINUTES.get(workspace))
        self.default_profile = QComboBox()
        self._fill_profiles()
        form = QFormLayout()
        form.addRow("Lock after inactivity", self.lock)
        form.addRow("Profile for new documents", self.default_profile)
        form.addRow("Workspace", QLabel(str(workspace.data_dir), objectName="muted"))
        general = QWidget()
        general.setLayout(form)

        self.entities = EntityTypesPage(workspace, entities)
        self.profiles = ProfilesPage(workspace)
        self.profiles.saved.connect(lambda _name: self._fill_profiles())
        self.tiers = TiersPage(workspace)
        self.models = ModelsPage(workspace, models_dir)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "General")
        self.tabs.addTab(self.entities, "Redaction")
        self.tabs.addTab(self.profiles, "Profiles")
        self.tabs.addTab(self.tiers, "Tiers")
        self.tabs.addTab(self.models, "Models")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _fill_profiles(self) -> None:
        keep = self.default_profile.currentData() or DEFAULT_PROFILE.get(self.workspace)
        self.default_profile.clear()
        self.default_profile.addItem("Choose automatically", "auto")
        for name in sorted(set(builtin_profiles()) | set(user_profile_dicts(self.workspace))):
            self.default_profile.addItem(name, name)
        self.default_profile.setCurrentIndex(max(0, self.default_profile.findData(keep)))

    def save(self) -> None:
        LOCK_MINUTES.set(self.workspace, self.lock.value())  # audited when it changed
        DEFAULT_PROFILE.set(self.workspace, self.default_profile.currentData())  # likewise
        save_redact_types(self.workspace, self.entities.choice())
        if self.entities.surrogates.isChecked() != surrogates_enabled(self.workspace):
            set_surrogates(self.workspace, self.entities.surrogates.isChecked())  # audited
        self.accept()
