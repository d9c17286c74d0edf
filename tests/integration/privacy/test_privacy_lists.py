"""Workspace allow/deny lists: stored in the encrypted settings, audited without the term,
applied by a derived analyzer that shares the loaded spaCy pipeline."""

from __future__ import annotations

import hashlib

import pytest

from app.core import actions
from app.core.privacy.analyzer import PiiAnalyzer
from app.core.privacy.lists import add_allow, add_deny, load_lists, remove_allow, remove_deny


def test_lists_persist_and_audit_only_digests(workspace) -> None:
    assert load_lists(workspace) == ([], [])
    assert add_allow(workspace, "  Mary   Jones ")
    assert not add_allow(workspace, "mary jones")  # case-insensitive duplicate
    assert add_deny(workspace, "Project Falcon")
    assert load_lists(workspace) == (["Mary Jones"], ["Project Falcon"])
    assert remove_allow(workspace, "MARY JONES") and not remove_deny(workspace, "absent")
    assert load_lists(workspace) == ([], ["Project Falcon"])
    entries = [e for e in workspace.audit.entries() if e.action == actions.SETTINGS_CHANGE]
    assert len(entries) == 3
    dump = " ".join(str(e) for e in entries)
    assert "Jones" not in dump and "Falcon" not in dump
    digest = hashlib.sha256(b"project falcon").hexdigest()
    assert digest in dump and '"count":1' in dump.replace(" ", "")


def test_empty_term_is_refused(workspace) -> None:
    with pytest.raises(ValueError):
        add_deny(workspace, "   ")


def test_derived_analyzer_applies_lists(pii_analyzer: PiiAnalyzer, workspace) -> None:
    add_allow(workspace, "Mary Jones")
    add_deny(workspace, "Project Falcon")
    derived = pii_analyzer.with_lists(*load_lists(workspace))
    assert derived.nlp_engine is pii_analyzer.nlp_engine  # no reload
    text = "Mary Jones leads project  falcon with Peter Whitaker."
    got = {text[f.start:f.end]: f.type for f in derived.analyze(text)}
    assert "Mary Jones" not in got
    assert got.get("project  falcon") == "CUSTOM_TERM"
    assert "Peter Whitaker" in got
    base = {text[f.start:f.end] for f in pii_analyzer.analyze(text)}
    assert "Mary Jones" in base and "project  falcon" not in base  # the base is untouched
