"""Words the interface shows for the tool's own codes: settings, levels, consent, statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SETTINGS = {
    "gp": _l("GP practice"),
    "substance_misuse": _l("Substance misuse service"),
    "mental_health": _l("Mental health service"),
    "co_located": _l("Co-located perpetrator-service practitioner"),
    "victim_safety": _l("Victim safety service"),
    "other": _l("Other setting"),
}
# The settings a practitioner starts a screening in. The victim safety service receives
# referrals, and starts only its own DASH-style checklist (v2 is for its use alone).
START_SETTINGS = ("gp", "substance_misuse", "mental_health", "co_located", "victim_safety",
                  "other")

RISK_LEVELS = {"none": _l("No risk identified"), "standard": _l("Standard risk"),
               "medium": _l("Medium risk"), "high": _l("High risk")}
SEVERITIES = {"critical": _l("Critical"), "high": _l("High"), "medium": _l("Medium")}
YES_NO = {"yes": _l("Yes"), "no": _l("No"), "dont_know": _l("Don't know"),
          "not_asked": _l("Not asked")}
ROLES = {"practitioner": _l("Practitioner"), "service_lead": _l("Service lead"),
         "admin": _l("Administrator")}

CONSENT = {
    "yes": _l("Yes, they consent to the referral"),
    "no": _l("No, they do not consent"),
    "override": _l("They do not consent, but a safeguarding duty overrides their decision"),
}
OVERRIDE_DUTIES = {
    "children_at_risk": _l("Children are at risk of significant harm"),
    "immediate_danger": _l("Someone is in immediate danger"),
    "serious_harm": _l("Someone else is at risk of serious harm"),
}
SENT_HOW = {
    "secure_email": _l("Secure e-mail"),
    "phone": _l("Telephone"),
    "referral_form": _l("The service's referral form"),
    "in_person": _l("In person"),
    "other": _l("Another way"),
}
HANDOVER_STATUS = {
    "not_sent": _l("Not sent"), "sent": _l("Sent"), "accepted": _l("Accepted"),
    "declined": _l("Declined"), "no_response": _l("No response"),
}
HANDOVER_OUTCOMES = ("accepted", "declined", "no_response")
STATUS = {"draft": _l("In progress"), "complete": _l("Completed")}
