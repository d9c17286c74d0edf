"""A workspace's own profiles: validated by the YAML profiles' code, stored, audited, used
over a built-in of the same name; and the redaction-type choice, "always redact" included."""

from __future__ import annotations

import json

import pytest

from app.core import actions
from app.core.documents import Finding
from app.core.errors import ProfileError
from app.core.extract.profiles import builtin_profiles
from app.core.extract.user_profiles import (
    delete_user_profile,
    load_user_profiles,
    profile_to_dict,
    save_user_profile,
)
from app.core.privacy.redact_types import for_redaction, load_redact_types, save_redact_types
from app.core.settings import USER_PROFILES


def test_a_saved_profile_round_trips_and_is_audited_without_values(workspace) -> None:  # noqa: ANN001
    data = {"name": "referral", "keywords": ["referral"],
            "fields": [{"name": "patient", "type": "person", "description": "Who"},
                       {"name": "drugs", "type": "list", "multiple": True}]}
    profile = save_user_profile(workspace, data)
    assert load_user_profiles(workspace) == {"referral": profile}
    assert [f.multiple for f in profile.fields] == [False, True]
    last = [e for e in workspace.audit.entries() if e.action == actions.SETTINGS_CHANGE][-1]
    assert json.loads(last.details) == {"op": "save", "fields": 2}
    assert delete_user_profile(workspace, "referral") and not load_user_profiles(workspace)


@pytest.mark.parametrize(("data", "sentence"), [
    ({"name": "x", "fields": [{"name": "a", "type": "colour"}]}, "unknown type 'colour'"),
    ({"name": "x", "fields": []}, "must list at least one field"),
    ({"name": "auto", "fields": [{"name": "a"}]}, "'auto' means choose"),
    ({"name": "x", "fields": [{"name": "a"}, {"name": "a"}]}, "names a field twice"),
    ({"name": "x", "fields": [{"name": "due date"}]}, "must be a single word"),
])
def test_a_bad_profile_is_one_sentence_and_stores_nothing(workspace, data, sentence) -> None:  # noqa: ANN001
    with pytest.raises(ProfileError, match=sentence):
        save_user_profile(workspace, data)
    assert load_user_profiles(workspace) == {}


def test_a_stored_profile_with_an_unknown_key_is_refused_or_left_out(workspace) -> None:  # noqa: ANN001
    data = {"name": "x", "fields": [{"name": "a", "colour": "red"}]}
    with pytest.raises(ProfileError, match=r"The profile 'x': field 1 \('a'\): unknown key 'colour'"):
        save_user_profile(workspace, data)
    USER_PROFILES.store(workspace, {"x": data})  # stored by an older, laxer version
    assert load_user_profiles(workspace) == {}  # left out rather than stopping every document


def test_a_built_in_edited_and_renamed(workspace) -> None:  # noqa: ANN001
    receipt = profile_to_dict(builtin_profiles()["receipt"])
    assert save_user_profile(workspace, receipt) == builtin_profiles()["receipt"]  # lossless
    receipt["name"] = "till_slip"
    save_user_profile(workspace, receipt, replaces="receipt")
    assert set(load_user_profiles(workspace)) == {"till_slip"}


def test_redaction_types_keep_always_redact_terms(workspace) -> None:  # noqa: ANN001
    found = [Finding("PERSON", 1, 0, 4, 0.9), Finding("DATE_TIME", 1, 5, 9, 0.9),
             Finding("CUSTOM_TERM", 1, 10, 14, 1.0)]
    assert load_redact_types(workspace) is None and for_redaction(found, None) == found
    assert save_redact_types(workspace, ["DATE_TIME"])
    assert not save_redact_types(workspace, ["DATE_TIME"])  # unchanged: nothing audited
    types = load_redact_types(workspace)
    assert [f.type for f in for_redaction(found, types)] == ["DATE_TIME", "CUSTOM_TERM"]
    assert save_redact_types(workspace, None) and load_redact_types(workspace) is None
