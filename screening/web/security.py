"""Headers on every response, friendly error pages, and the health check."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from screening.store import audit
from screening.store.crypto import TamperedRecord
from screening.store.db import WritersBusy
from screening.web import messages as m
from screening.web.catalog import gettext as _
from screening.web.db import get_db

# Everything comes from this host: no scripts at all, no fonts or styles from elsewhere.
# Scripts only from /static and /sw.js (offline use), never inline; nothing from another host.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; worker-src 'self'; "
                           "manifest-src 'self'; object-src 'none'; "
                           "img-src 'self' data:; style-src 'self'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")

csrf = CSRFProtect()


def add_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        # Pages carry personal data: never keep them in a browser or proxy cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def same_origin_only() -> None:
    """Refuse a form or API call another site's page sent (the browser says so in
    Sec-Fetch-Site); this stands in for Flask-WTF's Referer check, as pages send no Referer."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
        raise CSRFError("The request was sent from another site.")


def healthz() -> Response:
    return Response("OK\n", mimetype="text/plain")


def _error_page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("error.html", title=title, message=message), status


def not_found(_error: Any) -> tuple[str, int]:
    return _error_page(404, _("Page not found"),
                       _("If you typed the web address, check it is correct. If you followed a "
                         "link to a screening, it may not be yours to open."))


def csrf_failed(_error: CSRFError) -> tuple[str, int]:
    return _error_page(400, _("Your form could not be sent"),
                       _("The page was open for too long or you signed out in another tab. Go "
                         "back, reload the page and try again: your saved answers are kept."))


def conflict(_error: Any) -> tuple[str, int]:
    return _error_page(409, _("This cannot be done yet"),
                       _("Record the person's consent on the result page before the handover, "
                         "and record that the handover was sent before what followed it."))


def too_large(_error: Any) -> tuple[str, int]:
    return _error_page(413, _("Your form could not be sent"),
                       _("What you sent was too long. Go back and shorten it."))


def unreadable(error: TamperedRecord) -> tuple[str, int]:
    """One screening's stored data fails its check: said plainly (the others still open) and
    audited, rather than a bare server error."""
    user = g.get("user")
    audit.record(get_db(), user.id if user else None, "integrity_failure",
                 f"screening/{error.row}" if error.row else None,
                 f"{request.method} {request.path}: {error}")
    return _error_page(500, str(m.SCREENING_UNREADABLE_TITLE), str(m.SCREENING_UNREADABLE_PAGE))


def busy(error: WritersBusy) -> tuple[str, int, dict[str, str]]:
    """Another writer held the database too long: 503 and when to try again, not a stall."""
    g.writers_busy = True  # the request's audit entries are not waited for again
    page, status = _error_page(503, str(m.WRITERS_BUSY_TITLE), str(m.WRITERS_BUSY))
    return page, status, {"Retry-After": str(error.retry_after)}


def method_not_allowed(_error: Any) -> tuple[str, int]:
    return _error_page(405, _("Page not found"), _("This page cannot be used that way."))


def server_error(_error: Any) -> tuple[str, int]:
    return _error_page(500, _("Sorry, there is a problem with the service"),
                       _("Try again later. Saved answers are kept."))


def init_app(app: Flask) -> None:
    app.before_request(same_origin_only)
    csrf.init_app(app)
    app.after_request(add_headers)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.register_error_handler(404, not_found)
    app.register_error_handler(405, method_not_allowed)
    app.register_error_handler(409, conflict)
    app.register_error_handler(413, too_large)
    app.register_error_handler(500, server_error)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(TamperedRecord, unreadable)
    app.register_error_handler(WritersBusy, busy)
