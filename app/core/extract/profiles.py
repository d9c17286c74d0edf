"""Extraction profiles as data: a named schema of typed fields, loaded from YAML.

Built-in profiles live in `resources/profiles/`; a user's own profiles (made in the GUI) live in
the workspace and are passed in as dicts, validated by the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.core.errors import ProfileError
from app.core.paths import PROFILES_DIR

FIELD_TYPES = {
    "text",
    "date",
    "amount",
    "identifier",
    "person",
    "organization",
    "address",
    "jurisdiction",
    "term",
    "list",
}


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
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def profile_from_dict(data: dict[str, Any], origin: str = "profile") -> Profile:
    """Validate a profile definition; every problem is one clear sentence naming `origin`."""
    try:
        name = str(data["name"]).strip()
        raw_fields = data["fields"]
    except (KeyError, TypeError) as exc:
        raise ProfileError(f"The {origin} needs a 'name' and a list of 'fields'.") from exc
    if not name.isidentifier():
        raise ProfileError(
            f"The {origin} name {name!r} must be a single word (letters, digits, _)."
        )
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ProfileError(f"The {origin} {name!r} must list at least one field.")
    specs = []
    for i, f in enumerate(raw_fields, 1):
        if not isinstance(f, dict) or "name" not in f:
            raise ProfileError(f"Field {i} of the {origin} {name!r} has no name.")
        ftype = f.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise ProfileError(
                f"Field {f['name']!r} of the {origin} {name!r} has unknown type {ftype!r}; "
                f"use one of {', '.join(sorted(FIELD_TYPES))}."
            )
        specs.append(
            FieldSpec(
                name=str(f["name"]),
                type=ftype,
                description=str(f.get("description", "")),
                labels=tuple(str(x).lower() for x in f.get("labels", []) or []),
                multiple=bool(f.get("multiple", False)),
                min_prior=float(f.get("min_prior", 0.0) or 0.0),
            )
        )
    return Profile(
        name=name,
        title=str(data.get("title", name.title())),
        description=str(data.get("description", "")),
        fields=tuple(specs),
        keywords=tuple(str(k).lower() for k in data.get("keywords", []) or []),
        summary_style=str(data.get("summary_style", "Two sentences.")),
        summary_max_tokens=int(data.get("summary_max_tokens", 120) or 120),
        summary_mode=_summary_mode(data.get("summary_mode", "model"), name, origin),
        packs=tuple(str(p) for p in data.get("packs", []) or []),
    )


def _summary_mode(value: Any, name: str, origin: str) -> str:
    mode = str(value or "model")
    if mode not in {"model", "fields"}:
        raise ProfileError(f"The {origin} {name!r} has summary_mode {mode!r}; use model or fields.")
    return mode


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
