"""The consent dialog: nothing is agreed unless the user ticks the confirmation and sends."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.consent import ConsentDialog, ConsentPayload

PAYLOAD = ConsentPayload(
    redacted_text="Patient <PERSON_1> (MRN <MRN_1>) was admitted on <DATE_1> with pneumonia.",
    destination="cloud.example (large model)", tier="cloud",
    counts={"PERSON": 1, "MEDICAL_RECORD_NUMBER": 1, "DATE_TIME": 1},
    purpose="Extract the discharge medications")


def test_cancel_means_no_consent(qtbot) -> None:  # noqa: ANN001
    dialog = ConsentDialog(PAYLOAD)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview.toPlainText() == PAYLOAD.redacted_text, "the exact payload is shown"
    assert not dialog.send.isEnabled()
    dialog.accept()  # Enter before ticking the box must not consent
    assert dialog.isVisible() and not dialog.consented
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.consented


def test_explicit_confirmation_consents(qtbot) -> None:  # noqa: ANN001
    dialog = ConsentDialog(PAYLOAD)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.confirm.setChecked(True)
    assert dialog.send.isEnabled()
    qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    assert dialog.consented
