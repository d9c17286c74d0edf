"""Workspace settings the front ends share, each declared once: key, type, default, label.

A `Setting` reads and writes one value of the workspace's (encrypted) settings table. The type
is enforced on the way out too, so a value stored by an older version, or by hand, degrades to
the default instead of crashing a dialog. Settings with their own logic stay beside it
(`routing.tiers`, `privacy.redact_types`, `extract.user_profiles`, ...); the plain ones live here.

    from app.core.settings import LOCAL_MODEL
    LOCAL_MODEL.get(workspace)             # "" (the default model) or a file in models/
    LOCAL_MODEL.set(workspace, "x.gguf")   # True when it changed; audited
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.core import actions

T = TypeVar("T", str, int, bool)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    label: str  # what a settings page calls it

    @property
    def type(self) -> type:
        return type(self.default)

    def get(self, workspace: Any) -> T:
        value = workspace.settings.get(self.key, self.default)
        # bool is an int in Python: check it first so True never reads as 1 minute.
        if isinstance(value, bool) != (self.type is bool) or not isinstance(value, self.type):
            return self.default
        return value  # type: ignore[no-any-return]

    def set(self, workspace: Any, value: T) -> bool:
        """Store `value` (audited by key, never by value); False when it was already so."""
        if not isinstance(value, self.type) or isinstance(value, bool) != (self.type is bool):
            raise TypeError(f"{self.label} takes a {self.type.__name__}, not {value!r}.")
        if self.get(workspace) == value:
            return False
        workspace.settings.set(self.key, value)
        workspace.audit.record(actions.SETTINGS_CHANGE, "settings", keys=[self.key])
        return True


# Which GGUF in models/ the pipeline loads; "" is the manifest's default (or ENCLAVE_MODEL).
LOCAL_MODEL: Setting[str] = Setting("ui.model", "", "Local model")
LOCK_MINUTES: Setting[int] = Setting("ui.lock_minutes", 15, "Lock after inactivity (minutes)")
# The first-run "Try the samples" offer is shown until the user takes it or dismisses it.
SAMPLES_OFFER_DONE: Setting[bool] = Setting("ui.samples_offer_done", False,
                                            "The sample documents were offered")
