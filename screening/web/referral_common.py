"""What a practitioner's referral pages and a receiving service's inbox both use: the handover
document as it goes to another service, and the note that asks for the partner's safety plan
to take a referral that did not go ahead into account."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from screening.handover import Handover
from screening.handover_text import LANGUAGE_NAMES
from screening.web.i18n import babel_locale

VICTIM_SAFETY_PROMPT = ("The person {what} the voluntary referral to {service}. Recorded so that "
                        "the partner's safety plan takes it into account (non-engagement is a "
                        "risk factor).")
WHAT_HAPPENED = {"declined": "was declined by", "no_response": "had no response from",
                 "no_contact": "could not be contacted by", "dropped_out": "dropped out of"}


def document_html(handover: Handover) -> Markup:
    """The handover in English whatever the interface language: it goes to another service."""
    with force_locale(babel_locale("en")):
        # Safe: the document is a Jinja template rendered with autoescaping on.
        return Markup(render_template(  # noqa: S704  # nosec B704
            "handover/_document.html", h=handover, language_names=LANGUAGE_NAMES))
