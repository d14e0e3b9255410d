"""Stage 3 of loading: what a file of the right shape means — ids, translations, references.

Stage 2 (structure.py, against questionnaires/schema.json) has already checked every key, kind
and allowed word: these are the checks no schema can make. Conditions (conditions.py) and band
ranges (bands.py) have their own modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from screening import settings
from screening.questionnaire.bands import check_band_ranges
from screening.questionnaire.conditions import Conditions
from screening.questionnaire.errors import USE_ONE_OF, Collector
from screening.wording import N_


class Meaning:
    """Checks one structurally sound file; problems go to the collector."""

    def __init__(self, data: Mapping[str, Any], services: set[str], out: Collector) -> None:
        self.data = data
        self.services = services
        self.out = out
        self.conditions = Conditions(data, out)

    def text(self, value: Mapping[str, Any], path: str, guidance: bool = False) -> None:
        key = "guidance_languages" if guidance else "languages"
        for language in self.data[key]:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.out.add(path, N_("has no %(language)s text"),
                             N_('add "%(code)s": "…" (the set lists %(language)s in %(key)s)'),
                             language=repr(language), code=language, key=key)

    def unique(self, ids: list[str], path: str, used_twice: str) -> None:
        """Ids each once; `used_twice` names what they are ("band id %(id)s …")."""
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                self.out.add(f"{path}[{i}].id", used_twice, N_("give each a different id"),
                             id=repr(ident))
            seen.add(ident)

    def run(self) -> None:
        d = self.data
        for name, spec in d.get("parameters", {}).items():
            if spec.get("setting") and spec["setting"] not in settings.BY_NAME:
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
            seen.add(question["id"])
            self.question(question, path)
            if "show_if" in question:
                self.conditions.condition(question["show_if"], f"{path}.show_if", "show_if",
                                          before=n)
        self.scoring()
        self.band_checks()
        for i, rule in enumerate(d.get("raise_rules", [])):
            self.conditions.condition(rule["when"], f"raise_rules[{i}].when", "raise_rules")
            self.text(rule["reason"], f"raise_rules[{i}].reason", guidance=True)
        self.unique([f["id"] for f in d.get("safety_flags", [])], "safety_flags",
                    N_("flag id %(id)s is used twice"))
        for i, flag in enumerate(d.get("safety_flags", [])):
            path = f"safety_flags[{i}]"
            self.conditions.condition(flag["when"], f"{path}.when", "safety_flags")
            self.text(flag["label"], f"{path}.label", guidance=True)
            self.text(flag["action"], f"{path}.action", guidance=True)
        for i, rule in enumerate(d.get("pathway_rules", [])):
            path = f"pathway_rules[{i}]"
            self.conditions.condition(rule["when"], f"{path}.when", "pathway_rules")
            if rule["service"] not in self.services:
                self.out.add(f"{path}.service", N_("%(value)s is not in services.json"),
                             USE_ONE_OF, value=repr(rule["service"]),
                             allowed=sorted(self.services))
            self.text(rule["reason"], f"{path}.reason", guidance=True)

    def question(self, question: Mapping[str, Any], path: str) -> None:
        # The practitioner's own assessment is never read aloud: their language is enough.
        by_practitioner = question.get("asked", "client") == "practitioner"
        self.text(question["text"], f"{path}.text", guidance=by_practitioner)
        self.text(question["how_to_ask"], f"{path}.how_to_ask", guidance=True)
        self.text(question["why_we_ask"], f"{path}.why_we_ask", guidance=True)
        options = question.get("options", [])
        self.unique([o["id"] for o in options], f"{path}.options",
                    N_("option id %(id)s is used twice"))
        for o, option in enumerate(options):
            self.text(option["label"], f"{path}.options[{o}].label", guidance=by_practitioner)
        if question.get("min", 0) > question.get("max", 10**9):
            self.out.add(f"{path}.min", N_("is above max"), N_("make min at most max"))

    def scoring(self) -> None:
        for i, item in enumerate(self.data["scoring"]["points"]):
            path = f"scoring.points[{i}]"
            if "count" in item:
                self.conditions.count_spec(item["count"], f"{path}.count")
            else:
                self.conditions.condition(item["when"], f"{path}.when", "scoring")

    def band_checks(self) -> None:
        bands = self.data["bands"]
        self.unique([b["id"] for b in bands], "bands", N_("band id %(id)s is used twice"))
        for i, band in enumerate(bands):
            self.text(band["label"], f"bands[{i}].label", guidance=True)
        check_band_ranges(bands, self.out)

