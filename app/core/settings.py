"""Every workspace setting, declared once: key, type, default, label (Electrum's `ConfigVar`).

A `Setting` reads and writes one value of the workspace's (encrypted) settings table; nothing
else in `app/` touches that table. The type is enforced on the way out too, so a value stored
by an older version, or by hand, degrades to the default instead of crashing a dialog. Modules
with their own logic (`routing.tiers`, `privacy.lists`, `extract.user_profiles`, ...) keep it,
and read and write through these declarations; their audit entries stay their own, so they
write with `store` (no audit) inside their own transaction, and plain settings with `set`.

    from app.core.settings import LOCAL_MODEL
    LOCAL_MODEL.get(workspace)             # "" (the default model) or a file in models/
    LOCAL_MODEL.set(workspace, "x.gguf")   # True when it changed; audited by key

The stored form is plain JSON (a string, a number, a list of strings, a list of tier dicts...),
the same a workspace written before these declarations holds.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from app.core import actions

T = TypeVar("T")
_WRONG = object()  # what a reader returns for a value of the wrong type
_MISSING = object()


class Kind(NamedTuple):
    """A stored value's type: `read` returns the value (a fresh copy of a container) or _WRONG."""

    name: str
    read: Callable[[Any], Any]


def _scalar(*types: type) -> Callable[[Any], Any]:
    # bool is an int in Python: refuse it unless asked for, so True never reads as 1 minute.
    def read(v: Any) -> Any:
        if isinstance(v, bool) and bool not in types:
            return _WRONG
        return v if isinstance(v, types) else _WRONG
    return read


def _float(v: Any) -> Any:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else _WRONG


def _str_list(v: Any) -> Any:
    # Entries are read as text rather than the whole list refused: an "always redact" list
    # with one odd entry (an old version, an edit by hand) must not read as empty and fail
    # open. (What the lists stored before they were typed settings read the same way.)
    return [x if isinstance(x, str) else str(x) for x in v] if isinstance(v, list) else _WRONG


def _dict_list(v: Any) -> Any:
    ok = isinstance(v, list) and all(isinstance(x, dict) for x in v)
    return copy.deepcopy(v) if ok else _WRONG


def _dict_of_dicts(v: Any) -> Any:
    ok = isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, dict)
                                     for k, x in v.items())
    return copy.deepcopy(v) if ok else _WRONG


STR = Kind("text", _scalar(str))
INT = Kind("whole number", _scalar(int))
BOOL = Kind("yes or no", _scalar(bool))
FLOAT = Kind("number", _float)
STR_LIST = Kind("list of texts", _str_list)
DICT_LIST = Kind("list of records", _dict_list)
DICT_OF_DICTS = Kind("records by name", _dict_of_dicts)
_BY_DEFAULT = {str: STR, int: INT, bool: BOOL, float: FLOAT}


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting. `kind` follows from a str/int/bool/float default; a container (or a None
    default, meaning "not set": the key is absent) names it."""

    key: str
    default: T
    label: str  # what a settings page (or an error) calls it
    kind: Kind | None = None

    @property
    def type(self) -> Kind:
        return self.kind or _BY_DEFAULT[type(self.default)]

    def get(self, workspace: Any) -> T:
        value = workspace.settings.get(self.key, _MISSING)
        read = _WRONG if value is _MISSING or value is None else self.type.read(value)
        return copy.deepcopy(self.default) if read is _WRONG else read  # type: ignore[no-any-return]

    def store(self, workspace: Any, value: T) -> None:
        """Write `value` without an audit entry: for a module that records its own entry, in
        the same transaction. None (for a setting whose default is None) removes the key."""
        if value is None and self.default is None:
            workspace.settings.delete(self.key)
            return
        checked = self.type.read(value)
        if checked is _WRONG:
            raise TypeError(f"{self.label} takes a {self.type.name}, not {value!r}.")
        workspace.settings.set(self.key, checked)

    def set(self, workspace: Any, value: T) -> bool:
        """Store `value` (audited by key, never by value); False when it was already so."""
        if self.type.read(value) is _WRONG and not (value is None and self.default is None):
            raise TypeError(f"{self.label} takes a {self.type.name}, not {value!r}.")
        if self.get(workspace) == value:
            return False
        self.store(workspace, value)
        workspace.audit.record(actions.SETTINGS_CHANGE, "settings", keys=[self.key])
        return True


@dataclass(frozen=True)
class SettingFamily(Generic[T]):
    """Settings keyed by a name under one prefix (a tier's API key: `secret.tier_api_key.<tier>`).
    Not set reads as None."""

    prefix: str
    kind: Kind
    label: str

    def member(self, name: str) -> Setting[T | None]:
        return Setting(self.prefix + name, None, f"{self.label} of {name!r}", self.kind)

    def get(self, workspace: Any, name: str) -> T | None:
        return self.member(name).get(workspace)

    def store(self, workspace: Any, name: str, value: T | None) -> None:
        self.member(name).store(workspace, value)


# -- the app --------------------------------------------------------------------------------
# Which GGUF in models/ the pipeline loads; "" is the manifest's default (or ENCLAVE_MODEL).
LOCAL_MODEL: Setting[str] = Setting("ui.model", "", "Local model")
LOCK_MINUTES: Setting[int] = Setting("ui.lock_minutes", 15, "Lock after inactivity (minutes)")
# The first-run "Try the samples" offer is shown until the user takes it or dismisses it.
SAMPLES_OFFER_DONE: Setting[bool] = Setting("ui.samples_offer_done", False,
                                            "The sample documents were offered")

# -- extraction (app.core.extract.user_profiles) -------------------------------------------
# "auto" or a profile name: what new documents are read as.
DEFAULT_PROFILE: Setting[str] = Setting("profiles.default", "auto", "Default profile")
# The workspace's own profiles by name, each the dict a YAML profile file holds.
USER_PROFILES: Setting[dict[str, dict[str, Any]]] = Setting(
    "profiles.user", {}, "Your profiles", DICT_OF_DICTS)

# -- privacy (app.core.privacy.lists, .redact_types, .surrogate_setting) -------------------
ALLOW_LIST: Setting[list[str]] = Setting("privacy.allow_list", [], "Not PII", STR_LIST)
DENY_LIST: Setting[list[str]] = Setting("privacy.deny_list", [], "Always redact", STR_LIST)
# None (not set): every type, also ones added in a later version.
REDACT_TYPES: Setting[list[str] | None] = Setting("privacy.redact_types", None,
                                                  "Identifier types to redact", STR_LIST)
SURROGATES: Setting[bool] = Setting("privacy.surrogates", False, "Realistic surrogates")

# -- routing and escalation (app.core.routing.tiers) ---------------------------------------
# Each tier as `Tier.to_setting()`; the GDPR Art. 30 record lists them as recipients.
TIERS: Setting[list[dict[str, Any]]] = Setting("escalation.tiers", [], "Larger models",
                                               DICT_LIST)
AIR_GAPPED: Setting[bool] = Setting("escalation.air_gapped", False, "Air-gapped")
# A field below this confidence is "not confident": the router's and the panels' default.
THRESHOLD: Setting[float] = Setting("routing.threshold", 0.6, "Review threshold")
# On-premises escalation may be automatic; the cloud never is.
ONPREM_AUTOMATIC: Setting[bool] = Setting("routing.onprem_automatic", False,
                                          "Escalate on-premises automatically")
# Never part of a tier's value, a listing, a log line or an audit entry.
TIER_API_KEYS: SettingFamily[str] = SettingFamily("secret.tier_api_key.", STR, "The API key")

# -- the record of processing (GDPR Art. 30; app.core.audit.ropa) --------------------------
# Written by the controller (no dialog yet); "" / [] keeps the record's placeholder wording.
ROPA_CONTROLLER: Setting[str] = Setting("ropa.controller", "", "Controller")
ROPA_PURPOSES: Setting[list[str]] = Setting("ropa.purposes", [], "Purposes of processing",
                                            STR_LIST)
