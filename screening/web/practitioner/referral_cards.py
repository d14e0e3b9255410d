"""Each referral of a screening as the result page shows it: its service, basis, status, what is
needed next, and the one form that does it (each form named apart, so several share a page)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from screening.questionnaire import Result, Service
from screening.referrals import Referral, alerts_victim_safety
from screening.web.fixed_forms import ReferralConsentForm, ReferralReasonForm, ReviewForm
from screening.web.i18n import LocalText, text_in

FORMS = {"consent": ReferralConsentForm, "reason": ReferralReasonForm, "review": ReviewForm}


@dataclass(frozen=True)
class ReferralCard:
    referral: Referral
    name: LocalText
    reason: LocalText | None
    contact: str
    needs: str | None
    form: Any
    prompt_victim_safety: bool
    prompted: Referral | None

    @property
    def anchor(self) -> str:
        return f"referral-{self.referral.id}"


def form_for(kind: str, referral: Referral, formdata: Any = None) -> Any:
    """The form for what the referral needs, its field names prefixed by the referral's id."""
    return FORMS[kind](formdata=formdata, prefix=f"r{referral.id}")


def cards(referrals: list[Referral], result: Result, services: Mapping[str, Service], lang: str,
          prompted: Mapping[str, Referral], bound: tuple[str, Any] | None = None,
          ) -> list[ReferralCard]:
    """A card per referral; `bound` is (referral id, form) to show a form sent back with errors."""
    reasons = {r.service: r.reason for r in result.pathway.referrals}
    found = []
    for referral in referrals:
        service = services.get(referral.service)
        needs = referral.needs()
        form = None
        if bound is not None and bound[0] == referral.id:
            form = bound[1]
        elif needs in FORMS:
            form = form_for(needs, referral)
        why = reasons.get(referral.service)
        found.append(ReferralCard(
            referral, text_in(service.name, lang) if service else LocalText(referral.service, "en"),
            text_in(why, lang) if why else None, service.contact if service else "", needs, form,
            alerts_victim_safety(referral, referral.status) and referral.id not in prompted,
            prompted.get(referral.id)))
    return found
