"""The encrypted store: SQLCipher connection, keys and header, migrations, repositories.

It imports nothing from `audit` or `routing`, and from `privacy` only the plain mark type
(which imports nothing back). The `Workspace` that ties the store and the audit log together
is `app.core.workspace`, one level up.
"""

from __future__ import annotations
