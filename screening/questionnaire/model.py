"""The frozen model of a question set once it has been loaded and checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Conditions stay as the plain JSON objects of the file: the Python engine and the browser
# engine both read the same shape (see questionnaires/FORMAT.md).
Condition = Mapping[str, Any]
Text = Mapping[str, str]

YES_NO_VALUES = ("yes", "no", "dont_know", "not_asked")
RISK_LEVELS = ("none", "standard", "medium", "high")
ANSWER_TYPES = ("yes_no", "single", "multiple", "number", "date", "text")
SEVERITIES = ("critical", "high", "medium")
AUDIENCES = ("all", "partner_safety")
SETTINGS = ("gp", "substance_misuse", "mental_health", "co_located", "victim_safety", "other")
# How a pathway rule's service joins the result: `immediate` (done now, e.g. 999, listed first and
# never instead of the onward route), `primary` (the first that holds) or `also` (every one).
PATHWAY_ROLES = ("immediate", "primary", "also")
# On what basis a referral to a service may be made (services.json decides, per service).
BASES = ("consent", "safeguarding", "information_sharing", "information", "emergency")
# Referrals that wait while a pathway is held for review of who is causing harm: the voluntary
# work with the person and the contact with a partner who may in fact be the one causing harm.
HELD_BASES = ("consent", "information_sharing")
# Who reads a question out: the client hears `client` questions; `practitioner` questions are the
# practitioner's own assessment, in the practitioner's language only.
ASKED_BY = ("client", "practitioner")


def level_rank(level: str) -> int:
    """Position of a risk level in the order none < standard < medium < high."""
    return RISK_LEVELS.index(level)


@dataclass(frozen=True)
class Option:
    id: str
    label: Text


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    how_to_ask: Text
    why_we_ask: Text
    required: bool = False
    show_if: Condition | None = None
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    asked: str = "client"

    def allowed_values(self) -> list[str]:
        """The values an answer may take, for error messages and `show --json`."""
        if self.type == "yes_no":
            return list(YES_NO_VALUES)
        if self.type in ("single", "multiple"):
            return [option.id for option in self.options]
        return []


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Band:
    id: str
    min: int
    max: int | None
    risk_level: str
    label: Text

    def holds(self, score: int) -> bool:
        return score >= self.min and (self.max is None or score <= self.max)


@dataclass(frozen=True)
class RaiseRule:
    id: str
    when: Condition
    to: str
    reason: Text


@dataclass(frozen=True)
class SafetyFlagRule:
    id: str
    severity: str
    when: Condition
    label: Text
    action: Text
    audience: str


@dataclass(frozen=True)
class PathwayRule:
    id: str
    when: Condition
    service: str
    role: str
    reason: Text
    hold_for_review: bool = False


@dataclass(frozen=True)
class GoldenCase:
    name: str
    answers: Mapping[str, Any]
    expect: Mapping[str, Any]
    judgement: Mapping[str, str] | None = None
    parameters: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionSet:
    id: str
    version: int
    status: str
    title: Text
    opening_statement: Text
    asked_of: str
    settings: tuple[str, ...]
    languages: tuple[str, ...]
    guidance_languages: tuple[str, ...]
    unreviewed_languages: tuple[str, ...]
    parameters: Mapping[str, Mapping[str, Any]]
    sections: tuple[Section, ...]
    scoring: tuple[Mapping[str, Any], ...]
    bands: tuple[Band, ...]
    raise_rules: tuple[RaiseRule, ...]
    safety_flags: tuple[SafetyFlagRule, ...]
    pathway_rules: tuple[PathwayRule, ...]
    golden_cases: tuple[GoldenCase, ...]
    content_hash: str
    source: str
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)
    # Basis of each service the pathway rules name, from the services directory (services.json).
    service_basis: Mapping[str, str] = field(default_factory=dict)

    @property
    def level_kind(self) -> str:
        """`disclosure` for a level from the person's own account, `risk` for the partner's."""
        return "risk" if self.asked_of == "partner" else "disclosure"

    @property
    def key(self) -> str:
        """`id@version`, the way commands and screenings name a version."""
        return f"{self.id}@{self.version}"

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def flag(self, flag_id: str) -> SafetyFlagRule:
        for flag in self.safety_flags:
            if flag.id == flag_id:
                return flag
        raise KeyError(flag_id)
