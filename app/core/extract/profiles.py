"""Extraction profiles as data: a named schema of typed fields, loaded from YAML.

Built-in profiles live in `resources/profiles/`; a user's own profiles (made in the GUI) live in
the workspace and are passed in as dicts, validated by the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.core.errors import ProfileError
from app.core.extract.profile_schema import (
    FIELD_TYPES,  # noqa: F401 - the settings page lists them
    check_profile,
)
from app.core.paths import PROFILES_DIR


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    description: str
    labels: tuple[str, ...] = ()
    multiple: bool = False
    # Below this prior the rules' best guess is not offered as the value ("not found"): for a
    # field many documents lack (an NDA's term), a weak guess is more often wrong than right.
    min_prior: float = 0.0


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    keywords: tuple[str, ...] = ()
    summary_style: str = "Two sentences."
    summary_max_tokens: int = 120  # a one-sentence style needs fewer: generation is the slow part
    summary_mode: str = "model"  # "fields": the summary is the grounded fields, no generation
    # The genre rule packs (`app.core.extract.packs`) this profile's fields are read with.
    packs: tuple[str, ...] = ()

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def profile_from_dict(data: Any, origin: str = "profile") -> Profile:
    """Validate a profile definition (`profile_schema`); every problem is one clear sentence
    naming `origin`, the field and the key."""
    m = check_profile(data, origin)
    return Profile(
        name=m.name,
        title=m.title if m.title is not None else m.name.title(),
        description=m.description,
        fields=tuple(
            FieldSpec(name=f.name, type=f.type, description=f.description,
                      labels=tuple(f.labels), multiple=f.multiple, min_prior=f.min_prior)
            for f in m.fields
        ),
        keywords=tuple(m.keywords),
        summary_style=m.summary_style,
        summary_max_tokens=m.summary_max_tokens or 120,
        summary_mode=m.summary_mode,
        packs=tuple(m.packs),
    )


def load_profile_file(path: Path) -> Profile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"The profile file {path.name} could not be read: {exc}") from exc
    return profile_from_dict(data, origin=f"profile file {path.name}")


@lru_cache(maxsize=4)
def _builtin(directory: Path) -> dict[str, Profile]:
    profiles = {}
    for path in sorted(directory.glob("*.yaml")):
        p = load_profile_file(path)
        profiles[p.name] = p
    return profiles


def builtin_profiles(directory: Path = PROFILES_DIR) -> dict[str, Profile]:
    return dict(_builtin(directory))


def get_profile(name: str, extra: dict[str, Profile] | None = None) -> Profile:
    profiles = builtin_profiles()
    profiles.update(extra or {})
    try:
        return profiles[name]
    except KeyError:
        raise ProfileError(
            f"There is no profile named {name!r}; "
            f"choose one of: {', '.join(sorted(profiles))}, or auto."
        ) from None
