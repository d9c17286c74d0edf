"""Settings page: the workspace's own extraction profiles — create one, or edit the fields of
any profile (a built-in one edited here is saved as this workspace's version of it).

The page only gathers a dict shaped like a YAML profile file; `app.core.extract.user_profiles`
validates it with the same code that reads `resources/profiles/*.yaml` and stores it in the
workspace, where the pipeline picks it up. An invalid profile is not stored: the core's one
sentence is shown and every typed value stays in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ProfileError
from app.core.extract.packs import get_packs, pack_names
from app.core.extract.profiles import FIELD_TYPES, builtin_profiles
from app.core.extract.user_profiles import (
    delete_user_profile,
    profile_to_dict,
    save_user_profile,
    user_profile_dicts,
)

NAME, TYPE, DESCRIPTION, MULTIPLE = range(4)


def _csv(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


class ProfilesPage(QWidget):
    saved = Signal(str)  # profile name, after it was validated and stored

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.original: dict[str, Any] = {}  # the definition being edited, for what we don't show
        self.editing = ""  # the stored name of the profile being edited ("" for a new one)

        self.profiles = QListWidget(objectName="profileList")
        self.profiles.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        new_btn = QPushButton("New profile")
        new_btn.clicked.connect(self.new_profile)
        self.delete_btn = QPushButton("Delete")
        self.delete_btn.clicked.connect(self.delete_current)
        left = QVBoxLayout()
        left.addWidget(self.profiles, 1)
        row = QHBoxLayout()
        row.addWidget(new_btn)
        row.addWidget(self.delete_btn)
        left.addLayout(row)

        self.name = QLineEdit(placeholderText="one word, e.g. referral_letter")
        self.title = QLineEdit(placeholderText="shown in lists, e.g. Referral letter")
        self.keywords = QLineEdit(placeholderText="words that identify this kind of document, "
                                  "comma-separated (for automatic choice)")
        # The genre rule packs the fields are read with: none is the general engine alone,
        # which a new kind of document starts from; a receipt-like profile ticks "receipt".
        self.packs = {pack.name: QCheckBox(pack.name, toolTip=pack.description)
                      for pack in get_packs(pack_names())}
        packs_row = QHBoxLayout()
        for box in self.packs.values():
            packs_row.addWidget(box)
        packs_row.addStretch(1)
        self.fields = QTableWidget(0, 4, objectName="profileFields")
        self.fields.setHorizontalHeaderLabels(["Field", "Type", "Description", "Multiple"])
        self.fields.horizontalHeader().setSectionResizeMode(DESCRIPTION,
                                                            QHeaderView.ResizeMode.Stretch)
        self.fields.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add_btn, remove_btn = QPushButton("Add field"), QPushButton("Remove field")
        add_btn.clicked.connect(lambda: self.add_field())
        remove_btn.clicked.connect(self.remove_field)
        self.save_btn = QPushButton("Save profile", objectName="primary")
        self.save_btn.clicked.connect(self.save)
        self.error = QLabel("", objectName="errorText", wordWrap=True)
        self.error.hide()  # styled as a tinted box: shown only with a sentence in it
        self.status = QLabel("", objectName="muted", wordWrap=True)

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Title", self.title)
        form.addRow("Keywords", self.keywords)
        form.addRow("Rule packs", packs_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add_btn)
        buttons.addWidget(remove_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.save_btn)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.fields, 1)
        right.addLayout(buttons)
        right.addWidget(self.error)
        right.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        self.reload()

    # -- the list --------------------------------------------------------------------------
    def reload(self, select: str = "") -> None:
        mine = user_profile_dicts(self.workspace)
        builtin = builtin_profiles()
        self.profiles.blockSignals(True)
        self.profiles.clear()
        for name in sorted(set(mine) | set(builtin)):
            kind = ("yours, replaces the built-in" if name in builtin else "yours") \
                if name in mine else "built-in"
            item = QListWidgetItem(f"{name}  ({kind})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.profiles.addItem(item)
        self.profiles.blockSignals(False)
        for i in range(self.profiles.count()):
            if self.profiles.item(i).data(Qt.ItemDataRole.UserRole) == select:
                self.profiles.setCurrentRow(i)
                return
        if select == "" and self.profiles.count() and not self.editing:
            self.profiles.setCurrentRow(0)

    def names(self) -> list[str]:
        return [self.profiles.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.profiles.count())]

    def select(self, name: str) -> None:
        self.profiles.setCurrentRow(self.names().index(name))

    def _select(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        mine = user_profile_dicts(self.workspace)
        data = mine.get(name) or profile_to_dict(builtin_profiles()[name])
        self.load(data, editing=name if name in mine else "")
        self.delete_btn.setEnabled(name in mine)
        self.delete_btn.setText("Revert to built-in" if name in mine and name in
                                builtin_profiles() else "Delete")

    # -- the editor ------------------------------------------------------------------------
    def load(self, data: dict[str, Any], editing: str = "") -> None:
        self.original, self.editing = dict(data), editing
        self.name.setText(str(data.get("name", "")))
        self.title.setText(str(data.get("title", "")))
        self.keywords.setText(", ".join(data.get("keywords", []) or []))
        chosen = set(data.get("packs", []) or [])
        for name, box in self.packs.items():
            box.setChecked(name in chosen)
        self.fields.setRowCount(0)
        for f in data.get("fields", []) or []:
            self.add_field(str(f.get("name", "")), str(f.get("type", "text")),
                           str(f.get("description", "")), bool(f.get("multiple", False)))
        self._error("")
        self.status.clear()

    def new_profile(self) -> None:
        self.profiles.blockSignals(True)
        self.profiles.clearSelection()
        self.profiles.setCurrentRow(-1)
        self.profiles.blockSignals(False)
        self.load({"fields": []})
        self.delete_btn.setEnabled(False)
        self.add_field()
        self.name.setFocus()

    def add_field(self, name: str = "", ftype: str = "text", description: str = "",
                  multiple: bool = False) -> int:
        row = self.fields.rowCount()
        self.fields.insertRow(row)
        self.fields.setItem(row, NAME, QTableWidgetItem(name))
        kind = QComboBox()
        kind.addItems(sorted(FIELD_TYPES | {ftype}))
        kind.setCurrentText(ftype)
        self.fields.setCellWidget(row, TYPE, kind)
        self.fields.setItem(row, DESCRIPTION, QTableWidgetItem(description))
        many = QTableWidgetItem()
        many.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                      | Qt.ItemFlag.ItemIsSelectable)
        many.setCheckState(Qt.CheckState.Checked if multiple else Qt.CheckState.Unchecked)
        self.fields.setItem(row, MULTIPLE, many)
        return row

    def remove_field(self) -> None:
        rows = sorted({i.row() for i in self.fields.selectedIndexes()}, reverse=True)
        for row in rows or [self.fields.rowCount() - 1]:
            if row >= 0:
                self.fields.removeRow(row)

    def to_dict(self) -> dict[str, Any]:
        """The edited profile as a YAML-shaped dict; what the form does not show (labels,
        summary style) is carried over from the definition it started from."""
        before = {f.get("name"): f for f in self.original.get("fields", []) or []}
        fields = []
        for row in range(self.fields.rowCount()):
            name = (self.fields.item(row, NAME).text() if self.fields.item(row, NAME) else "")
            kind = self.fields.cellWidget(row, TYPE)
            desc = self.fields.item(row, DESCRIPTION)
            many = self.fields.item(row, MULTIPLE)
            f = {k: v for k, v in before.get(name.strip(), {}).items()
                 if k not in {"name", "type", "description", "multiple"}}
            if name.strip():
                f["name"] = name.strip()  # no name: the core names the row in its error
            f["type"] = kind.currentText() if isinstance(kind, QComboBox) else "text"
            f["description"] = desc.text().strip() if desc else ""
            f["multiple"] = bool(many and many.checkState() == Qt.CheckState.Checked)
            fields.append(f)
        data = {k: v for k, v in self.original.items() if k not in {"name", "title", "fields"}}
        data.update(name=self.name.text().strip(), fields=fields,
                    keywords=_csv(self.keywords.text()),
                    packs=[name for name, box in self.packs.items() if box.isChecked()])
        if self.title.text().strip():
            data["title"] = self.title.text().strip()
        return data

    def save(self) -> bool:
        """Validate and store; on a problem show the core's sentence and keep the form."""
        try:
            profile = save_user_profile(self.workspace, self.to_dict(), replaces=self.editing)
        except ProfileError as exc:
            self._error(str(exc))
            self.status.clear()
            return False
        self._error("")
        self.editing = profile.name
        self.reload(select=profile.name)
        self.status.setText(f"Saved “{profile.name}” with {len(profile.fields)} fields; new "
                            "documents use it.")
        self.saved.emit(profile.name)
        return True

    def _error(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.setVisible(bool(sentence))

    def delete_current(self) -> None:
        if self.editing and delete_user_profile(self.workspace, self.editing):
            name, self.editing = self.editing, ""
            self.status.setText(f"Deleted your version of “{name}”.")
            self.reload(select=name if name in builtin_profiles() else "")
