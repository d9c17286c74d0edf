from __future__ import annotations

import pytest

from app.core.store import migrations as mig
from app.core.store.db import Database, connect

KEY = b"\x11" * 32


def _db(tmp_path) -> Database:
    path = tmp_path / "m.db"
    return Database(connect(path, KEY), path)


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type IN"
                                   " ('table', 'trigger')")}


def test_fresh_database_gets_every_version(tmp_path) -> None:
    db = _db(tmp_path)
    assert mig.migrate(db) == list(range(1, len(mig.MIGRATIONS) + 1))
    assert mig.current_version(db) == len(mig.MIGRATIONS)
    assert mig.migrate(db) == []  # idempotent


def test_m001_core_tables(tmp_path) -> None:
    db = _db(tmp_path)
    mig.migrate(db, mig.MIGRATIONS[:1])
    assert {"documents", "pages", "findings", "vault", "results", "corrections",
            "escalations", "settings", "keystore"} <= _tables(db)
    assert "audit_log" not in _tables(db)


def test_m002_audit_is_append_only(tmp_path) -> None:
    db = _db(tmp_path)
    mig.migrate(db, mig.MIGRATIONS[:1])
    assert mig.migrate(db, mig.MIGRATIONS[:2]) == [2]  # exactly the missing step
    with db.tx() as c:
        c.execute("INSERT INTO audit_log VALUES (1,'t','a','x','','','success','{}','0','h')")
    for sql in ("UPDATE audit_log SET action = 'y'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"):
            with db.tx() as c:
                c.execute(sql)


def test_failed_migration_rolls_back(tmp_path) -> None:
    db = _db(tmp_path)

    def bad(c) -> None:
        c.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        mig.migrate(db, [*mig.MIGRATIONS, bad])
    assert mig.current_version(db) == len(mig.MIGRATIONS)
    assert "half" not in _tables(db)
