"""Answers to feed both engines: generated from a set's definition, its golden cases, bad values.

Used by tests/test_browser_engine.py. Everything is drawn from a seeded random.Random, so a run
is repeatable and a failure names a case that can be replayed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from screening.cli import main
from screening.questionnaire import QuestionSet
from screening.questionnaire.model import RISK_LEVELS, Question

TODAY = dt.date(2026, 1, 15)
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "library"

Case = dict[str, Any]  # {"answers": {...}, "parameters": {...} | None, "judgement": {...} | None}


def served_definition(folder: Path, key: str) -> dict[str, Any]:
    """What the server serves for a set: `screening questionnaires show KEY --json`."""
    result = CliRunner().invoke(main, ["questionnaires", "show", key, "--json"],
                                env={"SCREENING_QUESTIONNAIRES": str(folder)})
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


# Text answers that trip up a naive port: quotes, accents, characters outside the BMP (one
# character to Python, two UTF-16 units to JavaScript), and blanks that are dropped.
TEXTS = ["ok", "it's fine", 'said "stop"', "both ' and \"", "naïve café", "😀😀", "line\nbreak",
         "\ufeffbom", "  spaced  ", "Ω≈ç√∫"]
# Judgement reasons: U+FEFF is not whitespace to Python (kept), U+3000 and U+001C are.
REASONS = ["Partner very frightened", "  kept a knife by the bed  ", "\ufeff", "x"]
BAD_REASONS = ["", "   ", "\u3000", "\x1c\x85", "\t\n"]


def _numbers_in(value: Any) -> set[int]:
    """Every whole number written anywhere in a piece of the definition."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_numbers_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_numbers_in(v) for v in value)) if value else set()
    return set()


def interesting_numbers(question_set: QuestionSet, question: Question) -> list[int]:
    """The range ends and every number the rules compare with, one either side, in range."""
    raw = question_set.raw
    rules = [raw.get(k, []) for k in ("raise_rules", "safety_flags", "pathway_rules")]
    shown = [q.show_if for q in question_set.questions if q.show_if]
    found = _numbers_in([rules, shown, list(question_set.scoring)])
    found |= {int(p["default"]) for p in question_set.parameters.values()}
    low = question.min if question.min is not None else -50
    high = question.max if question.max is not None else 400
    values = {low, high, 0, 1} | {n + d for n in found for d in (-1, 0, 1)}
    return sorted(v for v in values if low <= v <= high)


def random_value(question: Question, question_set: QuestionSet, rng: random.Random,
                 yes: float) -> Any:
    """An allowed answer (or a blank that check_answers drops) for one question."""
    if rng.random() < 0.04:
        return rng.choice([None, "", []] if question.type == "multiple" else [None, ""])
    allowed = question.allowed_values()
    if question.type == "yes_no":
        return "yes" if rng.random() < yes else rng.choice(["no", "no", "dont_know", "not_asked"])
    if question.type == "single":
        return rng.choice(allowed)
    if question.type == "multiple":
        picked = rng.sample(allowed, rng.randint(1, len(allowed)))
        return picked  # in a random order: the order is kept as given
    if question.type == "number":
        if rng.random() < 0.7:
            return rng.choice(interesting_numbers(question_set, question))
        low = question.min if question.min is not None else -50
        return rng.randint(low, question.max if question.max is not None else 400)
    if question.type == "date":
        days = rng.choice([0, 0, 1, rng.randint(0, 15000)])
        return (TODAY - dt.timedelta(days=days)).isoformat()
    if question.type == "text":
        limit = question.max_length or 500
        if rng.random() < 0.1:
            return "😀" * limit  # exactly at the limit, counted in characters
        return "".join(list(rng.choice(TEXTS))[:limit])
    raise AssertionError(f"no generator for {question.type}")


def random_parameters(question_set: QuestionSet, rng: random.Random) -> dict[str, int] | None:
    roll = rng.random()
    if roll < 0.4 or not question_set.parameters:
        return None
    if roll < 0.5:
        return {}
    return {name: rng.choice([int(spec["default"]) + d for d in (-1, 0, 1)] + [rng.randint(0, 9)])
            for name, spec in question_set.parameters.items()}


def random_judgement(rng: random.Random) -> dict[str, str] | None:
    roll = rng.random()
    if roll < 0.8:
        return None
    if roll < 0.95:
        return {"level": rng.choice(RISK_LEVELS), "reason": rng.choice(REASONS)}
    if roll < 0.975:
        return {"level": rng.choice(["urgent", "High", ""]), "reason": rng.choice(REASONS)}
    return {"level": rng.choice(RISK_LEVELS), "reason": rng.choice(BAD_REASONS)}


def generated_cases(question_set: QuestionSet, count: int, seed: str) -> list[Case]:
    """`count` answer sets: each question answered with an allowed value or left out, hidden
    questions included, in a shuffled order; some with parameters and a judgement."""
    rng = random.Random(f"{seed}:{question_set.key}")
    questions = list(question_set.questions)
    cases: list[Case] = [
        {"answers": {}, "parameters": None, "judgement": None},
        {"answers": {q.id: v for q in questions
                     if (v := random_value(q, question_set, random.Random(1), 1.0)) is not None},
         "parameters": None, "judgement": None},
    ]
    while len(cases) < count:
        yes = rng.choice([0.0, 0.2, 0.5, 0.8, 1.0, rng.random()])
        leave_out = rng.choice([0.0, 0.1, 0.3, 0.6])
        order = questions[:]
        rng.shuffle(order)
        answers = {q.id: random_value(q, question_set, rng, yes) for q in order
                   if rng.random() >= leave_out}
        cases.append({"answers": answers, "parameters": random_parameters(question_set, rng),
                      "judgement": random_judgement(rng)})
    return cases


def golden_cases(question_set: QuestionSet) -> list[Case]:
    return [{"answers": dict(case.answers), "parameters": dict(case.parameters) or None,
             "judgement": dict(case.judgement) if case.judgement else None}
            for case in question_set.golden_cases]


def bad_values(question: Question) -> list[Any]:
    """Values the question does not allow, each of them."""
    common: list[Any] = [{"value": 1}, ["x"], True]
    first = (question.allowed_values() or ["x"])[0]
    low, high, limit = question.min, question.max, question.max_length or 500
    by_type: dict[str, list[Any]] = {
        "yes_no": ["Yes", "maybe", 1, 0, 2.5, ["yes"], "it's", 'say "no"', "tab\there",
                   "\u200b", "naïve", "\x7f", "\u3000", "🙂", "\U000e0001"],
        "single": [first.upper() + "!", [first], 0, "not an option"],
        "multiple": [first, [first, first], [first, "nope"], [1], {"x": 1}, [[first]]],
        "number": ["12", 12.5, 1.5e-05, 123456.789, 0.0001, False, [5], {"n": 1}]
        + ([low - 1] if low is not None else []) + ([high + 1] if high is not None else []),
        "date": ["2024-02-30", "01/02/2024", "2024-1-1", "2023-02-29", "0000-01-01", "tomorrow",
                 20240101, (TODAY + dt.timedelta(days=1)).isoformat(), "2024-01-01 "],
        "text": [5, ["a"], "x" * (limit + 1), "😀" * (limit + 1)],
    }
    return by_type[question.type] + common


def bad_answer_sets(question_set: QuestionSet) -> list[dict[str, Any]]:
    """One bad value at a time, then unknown ids, then many problems at once."""
    questions = list(question_set.questions)
    sets: list[dict[str, Any]] = [{q.id: value} for q in questions for value in bad_values(q)]
    # Blank, wrong case, and names every JavaScript object has (a naive port finds them).
    for unknown in ["colour", "", "Afraid", "constructor", "__proto__", "toString", "valueOf"]:
        sets.append({unknown: "yes"})
    rng = random.Random(f"bad:{question_set.key}")
    for _ in range(20):
        sets.append({q.id: rng.choice(bad_values(q)) for q in rng.sample(questions, 4)}
                    | {"unknown_" + str(rng.randint(0, 9)): "yes"})
    return sets


def coverage_definition() -> dict[str, Any]:
    """A draft set that uses every condition shape, comparison and answer type the format has,
    including those no shipped set uses yet (date, not_equals, gt, lte, answered, score, a
    parameter in show_if, a question counted twice, a raise to `none`, a primary that is also
    an `also`, immediate actions, a hold for review, a service both immediate and `also`, a
    question the practitioner codes). Only the two engines' agreement on it matters, not what it
    means."""

    def text(words: str) -> dict[str, str]:
        return {"en": words}

    def question(qid: str, kind: str, **extra: Any) -> dict[str, Any]:
        return {"id": qid, "type": kind, "text": text(qid), "how_to_ask": text("Ask."),
                "why_we_ask": text("Because."), **extra}

    def options(*ids: str) -> list[dict[str, Any]]:
        return [{"id": i, "label": text(i)} for i in ids]

    core = ["afraid", "hurt", "threats"]
    return {
        "id": "coverage", "version": 1, "status": "draft",
        "title": text("Coverage"), "opening_statement": text("Test only."),
        "asked_of": "person", "settings": ["other"], "languages": ["en"],
        "guidance_languages": ["en"],
        "parameters": {"threshold": {"default": 3}, "gate": {"default": 1}},
        "sections": [
            {"id": "core", "title": text("Core"), "questions": [
                question("afraid", "yes_no"), question("hurt", "yes_no"),
                question("threats", "yes_no")]},
            {"id": "more", "title": text("More"), "questions": [
                question("age", "number", min=10, max=120, show_if={
                    "count": {"questions": core, "equals": "yes"},
                    "gte": {"parameter": "gate"}}),
                question("incidents", "number", min=0, max=365),
                question("drinks", "number", max=50),
                question("last_incident", "date", show_if={"all": [
                    {"question": "incidents", "gt": 0},
                    {"not": {"question": "hurt", "equals": "no"}}]}),
                question("who", "multiple", options=options("partner", "child", "other"),
                         show_if={"question": "afraid", "not_equals": "no"}),
                question("place", "single", options=options("home", "work", "elsewhere"),
                         show_if={"question": "who", "includes": "partner"}),
                question("note", "text", max_length=12,
                         show_if={"question": "age", "answered": True}),
                question("children", "yes_no",
                         show_if={"question": "place", "in": ["home", "elsewhere"]}),
                question("self_defence", "yes_no", asked="practitioner"),
            ]},
        ],
        "scoring": {"points": [
            {"count": {"questions": ["afraid", "hurt", "threats", "afraid"], "equals": "yes"},
             "each": 1},
            {"count": {"questions": ["threats", "hurt"], "equals": "dont_know"}, "each": 0},
            {"when": {"question": "who", "includes": "child"}, "add": 2},
            {"when": {"any": [{"question": "incidents", "gte": {"parameter": "threshold"}},
                              {"question": "drinks", "gt": 20}]}, "add": 1},
            {"when": {"not": {"question": "note", "answered": False}}, "add": 1},
            # Holds with one of its questions answered "not_asked", which still counts as
            # looked at in the reason.
            {"when": {"any": [{"question": "threats", "equals": "yes"},
                              {"question": "hurt", "equals": "dont_know"}]}, "add": 1},
        ]},
        "bands": [
            {"id": "clear", "min": 0, "max": 0, "risk_level": "none", "label": text("Clear")},
            {"id": "low", "min": 1, "max": 2, "risk_level": "standard", "label": text("Low")},
            {"id": "mid", "min": 3, "max": 5, "risk_level": "medium", "label": text("Mid")},
            {"id": "top", "min": 6, "max": None, "risk_level": "high", "label": text("Top")},
        ],
        "raise_rules": [
            {"id": "score_high", "when": {"score": {"gte": 5}}, "to": "high",
             "reason": text("Score")},
            {"id": "children", "when": {"all": [{"not": {"outcome": "clear"}},
                                                 {"question": "children", "equals": "yes"}]},
             "to": "medium", "reason": text("Children")},
            {"id": "no_no", "when": {"count": {"questions": core, "equals": "no"}, "lt": 1},
             "to": "standard", "reason": text("No no")},
            {"id": "noop", "when": {"question": "afraid", "equals": "dont_know"}, "to": "none",
             "reason": text("Never lowers")},
            {"id": "drinks", "when": {"any": [
                {"question": "drinks", "gte": {"parameter": "threshold"}},
                {"question": "drinks", "lte": -1}]}, "to": "medium", "reason": text("Drinks")},
            {"id": "gate", "when": {"score": {"equals": {"parameter": "gate"}}},
             "to": "standard", "reason": text("Gate")},
        ],
        "safety_flags": [
            {"id": "child", "severity": "high", "when": {"question": "who", "includes": "child"},
             "label": text("Child"), "action": text("Safeguard."), "audience": "all"},
            {"id": "risky", "severity": "critical", "when": {"risk_level_at_least": "medium"},
             "label": text("Risky"), "action": text("Act."), "audience": "partner_safety"},
            {"id": "dated", "severity": "medium",
             "when": {"question": "last_incident", "answered": True},
             "label": text("Dated"), "action": text("Note."), "audience": "all"},
            {"id": "low_score", "severity": "medium", "when": {"score": {"lt": 2}},
             "label": text("Low"), "action": text("Watch."), "audience": "all"},
            {"id": "mid", "severity": "high", "when": {"outcome": "mid"},
             "label": text("Mid"), "action": text("Plan."), "audience": "all"},
        ],
        "pathway_rules": [
            {"id": "young", "when": {"question": "age", "lte": 17}, "service": "youth",
             "role": "primary", "reason": text("Young")},
            {"id": "risky", "when": {"flag": "risky"}, "service": "marac", "role": "primary",
             "reason": text("Risky")},
            {"id": "positive", "when": {"not": {"outcome": "clear"}}, "service": "dapp",
             "role": "primary", "reason": text("Positive")},
            {"id": "marac_also", "when": {"risk_level_at_least": "high"}, "service": "marac",
             "role": "also", "reason": text("High")},
            {"id": "victim", "when": {"flag": "risky"}, "service": "victim_safety",
             "role": "also", "reason": text("Victim")},
            {"id": "victim_again", "when": {"flag": "child"}, "service": "victim_safety",
             "role": "also", "reason": text("Victim again")},
            {"id": "dapp_also", "when": {"score": {"gte": 1}}, "service": "dapp",
             "role": "also", "reason": text("Dapp also")},
            {"id": "youth_also", "when": {"question": "age", "in": [10, 11, 12]},
             "service": "youth", "role": "also", "reason": text("Youth also")},
            {"id": "now", "when": {"question": "threats", "equals": "yes"}, "service": "marac",
             "role": "immediate", "reason": text("Now")},
            {"id": "now_again", "when": {"question": "hurt", "equals": "yes"},
             "service": "marac", "role": "immediate", "reason": text("Now again")},
            {"id": "review", "when": {"question": "self_defence", "equals": "yes"},
             "service": "victim_safety", "role": "also", "hold_for_review": True,
             "reason": text("Review")},
            {"id": "review_too", "when": {"question": "self_defence", "equals": "dont_know"},
             "service": "youth", "role": "also", "hold_for_review": True,
             "reason": text("Review too")},
        ],
        "golden_cases": [
            {"name": "all no", "answers": {"afraid": "no", "hurt": "no", "threats": "no"},
             "expect": {"score": 0, "outcome": "clear", "risk_level": "none",
                        "pathway": {"primary": None, "others": []},
                        "safety_flags": ["low_score"]}},
        ],
    }


def coverage_folder(tmp: Path) -> Path:
    """A library folder holding only the coverage set (a draft: no lock entry needed)."""
    folder = tmp / "coverage-library"
    (folder / "coverage").mkdir(parents=True)
    shutil.copy(FIXTURE / "services.json", folder / "services.json")
    (folder / "published.lock").write_text("")
    (folder / "coverage" / "v1.json").write_text(json.dumps(coverage_definition(), indent=2),
                                                  encoding="utf-8")
    return folder
