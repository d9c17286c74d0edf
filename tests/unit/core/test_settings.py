"""Every setting declared once (`app.core.settings`), typed on the way in and out, in the stored
form a workspace written before the declarations holds; nothing else touches the table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from app.core import settings as S
from app.core.actions import SETTINGS_CHANGE

APP = Path(__file__).resolve().parents[3] / "app"
ALLOWED = {APP / "core" / "settings.py", APP / "core" / "store" / "repos" / "settings.py"}


def declared() -> list[S.Setting[Any]]:
    return [v for v in vars(S).values() if isinstance(v, S.Setting)]


def test_each_key_is_declared_once() -> None:
    keys = [s.key for s in declared()]
    assert len(keys) == len(set(keys)) and all(s.label for s in declared())
    assert not any(k.startswith(S.TIER_API_KEYS.prefix) for k in keys)


def test_nothing_else_reads_or_writes_the_table() -> None:
    raw = re.compile(r"\.settings\.(get|set|delete|all)\(")
    offenders = [f"{p.relative_to(APP.parent)}:{n}" for p in APP.rglob("*.py") if p not in ALLOWED
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if raw.search(line)]
    assert offenders == []


@pytest.mark.parametrize(("setting", "good", "wrong"), [
    (S.THRESHOLD, 0.8, "0.8"),
    (S.AIR_GAPPED, True, 1),
    (S.ALLOW_LIST, ["Acme"], "Acme"),
    (S.TIERS, [{"name": "onprem"}], [{"name": "onprem"}, "x"]),
    (S.USER_PROFILES, {"a": {"name": "a"}}, {"a": ["not", "a", "dict"]}),
    (S.DEFAULT_PROFILE, "receipt", None),
])
def test_a_wrong_stored_type_reads_as_the_default(workspace: Any, setting: S.Setting[Any],
                                                  good: Any, wrong: Any) -> None:
    workspace.settings.set(setting.key, wrong)  # stored by hand, or by an older version
    assert setting.get(workspace) == setting.default
    with pytest.raises(TypeError, match=re.escape(setting.label)):
        setting.store(workspace, wrong)
    setting.store(workspace, good)
    assert setting.get(workspace) == good
    assert workspace.settings.get(setting.key) == good  # the plain JSON, as before


def test_a_list_entry_of_another_type_reads_as_text_not_as_an_empty_list(
        workspace: Any) -> None:
    """An "always redact" list must never fail open: one odd entry (an older version, an edit
    by hand) is read as its text, and the other terms stay."""
    workspace.settings.set(S.DENY_LIST.key, ["Okonkwo-Hale", 4471])
    assert S.DENY_LIST.get(workspace) == ["Okonkwo-Hale", "4471"]
    S.DENY_LIST.store(workspace, ["Okonkwo-Hale", 4471])
    assert workspace.settings.get(S.DENY_LIST.key) == ["Okonkwo-Hale", "4471"]


def test_a_float_setting_reads_a_whole_number(workspace: Any) -> None:
    workspace.settings.set(S.THRESHOLD.key, 1)
    assert S.THRESHOLD.get(workspace) == 1.0 and isinstance(S.THRESHOLD.get(workspace), float)


def test_a_container_default_is_never_shared(workspace: Any) -> None:
    S.ALLOW_LIST.get(workspace).append("leaked")
    assert S.ALLOW_LIST.get(workspace) == [] and S.ALLOW_LIST.default == []


def test_a_none_default_means_the_key_is_absent(workspace: Any) -> None:
    assert S.REDACT_TYPES.get(workspace) is None
    S.REDACT_TYPES.store(workspace, ["PERSON"])
    assert S.REDACT_TYPES.get(workspace) == ["PERSON"]
    S.REDACT_TYPES.store(workspace, None)
    assert S.REDACT_TYPES.key not in workspace.settings.all()


def test_set_audits_the_key_once_and_store_not_at_all(workspace: Any) -> None:
    def changes() -> int:
        return sum(e.action == SETTINGS_CHANGE for e in workspace.audit.entries())

    before = changes()
    S.ROPA_CONTROLLER.store(workspace, "Clinic A")
    assert changes() == before
    assert S.DEFAULT_PROFILE.set(workspace, "nda") and not S.DEFAULT_PROFILE.set(workspace, "nda")
    assert changes() == before + 1


def test_a_family_keeps_one_key_per_name(workspace: Any) -> None:
    keys = S.TIER_API_KEYS
    assert keys.get(workspace, "cloud") is None
    keys.store(workspace, "cloud", "sk-1")
    assert workspace.settings.get("secret.tier_api_key.cloud") == "sk-1"  # the stored form
    assert keys.get(workspace, "cloud") == "sk-1" and keys.get(workspace, "other") is None
    keys.store(workspace, "cloud", None)
    assert "secret.tier_api_key.cloud" not in workspace.settings.all()
