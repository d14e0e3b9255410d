"""Signing in with the organisation's account: OpenID Connect through Authlib's Flask client.

Authlib does the protocol: discovery, the authorization code with PKCE, state, nonce, and the ID
token's signature, issuer, audience and expiry. screening/store/organisation_sign_in.py decides
who that account is here. A sign-in that succeeds is the same server-side sign-in as a
password's (sessions.begin), so timeouts, signing out and disabling work unchanged.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from joserfc.errors import JoseError

from screening import settings
from screening.store import audit, organisation_sign_in
from screening.web import messages as m
from screening.web import sessions
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.safety import safe_next

bp = Blueprint("oidc", __name__)
CLIENT_KEY = "screening.oidc_client"
PROVIDER = "organisation"
SCOPES = "openid email profile"
# Kept in the session: where to go after signing in, and how this sign-in was made (so that
# signing out can offer the provider's own sign-out).
NEXT, SIGNED_IN_WITH, OFFER_PROVIDER_SIGN_OUT = "oidc_next", "signed_in_with", "offer_sign_out"
# The statuses of refusals: the person's account is refused, or the exchange went wrong.
FORBIDDEN = {"no_email", "email_unverified", "domain_not_allowed", "unknown_address", "disabled",
             "different_account"}
TIMEOUT_SECONDS = 10


def client() -> Any | None:
    """The provider's Authlib client, or None when organisation sign-in is not set up."""
    return current_app.extensions.get(CLIENT_KEY)


def button_text() -> str | None:
    """The sign-in button's wording when organisation sign-in is set up, else None."""
    if client() is None:
        return None
    return str(current_app.config.get("OIDC_BUTTON")
               or _("Sign in with your organisation account"))


def _refused(reason: str, detail: str, user_id: int | None = None, **values: str) -> Any:
    """The page saying what went wrong and what to do, and the audit entry."""
    audit.record(get_db(), user_id, "sign_in_refused",
                 f"user/{user_id}" if user_id is not None else None,
                 f"organisation account: {reason}: {detail}")
    heading, advice = m.ORGANISATION_REFUSALS[reason]
    status = 403 if reason in FORBIDDEN else 503 if reason == "unreachable" else 400
    heading_text = str(heading) % values if values else str(heading)
    return render_template("sign_in_refused.html", title=heading_text, heading=heading_text,
                           advice=advice), status


@bp.get("/sign-in/oidc")
def start() -> Any:
    """Send the browser to the provider, remembering where to come back to."""
    provider = client()
    if provider is None:
        abort(404)
    session[NEXT] = safe_next(request.args.get("next"), url_for("home"))
    try:
        return provider.authorize_redirect(url_for("oidc.callback", _external=True))
    except requests.RequestException as error:
        return _refused("unreachable", type(error).__name__)


@bp.get("/sign-in/oidc/callback")
def callback() -> Any:
    """The provider's answer: checked by Authlib, then matched to a user here."""
    provider = client()
    if provider is None:
        abort(404)
    try:
        # Authlib checks the audience only through `azp` when the token names another client
        # first; the OpenID Connect rule is that `aud` must name this one, so it is asked for.
        token = provider.authorize_access_token(claims_options={
            "iss": {"essential": True, "value": provider.load_server_metadata()["issuer"]},
            "aud": {"essential": True, "value": provider.client_id}})
    except MismatchingStateError:
        return _refused("state", "state missing, tampered with or already used")
    except AuthlibBaseError as error:
        # The provider refused (a replayed or expired code, access denied) or the token failed
        # one of Authlib's checks.
        return _refused("provider", f"{error.error}: {error.description}")
    except JoseError as error:
        return _refused("token", f"{error.error}: {error.description}")
    except requests.RequestException as error:
        return _refused("unreachable", type(error).__name__)
    claims = token.get("userinfo")
    if not claims:
        return _refused("token", "the provider sent no ID token")
    allowed = settings.domains(current_app.config.get("OIDC_ALLOWED_DOMAINS"))
    decision = organisation_sign_in.decide(get_db(), claims, allowed)
    if decision.user is None:
        email = str(claims.get("email") or "")
        return _refused(str(decision.refused), decision.detail, decision.user_id, email=email,
                        domain=organisation_sign_in.domain_of(email))
    going_to = safe_next(session.get(NEXT), url_for("home"))
    # As for a password: a new session, ending any sign-in this browser had before.
    sessions.end("signed in again")
    sessions.begin(decision.user.id)
    session[SIGNED_IN_WITH] = "oidc"
    audit.record(get_db(), decision.user.id, "sign_in", f"user/{decision.user.id}",
                 f"organisation account {claims.get('email')}, from {request.remote_addr}")
    return redirect(going_to)


def provider_sign_out_url() -> str | None:
    """The provider's end-session address, back to the sign-in page, when it has one."""
    provider = client()
    if provider is None:
        return None
    try:
        if not provider.load_server_metadata().get("end_session_endpoint"):
            return None
        found = provider.create_logout_url(
            post_logout_redirect_uri=url_for("auth.sign_in", _external=True),
            client_id=provider.client_id)
    except (requests.RequestException, ValueError):
        return None
    return str(found["url"])


def init_app(app: Flask) -> None:
    """Register the provider when SCREENING_OIDC_ISSUER and _CLIENT_ID are set."""
    for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ALLOWED_DOMAINS",
                 "OIDC_BUTTON"):
        app.config.setdefault(name, settings.read(name))
    issuer, client_id = app.config["OIDC_ISSUER"], app.config["OIDC_CLIENT_ID"]
    if issuer and client_id:
        oauth = OAuth(app)
        app.extensions[CLIENT_KEY] = oauth.register(
            PROVIDER, client_id=client_id, client_secret=app.config["OIDC_CLIENT_SECRET"],
            server_metadata_url=str(issuer).rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": SCOPES, "code_challenge_method": "S256",
                           "default_timeout": TIMEOUT_SECONDS})
    app.register_blueprint(bp)
