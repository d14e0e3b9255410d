"""A stored result put into the practitioner's words: level, why, flags first, pathway."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from screening.questionnaire import QuestionSet, Result, Service
from screening.questionnaire.model import RISK_LEVELS, level_rank
from screening.web.i18n import LocalText, text_in
from screening.web.practitioner.answers import answer_text

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2}


@dataclass(frozen=True)
class ReasonView:
    kind: str
    text: LocalText
    answers: tuple[tuple[LocalText, str], ...]


@dataclass(frozen=True)
class FlagView:
    id: str
    severity: str
    action: LocalText
    label: LocalText
    partner_only: bool


@dataclass(frozen=True)
class ServiceView:
    id: str
    name: LocalText
    description: LocalText
    contact: str
    reason: LocalText
    audience: str


@dataclass(frozen=True)
class ResultView:
    risk_level: str
    outcome_label: LocalText
    reasons: tuple[ReasonView, ...]
    flags: tuple[FlagView, ...]
    primary: ServiceView | None
    others: tuple[ServiceView, ...]
    higher_levels: tuple[str, ...]

    @property
    def has_pathway(self) -> bool:
        return self.primary is not None or bool(self.others)


def _service(services: Mapping[str, Service], service_id: str, reason: Mapping[str, str],
             lang: str) -> ServiceView:
    service = services[service_id]
    return ServiceView(service.id, text_in(service.name, lang), text_in(service.description, lang),
                       service.contact, text_in(reason, lang), service.audience)


def present(result: Result, question_set: QuestionSet, services: Mapping[str, Service],
            lang: str) -> ResultView:
    """Everything the result page shows, in the interface language where the set has it."""
    band = next(b for b in question_set.bands if b.id == result.outcome)
    reasons = tuple(ReasonView(reason.kind, text_in(reason.text, lang), tuple(
        (text_in(question_set.question(q).text, lang),
         answer_text(question_set.question(q), result.answers.get(q), lang))
        for q in reason.questions)) for reason in result.reasons)
    flags = tuple(sorted((FlagView(f.id, f.severity, text_in(f.action, lang),
                                   text_in(f.label, lang),
                                   f.audience != "all" and question_set.asked_of != "partner")
                          for f in result.safety_flags),
                         key=lambda f: SEVERITY_ORDER.get(f.severity, 9)))
    primary = result.pathway.primary
    return ResultView(
        result.risk_level, text_in(band.label, lang), reasons, flags,
        _service(services, primary.service, primary.reason, lang)
        if primary and primary.service in services else None,
        tuple(_service(services, r.service, r.reason, lang) for r in result.pathway.others
              if r.service in services),
        tuple(level for level in RISK_LEVELS[1:]
              if level_rank(level) > level_rank(result.risk_level)))

