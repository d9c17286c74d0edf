"""The encrypted store: SQLCipher connection, migrations, repositories, the Workspace.

    from app.core.store import Workspace, KdfParams

Names are resolved lazily so that `app.core.audit` (which the workspace uses) can import
`app.core.store.db` without a circular import.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KdfParams", "Workspace"]


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from app.core.store.workspace import Workspace

        return Workspace
    if name == "KdfParams":
        from app.core.store.keys import KdfParams

        return KdfParams
    raise AttributeError(name)
