"""Who an organisation account is here: the enabled user an administrator added with its address.

The provider's ID token has already been checked by Authlib (signature, issuer, audience,
expiry, nonce); what is decided here is whether this tool lets that account in. Nobody gets in
by having an account at the provider: the verified e-mail address must belong to a user, in an
allowed domain, and the provider's subject must be the one seen on that user's first sign-in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from screening.store.users import User, find_by_email, remember_sub

# Why an organisation account is refused, as codes the web pages and the audit log share.
NO_EMAIL, EMAIL_UNVERIFIED = "no_email", "email_unverified"
DOMAIN_NOT_ALLOWED, UNKNOWN_ADDRESS = "domain_not_allowed", "unknown_address"
DISABLED, DIFFERENT_ACCOUNT = "disabled", "different_account"


@dataclass(frozen=True)
class Decision:
    """The user who signs in, or why nobody does (`refused`, a code above) and the details."""

    user: User | None
    refused: str | None = None
    detail: str = ""
    user_id: int | None = None


def verified(claims: Mapping[str, Any]) -> bool:
    """The provider vouches for the address: `email_verified` true, or Microsoft Entra ID's
    `xms_edov` (the address's domain is verified as the tenant's own)."""
    return any(claims.get(name) in (True, "true") for name in ("email_verified", "xms_edov"))


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def decide(db: sqlite_utils.Database, claims: Mapping[str, Any],
           allowed_domains: Sequence[str]) -> Decision:
    """The user these checked claims sign in; the subject is remembered the first time."""
    email, sub = str(claims.get("email") or "").strip(), str(claims.get("sub") or "")
    if not email or "@" not in email:
        return Decision(None, NO_EMAIL, f"subject {sub!r} sent no e-mail address")
    if not verified(claims):
        return Decision(None, EMAIL_UNVERIFIED, f"{email}: the provider has not verified it")
    if allowed_domains and domain_of(email) not in allowed_domains:
        return Decision(None, DOMAIN_NOT_ALLOWED,
                        f"{email}: domain not in {', '.join(allowed_domains)}")
    row = find_by_email(db, email)
    if row is None:
        return Decision(None, UNKNOWN_ADDRESS, f"{email}: no user has this address")
    user_id = int(row["id"])
    if row["disabled"]:
        return Decision(None, DISABLED, f"{email}: the account is disabled", user_id)
    if row["oidc_sub"] is not None and row["oidc_sub"] != sub:
        return Decision(None, DIFFERENT_ACCOUNT,
                        f"{email}: subject {sub!r} is not the one remembered", user_id)
    if row["oidc_sub"] is None:
        remember_sub(db, user_id, sub)
    return Decision(User.from_row(row), user_id=user_id)
