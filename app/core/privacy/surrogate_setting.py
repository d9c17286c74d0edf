"""The workspace's surrogate choice: realistic fakes or tokens when it pseudonymizes.

Kept apart from `surrogates` (which loads Faker and the recognizers) so the settings dialog and
the export menu can read the choice without loading the detector into the GUI process.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from app.core import actions
from app.core.settings import SURROGATES

# The case of the desktop app's exports and of `enclave redact` without --case: one workspace,
# one consistent set of fakes, so `--reidentify --case default` reverses a GUI export.
DEFAULT_CASE = "default"


def surrogates_enabled(workspace: Any) -> bool:
    """Whether this workspace pseudonymizes with realistic surrogates (default: tokens)."""
    return SURROGATES.get(workspace)


def set_surrogates(workspace: Any, on: bool) -> None:
    """Turn surrogates on or off for the workspace; the change is audited."""
    db = getattr(workspace, "_db", None)
    with db.tx() if db is not None else nullcontext():
        SURROGATES.store(workspace, bool(on))
        workspace.audit.record(actions.SETTINGS_CHANGE, "workspace", setting="surrogates",
                               enabled=bool(on))
