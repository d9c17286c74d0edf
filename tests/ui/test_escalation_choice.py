"""Asking a larger model about chosen fields, or the summary, from the window: the choice dialog
(ticked fields, the tier), then the same consent dialog and choke point as Ctrl+E. The tier is
an in-process mock transport; the document, the analyzer and the workspace are real."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from app.ui.escalation_choice import EscalationChoiceDialog

from .conftest import Quick, mock_cloud_tier


def click(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_choice(qtbot, w, action: str) -> EscalationChoiceDialog:  # noqa: ANN001
    w.actions[action].trigger()
    dialog = w.findChild(EscalationChoiceDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def consent_dialog(qtbot, w):  # noqa: ANN001, ANN201
    qtbot.waitUntil(lambda: w.escalation.dialog is not None and w.escalation.dialog.isVisible(),
                    timeout=120_000)
    return w.escalation.dialog


def test_chosen_fields_go_out_only_through_consent(quick: Quick, qtbot, pii_analyzer) -> None:  # noqa: ANN001
    w, doc_id = quick.window, quick.doc_id
    sent = mock_cloud_tier(w, pii_analyzer)
    choice = open_choice(qtbot, w, "escalate_choose")
    assert choice.fields_choice.isChecked()
    names = [choice.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(choice.list.count())]
    assert "attending" in names and choice.tier.currentData() == "cloud"
    choice.set_checked([])
    assert not choice.prepare.isEnabled(), "nothing ticked, nothing to ask"
    choice.set_checked(["attending"])
    click(qtbot, choice.prepare)

    consent = consent_dialog(qtbot, w)
    assert consent.payload.purpose == "Re-check attending"
    assert sent == [], "nothing leaves before the yes"
    exact = consent.preview.toPlainText().encode()
    consent.confirm.setChecked(True)
    with qtbot.waitSignal(w.escalation.finished, timeout=60_000) as blocker:
        click(qtbot, consent.send)
    outcome = blocker.args[1]
    assert outcome is not None and set(outcome.accepted) == {"attending"}
    assert sent == [exact]
    schema = json.loads(sent[0])["response_format"]["json_schema"]["schema"]
    assert set(schema["properties"]) == {"attending"}, "exactly the ticked field was asked"
    stored = w.session.workspace.results.get(doc_id).fields["attending"]
    assert stored.source == "cloud" and "Lindqvist" in stored.value


def test_the_summary_is_asked_about_through_consent_too(quick: Quick, qtbot, pii_analyzer) -> None:  # noqa: ANN001
    w = quick.window
    sent = mock_cloud_tier(w, pii_analyzer)
    choice = open_choice(qtbot, w, "escalate_summary")
    assert choice.summary_choice.isChecked() and not choice.list.isEnabled()
    click(qtbot, choice.prepare)
    consent = consent_dialog(qtbot, w)
    assert consent.payload.purpose == "Write a better summary"
    assert "Okonkwo" not in consent.preview.toPlainText(), "identifiers are pseudonymised"
    with qtbot.waitSignal(w.escalation.finished, timeout=20_000) as blocker:
        click(qtbot, consent.buttons.button(consent.buttons.StandardButton.Cancel))
    assert blocker.args[1] is None and sent == []
    assert w.session.workspace.audit.entries()[-1].action == "escalation.declined"


def test_without_a_tier_the_window_says_where_to_add_one(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w = quick.window
    w.actions["escalate_choose"].trigger()
    assert w.findChild(EscalationChoiceDialog) is None
    assert w.statusBar().currentMessage() == ("No larger model is configured (add a tier in "
                                              "Settings › Tiers); nothing was sent.")
