"""Settings with real widgets: a profile's fields made and edited in the dialog are validated by
the core's profile code (a bad one is refused with its sentence, nothing stored) and used by the
pipeline; the entity types chosen from the analyzer's own list are stored in the workspace and
honoured by the redacted view and the redacted export ("always redact" terms included)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget

from app.core import actions
from app.core.exports import redacted_text
from app.core.extract.user_profiles import load_user_profiles, user_profile_dicts
from app.core.privacy.redact_types import load_redact_types
from app.core.settings import DEFAULT_PROFILE, REDACT_TYPES
from app.ui.settings_dialog import PROFILES, SettingsDialog
from app.ui.settings_profiles import DESCRIPTION, MULTIPLE, NAME, TYPE

from .conftest import PATIENT_TEXT, Quick, drop, make_pdf, make_window

REFERRAL = ("REFERRAL LETTER\nReferring physician: Dr. Tobias Lindqvist\n"
            "Patient: Marguerite Okonkwo-Hale\nReason: persistent cough\n")


def button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def click(qtbot, widget: QWidget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill_row(page, row: int, name: str, kind: str, desc: str, multiple: bool) -> None:  # noqa: ANN001
    page.fields.item(row, NAME).setText(name)
    page.fields.cellWidget(row, TYPE).setCurrentText(kind)
    page.fields.item(row, DESCRIPTION).setText(desc)
    page.fields.item(row, MULTIPLE).setCheckState(
        Qt.CheckState.Checked if multiple else Qt.CheckState.Unchecked)


def test_a_profile_made_in_settings_is_validated_stored_and_used(
        qtbot, workspace, pii_analyzer, tmp_path) -> None:  # noqa: ANN001
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(PROFILES)
    page = dialog.profiles
    click(qtbot, button(page, "New profile"))
    qtbot.keyClicks(page.name, "referral letter")
    fill_row(page, 0, "patient", "person", "The patient referred", False)
    click(qtbot, button(page, "Add field"))
    fill_row(page, 1, "physicians", "person", "Doctors named in the letter", True)
    qtbot.keyClicks(page.keywords, "referral, referring physician")

    click(qtbot, page.save_btn)  # two words: the core's rule for every profile name
    assert "must be a single word" in page.error.text()
    assert user_profile_dicts(workspace) == {}

    page.name.clear()
    qtbot.keyClicks(page.name, "referral")
    click(qtbot, button(page, "Add field"))  # a third field left without a name
    click(qtbot, page.save_btn)
    assert page.error.text() == "Field 3 of the profile 'referral' has no name."
    assert user_profile_dicts(workspace) == {}
    assert page.name.text() == "referral" and page.fields.rowCount() == 3  # nothing typed lost

    page.fields.selectRow(2)
    click(qtbot, button(page, "Remove field"))
    with qtbot.waitSignal(page.saved):
        click(qtbot, page.save_btn)
    assert page.error.text() == ""
    profile = load_user_profiles(workspace)["referral"]
    assert [(f.name, f.type, f.multiple) for f in profile.fields] == [
        ("patient", "person", False), ("physicians", "person", True)]
    assert profile.keywords == ("referral", "referring physician")
    assert "referral  (yours)" in [page.profiles.item(i).text()
                                   for i in range(page.profiles.count())]
    entry = [e for e in workspace.audit.entries() if e.action == actions.SETTINGS_CHANGE][-1]
    assert json.loads(entry.details)["op"] == "save"

    from app.core.pipeline import Pipeline, PipelineOptions

    letter = tmp_path / "referral.txt"
    letter.write_text(REFERRAL)
    result = Pipeline(analyzer=pii_analyzer, workspace=workspace).process(
        letter, PipelineOptions(profile="auto", use_model=False, store=False))
    assert result.profile == "referral"  # chosen automatically by its keywords
    assert set(result.fields) == {"patient", "physicians"}


def test_editing_a_built_in_profile_saves_the_workspace_version(qtbot, workspace) -> None:  # noqa: ANN001
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    page = dialog.profiles
    page.select("receipt")
    rows = page.fields.rowCount()
    page.fields.item(0, DESCRIPTION).setText("Who sold it, as printed at the top")
    click(qtbot, page.save_btn)
    mine = load_user_profiles(workspace)["receipt"]
    assert mine.fields[0].description == "Who sold it, as printed at the top"
    assert len(mine.fields) == rows
    assert button(page, "Revert to built-in").isEnabled()
    click(qtbot, button(page, "Revert to built-in"))
    assert "receipt" not in user_profile_dicts(workspace)


def test_a_profile_names_its_rule_packs_in_the_editor(qtbot, workspace) -> None:  # noqa: ANN001
    """The built-in receipt profile shows its pack ticked; a new profile starts with none (the
    general engine) and keeps the packs ticked for it."""
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    page = dialog.profiles
    page.select("receipt")
    assert [n for n, box in page.packs.items() if box.isChecked()] == ["receipt"]
    click(qtbot, button(page, "New profile"))
    assert not any(box.isChecked() for box in page.packs.values())
    qtbot.keyClicks(page.name, "shop_invoice")
    fill_row(page, 0, "total", "amount", "The amount due", False)
    page.packs["receipt"].setChecked(True)
    with qtbot.waitSignal(page.saved):
        click(qtbot, page.save_btn)
    assert load_user_profiles(workspace)["shop_invoice"].packs == ("receipt",)


def test_the_profile_for_new_documents_is_what_the_queue_uses(
        qtbot, pii_analyzer, tmp_path) -> None:  # noqa: ANN001
    from app.core.pipeline import PipelineOptions
    from app.ui.jobs import wait_for_lanes

    window = make_window(tmp_path / "ws", llm=None, analyzer=pii_analyzer)
    ws = window.session.workspace
    try:
        dialog = SettingsDialog(ws, window)
        page = dialog.profiles
        page.new_profile()
        page.name.setText("intake")
        fill_row(page, 0, "patient", "person", "Who is admitted", False)
        assert page.save()
        combo = dialog.default_profile
        combo.setCurrentIndex(combo.findData("intake"))  # refreshed after the save
        click(qtbot, dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Save))
        assert ws.settings.get(DEFAULT_PROFILE.key) == "intake"

        window.queue.options = PipelineOptions(profile="auto", store=True, use_model=False)
        drop(window.drop_zone, [make_pdf(tmp_path / "discharge.pdf", PATIENT_TEXT)])
        qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=60_000)
        item = next(iter(window.queue.items.values()))
        assert item.doc_id, item.error
        assert ws.results.get(item.doc_id).profile == "intake"
    finally:
        window.close()
        wait_for_lanes()
        window.session.close()


def test_entity_types_chosen_in_settings_are_honoured(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    findings = ws.findings.for_document(doc_id)
    page_text = ws.documents.get(doc_id).pages[0].text
    people = {page_text[f.start:f.end] for f in findings if f.type == "PERSON"}
    others = {page_text[f.start:f.end] for f in findings if f.type != "PERSON"}
    assert people and others
    known = sorted(w.session.pipeline.analyzer.entities)
    seen: dict[str, object] = {}

    def in_dialog() -> None:  # runs inside the dialog's own event loop, as a user would
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        page = dialog.entities
        qtbot.waitUntil(lambda: page.ready, timeout=30_000)
        seen["listed"] = sorted(page.list.item(i).data(Qt.ItemDataRole.UserRole)
                                for i in range(page.list.count()))
        seen["all_checked"] = page.choice() is None
        page.set_checked("PERSON", False)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, in_dialog)
    w.actions["settings"].trigger()  # File ▸ Settings…, modal until Save
    assert seen["listed"] == known and seen["all_checked"]
    assert load_redact_types(ws) == frozenset(known) - {"PERSON"}

    text = redacted_text(ws, doc_id).data.decode()
    assert all(p in text for p in people)
    assert not any(o in text for o in others)
    view = w.document_view
    assert view.redact_types == load_redact_types(ws)
    view.redacted.setChecked(True)
    shown = view._texts[1]
    assert all(p in shown for p in people)
    assert not any(o in shown for o in others)

    with qtbot.waitSignal(w.session.findings_changed, timeout=30_000):
        w.session.request_list_change(doc_id, "deny", sorted(people)[0])  # "always redact"
    assert sorted(people)[0] not in redacted_text(ws, doc_id).data.decode()

    dialog = SettingsDialog(ws, w, entities=lambda: known)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.entities.ready, timeout=10_000)
    dialog.entities.set_all(True)
    dialog.save()
    assert ws.settings.get(REDACT_TYPES.key) is None  # all types again, new ones included


def test_surrogates_chosen_in_settings_give_a_reversible_text_export(quick: Quick, qtbot) -> None:  # noqa: ANN001
    from app.core.privacy.pseudonymize import Pseudonymizer
    from app.core.privacy.surrogate_setting import DEFAULT_CASE, surrogates_enabled

    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    page_text = ws.documents.get(doc_id).pages[0].text
    people = {page_text[f.start:f.end] for f in ws.findings.for_document(doc_id)
              if f.type == "PERSON"}
    assert people and not surrogates_enabled(ws)
    assert "[PERSON]" in redacted_text(ws, doc_id).data.decode()  # labels by default

    dialog = SettingsDialog(ws, w, entities=lambda: sorted(w.session.pipeline.analyzer.entities))
    qtbot.addWidget(dialog)
    box = dialog.entities.surrogates
    assert not box.isChecked()
    box.setChecked(True)
    dialog.save()
    assert surrogates_enabled(ws)
    assert any(e.action == actions.SETTINGS_CHANGE and json.loads(e.details).get("setting") == "surrogates"
               for e in ws.audit.entries())

    text = redacted_text(ws, doc_id).data.decode()
    assert "[PERSON]" not in text and not any(p in text for p in people)
    assert text == redacted_text(ws, doc_id).data.decode()  # the same fakes every time (the vault)
    back = Pseudonymizer(ws.vault, surrogates=True).reidentify(text, DEFAULT_CASE)
    assert all(p in back for p in people)

    again = SettingsDialog(ws, w, entities=lambda: [])
    qtbot.addWidget(again)
    assert again.entities.surrogates.isChecked()  # the stored choice is shown
    again.entities.surrogates.setChecked(False)
    again.save()
    assert "[PERSON]" in redacted_text(ws, doc_id).data.decode()
