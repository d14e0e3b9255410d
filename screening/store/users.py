"""People who sign in: practitioners, service leads, admins and the workers of a receiving
service, each in a team."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils.db import NotFoundError

from screening.store import sign_ins
from screening.store.db import now, rows, transaction
from screening.store.sign_in_limits import name_key
from screening.store.upgrades import name_key as user_name_key
from screening.wording import N_, Nn_, Template, Wording

ROLES = ("practitioner", "service_lead", "admin", "service_worker")
# The one role that belongs to a service of services.json: it answers that service's referrals.
SERVICE_WORKER = "service_worker"
# NCSC password guidance: length and a deny-list of common choices, no composition rules.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
DENY_LIST_FILE = Path(__file__).with_name("common_passwords.txt")
# Runs along a keyboard or the alphabet, which deny-lists only catch at some lengths.
SEQUENCES = ("01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz",
             "zyxwvutsrqponmlkjihgfedcba", "qwertyuiopasdfghjklzxcvbnm",
             "1qaz2wsx3edc4rfv5tgb6yhn7ujm")
_EDGES = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_REPEATED = re.compile(r"(.+?)\1+", re.S)
_hasher = PasswordHasher()

# Why a user cannot be added or changed: said by the command line in its own language.
PASSWORD_TOO_SHORT = Template("password_too_short", *Nn_(
    "The password must be at least %(count)s character long",
    "The password must be at least %(count)s characters long"))
PASSWORD_TOO_LONG = Template("password_too_long", *Nn_(
    "The password must be %(count)s character or fewer",
    "The password must be %(count)s characters or fewer"))
PASSWORD_HAS_NAME = Template("password_has_name", N_("The password must not contain the user "
                                                     "name"))
PASSWORD_TOO_EASY = Template("password_too_easy", N_(
    "That password is too easy to guess: choose a longer, less common one, for example three "
    "random words"))
ENTER_NAME = Template("enter_user_name", N_("Enter a user name"))
UNKNOWN_ROLE = Template("unknown_role", N_("Role must be one of: %(roles)s"))
ENTER_TEAM = Template("enter_team", N_("Enter the team the user belongs to (for example a GP "
                                       "practice)"))
WRONG_PASSWORD = Template("wrong_current_password", N_(
    "Enter your current password correctly"))
SAME_PASSWORD = Template("same_password", N_("Choose a new password, not the one you have now"))
NAME_TAKEN = Template("user_exists", N_("There is already a user called %(name)s"))
NAME_TAKEN_OTHER_CASE = Template("user_exists_other_case", N_(
    "There is already a user called %(existing)s: user names are the same in any case, so "
    "%(name)s would be the same person. Choose another name"))
# What an administrator is told after changing how someone signs in, by the command or the page.
CANNOT_SIGN_IN = Template("user_disabled", N_("%(name)s can no longer sign in."))
CAN_SIGN_IN_AGAIN = Template("user_enabled", N_("%(name)s can sign in again."))
PASSWORD_ALLOWED = Template("user_password_allowed", N_(
    "%(name)s can sign in with their password again."))
ORGANISATION_ONLY = Template("user_sso_only", N_(
    "%(name)s can only sign in with their organisation account."))
EMAIL_FORMAT = Template("email_format", N_("Enter an e-mail address in the correct format, like "
                                           "name@example.nhs.uk"))
EMAIL_TAKEN = Template("email_exists", N_("There is already a user with the e-mail address "
                                          "%(email)s"))
# One @, something either side, a dot in the domain and no spaces: the provider's verified
# claim is what proves an address; this only catches a mistyped one.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ENTER_SERVICE = Template("enter_service", N_(
    "A service worker belongs to one service: give one of %(services)s"))
UNKNOWN_SERVICE = Template("unknown_service", N_(
    "There is no service %(service)s that receives referrals: give one of %(services)s"))
SERVICE_NOT_FOR_ROLE = Template("service_not_for_role", N_(
    "Only a service worker belongs to a service: leave the service out for this role"))


class UserError(ValueError):
    """A user cannot be added or changed as asked; `wording` says why, in any language."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording
        super().__init__(wording.english())


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    team: str
    disabled: bool
    email: str | None = None
    sso_only: bool = False
    service: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(row["id"], row["name"], row["role"], row["team"], bool(row["disabled"]),
                   row.get("email"), bool(row.get("sso_only")), row.get("service"))


def generate_password(name: str = "") -> str:
    """A random password of 20 characters (about 120 bits), to be changed or kept in a manager."""
    while True:
        password = secrets.token_urlsafe(15)
        try:
            check_password(password, name)
        except UserError:
            continue  # astronomically rare: it happened to contain the name
        return password


@cache
def deny_list() -> frozenset[str]:
    """The common passwords in common_passwords.txt, lower case."""
    lines = DENY_LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines
                     if line.strip() and not line.startswith("#"))


def too_easy(password: str) -> bool:
    """A common password, one with digits or symbols stuck on, a repeat or a keyboard run."""
    lowered = password.lower()
    core = _EDGES.sub("", lowered)
    return (lowered in deny_list() or core in deny_list() or len(set(lowered)) < 4
            or _REPEATED.fullmatch(lowered) is not None
            or any(lowered in run for run in SEQUENCES))


def check_password(password: str, name: str = "") -> None:
    """Refuse a password too short, too long, common, or made from the user's name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(PASSWORD_TOO_SHORT(count=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(PASSWORD_TOO_LONG(count=MAX_PASSWORD_LENGTH))
    if len(name.strip()) >= 3 and name.strip().casefold() in password.casefold():
        raise UserError(PASSWORD_HAS_NAME())
    if too_easy(password):
        raise UserError(PASSWORD_TOO_EASY())


def checked_email(email: str | None) -> str | None:
    """The address as typed, without surrounding spaces; None for none. Refuses a malformed one."""
    email = (email or "").strip()
    if not email:
        return None
    if not _EMAIL.fullmatch(email):
        raise UserError(EMAIL_FORMAT())
    return email


def check_service(role: str, service: str | None, services: Collection[str]) -> None:
    """A service worker names one of `services` (those that receive referrals); no one else
    names any."""
    known = ", ".join(sorted(services))
    if role != SERVICE_WORKER:
        if service:
            raise UserError(SERVICE_NOT_FOR_ROLE())
        return
    if not service:
        raise UserError(ENTER_SERVICE(services=known))
    if service not in services:
        raise UserError(UNKNOWN_SERVICE(service=repr(service), services=known))


def add_user(db: sqlite_utils.Database, name: str, role: str, team: str,
             password: str | None = None, email: str | None = None,
             service: str | None = None, services: Collection[str] = ()) -> tuple[User, str]:
    """Add a user; returns the user and the password (generated when none is given). With an
    e-mail address they can also sign in with their organisation account; a service worker's
    service must be one of `services`."""
    name, team, email = name.strip(), team.strip(), checked_email(email)
    if not name:
        raise UserError(ENTER_NAME())
    if role not in ROLES:
        raise UserError(UNKNOWN_ROLE(roles=list(ROLES)))
    check_service(role, service, services)
    if not team:
        raise UserError(ENTER_TEAM())
    password = password if password is not None else generate_password(name)
    check_password(password, name)
    with transaction(db) as conn:
        for row in rows(db, "SELECT name FROM users WHERE name_key = ? OR name = ?",
                        (user_name_key(name), name)):
            existing = row["name"]
            if existing == name:
                raise UserError(NAME_TAKEN(name=repr(name)))
            raise UserError(NAME_TAKEN_OTHER_CASE(name=repr(name), existing=repr(existing)))
        if email and rows(db, "SELECT 1 FROM users WHERE lower(email) = lower(?)", (email,)):
            raise UserError(EMAIL_TAKEN(email=email))
        cursor = conn.execute(
            "INSERT INTO users (name, name_key, password_hash, role, team, service, created_at, "
            "email) VALUES (?,?,?,?,?,?,?,?)",
            (name, user_name_key(name), _hasher.hash(password), role, team, service or None,
             now(), email))
        if role == "service_lead":
            conn.execute("INSERT INTO team_leads (user_id, team) VALUES (?, ?)",
                         (cursor.lastrowid, team))
    return get_user(db, int(cursor.lastrowid or 0)), password


def get_user(db: sqlite_utils.Database, user_id: int) -> User:
    # Straight SQL: sqlite-utils' .get() reads the table's structure first, on every request.
    for row in rows(db, "SELECT * FROM users WHERE id = ?", (user_id,)):
        return User.from_row(row)
    raise NotFoundError(f"no user {user_id}")


def _row_named(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    """The user with this name in any case. Two names that differed only in case before names
    were compared so (screening/store/upgrades.py) both stay: then only the exact name finds
    one, so neither person signs in as the other."""
    found = rows(db, "SELECT * FROM users WHERE name_key = ? OR name = ? ORDER BY id",
                 (user_name_key(name), name.strip()))
    if len(found) > 1:
        found = [row for row in found if row["name"] == name.strip()]
    return found[0] if len(found) == 1 else None


def find_user(db: sqlite_utils.Database, name: str) -> User | None:
    """The user called this, in any case."""
    row = _row_named(db, name)
    return User.from_row(row) if row else None


def same_in_any_case(db: sqlite_utils.Database) -> list[tuple[str, ...]]:
    """Names that differ only in case, kept from before names were compared so."""
    return [tuple(str(row["names"]).split("\n")) for row in rows(
        db, "SELECT group_concat(name, char(10)) AS names FROM users WHERE name_key IS NOT NULL "
        "GROUP BY name_key HAVING count(*) > 1")]


def find_by_email(db: sqlite_utils.Database, email: str) -> dict[str, Any] | None:
    """The user row whose address is this one, whatever its letter case; None if none."""
    for row in rows(db, "SELECT * FROM users WHERE lower(email) = lower(?)", (email.strip(),)):
        return row
    return None


def remember_sub(db: sqlite_utils.Database, user_id: int, sub: str) -> None:
    """Keep the provider's subject seen on a user's first organisation sign-in."""
    with transaction(db) as conn:
        conn.execute("UPDATE users SET oidc_sub = ? WHERE id = ? AND oidc_sub IS NULL",
                     (sub, user_id))


def set_email(db: sqlite_utils.Database, user_id: int, email: str) -> None:
    """Give an existing user the address their organisation account must have. A new address
    forgets the remembered subject: the next organisation sign-in remembers it afresh."""
    checked = checked_email(email)
    if checked is None:
        raise UserError(EMAIL_FORMAT())
    with transaction(db) as conn:
        if rows(db, "SELECT 1 FROM users WHERE lower(email) = lower(?) AND id != ?",
                (checked, user_id)):
            raise UserError(EMAIL_TAKEN(email=checked))
        conn.execute("UPDATE users SET email = ?, oidc_sub = NULL WHERE id = ?",
                     (checked, user_id))


def set_sso_only(db: sqlite_utils.Database, user_id: int, sso_only: bool) -> None:
    """Refuse (or allow again) signing in with the local password: organisation account only."""
    with transaction(db) as conn:
        conn.execute("UPDATE users SET sso_only = ? WHERE id = ?", (int(sso_only), user_id))


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> User | None:
    """The user when name (in any case) and password match and the account is enabled."""
    row = _row_named(db, name)
    if row is None:
        # Spend the same time as a real check, so timing does not tell which was wrong.
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return None if row["disabled"] else User.from_row(row)


def set_disabled(db: sqlite_utils.Database, user_id: int, disabled: bool) -> None:
    """Disable (ending every sign-in of the account at once) or enable a user."""
    with transaction(db) as conn:
        conn.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id))
        if disabled:
            sign_ins.end_all(conn, user_id, "account disabled")


def reset_password(db: sqlite_utils.Database, user_id: int, password: str | None = None) -> str:
    name = get_user(db, user_id).name
    password = password if password is not None else generate_password(name)
    check_password(password, name)
    with transaction(db) as conn:
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                     (_hasher.hash(password), user_id))
        # A new password lifts a lock-out: the person can sign in with it at once; and whoever
        # was signed in with the old one (perhaps not the person) is signed out.
        conn.execute("DELETE FROM sign_in_failures WHERE name = ?", (name_key(name),))
        sign_ins.end_all(conn, user_id, "password reset")
    return password


def change_own_password(db: sqlite_utils.Database, user_id: int, current: str, new: str,
                        keep_token: str) -> int:
    """A signed-in person changes their own password: the current one must be right and the new
    one pass the same rules as everywhere. Their other sign-ins end (a copied cookie, a
    forgotten shared computer); the one with keep_token stays. How many were ended."""
    row = next(iter(rows(db, "SELECT name, password_hash FROM users WHERE id = ?", (user_id,))))
    try:
        _hasher.verify(str(row["password_hash"]), current)
    except (VerificationError, InvalidHashError):
        raise UserError(WRONG_PASSWORD()) from None
    if new == current:
        raise UserError(SAME_PASSWORD())
    check_password(new, str(row["name"]))
    with transaction(db) as conn:
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                     (_hasher.hash(new), user_id))
        return sign_ins.end_others(conn, user_id, keep_token, "password changed")


def list_users(db: sqlite_utils.Database) -> list[User]:
    return [User.from_row(r) for r in rows(db, "SELECT * FROM users ORDER BY team, name")]


def led_teams(db: sqlite_utils.Database, user: User) -> list[str] | None:
    """Teams whose counts a user may see: None means every team (admins)."""
    if user.role == "admin":
        return None
    if user.role != "service_lead":
        return []
    return [str(r["team"]) for r in rows(db, "SELECT team FROM team_leads WHERE user_id = ?",
                                         (user.id,))]


def receiving_teams(db: sqlite_utils.Database, service: str) -> list[str]:
    """The teams of a service with someone to answer its referrals in the tool (none: it
    cannot receive them here), in order."""
    return [str(r["team"]) for r in rows(
        db, "SELECT DISTINCT team FROM users WHERE role = ? AND service = ? AND disabled = 0 "
            "ORDER BY team", (SERVICE_WORKER, service))]
