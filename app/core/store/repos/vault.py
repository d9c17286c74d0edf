"""The pseudonym vault: per case, each original value maps to one stable token and back, and
(in surrogate mode) to one realistic surrogate, with the case's secret and date offset."""

from __future__ import annotations

from app.core.store.db import Database
from app.core.store.repos._util import utc_now


class VaultRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get_token(self, case_id: str, entity_type: str, original: str) -> str | None:
        """The token for `original`, matched up to case and whitespace ("JOHN  SMITH" is
        "John Smith": one person, one token)."""
        row = self._db.query_one(
            "SELECT token FROM vault WHERE case_id = ? AND entity_type = ? AND original = ?",
            (case_id, entity_type, original))
        if row:
            return row[0]
        key = fold(original)
        for token, stored in self._db.query(
                "SELECT token, original FROM vault WHERE case_id = ? AND entity_type = ?",
                (case_id, entity_type)):
            if fold(stored) == key:
                return token
        return None

    def put(self, case_id: str, entity_type: str, original: str, token: str) -> None:
        """Remember a mapping. Re-putting the same mapping is a no-op; a clash raises ValueError."""
        with self._db.tx() as c:
            existing = c.execute(
                "SELECT token FROM vault WHERE case_id = ? AND entity_type = ? AND original = ?",
                (case_id, entity_type, original)).fetchone()
            if existing is not None:
                if existing[0] != token:
                    raise ValueError("this value already has a different token in this case")
                return
            if c.execute("SELECT 1 FROM vault WHERE case_id = ? AND token = ?",
                         (case_id, token)).fetchone():
                # Two originals behind one token would make re-identification ambiguous.
                raise ValueError("this token is already used for another value in this case")
            c.execute("INSERT INTO vault VALUES (?,?,?,?,?)",
                      (case_id, entity_type, original, token, utc_now()))

    def lookup(self, case_id: str, token: str) -> str | None:
        """Re-identification: the original behind a token (callers audit this as `reidentify`)."""
        row = self._db.query_one(
            "SELECT original FROM vault WHERE case_id = ? AND token = ?", (case_id, token))
        return row[0] if row else None

    def tokens(self, case_id: str) -> dict[str, str]:
        """token → original for one case (to restore pseudonyms in a returned answer)."""
        return dict(self._db.query(
            "SELECT token, original FROM vault WHERE case_id = ?", (case_id,)))

    # -- realistic surrogates (app.core.privacy.surrogates) ----------------------------------

    def case_secret(self, case_id: str, secret: bytes, shift_days: int) -> tuple[bytes, int]:
        """The case's (secret, date shift in days); the given pair is kept if it has none.
        The first writer wins, so two processes agree on one offset per case."""
        with self._db.tx() as c:
            c.execute("INSERT OR IGNORE INTO surrogate_cases VALUES (?,?,?,?)",
                      (case_id, secret, int(shift_days), utc_now()))
            row = c.execute("SELECT secret, date_shift_days FROM surrogate_cases "
                            "WHERE case_id = ?", (case_id,)).fetchone()
        return bytes(row[0]), int(row[1])

    def get_surrogate(self, case_id: str, entity_type: str, original: str) -> str | None:
        row = self._db.query_one(
            "SELECT surrogate FROM surrogates WHERE case_id = ? AND entity_type = ? "
            "AND original_key = ?", (case_id, entity_type, fold(original)))
        return row[0] if row else None

    def put_surrogate(self, case_id: str, entity_type: str, original: str,
                      surrogate: str) -> None:
        """Remember original → surrogate. The same mapping again is a no-op; a clash (another
        surrogate for this original, or this surrogate for another original) raises ValueError."""
        with self._db.tx() as c:
            row = c.execute(
                "SELECT surrogate FROM surrogates WHERE case_id = ? AND entity_type = ? "
                "AND original_key = ?", (case_id, entity_type, fold(original))).fetchone()
            if row is not None:
                if fold(row[0]) != fold(surrogate):
                    raise ValueError("this value already has a different surrogate in this case")
                return
            if c.execute("SELECT 1 FROM surrogates WHERE case_id = ? AND surrogate_key = ?",
                         (case_id, fold(surrogate))).fetchone():
                raise ValueError("this surrogate is already used for another value in this case")
            c.execute("INSERT INTO surrogates VALUES (?,?,?,?,?,?,?)",
                      (case_id, entity_type, fold(original), original, surrogate,
                       fold(surrogate), utc_now()))

    def surrogates(self, case_id: str) -> dict[str, str]:
        """surrogate → original for one case (re-identification; callers audit it)."""
        return dict(self._db.query(
            "SELECT surrogate, original FROM surrogates WHERE case_id = ?", (case_id,)))

    def count(self, case_id: str | None = None) -> int:
        if case_id is None:
            return int(self._db.query_one("SELECT count(*) FROM vault")[0])
        return int(self._db.query_one(
            "SELECT count(*) FROM vault WHERE case_id = ?", (case_id,))[0])


def fold(value: str) -> str:
    """The form two spellings of one identifier share."""
    return " ".join(value.split()).casefold()
