"""Encryption at rest: answers, free text and handovers are sealed with AES-GCM.

The key lives in the environment or the instance folder, never in the database, so a database
file on its own reveals no answer. Each value is bound to its row and column (associated data),
so a value copied into another row fails to open just as a changed one does.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import weakref
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "gcm1:"
NONCE_BYTES = 12


class DataKeyError(ValueError):
    """The data key is missing or malformed."""


class TamperedRecord(ValueError):
    """A stored value failed its integrity check: changed outside the tool, or the wrong key."""

    def __init__(self, message: str, row: str = "", column: str = "") -> None:
        self.row, self.column = row, column
        super().__init__(message)


def load_or_create_key(configured: str | None, instance: Path, file_name: str = "data_key",
                       setting: str = "SCREENING_DATA_KEY") -> bytes:
    """The key from the setting, else from instance/FILE_NAME (made once, mode 600)."""
    if configured:
        return _decode(configured, setting)
    path = instance / file_name
    if not path.exists():
        from screening.store.db import make_private_folder

        make_private_folder(instance)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
    return _decode(path.read_text().strip(), str(path))


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise DataKeyError(f"{where} must be 32 random bytes written in base64; make one with: "
                           "python3 -c 'import os, base64; "
                           "print(base64.b64encode(os.urandom(32)).decode())'")
    return key


class Sealer:
    """Seals and opens values for one key; the row id and column are bound into each value.
    With a second, separate key it also gives keyed pseudonyms for counting repeat disclosures."""

    def __init__(self, key: bytes, pseudonym_key: bytes | None = None) -> None:
        self._aead = AESGCM(key)
        # A separate key for fingerprints, derived so the data key itself is never an HMAC key.
        self._fingerprint_key = hmac.new(key, b"screening fingerprint key", hashlib.sha256
                                         ).digest()
        self._pseudonym_key = pseudonym_key

    def fingerprint(self, text: str, purpose: str) -> str:
        """A keyed hash (HMAC-SHA-256, 16 bytes shown) of some text: the same text gives the same
        fingerprint, so repeats can be followed, but without the key nobody can test guesses."""
        message = f"{purpose}\n{text}".encode()
        return hmac.new(self._fingerprint_key, message, hashlib.sha256).hexdigest()[:32]

    def pseudonym(self, team: str, record_number: str | None) -> str | None:
        """HMAC-SHA256 of the team and its local record number: the same person in the same
        team always gives the same value, which cannot be turned back into the number without
        the key. The team is part of it because each team's records are numbered on their own.
        None without a number, or without a pseudonym key."""
        number = "".join((record_number or "").split()).casefold()
        if not number or self._pseudonym_key is None:
            return None
        message = f"{team}\x00{number}".encode()
        return hmac.new(self._pseudonym_key, message, hashlib.sha256).hexdigest()

    def seal(self, plaintext: str, row: str, column: str) -> str:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), f"{row}/{column}".encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, token: str, row: str, column: str) -> str:
        if not token.startswith(PREFIX):
            raise TamperedRecord(f"The stored {column} of screening {row} is not sealed: it was "
                                 "written outside the tool", row, column)
        try:
            raw = base64.b64decode(token[len(PREFIX):], validate=True)
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:],
                                       f"{row}/{column}".encode())
        except (InvalidTag, binascii.Error, ValueError):
            raise TamperedRecord(
                f"The stored {column} of screening {row} failed its integrity check: it was "
                "changed outside the tool, or the data key is not the one it was sealed with",
                row, column) from None
        return plain.decode("utf-8")


# Each open database carries the sealer for its key. Keyed by the connection object, not by
# process, so two apps (or a test and a live server) with different keys never mix them up.
_SEALERS: weakref.WeakKeyDictionary[object, Sealer] = weakref.WeakKeyDictionary()


def attach(db: object, sealer: Sealer) -> None:
    """Seal and open this database's personal data with this sealer."""
    _SEALERS[db] = sealer


def sealer_for(db: object) -> Sealer:
    """The sealer attached to this database; refusing to store personal data unsealed."""
    try:
        return _SEALERS[db]
    except KeyError:
        raise DataKeyError("This database has no data key attached, so personal data cannot be "
                           "stored or read: open it through the tool (screening.web) or attach "
                           "a Sealer with screening.store.crypto.attach") from None


def seal(db: object, row: str, column: str, value: str | None) -> str | None:
    """A value as stored in a sealed column of this row (None stays None)."""
    return None if value is None else sealer_for(db).seal(value, row, column)


def unseal(db: object, row: str, column: str, stored: str | None) -> str | None:
    """A sealed column's value; TamperedRecord when it was changed outside the tool."""
    return None if stored in (None, "") else sealer_for(db).open(str(stored), row, column)
