"""One scoring function for every caller: the web pages, the API, the command line and the tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from screening import settings
from screening.limits import TEXT_LIMIT
from screening.questionnaire.model import (
    HELD_BASES,
    RISK_LEVELS,
    Question,
    QuestionSet,
    Text,
    level_rank,
)
from screening.questionnaire.rules import Facts, holds, referenced_questions
from screening.wording import N_, Nn_, Template, Wording

ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# What is wrong with an answer, after its question id; `value` is the answer as Python shows it.
NOT_ALLOWED = Template("answer_not_allowed", N_("%(value)s is not allowed; choose one of: "
                                                "%(allowed)s"))
NOT_ALLOWED_LIST = Template("answer_not_allowed_list", N_("%(value)s is not allowed; give a list "
                                                          "of: %(allowed)s"))
OPTION_TWICE = Template("answer_option_twice", N_("an option is given twice"))
NOT_WHOLE_NUMBER = Template("answer_not_whole_number", N_("%(value)s is not a whole number"))
OUTSIDE_RANGE = Template("answer_outside_range", N_("%(value)s is outside %(min)s to %(max)s"))
NOT_A_DATE = Template("answer_not_a_date", N_("%(value)s is not a date written YYYY-MM-DD"))
IN_THE_FUTURE = Template("answer_in_the_future", N_("%(value)s is in the future"))
NOT_TEXT = Template("answer_not_text", N_("%(value)s is not text"))
TEXT_TOO_LONG = Template("answer_too_long", *Nn_(
    "is %(count)s character long; the limit is %(limit)s",
    "is %(count)s characters long; the limit is %(limit)s"))
NOT_AN_OBJECT = Template("answers_not_an_object", N_("must be an object of question id to "
                                                     "answer"))
NO_SUCH_QUESTION = Template("answer_no_such_question", N_("no such question in "
                                                          "%(question_set)s; the questions "
                                                          "are: %(questions)s"))
JUDGEMENT_INCOMPLETE = Template("judgement_incomplete", N_("give a level (%(levels)s) and a "
                                                           "reason"))


@dataclass(frozen=True)
class AnswerProblem:
    """What is wrong with the answer to one question, as a template any reader can translate."""

    question: str
    wording: Wording

    @property
    def message(self) -> str:
        return self.wording.english()


class AnswerError(ValueError):
    """Answers that do not fit the question set; every problem names its question."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.question}: {p.message}" for p in problems))


@dataclass(frozen=True)
class Judgement:
    """Professional judgement: raises the level, never lowers it, and needs a written reason."""

    level: str
    reason: str


@dataclass(frozen=True)
class Reason:
    kind: str  # "score", "raise" or "judgement"
    text: Text
    questions: tuple[str, ...]


@dataclass(frozen=True)
class RaisedFlag:
    id: str
    severity: str
    label: Text
    action: Text
    audience: str


@dataclass(frozen=True)
class Referral:
    """One service on the pathway: why, in what role, on what basis, and whether it waits."""

    service: str
    reason: Text
    role: str = "primary"
    basis: str = "consent"
    held: bool = False


@dataclass(frozen=True)
class Pathway:
    primary: Referral | None
    others: tuple[Referral, ...]
    immediate: tuple[Referral, ...] = ()
    hold_for_review: bool = False
    hold_reason: Text | None = None

    @property
    def referrals(self) -> tuple[Referral, ...]:
        """Every service on the pathway: immediate actions first, then the primary, then others."""
        primary = (self.primary,) if self.primary is not None else ()
        return (*self.immediate, *primary, *self.others)


@dataclass(frozen=True)
class Result:
    questionnaire: str
    version: int
    content_hash: str
    score: int
    outcome: str
    risk_level: str
    reasons: tuple[Reason, ...]
    pathway: Pathway
    safety_flags: tuple[RaisedFlag, ...]
    unanswered: tuple[str, ...]
    answers: Mapping[str, Any]
    level_kind: str = "disclosure"

    def to_json(self) -> dict[str, Any]:
        """The result as the command line, the API and the handover print it."""
        data = asdict(self)
        pathway = self.pathway
        data["pathway"] = {
            "immediate": [r.service for r in pathway.immediate],
            "primary": pathway.primary.service if pathway.primary else None,
            "primary_reason": pathway.primary.reason if pathway.primary else None,
            "others": [r.service for r in pathway.others],
            "other_reasons": {r.service: r.reason for r in pathway.others},
            "immediate_reasons": {r.service: r.reason for r in pathway.immediate},
            "hold_for_review": pathway.hold_for_review,
            "hold_reason": pathway.hold_reason,
        }
        data["referrals"] = [{"service": r.service, "role": r.role, "basis": r.basis,
                              "held": r.held} for r in pathway.referrals]
        data["answers"] = dict(self.answers)
        data["unanswered"] = list(self.unanswered)
        data["reasons"] = [dict(r, questions=list(r["questions"])) for r in data["reasons"]]
        data["safety_flags"] = [dict(f) for f in data["safety_flags"]]
        return data


def parameter_values(question_set: QuestionSet, environ: Mapping[str, str] | None = None,
                     ) -> dict[str, int]:
    """Each parameter of the set, from its setting where one is named, else its default."""
    env = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for name, spec in question_set.parameters.items():
        setting = settings.BY_NAME.get(spec.get("setting", ""))
        if setting is not None and setting.env_name in env:
            value = settings.read(setting.name, env)
            values[name] = int(value) if isinstance(value, int) else int(spec["default"])
        else:
            values[name] = int(spec["default"])
    return values


def _check_value(question: Question, value: Any, today: dt.date) -> Wording | None:
    allowed = question.allowed_values()
    if question.type in ("yes_no", "single"):
        if value not in allowed:
            return NOT_ALLOWED(value=repr(value), allowed=list(allowed))
    elif question.type == "multiple":
        if not isinstance(value, list) or any(v not in allowed for v in value):
            return NOT_ALLOWED_LIST(value=repr(value), allowed=list(allowed))
        if len(set(value)) != len(value):
            return OPTION_TWICE()
    elif question.type == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return NOT_WHOLE_NUMBER(value=repr(value))
        if (question.min is not None and value < question.min) or (
                question.max is not None and value > question.max):
            return OUTSIDE_RANGE(value=value, min=str(question.min), max=str(question.max))
    elif question.type == "date":
        try:
            day = (dt.date.fromisoformat(value)
                   if isinstance(value, str) and ISO_DATE.match(value) else None)
        except ValueError:
            day = None
        if day is None:
            return NOT_A_DATE(value=repr(value))
        if day > today:
            return IN_THE_FUTURE(value=value)
    elif question.type == "text":
        if not isinstance(value, str):
            return NOT_TEXT(value=repr(value))
        limit = question.max_length or TEXT_LIMIT
        if len(value) > limit:
            return TEXT_TOO_LONG(count=len(value), limit=limit)
    return None


def check_answers(question_set: QuestionSet, answers: Mapping[str, Any],
                  today: dt.date | None = None) -> dict[str, Any]:
    """Answers checked against the set: unknown ids and values that are not allowed are errors."""
    if not isinstance(answers, Mapping):
        raise AnswerError([AnswerProblem("answers", NOT_AN_OBJECT())])
    known = {q.id: q for q in question_set.questions}
    problems: list[AnswerProblem] = []
    clean: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = known.get(question_id)
        if question is None:
            problems.append(AnswerProblem(
                str(question_id) or "(a blank question id)",
                NO_SUCH_QUESTION(question_set=question_set.key, questions=list(known))))
            continue
        if value is None or value == "" or (question.type == "multiple" and value == []):
            continue
        wrong = _check_value(question, value, today or dt.date.today())
        if wrong is not None:
            problems.append(AnswerProblem(question_id, wrong))
        else:
            clean[question_id] = value
    if problems:
        raise AnswerError(problems)
    return clean


_SAME_RULE: dict[tuple[str, int, str], tuple[int, ...]] = {}


def same_rule(question_set: QuestionSet) -> tuple[int, ...]:
    """For each question (in order), the first question whose show-if rule is the same as its
    own (itself when none before is): worked out once per version. A set's follow-ups mostly
    share one rule ("any of these answered yes")."""
    key = (question_set.id, question_set.version, question_set.content_hash)
    if key not in _SAME_RULE:
        first: dict[str, int] = {}
        _SAME_RULE[key] = tuple(
            first.setdefault(json.dumps(q.show_if, sort_keys=True), index)
            for index, q in enumerate(question_set.questions))
    return _SAME_RULE[key]


def visible_answers(question_set: QuestionSet, answers: Mapping[str, Any],
                    parameters: Mapping[str, int] | None = None,
                    ) -> tuple[list[Question], dict[str, Any]]:
    """The questions that are asked, in order, and only their answers (hidden ones are ignored).

    A rule looks only at questions before its own (the set's checks hold it to that), so once
    a rule is decided at one question, the same rule at a later one decides the same way: it
    is worked out once per pass."""
    shown: list[Question] = []
    kept: dict[str, Any] = {}
    if parameters is None:
        parameters = parameter_values(question_set, {})
    facts = Facts(answers=kept, parameters=parameters)
    decided: dict[int, bool] = {}
    for question, rule in zip(question_set.questions, same_rule(question_set), strict=True):
        if question.show_if is not None:
            if rule not in decided:
                decided[rule] = holds(question.show_if, facts)
            if not decided[rule]:
                continue
        shown.append(question)
        if question.id in answers:
            kept[question.id] = answers[question.id]
    return shown, kept


def score(question_set: QuestionSet, answers: Mapping[str, Any],
          parameters: Mapping[str, int] | None = None, judgement: Judgement | None = None,
          today: dt.date | None = None) -> Result:
    """Score answers: the band, the risk level and why, the safety flags and the pathway."""
    clean = check_answers(question_set, answers, today)
    params = dict(parameter_values(question_set, {}))
    params.update(parameters or {})
    shown, kept = visible_answers(question_set, clean, params)
    facts = Facts(answers=kept, parameters=params)

    total, scored = 0, []
    for item in question_set.scoring:
        if "count" in item:
            matched = [q for q in item["count"]["questions"]
                       if kept.get(q) == item["count"]["equals"]]
            total += len(matched) * int(item["each"])
            scored.extend(matched)
        elif holds(item["when"], facts):
            total += int(item["add"])
            scored.extend(q for q in referenced_questions(item["when"]) if q in kept)
    facts.score = total
    band = next(b for b in question_set.bands if b.holds(total))
    facts.outcome = band.id
    level = band.risk_level
    reasons = [Reason("score", band.label, tuple(dict.fromkeys(scored)))]
    for rule in question_set.raise_rules:
        if holds(rule.when, facts):
            level = max(level, rule.to, key=level_rank)
            reasons.append(Reason("raise", rule.reason, tuple(
                q for q in referenced_questions(rule.when) if q in kept)))
    if judgement is not None:
        if judgement.level not in RISK_LEVELS or not judgement.reason.strip():
            raise AnswerError([AnswerProblem(
                "judgement", JUDGEMENT_INCOMPLETE(levels=list(RISK_LEVELS[1:])))])
        level = max(level, judgement.level, key=level_rank)
        reasons.append(Reason("judgement", {"en": judgement.reason}, ()))
    facts.risk_level = level

    flags = tuple(RaisedFlag(f.id, f.severity, f.label, f.action, f.audience)
                  for f in question_set.safety_flags if holds(f.when, facts))
    facts.flags = frozenset(f.id for f in flags)
    unanswered = tuple(q.id for q in shown if kept.get(q.id, "not_asked") == "not_asked")
    return Result(question_set.id, question_set.version, question_set.content_hash, total,
                  band.id, level, tuple(reasons), choose_pathway(question_set, facts),
                  flags, unanswered, kept, question_set.level_kind)


def choose_pathway(question_set: QuestionSet, facts: Facts) -> Pathway:
    """The services whose rules hold, each once, in its role; held ones wait for review."""
    chosen: list[tuple[str, str, Text]] = []  # (role, service, reason) in the order they hold
    holding: list[tuple[str, Text]] = []  # (service, reason) of the rules that hold for review
    primary_taken = False
    for step in question_set.pathway_rules:
        if not holds(step.when, facts):
            continue
        if step.hold_for_review:
            holding.append((step.service, step.reason))
        # The first primary that holds gives the pathway; a later one is not an "also".
        if step.role == "primary" and not primary_taken:
            primary_taken = True
            chosen.append(("primary", step.service, step.reason))
        elif step.role in ("immediate", "also"):
            chosen.append((step.role, step.service, step.reason))
    holders = {service for service, _ in holding}

    def referral(role: str, service: str, reason: Text) -> Referral:
        basis = question_set.service_basis.get(service, "consent")
        held = bool(holding) and basis in HELD_BASES and service not in holders
        return Referral(service, reason, role, basis, held)

    # Each service once: an immediate action stays immediate; the primary wins over an "also".
    immediate: dict[str, Referral] = {}
    for role, service, why in chosen:
        if role == "immediate" and service not in immediate:
            immediate[service] = referral(role, service, why)
    primary = next((referral(r, s, why) for r, s, why in chosen
                    if r == "primary" and s not in immediate), None)
    others: dict[str, Referral] = {}
    for role, service, why in chosen:
        if role == "also" and service not in immediate and service not in others and (
                primary is None or service != primary.service):
            others[service] = referral(role, service, why)
    return Pathway(primary, tuple(others.values()), tuple(immediate.values()), bool(holding),
                   holding[0][1] if holding else None)
