"""People who sign in: practitioners, service leads and admins, each in a team."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from screening.store.db import now, transaction

ROLES = ("practitioner", "service_lead", "admin")
MIN_PASSWORD_LENGTH = 12
# Passwords people pick most often (NCSC advice: a deny-list and length, no composition rules).
DENY_LIST = frozenset({
    "password1234", "123456789012", "qwertyuiop12", "passwordpassword", "letmeinletmein",
    "iloveyou1234", "welcome12345", "administrator", "changemechangeme", "screening123",
})
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user cannot be added or changed as asked; the message says why."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    team: str
    disabled: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(row["id"], row["name"], row["role"], row["team"], bool(row["disabled"]))


def generate_password() -> str:
    """A random password of 20 characters (about 120 bits), to be changed or kept in a manager."""
    return secrets.token_urlsafe(15)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if password.lower() in DENY_LIST or len(set(password)) < 4:
        raise UserError("That password is too easy to guess: choose a longer, less common one")


def add_user(db: sqlite_utils.Database, name: str, role: str, team: str,
             password: str | None = None) -> tuple[User, str]:
    """Add a user; returns the user and the password (generated when none is given)."""
    name, team = name.strip(), team.strip()
    if not name:
        raise UserError("Enter a user name")
    if role not in ROLES:
        raise UserError(f"Role must be one of: {', '.join(ROLES)}")
    if not team:
        raise UserError("Enter the team the user belongs to (for example a GP practice)")
    password = password if password is not None else generate_password()
    check_password(password)
    with transaction(db) as conn:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise UserError(f"There is already a user called {name!r}")
        cursor = conn.execute(
            "INSERT INTO users (name, password_hash, role, team, created_at) VALUES (?,?,?,?,?)",
            (name, _hasher.hash(password), role, team, now()))
        if role == "service_lead":
            conn.execute("INSERT INTO team_leads (user_id, team) VALUES (?, ?)",
                         (cursor.lastrowid, team))
    return get_user(db, int(cursor.lastrowid or 0)), password


def get_user(db: sqlite_utils.Database, user_id: int) -> User:
    return User.from_row(db.table("users").get(user_id))


def find_user(db: sqlite_utils.Database, name: str) -> User | None:
    rows = list(db["users"].rows_where("name = ?", [name]))
    return User.from_row(rows[0]) if rows else None


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> User | None:
    """The user when name and password match and the account is enabled; else None."""
    rows = list(db["users"].rows_where("name = ?", [name.strip()]))
    if not rows:
        # Spend the same time as a real check, so timing does not tell which was wrong.
        _hasher.hash(password)
        return None
    row = rows[0]
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return None if row["disabled"] else User.from_row(row)


def set_disabled(db: sqlite_utils.Database, user_id: int, disabled: bool) -> None:
    with transaction(db) as conn:
        conn.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id))


def reset_password(db: sqlite_utils.Database, user_id: int, password: str | None = None) -> str:
    password = password if password is not None else generate_password()
    check_password(password)
    with transaction(db) as conn:
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                     (_hasher.hash(password), user_id))
    return password


def list_users(db: sqlite_utils.Database) -> list[User]:
    return [User.from_row(r) for r in db["users"].rows_where(order_by="team, name")]


def led_teams(db: sqlite_utils.Database, user: User) -> list[str] | None:
    """Teams whose counts a user may see: None means every team (admins)."""
    if user.role == "admin":
        return None
    if user.role != "service_lead":
        return []
    return [r["team"] for r in db["team_leads"].rows_where("user_id = ?", [user.id])]
