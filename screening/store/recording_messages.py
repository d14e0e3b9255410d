"""What a practitioner must give when recording a screening, and the message for each thing
missing: the same words whether the result page asks (screening/web/messages.py says these) or a
device's screening is checked (screening/store/offline_checks.py). Each code is stable: the
offline API sends it beside the words."""

from __future__ import annotations

from screening.wording import N_, Template

ANSWER_REQUIRED = Template("answer_required", N_("Answer question: %(question)s"))
SELECT_JUDGEMENT_LEVEL = Template("select_judgement_level", N_(
    "Select the level your professional judgement raises the risk to"))
ENTER_JUDGEMENT_REASON = Template("enter_judgement_reason", N_(
    "Enter why your professional judgement raises the level"))
SELECT_CONSENT = Template("select_consent", N_("Select whether the person consents to the "
                                               "referral"))
SELECT_OVERRIDE_DUTY = Template("select_override_duty", N_(
    "Select which safeguarding duty overrides the person's decision"))
ENTER_OVERRIDE_REASON = Template("enter_override_reason", N_(
    "Enter why the safeguarding duty overrides the person's decision"))
ENTER_REFERRAL_REASON = Template("enter_referral_reason", N_(
    "Enter why this referral goes ahead"))
