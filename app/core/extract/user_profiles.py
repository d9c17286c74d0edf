"""A workspace's own extraction profiles (made in the settings dialog), stored as the same
dicts a YAML profile file holds and validated by the same code (`profile_from_dict`).

They live in the workspace's settings (`settings.USER_PROFILES`, encrypted with everything
else); which profile new documents are read as is `settings.DEFAULT_PROFILE`. A user profile
with a built-in profile's name replaces it for this workspace: that is how a user edits the
fields of a built-in profile without touching `resources/profiles/`.

    save_user_profile(ws, {"name": "referral", "fields": [{"name": "patient", "type": "person"}]})
    Pipeline(workspace=ws).process(path)   # "auto" now also considers "referral"
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from app.core import actions
from app.core.errors import ProfileError
from app.core.extract.profiles import Profile, profile_from_dict
from app.core.settings import USER_PROFILES


def _stored(workspace: Any) -> dict[str, dict[str, Any]]:
    return USER_PROFILES.get(workspace)


def user_profile_dicts(workspace: Any) -> dict[str, dict[str, Any]]:
    """The stored definitions, by name (for editing)."""
    return _stored(workspace)


def load_user_profiles(workspace: Any) -> dict[str, Profile]:
    """The workspace's valid profiles. A stored definition that no longer validates (the
    schema grew stricter) is left out rather than stopping every document."""
    out: dict[str, Profile] = {}
    if workspace is None:
        return out
    for name, data in _stored(workspace).items():
        try:
            out[name] = profile_from_dict(data, origin="workspace profile")
        except ProfileError:
            continue
    return out


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """A profile as the dict `profile_from_dict` reads (to start editing a built-in one)."""
    return {
        "name": profile.name, "title": profile.title, "description": profile.description,
        "keywords": list(profile.keywords), "summary_style": profile.summary_style,
        "summary_max_tokens": profile.summary_max_tokens, "summary_mode": profile.summary_mode,
        "fields": [{"name": f.name, "type": f.type, "description": f.description,
                    "labels": list(f.labels), "multiple": f.multiple,
                    **({"min_prior": f.min_prior} if f.min_prior else {})}
                   for f in profile.fields],
        **({"packs": list(profile.packs)} if profile.packs else {}),
    }


def save_user_profile(workspace: Any, data: dict[str, Any], replaces: str = "") -> Profile:
    """Validate `data` and store it (audited: name and field count, never values).
    `replaces`: the name it was stored under before, when the user renamed it."""
    profile = profile_from_dict(data, origin="profile")
    if profile.name == "auto":
        raise ProfileError("'auto' means choose the profile automatically; name the profile "
                           "something else.")
    names = [f.name for f in profile.fields]
    for n in names:
        if not n.isidentifier():
            raise ProfileError(f"Field name {n!r} of the profile {profile.name!r} must be a "
                               "single word (letters, digits, _).")
    if len(set(names)) != len(names):
        raise ProfileError(f"The profile {profile.name!r} names a field twice.")
    stored = _stored(workspace)
    if replaces and replaces != profile.name:
        stored.pop(replaces, None)
    stored[profile.name] = profile_to_dict(profile)  # the validated, normalised form
    _write(workspace, stored, "save", profile.name, fields=len(profile.fields))
    return profile


def delete_user_profile(workspace: Any, name: str) -> bool:
    stored = _stored(workspace)
    if stored.pop(name, None) is None:
        return False
    _write(workspace, stored, "delete", name)
    return True


def _write(workspace: Any, stored: dict[str, dict[str, Any]], op: str, name: str,
           **extra: Any) -> None:
    # The setting and its audit entry commit together (both join the outer transaction).
    db = getattr(workspace, "_db", None)
    with db.tx() if db is not None else nullcontext():
        USER_PROFILES.store(workspace, stored)
        workspace.audit.record(actions.SETTINGS_CHANGE, "profile", name, op=op, **extra)
