"""One scoring function for every caller: the web pages, the API, the command line and the tests."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from screening import settings
from screening.questionnaire.model import RISK_LEVELS, Question, QuestionSet, Text, level_rank
from screening.questionnaire.rules import Facts, holds, referenced_questions

ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class AnswerProblem:
    question: str
    message: str


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
    service: str
    reason: Text


@dataclass(frozen=True)
class Pathway:
    primary: Referral | None
    others: tuple[Referral, ...]


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

    def to_json(self) -> dict[str, Any]:
        """The result as the command line, the API and the handover print it."""
        data = asdict(self)
        data["pathway"] = {
            "primary": self.pathway.primary.service if self.pathway.primary else None,
            "primary_reason": self.pathway.primary.reason if self.pathway.primary else None,
            "others": [r.service for r in self.pathway.others],
            "other_reasons": {r.service: r.reason for r in self.pathway.others},
        }
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


def _check_value(question: Question, value: Any, today: dt.date) -> str | None:
    allowed = question.allowed_values()
    if question.type in ("yes_no", "single"):
        if value not in allowed:
            return f"{value!r} is not allowed; choose one of: {', '.join(allowed)}"
    elif question.type == "multiple":
        if not isinstance(value, list) or any(v not in allowed for v in value):
            return f"{value!r} is not allowed; give a list of: {', '.join(allowed)}"
        if len(set(value)) != len(value):
            return "an option is given twice"
    elif question.type == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return f"{value!r} is not a whole number"
        if (question.min is not None and value < question.min) or (
                question.max is not None and value > question.max):
            return f"{value} is outside {question.min} to {question.max}"
    elif question.type == "date":
        try:
            day = (dt.date.fromisoformat(value)
                   if isinstance(value, str) and ISO_DATE.match(value) else None)
        except ValueError:
            day = None
        if day is None:
            return f"{value!r} is not a date written YYYY-MM-DD"
        if day > today:
            return f"{value} is in the future"
    elif question.type == "text":
        if not isinstance(value, str):
            return f"{value!r} is not text"
        limit = question.max_length or 500
        if len(value) > limit:
            return f"is {len(value)} characters long; the limit is {limit}"
    return None


def check_answers(question_set: QuestionSet, answers: Mapping[str, Any],
                  today: dt.date | None = None) -> dict[str, Any]:
    """Answers checked against the set: unknown ids and values that are not allowed are errors."""
    if not isinstance(answers, Mapping):
        raise AnswerError([AnswerProblem("answers", "must be an object of question id to answer")])
    known = {q.id: q for q in question_set.questions}
    problems: list[AnswerProblem] = []
    clean: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = known.get(question_id)
        if question is None:
            problems.append(AnswerProblem(
                str(question_id) or "(a blank question id)",
                f"no such question in {question_set.key}; the questions are: {', '.join(known)}"))
            continue
        if value is None or value == "" or (question.type == "multiple" and value == []):
            continue
        message = _check_value(question, value, today or dt.date.today())
        if message:
            problems.append(AnswerProblem(question_id, message))
        else:
            clean[question_id] = value
    if problems:
        raise AnswerError(problems)
    return clean


def visible_answers(question_set: QuestionSet, answers: Mapping[str, Any],
                    parameters: Mapping[str, int] | None = None,
                    ) -> tuple[list[Question], dict[str, Any]]:
    """The questions that are asked, in order, and only their answers (hidden ones are ignored)."""
    shown: list[Question] = []
    kept: dict[str, Any] = {}
    if parameters is None:
        parameters = parameter_values(question_set, {})
    facts = Facts(answers=kept, parameters=parameters)
    for question in question_set.questions:
        if question.show_if is None or holds(question.show_if, facts):
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
                "judgement", "give a level (" + ", ".join(RISK_LEVELS[1:]) + ") and a reason")])
        level = max(level, judgement.level, key=level_rank)
        reasons.append(Reason("judgement", {"en": judgement.reason}, ()))
    facts.risk_level = level

    flags = tuple(RaisedFlag(f.id, f.severity, f.label, f.action, f.audience)
                  for f in question_set.safety_flags if holds(f.when, facts))
    facts.flags = frozenset(f.id for f in flags)
    primary: Referral | None = None
    others: dict[str, Referral] = {}
    for step in question_set.pathway_rules:
        if not holds(step.when, facts):
            continue
        if step.role == "primary" and primary is None:
            primary = Referral(step.service, step.reason)
        elif step.role == "also" and step.service not in others:
            others[step.service] = Referral(step.service, step.reason)
    if primary is not None:
        others.pop(primary.service, None)
    unanswered = tuple(q.id for q in shown if kept.get(q.id, "not_asked") == "not_asked")
    return Result(question_set.id, question_set.version, question_set.content_hash, total,
                  band.id, level, tuple(reasons), Pathway(primary, tuple(others.values())),
                  flags, unanswered, kept)
