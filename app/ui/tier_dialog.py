"""Add or edit one tier: a larger model on a server inside the organisation, or a cloud API.

The dialog only gathers the values; `TierRegistry.add` validates and stores them (a bad name or
address, or an external tier in air-gapped mode, is refused with the core's sentence and every
typed value stays). The API key goes to the encrypted workspace like every secret, never to a
file; the field never shows a stored key, it only says one is there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import EnclaveError
from app.core.routing.tiers import Tier, TierRegistry
from app.ui.wording import for_window

FORMATS = {"json_schema": "JSON schema (OpenAI, vLLM)",
           "json_object": "JSON object (llama.cpp's Python server)",
           "none": "No structured output"}


class TierDialog(QDialog):
    def __init__(self, registry: TierRegistry, tier: Tier | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.editing = tier
        self.saved: Tier | None = None
        self.setWindowTitle("Edit tier" if tier else "Add a tier")
        self.setMinimumWidth(560)
        t = tier or Tier("", "", "")
        self.name = QLineEdit(t.name, placeholderText="e.g. onprem-llama or cloud")
        self.name.setReadOnly(tier is not None)  # the name is how requests and audit refer to it
        self.onprem = QRadioButton("On-premises: a server inside your organisation")
        self.external = QRadioButton("External: a cloud service — data leaves your "
                                     "organisation; you confirm every request")
        kind = QButtonGroup(self)
        for b in (self.onprem, self.external):
            kind.addButton(b)
        (self.external if t.external else self.onprem).setChecked(True)
        self.url = QLineEdit(t.url, placeholderText="http://10.0.0.5:8080/v1")
        self.model = QLineEdit(t.model, placeholderText="the model's name on that server")
        has_key = tier is not None and registry.has_api_key(tier.name)
        self.api_key = QLineEdit(echoMode=QLineEdit.EchoMode.Password, placeholderText=(
            "a key is stored — leave empty to keep it" if has_key else "optional"))
        self.forget_key = QCheckBox("Forget the stored key")
        self.forget_key.setVisible(has_key)
        self.price_in = _money(t.price_in)
        self.price_out = _money(t.price_out)
        self.timeout = QDoubleSpinBox(minimum=1, maximum=600, decimals=0, suffix=" s",
                                      value=t.timeout)
        self.response_format = QComboBox()
        for key, label in FORMATS.items():
            self.response_format.addItem(label, key)
        self.response_format.setCurrentIndex(max(0, self.response_format.findData(
            t.response_format)))
        self.error = QLabel(objectName="errorText", wordWrap=True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Where", self.onprem)
        form.addRow("", self.external)
        form.addRow("Address", self.url)
        form.addRow("Model", self.model)
        form.addRow("API key", self.api_key)
        form.addRow("", self.forget_key)
        form.addRow("Price per 1,000 tokens in", self.price_in)
        form.addRow("Price per 1,000 tokens out", self.price_out)
        form.addRow("Time limit per request", self.timeout)
        form.addRow("Ask for JSON as", self.response_format)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Nothing is sent when you save. Test the connection from the "
                                "list; documents leave only after you confirm the exact "
                                "redacted request.", objectName="muted", wordWrap=True))
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def tier(self) -> Tier:
        return Tier(self.name.text().strip(), self.url.text().strip(), self.model.text().strip(),
                    external=self.external.isChecked(), price_in=self.price_in.value(),
                    price_out=self.price_out.value(), timeout=self.timeout.value(),
                    response_format=str(self.response_format.currentData()))

    def save(self) -> None:
        """Store through the registry; a refusal is shown and nothing is lost."""
        tier = self.tier()
        if not tier.model:
            return self._refuse("Name the model the server should run.")
        key = self.api_key.text().strip() or None
        try:
            self.saved = self.registry.add(tier, api_key=key)
            if self.forget_key.isChecked() and not key:
                self.registry.set_api_key(tier.name, None)
        except (ValueError, EnclaveError) as exc:
            return self._refuse(_sentence(exc))
        self.accept()

    def _refuse(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.show()


def _money(value: float) -> QDoubleSpinBox:
    return QDoubleSpinBox(minimum=0, maximum=1000, decimals=4, singleStep=0.001, value=value)


def _sentence(exc: BaseException) -> str:
    text = str(exc)
    if "is not an http(s) URL" in text:  # host_port's terse wording, meant for developers
        return ("The address must start with http:// or https:// and name a server, e.g. "
                "http://10.0.0.5:8080/v1.")
    return for_window(text)


def describe(tier: Tier, registry: Any) -> str:
    """Where a tier is, in words, for lists."""
    if not tier.external:
        return "On-premises"
    return "External — blocked (air-gapped)" if registry.air_gapped else "External (cloud)"
