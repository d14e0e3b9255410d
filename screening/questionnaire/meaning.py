"""Stage 3 of loading: what the file means — ids, references, conditions, bands, translations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from screening import settings
from screening.questionnaire.errors import Collector
from screening.questionnaire.model import (
    ANSWER_TYPES,
    ASKED_BY,
    AUDIENCES,
    PATHWAY_ROLES,
    RISK_LEVELS,
    SETTINGS,
    SEVERITIES,
)
from screening.questionnaire.rules import COMPARISONS, COUNT_COMPARISONS, SOURCES
from screening.wording import N_

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# Said by many checks; `allowed` is a list of ids, `value` the file's value as Python shows it.
USE_ONE_OF = N_("use one of: %(allowed)s")
NOT_ALLOWED = N_("%(value)s is not allowed")
START_AT = N_("start this band at %(expected)s")
# Which results a condition may look at, by where it stands (each is worked out after the last).
STAGE_SOURCES = {
    "show_if": {"all", "any", "not", "question", "count"},
    "scoring": {"all", "any", "not", "question", "count"},
    "raise_rules": {"all", "any", "not", "question", "count", "score", "outcome"},
    "safety_flags": {"all", "any", "not", "question", "count", "score", "outcome",
                     "risk_level_at_least"},
    "pathway_rules": set(SOURCES),
}


class Meaning:
    """Checks one structurally sound file; problems go to the collector."""

    def __init__(self, data: Mapping[str, Any], services: set[str], out: Collector) -> None:
        self.data = data
        self.services = services
        self.out = out
        self.questions: dict[str, dict[str, Any]] = {}
        self.order: dict[str, int] = {}
        self.flags = {f["id"] for f in data.get("safety_flags", [])}
        self.bands = {b["id"] for b in data["bands"]}
        self.parameters = set(data.get("parameters", {}))

    def text(self, value: Mapping[str, Any], path: str, guidance: bool = False) -> None:
        key = "guidance_languages" if guidance else "languages"
        for language in self.data[key]:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.out.add(path, N_("has no %(language)s text"),
                             N_('add "%(code)s": "…" (the set lists %(language)s in %(key)s)'),
                             language=repr(language), code=language, key=key)

    def unique(self, ids: list[str], path: str, used_twice: str) -> None:
        """Snake-case ids, each once; `used_twice` names what they are ("band id %(id)s …")."""
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if not SNAKE.match(ident):
                self.out.add(f"{path}[{i}].id", N_("%(id)s is not a snake_case id"),
                             N_("use lower-case letters, digits and underscores"), id=repr(ident))
            if ident in seen:
                self.out.add(f"{path}[{i}].id", used_twice, N_("give each a different id"),
                             id=repr(ident))
            seen.add(ident)

    def run(self) -> None:
        d = self.data
        for key in ("settings",):
            for i, value in enumerate(d[key]):
                if value not in SETTINGS:
                    self.out.add(f"{key}[{i}]", N_("%(value)s is not a setting"), USE_ONE_OF,
                                 value=repr(value), allowed=list(SETTINGS))
        if d["status"] not in ("draft", "published"):
            self.out.add("status", N_("%(value)s is not a status"),
                         N_('use "draft" or "published"'), value=repr(d["status"]))
        if d["asked_of"] not in ("person", "partner"):
            self.out.add("asked_of", NOT_ALLOWED, N_('use "person" or "partner"'),
                         value=repr(d["asked_of"]))
        if "en" not in d["languages"] or "en" not in d["guidance_languages"]:
            self.out.add("languages", N_("English is missing"),
                         N_('list "en" in languages and guidance_languages'))
        for name, spec in d.get("parameters", {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("default"), int):
                self.out.add(f"parameters.{name}", N_("has no whole-number default"),
                             N_('write {"default": 3, "setting": "NAME"}'))
            elif spec.get("setting") and spec["setting"] not in settings.BY_NAME:
                self.out.add(f"parameters.{name}.setting",
                             N_("%(value)s is not one of the tool's settings"),
                             USE_ONE_OF, value=repr(spec["setting"]),
                             allowed=list(settings.BY_NAME))
        self.text(d["title"], "title")
        self.text(d["opening_statement"], "opening_statement")
        self.unique([s["id"] for s in d["sections"]], "sections",
                    N_("section id %(id)s is used twice"))
        all_questions = [(s, q, question) for s, section in enumerate(d["sections"])
                         for q, question in enumerate(section["questions"])]
        for s, section in enumerate(d["sections"]):
            self.text(section["title"], f"sections[{s}].title")
            if not section["questions"]:
                self.out.add(f"sections[{s}].questions", N_("is empty"),
                             N_("add a question or remove it"))
        seen: set[str] = set()
        for n, (s, q, question) in enumerate(all_questions):
            path = f"sections[{s}].questions[{q}]"
            if question["id"] in seen:
                self.out.add(f"{path}.id", N_("question id %(id)s is used twice"),
                             N_("give each question its own id"), id=repr(question["id"]))
            elif not SNAKE.match(question["id"]):
                self.out.add(f"{path}.id", N_("%(id)s is not a snake_case id"),
                             N_("use lower-case letters, digits and underscores"),
                             id=repr(question["id"]))
            seen.add(question["id"])
            self.question(question, path)
            if "show_if" in question:
                self.condition(question["show_if"], f"{path}.show_if", "show_if", before=n)
            self.questions[question["id"]] = question
            self.order[question["id"]] = n
        self.scoring()
        self.band_checks()
        for i, rule in enumerate(d.get("raise_rules", [])):
            self.condition(rule["when"], f"raise_rules[{i}].when", "raise_rules")
            self.level(rule["to"], f"raise_rules[{i}].to")
            self.text(rule["reason"], f"raise_rules[{i}].reason", guidance=True)
        self.unique([f["id"] for f in d.get("safety_flags", [])], "safety_flags",
                    N_("flag id %(id)s is used twice"))
        for i, flag in enumerate(d.get("safety_flags", [])):
            path = f"safety_flags[{i}]"
            self.condition(flag["when"], f"{path}.when", "safety_flags")
            self.choice(flag["severity"], SEVERITIES, f"{path}.severity")
            self.choice(flag["audience"], AUDIENCES, f"{path}.audience")
            self.text(flag["label"], f"{path}.label", guidance=True)
            self.text(flag["action"], f"{path}.action", guidance=True)
        for i, rule in enumerate(d.get("pathway_rules", [])):
            path = f"pathway_rules[{i}]"
            self.condition(rule["when"], f"{path}.when", "pathway_rules")
            self.choice(rule["role"], PATHWAY_ROLES, f"{path}.role")
            if rule["service"] not in self.services:
                self.out.add(f"{path}.service", N_("%(value)s is not in services.json"),
                             USE_ONE_OF, value=repr(rule["service"]),
                             allowed=sorted(self.services))
            self.text(rule["reason"], f"{path}.reason", guidance=True)

    def choice(self, value: str, allowed: tuple[str, ...], path: str) -> None:
        if value not in allowed:
            self.out.add(path, NOT_ALLOWED, USE_ONE_OF, value=repr(value), allowed=list(allowed))

    def level(self, value: str, path: str) -> None:
        self.choice(value, RISK_LEVELS, path)

    def question(self, question: Mapping[str, Any], path: str) -> None:
        kind = question["type"]
        if kind not in ANSWER_TYPES:
            self.out.add(f"{path}.type", N_("%(value)s is not an answer type"), USE_ONE_OF,
                         value=repr(kind), allowed=list(ANSWER_TYPES))
        asked = question.get("asked", "client")
        self.choice(asked, ASKED_BY, f"{path}.asked")
        # The practitioner's own assessment is never read aloud: their language is enough.
        by_practitioner = asked == "practitioner"
        self.text(question["text"], f"{path}.text", guidance=by_practitioner)
        self.text(question["how_to_ask"], f"{path}.how_to_ask", guidance=True)
        self.text(question["why_we_ask"], f"{path}.why_we_ask", guidance=True)
        options = question.get("options", [])
        if kind in ("single", "multiple"):
            if len(options) < 2:
                self.out.add(f"{path}.options", N_("needs at least two options"),
                             N_('list the options as [{"id": …, "label": {…}}]'))
            self.unique([o["id"] for o in options], f"{path}.options",
                        N_("option id %(id)s is used twice"))
            for o, option in enumerate(options):
                self.text(option["label"], f"{path}.options[{o}].label",
                          guidance=by_practitioner)
        elif options:
            self.out.add(f"{path}.options", N_("a %(type)s question has no options"),
                         N_("remove options or make the type single or multiple"), type=kind)
        if kind == "text" and not 1 <= question.get("max_length", 500) <= 500:
            self.out.add(f"{path}.max_length", N_("must be from 1 to 500"),
                         N_("keep free text short: 500 characters at most"))
        if kind == "number" and question.get("min", 0) > question.get("max", 10**9):
            self.out.add(f"{path}.min", N_("is above max"), N_("make min at most max"))

    def scoring(self) -> None:
        for i, item in enumerate(self.data["scoring"]["points"]):
            path = f"scoring.points[{i}]"
            if isinstance(item, dict) and set(item) == {"count", "each"}:
                self.count_spec(item["count"], f"{path}.count")
                self.points(item["each"], f"{path}.each")
            elif isinstance(item, dict) and set(item) == {"when", "add"}:
                self.condition(item["when"], f"{path}.when", "scoring")
                self.points(item["add"], f"{path}.add")
            else:
                self.out.add(path, N_("is neither a count nor a when/add item"),
                             N_('write {"count": {"questions": […], "equals": "yes"}, "each": 1} '
                                'or {"when": {…}, "add": 2}'))

    def points(self, value: Any, path: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.out.add(path, N_("%(value)s is not a whole number of points"),
                         N_("write a whole number, 0 or more (scores never go below 0)"),
                         value=repr(value))

    def band_checks(self) -> None:
        bands = self.data["bands"]
        self.unique([b["id"] for b in bands], "bands", N_("band id %(id)s is used twice"))
        expected = 0
        for i, band in enumerate(bands):
            self.level(band["risk_level"], f"bands[{i}].risk_level")
            self.text(band["label"], f"bands[{i}].label", guidance=True)
            if band["min"] < expected:
                self.out.add(f"bands[{i}].min", N_("overlaps the band before (starts at "
                                                   "%(min)s, the band before ends at %(end)s)"),
                             START_AT, min=band["min"], end=expected - 1, expected=expected)
            elif band["min"] > expected:
                self.out.add(f"bands[{i}].min", N_("leaves scores %(expected)s to %(end)s in no "
                                                   "band"),
                             START_AT, expected=expected, end=band["min"] - 1)
            if band["max"] is None:
                if i != len(bands) - 1:
                    self.out.add(f"bands[{i}].max", N_("is open-ended but is not the last band"),
                                 N_("give it a max or move it last"))
                return
            if band["max"] < band["min"]:
                self.out.add(f"bands[{i}].max", N_("is below min"), N_("make max at least min"))
            expected = band["max"] + 1
        if bands:
            self.out.add(f"bands[{len(bands) - 1}].max", N_("ends the last band, so higher "
                                                            "scores fall in no band"),
                         N_('give the last band "max": null'))

    def count_spec(self, spec: Any, path: str) -> None:
        if not isinstance(spec, dict) or set(spec) != {"questions", "equals"} or not isinstance(
                spec["questions"], list):
            self.out.add(path, N_("should name questions and a value"),
                         N_('write {"questions": ["q1", "q2"], "equals": "yes"}'))
            return
        for j, qid in enumerate(spec["questions"]):
            self.reference(qid, f"{path}.questions[{j}]", spec["equals"])

    def reference(self, qid: Any, path: str, value: Any = None, before: int | None = None) -> None:
        question = self._any_question(qid)
        if question is None:
            self.out.add(path, N_("%(id)s is not a question of this set"),
                         N_("use the id of one of the set's questions"), id=repr(qid))
            return
        if before is not None and self.order.get(qid, before) >= before:
            self.out.add(path, N_("refers to %(id)s, which comes later or is this question, so "
                                  "the question can never be shown"),
                         N_("only refer to earlier questions"), id=repr(qid))
            return
        allowed = self._allowed(question)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is not None and allowed and v not in allowed:
                self.out.add(path, N_("%(value)s is not an answer of %(id)s, so this can "
                                      "never hold"), USE_ONE_OF, value=repr(v), id=repr(qid),
                             allowed=list(allowed))

    def _any_question(self, qid: Any) -> dict[str, Any] | None:
        for section in self.data["sections"]:
            for question in section["questions"]:
                if question.get("id") == qid:
                    return dict(question)
        return None

    @staticmethod
    def _allowed(question: Mapping[str, Any]) -> list[str]:
        # "not_asked" counts as unanswered, so a condition on it could never hold:
        # {"answered": false} is the way to ask about it.
        if question["type"] == "yes_no":
            return ["yes", "no", "dont_know"]
        return [o["id"] for o in question.get("options", [])]

    def number(self, value: Any, path: str) -> None:
        if isinstance(value, dict):
            if set(value) != {"parameter"} or value["parameter"] not in self.parameters:
                self.out.add(path, N_("%(value)s names no parameter of this set"),
                             USE_ONE_OF if self.parameters else N_("use one of: (none)"),
                             value=repr(value), allowed=sorted(self.parameters))
        elif not isinstance(value, int) or isinstance(value, bool):
            self.out.add(path, N_("%(value)s is not a number"), N_("write a whole number"),
                         value=repr(value))

    def condition(self, c: Any, path: str, stage: str, before: int | None = None) -> None:
        if not isinstance(c, dict):
            self.out.add(path, N_("is not a condition"),
                         N_("write a condition object (FORMAT.md)"))
            return
        sources = [key for key in c if key in SOURCES]
        if len(sources) != 1:
            self.out.add(path, N_("should have exactly one of %(sources)s"),
                         N_("see the table of conditions in questionnaires/FORMAT.md"),
                         sources=list(SOURCES))
            return
        source = sources[0]
        if source not in STAGE_SOURCES[stage]:
            self.out.add(path, N_("%(source)s cannot be used in %(stage)s: it is not worked "
                                  "out yet"), USE_ONE_OF, source=repr(source), stage=stage,
                         allowed=sorted(STAGE_SOURCES[stage]))
            return
        if source in ("all", "any"):
            if not isinstance(c[source], list) or not c[source] or len(c) != 1:
                self.out.add(path, N_("%(source)s needs a non-empty list and nothing else"),
                             N_('write {"%(name)s": [{…}, {…}]}'), source=repr(source),
                             name=source)
                return
            for i, part in enumerate(c[source]):
                self.condition(part, f"{path}.{source}[{i}]", stage, before)
        elif source == "not":
            if len(c) != 1:
                self.out.add(path, N_("'not' takes one condition and nothing else"),
                             N_("remove other keys"))
            self.condition(c["not"], f"{path}.not", stage, before)
        elif source == "question":
            self.question_condition(c, path, before)
        elif source == "count":
            self.count_spec(c["count"], f"{path}.count")
            self.one_operator(c, COUNT_COMPARISONS, path, {"count"})
        elif source == "score":
            spec = c["score"]
            if not isinstance(spec, dict) or len(c) != 1:
                self.out.add(path, N_("'score' takes one comparison"),
                             N_('write {"score": {"gte": 10}}'))
            else:
                self.one_operator(spec, COUNT_COMPARISONS, f"{path}.score", set())
        elif source == "outcome":
            self.choice(c["outcome"], tuple(self.bands), f"{path}.outcome")
        elif source == "risk_level_at_least":
            self.level(c[source], f"{path}.{source}")
        elif source == "flag":
            self.choice(c["flag"], tuple(sorted(self.flags)), f"{path}.flag")

    def one_operator(self, c: Mapping[str, Any], allowed: tuple[str, ...], path: str,
                     other: set[str]) -> None:
        ops = [key for key in c if key not in other]
        if len(ops) != 1 or ops[0] not in allowed:
            self.out.add(path, N_("needs exactly one comparison"), USE_ONE_OF,
                         allowed=list(allowed))
            return
        self.number(c[ops[0]], f"{path}.{ops[0]}")

    def question_condition(self, c: Mapping[str, Any], path: str, before: int | None) -> None:
        ops = [key for key in c if key != "question"]
        allowed = (*COMPARISONS, "answered")
        if len(ops) != 1 or ops[0] not in allowed:
            self.out.add(path, N_("needs exactly one comparison after 'question'"), USE_ONE_OF,
                         allowed=list(allowed))
            return
        op, value = ops[0], c[ops[0]]
        qid = c["question"]
        self.reference(qid, f"{path}.question", None, before)
        question = self._any_question(qid)
        if question is None:
            return
        if op in ("gt", "gte", "lt", "lte"):
            if question["type"] != "number":
                self.out.add(f"{path}.{op}", N_("compares %(id)s, which is not a number "
                                                "question"), N_("use equals or in"), id=repr(qid))
            self.number(value, f"{path}.{op}")
        elif op == "includes" and question["type"] != "multiple":
            self.out.add(f"{path}.includes", N_("%(id)s is not a multiple-choice question"),
                         N_("use equals"), id=repr(qid))
        elif op == "answered" and not isinstance(value, bool):
            self.out.add(f"{path}.answered", N_("should be true or false"),
                         N_("write true or false"))
        elif op in ("equals", "not_equals", "in", "includes"):
            if op == "in" and not isinstance(value, list):
                self.out.add(f"{path}.in", N_("should be a list"), N_('write ["a", "b"]'))
            elif question["type"] == "number":
                for v in value if isinstance(value, list) else [value]:
                    self.number(v, f"{path}.{op}")
            self.reference(qid, f"{path}.{op}", value)
