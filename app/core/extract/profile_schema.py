"""What a profile definition may say, checked by pydantic: a YAML file in `resources/profiles/`,
a user's own file, or a profile saved in the workspace are all this shape.

Unknown keys are refused (`extra="forbid"`): a misspelt `lable:` would otherwise be dropped in
silence and the field read without its labels. Every problem becomes ONE `ProfileError`
sentence that names the origin, the field and the key:

    The profile file referral.yaml 'referral': field 2 ('total'): unknown key 'lable'.

The models only check and normalise; `profiles.Profile` / `FieldSpec` stay the engine's types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from app.core.errors import ProfileError

FIELD_TYPES = frozenset({
    "text", "date", "amount", "identifier", "person", "organization", "address",
    "jurisdiction", "term", "list",
})
SUMMARY_MODES = ("model", "fields")  # "fields": the summary is the grounded fields, no model


def _drop_empty(data: Any) -> Any:
    # An empty YAML key (`description:`) is None: read it as not given, i.e. the default.
    return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


class _Strict(BaseModel):
    # Numbers are text where text is asked for (a label `2020`, a keyword `401k`... as YAML
    # reads them); everything else must already be of its type.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _none_is_default(cls, data: Any) -> Any:
        return _drop_empty(data)


class FieldModel(_Strict):
    name: str
    type: str = "text"
    description: str = ""
    labels: list[str] = []
    multiple: bool = False
    min_prior: float = 0.0

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in FIELD_TYPES:
            raise ValueError(f"unknown type {value!r}; use one of {', '.join(sorted(FIELD_TYPES))}")
        return value

    @field_validator("labels")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [x.lower() for x in value]


class ProfileModel(_Strict):
    name: str
    fields: list[FieldModel]
    title: str | None = None  # None: the name, title-cased
    description: str = ""
    keywords: list[str] = []
    summary_style: str = "Two sentences."
    summary_max_tokens: int = 120  # 0 reads as the default too
    summary_mode: str = "model"
    packs: list[str] = []  # the genre rule packs (`app.core.extract.packs`), by name

    @field_validator("keywords")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [x.lower() for x in value]

    @field_validator("summary_mode")
    @classmethod
    def _mode(cls, value: str) -> str:
        mode = value or "model"
        if mode not in SUMMARY_MODES:
            raise ValueError(f"summary_mode is {mode!r}; use model or fields")
        return mode


def check_profile(data: Any, origin: str) -> ProfileModel:
    """`data` checked and normalised, or the one sentence that says what is wrong with it."""
    if not isinstance(data, dict) or "name" not in data or "fields" not in data:
        raise ProfileError(f"The {origin} needs a 'name' and a list of 'fields'.")
    name = str(data["name"]).strip()
    if not name.isidentifier():
        raise ProfileError(
            f"The {origin} name {name!r} must be a single word (letters, digits, _).")
    raw_fields = data["fields"]
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ProfileError(f"The {origin} {name!r} must list at least one field.")
    for i, f in enumerate(raw_fields, 1):
        if not isinstance(f, dict) or f.get("name") is None:
            raise ProfileError(f"Field {i} of the {origin} {name!r} has no name.")
    try:
        return ProfileModel.model_validate({**data, "name": name})
    except ValidationError as exc:
        raise ProfileError(f"The {origin} {name!r}: {_problem(exc.errors()[0], raw_fields)}.") \
            from None


_WANTS = {"float": "a number", "int": "a whole number", "bool": "true or false",
          "string": "text", "list": "a list", "dict": "a mapping", "model": "a mapping"}


def _problem(error: Any, raw_fields: list[Any]) -> str:
    """'field 2 ('total'): unknown key 'lable'' from pydantic's first error."""
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == "fields" and isinstance(loc[1], int):
        i = loc[1]
        where = f"field {i + 1} ({raw_fields[i].get('name')!r}): "
        loc = loc[2:]
    key = str(loc[0]) if loc else "fields"
    kind = str(error["type"])
    if kind == "extra_forbidden":
        return f"{where}unknown key {key!r}"
    if kind == "value_error":  # our own validators' wording
        return where + str(error["ctx"]["error"])
    wants = next((w for prefix, w in _WANTS.items() if kind.startswith(prefix)), "")
    item = f" (item {loc[1] + 1})" if len(loc) > 1 and isinstance(loc[1], int) else ""
    if wants:
        return f"{where}{key!r}{item} must be {wants}, not {error['input']!r}"
    return f"{where}{key!r}{item}: {str(error['msg']).lower()}"
