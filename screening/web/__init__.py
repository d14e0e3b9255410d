"""The web application: server-rendered pages for practitioners, service leads, admins and
the workers of receiving services."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from screening import settings
from screening.questionnaire import Library, load_library
from screening.store.cipher import database_key
from screening.store.crypto import Sealer, load_or_create_key
from screening.store.db import make_private_folder

STATIC_FOLDER = settings.PROJECT_ROOT / "static"
TRANSLATIONS_FOLDER = settings.PROJECT_ROOT / "translations"
LIBRARY_KEY = "screening.library"
SEALER_KEY = "screening.sealer"
DB_KEY = "screening.db_key"
PSEUDONYM_KEY_FILE = "pseudonym_key"


def secret_key(instance: Path) -> str:
    """The key from instance/secret_key, generated once (mode 600) when there is none."""
    path = instance / "secret_key"
    if not path.exists():
        make_private_folder(instance)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _config(test_config: dict[str, Any]) -> dict[str, Any]:
    instance = Path(str(test_config.get("INSTANCE_PATH") or settings.read("INSTANCE_PATH")))
    database = settings.read("DATABASE") or instance / "screening.db"
    return {
        "INSTANCE_PATH": instance,
        "DATABASE": str(database),
        "QUESTIONNAIRES": str(settings.read("QUESTIONNAIRES")),
        "SECRET_KEY": settings.read("SECRET_KEY"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure is added per request when it came over HTTPS (screening/web/sessions.py).
        "SESSION_COOKIE_SECURE": settings.read("SECURE_COOKIES"),
        "IDLE_TIMEOUT_SECONDS": int(str(settings.read("IDLE_TIMEOUT_MINUTES"))) * 60,
        "ABSOLUTE_TIMEOUT_SECONDS": int(str(settings.read("ABSOLUTE_TIMEOUT_HOURS"))) * 3600,
        "PERMANENT_SESSION_LIFETIME": int(str(settings.read("ABSOLUTE_TIMEOUT_HOURS"))) * 3600,
        # The cookie is written when the session changes (sessions.py), not on every page: its
        # expiry is the absolute limit, counted from signing in, so it never needs renewing.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SIGNIN_MAX_FAILURES": settings.read("SIGNIN_MAX_FAILURES"),
        "SIGNIN_MAX_FAILURES_PER_ADDRESS": settings.read("SIGNIN_MAX_FAILURES_PER_ADDRESS"),
        "SIGNIN_LOCKOUT_SECONDS": int(str(settings.read("SIGNIN_LOCKOUT_MINUTES"))) * 60,
        # The pages send no Referer (Referrer-Policy: no-referrer), so Flask-WTF's HTTPS
        # Referer check would refuse every form; Sec-Fetch-Site is checked instead (security.py).
        "WTF_CSRF_SSL_STRICT": False,
        # A consultation can be interrupted for long; a token lasts as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS_FOLDER),
        "TRUSTED_PROXIES": int(str(settings.read("TRUSTED_PROXIES"))),
        "ANSWER_WITHIN_WORKING_DAYS": int(str(settings.read("ANSWER_WITHIN_WORKING_DAYS"))),
        **test_config,
    }


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; a malformed question set stops start-up with its QuestionSetError."""
    config = _config(dict(test_config or {}))
    instance = Path(config["INSTANCE_PATH"])
    app = Flask(__name__, instance_path=str(instance.resolve()),
                static_folder=str(STATIC_FOLDER), static_url_path="/static",
                template_folder="templates")
    app.config.update(config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key(instance)
    app.extensions[LIBRARY_KEY] = load_library(Path(app.config["QUESTIONNAIRES"]))
    # The data key lives in the environment or the instance folder, never in the database; so
    # does the key of the pseudonyms that count repeat disclosures, apart from the data key.
    app.extensions[SEALER_KEY] = Sealer(load_or_create_key(
        app.config.get("DATA_KEY") or settings.read("DATA_KEY"), instance),  # type: ignore[arg-type]
        load_or_create_key(None, instance, PSEUDONYM_KEY_FILE))
    # So does the key that encrypts the database file itself (SQLCipher).
    app.extensions[DB_KEY] = database_key(app.config.get("DB_KEY"), instance)

    from screening.web import (
        account,
        assets,
        auth,
        blocks,
        db,
        i18n,
        oidc,
        refusals,
        security,
        sessions,
    )
    from screening.web.admin import audit_views
    from screening.web.admin import views as admin
    from screening.web.api import openapi
    from screening.web.api import views as api
    from screening.web.counts import funnel_views, quarterly_views
    from screening.web.counts import views as counts_views
    from screening.web.practitioner import (
        handover_views,
        offline,
        question_views,
        referral_views,
        result_views,
        screening_views,
    )
    from screening.web.services import inbox_views

    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies > 0:
        # Only headers set by our own proxies count: each adds one address to the list.
        app.wsgi_app = ProxyFix(app.wsgi_app,  # type: ignore[method-assign]
                                x_for=proxies, x_proto=proxies)
    for owner in (assets, db, i18n, blocks, security, refusals, sessions, oidc, auth, account,
                  admin, audit_views,
                  screening_views, question_views, result_views, referral_views,
                  handover_views, inbox_views, api, openapi,
                  offline, counts_views, funnel_views, quarterly_views):
        owner.init_app(app)
    return app


def library(app: Flask) -> Library:
    """The question sets and services loaded at start-up."""
    found: Library = app.extensions[LIBRARY_KEY]
    return found
