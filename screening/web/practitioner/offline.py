"""Working without a network: the app shell page, the service worker, and what waits for review.

The shell at `/offline/` is rendered once, in the practitioner's interface language, and kept by
the service worker with the styles, the scripts and the question sets; with no network the
browser scores from the same question-set data (static/js/engine.js) and keeps each screening,
encrypted, until `/api/v1/screenings` has it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, url_for

from screening.store import audit, offline_review
from screening.web import STATIC_FOLDER, labels, library
from screening.web import messages as m
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fixed_forms import (
    ConsentForm,
    JudgementForm,
    OpeningForm,
    ReferralConsentForm,
    ReferralReasonForm,
    StartForm,
    label,
)
from screening.web.i18n import ENDONYMS, SUPPORTED, interface_language, text_in
from screening.web.practitioner.answers import yes_no_labels
from screening.web.practitioner.screening_views import language_name, set_hint

bp = Blueprint("offline", __name__)
WORKER_SOURCE = STATIC_FOLDER / "js" / "offline" / "sw.js"
# What the worker keeps for use with no network: every style, script and image of the tool.
CACHED_STATIC = ("css/*.css", "js/pycompat.js", "js/engine.js", "js/offline/*.js", "img/*",
                 "manifest.webmanifest")
WORKER_KEY = "screening.offline.worker"


def cached_files() -> list[Path]:
    """The static files the service worker caches (not the worker itself)."""
    found = {path for pattern in CACHED_STATIC for path in STATIC_FOLDER.glob(pattern)}
    return sorted(path for path in found if path.is_file() and path != WORKER_SOURCE)


def worker_source(app: Flask) -> str:
    """The worker with its cache version and file list (a changed file is a new version)."""
    if WORKER_KEY not in app.extensions:
        files = cached_files()
        digest = hashlib.sha256()
        for path in [*files, WORKER_SOURCE]:
            digest.update(path.relative_to(STATIC_FOLDER).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        settings = {"version": digest.hexdigest()[:16],
                    "assets": [url_for("static", filename=p.relative_to(STATIC_FOLDER).as_posix())
                               for p in files],
                    "shell": url_for("offline.shell"),
                    "definitions": url_for("api.question_sets")}
        app.extensions[WORKER_KEY] = (f"const OFFLINE = {json.dumps(settings)};\n"
                                      + WORKER_SOURCE.read_text(encoding="utf-8"))
    source: str = app.extensions[WORKER_KEY]
    return source


@bp.get("/sw.js")
def service_worker() -> Response:
    """The worker at the root, so its scope is the whole tool."""
    response = Response(worker_source(current_app), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _pairs(source: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key, str(value)) for key, value in source.items()]


def words() -> dict[str, Any]:
    """Everything the offline pages say, in the interface language, for the script to use."""
    lang = interface_language()
    published = library(current_app).published()
    return {
        # Pairs, not objects: JSON objects lose their order, and options keep the server's.
        "labels": {"settings": [(k, str(labels.SETTINGS[k])) for k in labels.START_SETTINGS],
                   "risk_levels": _pairs(labels.RISK_LEVELS),
                   "disclosure_levels": _pairs(labels.DISCLOSURE_LEVELS),
                   "severities": _pairs(labels.SEVERITIES),
                   "yes_no": _pairs(labels.YES_NO), "consent": _pairs(labels.CONSENT),
                   "override_duties": _pairs(labels.OVERRIDE_DUTIES),
                   "referral_consent": _pairs(labels.REFERRAL_CONSENT),
                   "roles": _pairs(labels.ROLES_ON_PATHWAY), "bases": _pairs(labels.BASES)},
        # Yes, No… in each language a client may be asked in, shown beside the practitioner's.
        "client_yes_no": {code: {value: {"text": label.text, "lang": label.lang}
                                 for value, label in yes_no_labels(code).items()}
                          for code in SUPPORTED},
        "messages": {name: str(getattr(m, name)) for name in dir(m)
                     if name.isupper() and not callable(getattr(m, name))},
        "languages": [(code, language_name(code)) for code in SUPPORTED],
        "endonyms": ENDONYMS,
        "set_hints": {qs.id: set_hint(qs) for qs in published},
        "set_titles": {qs.id: str(text_in(qs.title, lang)) for qs in published},
        "text": {
            "offline": _("You are offline. You can start and finish a screening: it is kept on "
                         "this device, encrypted, and sent when the network is back."),
            "online": _("You are online. Finished screenings are sent straight away."),
            "signed_out": _("You are signed out. Screenings waiting on this device are kept: "
                            "sign in again to send them."),
            "not_ready": _("This device is not ready to screen offline. Sign in once while "
                           "online, then this page works without a network."),
            "unsupported": _("This browser cannot keep screenings safely on this device. Use "
                             "an up-to-date Chrome, Edge, Firefox or Safari."),
            "no_sets": _("No question sets are kept on this device yet. Open this page once "
                         "while online."),
            "on_device": _("On this device"), "nothing_on_device": _("Nothing is waiting on "
                                                                    "this device."),
            "in_progress": _("In progress"), "waiting": _("Waiting to be sent"),
            "refused": _("Could not be sent: open it, correct it and finish again"),
            "held": _("Kept for review by an administrator"), "sent": _("Sent"),
            "status": _("Status"), "actions": _("Actions"), "resume": _("Resume"),
            "open": _("Open"), "send_now": _("Send now"),
            "open_result": _("Open the result and handover"),
            "start": _("Start a screening"),
            "ask_in_private": _("Ask in private, one to one. Never ask with a partner or "
                                "family member in the room or interpreting: use a "
                                "professional interpreter."),
            "setting": label(StartForm, "setting"),
            "question_set": label(StartForm, "question_set"),
            "client_language": label(StartForm, "client_language"),
            "client_language_hint": _("The questions are shown in this language, with your "
                                      "own language beside them."),
            "record_number": label(StartForm, "local_record_number"),
            "record_number_hint": _("Your own system's number for the person, if you want to "
                                    "find this screening again. Do not enter a name: the tool "
                                    "gives each screening a reference."),
            "continue": _("Continue"), "back": _("Back"), "reference": _("Reference"),
            "there_is_a_problem": _("There is a problem"), "error": _("Error:"),
            "read_first": _("Read this to the person first"),
            "agreed": label(OpeningForm, "agreed"),
            "to_questions": _("Continue to the questions"),
            "not_wanted": _("If the person does not want to answer"),
            "not_wanted_text": _("Respect their decision and do not ask the questions. You can "
                                 "still tell them about the Respect phone line, a free and "
                                 "confidential helpline for people worried about their "
                                 "behaviour."),
            "stop": _("Stop and delete this screening"),
            "client_shown": _("Questions shown in the person's language:"),
            "unreviewed": _("Translation not yet reviewed"),
            "section_of": _("Section %(number)s of %(total)s", number="%(number)s",
                            total="%(total)s"),
            "question_of": _("Question %(number)s of %(total)s", number="%(number)s",
                             total="%(total)s"),
            "how_to_ask": _("How to ask:"), "why_we_ask": _("Why we ask"),
            "save_continue": _("Save and continue"),
            "saved_here": _("Each answer is kept on this device, encrypted, as you enter it."),
            "check": _("Check your answers before you see the result"),
            "change": _("Change"), "not_answered": _("Not answered"),
            "see_result": _("Now see the result"),
            "see_result_text": _("When you continue, the answers are scored and the screening "
                                 "is completed. You cannot change the answers after that, but "
                                 "you can raise the risk level with your professional "
                                 "judgement."),
            "confirm": _("Confirm and see the result"),
            "answers": _("Check your answers"), "answer_to": _("answer to:"),
            "can_change": _("You can change an answer until you record consent or your "
                            "professional judgement: the screening is scored again."),
            "result": _("Result"), "flags": _("Safety: act on these first"),
            "partner_only": _("For the victim safety service only: never discuss it with the "
                              "person screened."),
            "why": _("Why"), "pathway": _("Recommended pathway"),
            "others": _("Other actions"), "contact": _("Contact:"),
            "no_pathway": _("No referral is needed from these answers. If the person tells "
                            "you more later, or you are worried, raise the level with your "
                            "professional judgement below."),
            "consent": _("Consent to referral"), "recorded": _("Recorded:"),
            "reason": _("Reason:"),
            "consent_legend": label(ConsentForm, "consent"),
            "consent_hint": _("Explain what a referral means and which service will contact "
                              "them. Victims' and children's safety comes before the "
                              "person's engagement."),
            "override_only": _("Only when a safeguarding duty overrides their decision:"),
            "duty_legend": label(ConsentForm, "override_duty"),
            "duty_reason": label(ConsentForm, "override_reason"),
            "save_consent": _("Save consent"),
            "referrals": _("Referrals and actions"),
            "disclosure_not_risk": str(labels.DISCLOSURE_NOT_RISK),
            "referral_consent": label(ReferralConsentForm, "consent"),
            "referral_consent_hint": _("This is voluntary: explain what the service offers. A "
                                       "no is final for this referral; the Respect phone line "
                                       "stays open to them."),
            "referral_reason": label(ReferralReasonForm, "reason"),
            "referral_reason_hint": _("This referral does not depend on the person's consent, "
                                      "and nothing written for them mentions it. Record your "
                                      "reason under your safeguarding procedures."),
            "waits_for_review": _("Waits for review"),
            "save_referrals": _("Save the referral decisions"),
            "referrals_later": _("Referrals left without a decision wait on the result page "
                                 "once the screening is sent."),
            "judgement": _("Professional judgement"),
            "raise": _("Raise the risk level"),
            "raise_text": _("Your judgement can raise the level, never lower it. The reason "
                            "goes into the handover: do not write anything a partner or victim "
                            "told you."),
            "raise_to": label(JudgementForm, "judgement_level"),
            "raise_reason": label(JudgementForm, "judgement_reason"),
            "raise_button": _("Raise the level"),
            "raised": _("You raised the level to %(level)s:", level="%(level)s"),
            "highest": _("The level is already the highest."),
            "finish": _("Finish the screening"),
            "finish_text": _("When you finish, the screening is kept on this device, "
                             "encrypted, until the tool has sent it. Its result, consent and "
                             "judgement cannot be changed here after that."),
            "finish_button": _("Finish and send"),
            "waiting_text": _("This screening is finished and waiting to be sent. It is sent "
                              "by itself when the network is back and you are signed in. Do "
                              "not clear this browser's data until then."),
            "sent_text": _("This screening was sent. Its answers are no longer kept on this "
                           "device."),
            "server_differs": _("The tool's result differs from this device's: open the "
                                "result and check it."),
            "another": _("Start another screening"),
            # A problem the tool found with an answer, after the question it is about.
            "problem_with": _("%(question)s: %(problem)s", question="%(question)s",
                              problem="%(problem)s"),
        },
    }


@bp.get("/offline/")
@role_required("practitioner")
def shell() -> str:
    """The offline screening page; the service worker also shows it for any page with no network."""
    return render_template("offline/shell.html", title=_("Offline screening"), words=words(),
                           interface_lang=interface_language())


@bp.get("/offline/review")
@role_required("admin")
def review() -> str:
    """Offline screenings kept for review: a reused key, or a question-set version not held."""
    user, db = current_user(), get_db()
    audit.record(db, user.id, "list", "offline/review", "offline screenings kept for review")
    return render_template("offline/review.html", title=_("Offline screenings kept for review"),
                           held=offline_review.held(db))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
