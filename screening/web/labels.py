"""Words the interface shows for the tool's own codes: settings, levels, consent, statuses."""

from __future__ import annotations

from screening.web.catalog import lazy_gettext as _l

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
# A level from the person's own account is what they disclosed, never an assessment of risk.
DISCLOSURE_LEVELS = {"none": _l("Nothing disclosed"),
                     "standard": _l("Disclosure level: standard"),
                     "medium": _l("Disclosure level: medium"),
                     "high": _l("Disclosure level: high")}
LEVELS = {"disclosure": DISCLOSURE_LEVELS, "risk": RISK_LEVELS}
DISCLOSURE_NOT_RISK = _l("From the person's own account: risk is not assessed until the "
                         "partner's own checklist.")
ROLES_ON_PATHWAY = {"immediate": _l("Do now"), "primary": _l("Recommended"),
                    "also": _l("Also"), "prompted": _l("Follow-up")}
BASES = {
    "consent": _l("Needs the person's consent"),
    "safeguarding": _l("Safeguarding: goes ahead whatever the person says"),
    "information_sharing": _l("Information sharing to protect a partner: goes ahead whatever "
                              "the person says"),
    "information": _l("Information to give the person"),
    "emergency": _l("Immediate action"),
}
REFERRAL_STATUS = {
    "not_sent": _l("Not sent"), "sent": _l("Sent"), "accepted": _l("Accepted"),
    "declined": _l("Declined"), "no_response": _l("No response"),
    "no_contact": _l("No contact made"), "engaged": _l("Engaged"),
    "completed": _l("Completed"), "dropped_out": _l("Dropped out"), "to_do": _l("To do"),
    "done": _l("Done"), "not_proceeding": _l("Not going ahead"),
}
REFERRAL_CONSENT = {"yes": _l("Yes, they consent to this referral"),
                    "no": _l("No, they do not want this referral")}
REVIEW_DECISIONS = {"proceed": _l("Go ahead with the referral"),
                    "not_proceeding": _l("Do not go ahead: the person is not the one causing "
                                         "harm, or not now")}
DECLINE_REASONS = {
    "not_eligible": _l("Not eligible for the service"), "outside_area": _l("Outside the area"),
    "person_declined": _l("The person declined when contacted"),
    "already_known": _l("Already known to the service"),
    "risk_too_high_for_service": _l("Risk too high for this service"), "other": _l("Other"),
}
SEVERITIES = {"critical": _l("Critical"), "high": _l("High"), "medium": _l("Medium")}
YES_NO = {"yes": _l("Yes"), "no": _l("No"), "dont_know": _l("Don't know"),
          "not_asked": _l("Not asked")}
ROLES = {"practitioner": _l("Practitioner"), "service_lead": _l("Service lead"),
         "admin": _l("Administrator"), "service_worker": _l("Service worker")}

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
    "in_tool": _l("Sent in this tool"),
    "other": _l("Another way"),
}
HANDOVER_STATUS = {
    "not_sent": _l("Not sent"), "sent": _l("Sent"), "accepted": _l("Accepted"),
    "declined": _l("Declined"), "no_response": _l("No response"),
}
HANDOVER_OUTCOMES = ("accepted", "declined", "no_response")
STATUS = {"draft": _l("In progress"), "complete": _l("Completed")}
ENQUIRY_NOT_ASKED = {"declined": _l("The person declined to answer"),
                     "not_safe_to_ask": _l("It was not safe to ask")}
NOT_SAFE_BECAUSE = {
    "partner_present": _l("A partner or ex-partner was present"),
    "family_present": _l("A family member or friend was present"),
    "no_private_space": _l("There was no private space"),
    "interpreter_not_independent": _l("The only interpreter was a family member or friend"),
    "other": _l("Another reason"),
}
