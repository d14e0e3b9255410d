"""How long a signed-in session lasts: an idle limit, an absolute limit, and a warning before.

A session ends after IDLE_TIMEOUT_MINUTES without a page opened or a form sent, and
ABSOLUTE_TIMEOUT_HOURS after signing in whatever happens. Requests a script makes on its own
(offline sending, the warning asking how long is left) do not count as use; pressing "Stay
signed in" does. Whoever is signed out this way is told why on the sign-in page and returns to
the page they were on.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    has_request_context,
    jsonify,
    request,
    session,
)
from flask.sessions import SecureCookieSessionInterface

from screening.store import audit, sign_ins
from screening.web.db import get_db

bp = Blueprint("sessions", __name__)
SIGNED_IN_AT, SEEN_AT, USER_ID = "signed_in_at", "seen_at", "user_id"
# The token naming this sign-in on the server (screening/store/sign_ins.py).
SIGN_IN = "sign_in"
SIGNED_OUT_BECAUSE = "signed_out_because"
WARNING_SECONDS = 120
# "Last used" moves on at most this often: the signed cookie is only written again when it
# does, instead of on every page (re-signing it was about a twentieth of a page's time). The
# idle limit is so counted to within these seconds.
SEEN_EVERY_SECONDS = 20
# Script requests that must not keep a session alive, however often they come.
PASSIVE_ENDPOINTS = frozenset({"static", "healthz", "sessions.remaining",
                               "offline.service_worker"})
PASSIVE_BLUEPRINTS = frozenset({"api"})
# Kept across an expiry: which language the sign-in page speaks.
KEPT = ("lang",)


def clock() -> float:
    """Seconds since the epoch; tests move it forward."""
    return time.time()


def begin(user_id: int) -> None:
    """A fresh session for a user who just signed in (after session.clear()), recorded on the
    server so that it can be ended there."""
    moment = int(clock())
    session.permanent = True
    session.update({USER_ID: user_id, SIGNED_IN_AT: moment, SEEN_AT: moment,
                    SIGN_IN: sign_ins.begin(get_db(), user_id)})


def end(because: str) -> None:
    """End this session on the server (its cookie opens nothing more) and forget it here,
    keeping only the language chosen."""
    token = session.get(SIGN_IN)
    if isinstance(token, str):
        sign_ins.end(get_db(), token, because)
    kept = {name: session[name] for name in KEPT if name in session}
    session.clear()
    session.update(kept)


def _limits() -> tuple[int, int]:
    config = current_app.config
    return int(config["IDLE_TIMEOUT_SECONDS"]), int(config["ABSOLUTE_TIMEOUT_SECONDS"])


def seconds_left() -> tuple[int, int]:
    """Seconds until the idle limit and until the absolute limit, from this session's stamps."""
    idle, absolute = _limits()
    moment = clock()
    try:
        seen, signed_in = float(session[SEEN_AT]), float(session[SIGNED_IN_AT])
    except (KeyError, TypeError, ValueError):
        return 0, 0
    return int(seen + idle - moment), int(signed_in + absolute - moment)


def _is_use() -> bool:
    """A page opened or a form sent by the person, not a request a script made by itself."""
    if request.endpoint == "sessions.keep_alive":
        return True
    if request.endpoint in PASSIVE_ENDPOINTS or request.blueprint in PASSIVE_BLUEPRINTS:
        return False
    mode = request.headers.get("Sec-Fetch-Mode")
    return mode is None or mode == "navigate"


def _stamp(value: object) -> str:
    try:
        return dt.datetime.fromtimestamp(float(str(value)), dt.UTC).replace(
            microsecond=0).isoformat()
    except (TypeError, ValueError):
        return "unknown"


def check_session() -> None:
    """End a session past either limit (audited), or note that it was used just now."""
    user_id = session.get(USER_ID)
    if user_id is None:
        return
    idle_left, absolute_left = seconds_left()
    if idle_left > 0 and absolute_left > 0:
        idle = _limits()[0]
        if _is_use() and idle - idle_left >= min(SEEN_EVERY_SECONDS, idle // 10):
            session[SEEN_AT] = int(clock())
        return
    reason = "absolute" if absolute_left <= 0 else "idle"
    detail = (f"signed in at {_stamp(session.get(SIGNED_IN_AT))}" if reason == "absolute"
              else f"last used at {_stamp(session.get(SEEN_AT))}")
    try:
        audit.record(get_db(), int(user_id), f"session_expired_{reason}", f"user/{user_id}",
                     detail)
    except (TypeError, ValueError):
        pass
    end(f"{reason} timeout")
    session[SIGNED_OUT_BECAUSE] = reason


def timing() -> dict[str, Any]:
    """What the warning script needs: seconds left, when to warn, whether staying is possible."""
    idle_left, absolute_left = seconds_left()
    return {"signed_in": session.get(USER_ID) is not None,
            "idle_seconds_left": max(idle_left, 0),
            "absolute_seconds_left": max(absolute_left, 0),
            "warning_seconds": min(WARNING_SECONDS, int(_limits()[0]) // 2)}


@bp.get("/session")
def remaining() -> tuple[Response, int]:
    """How long this session has left; asking does not extend it."""
    found = timing()
    return jsonify(found), 200 if found["signed_in"] else 401


@bp.post("/session/keep-alive")
def keep_alive() -> tuple[Response, int]:
    """"Stay signed in": counts as use, so the idle limit starts again (never the absolute one)."""
    return remaining()


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure on every request that came over HTTPS, or always if set."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


def _template_timing() -> dict[str, Any]:
    return {"session_timing": timing() if session.get(USER_ID) is not None else None}


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()
    app.before_request(check_session)
    app.context_processor(_template_timing)
    app.register_blueprint(bp)
