"""The audit log: who signed in, viewed, changed or exported which record, and when.

Rows are only ever added; triggers in the schema refuse updates and deletes.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from screening.store.db import now


def record(db: sqlite_utils.Database, user_id: int | None, action: str, object: str | None,
           detail: str | None = None) -> None:
    """Add one entry; inside an open transaction it commits or rolls back with it."""
    db.conn.execute(
        "INSERT INTO audit (at, user_id, action, object, detail) VALUES (?, ?, ?, ?, ?)",
        (now(), user_id, action, object, detail))


def entries(db: sqlite_utils.Database, action: str | None = None,
            object: str | None = None) -> list[dict[str, Any]]:
    """Entries, oldest first, optionally only one action or one object."""
    where, params = [], []
    if action is not None:
        where.append("action = ?")
        params.append(action)
    if object is not None:
        where.append("object = ?")
        params.append(object)
    return list(db["audit"].rows_where(" AND ".join(where) or None, params, order_by="id"))
