"""Stage 2 of loading: the shape of a question-set file (keys present, of the right kind)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from screening.questionnaire.errors import Collector, worded
from screening.wording import N_, Wording

# key -> (expected kind, required)
TOP: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "$schema": (str, False), "id": (str, True), "version": (int, True), "status": (str, True),
    "title": (dict, True), "opening_statement": (dict, True), "asked_of": (str, True),
    "settings": (list, True), "languages": (list, True), "guidance_languages": (list, True),
    "unreviewed_languages": (list, False), "parameters": (dict, False),
    "sections": (list, True), "scoring": (dict, True), "bands": (list, True),
    "raise_rules": (list, False), "safety_flags": (list, False), "pathway_rules": (list, False),
    "golden_cases": (list, True),
}
SECTION = {"id": (str, True), "title": (dict, True), "questions": (list, True)}
QUESTION = {
    "id": (str, True), "type": (str, True), "text": (dict, True), "how_to_ask": (dict, True),
    "why_we_ask": (dict, True), "required": (bool, False), "show_if": (dict, False),
    "options": (list, False), "min": (int, False), "max": (int, False),
    "max_length": (int, False), "asked": (str, False),
}
OPTION = {"id": (str, True), "label": (dict, True)}
BAND = {"id": (str, True), "min": (int, True), "max": ((int, type(None)), True),
        "risk_level": (str, True), "label": (dict, True)}
RAISE = {"id": (str, True), "when": (dict, True), "to": (str, True), "reason": (dict, True)}
FLAG = {"id": (str, True), "severity": (str, True), "when": (dict, True), "label": (dict, True),
        "action": (dict, True), "audience": (str, True)}
PATHWAY = {"id": (str, True), "when": (dict, True), "service": (str, True), "role": (str, True),
           "reason": (dict, True), "hold_for_review": (bool, False)}
GOLDEN = {"name": (str, True), "answers": (dict, True), "expect": (dict, True),
          "judgement": (dict, False), "parameters": (dict, False)}
EXPECT = {"score": (int, True), "outcome": (str, True), "risk_level": (str, True),
          "pathway": (dict, True), "safety_flags": (list, True), "referrals": (list, False)}
KIND_NAMES = {str: N_("text"), int: N_("a whole number"), dict: N_("an object"),
              list: N_("a list"), bool: N_("true or false"), type(None): N_("null")}


def _kind_name(kind: type | tuple[type, ...]) -> Wording:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    named = worded(KIND_NAMES[kinds[0]])
    for other in kinds[1:]:
        named = worded(N_("%(first)s or %(second)s"), first=named,
                       second=worded(KIND_NAMES[other]))
    return named


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def check_object(value: Any, shape: Mapping[str, tuple[Any, bool]], path: str,
                 out: Collector) -> bool:
    """Report missing, unknown and mistyped keys; False when the value is not usable further."""
    label = path or "the file"
    if not isinstance(value, dict):
        out.add(path, N_("%(label)s should be an object") if path else
                N_("the file should be an object"), N_("write it as {{ … }}"), label=label)
        return False
    usable = True
    for key, (kind, required) in shape.items():
        here = f"{path}.{key}" if path else key
        if key not in value:
            if required:
                out.add(here, N_("is missing"), N_("add %(key)s (%(kind)s)"), key=repr(key),
                        kind=_kind_name(kind))
                usable = False
        elif not _is(value[key], kind):
            out.add(here, N_("should be %(kind)s, not %(found)s"), N_("write %(key)s as %(kind)s"),
                    kind=_kind_name(kind), found=type(value[key]).__name__, key=repr(key))
            usable = False
    for key in value:
        if key not in shape:
            out.add(f"{path}.{key}" if path else key, N_("is not a known key"),
                    N_("remove it or use one of: %(keys)s"), keys=list(shape))
    return usable


def check_list(items: list[Any], shape: Mapping[str, tuple[Any, bool]], path: str,
               out: Collector) -> bool:
    """Check every object of a list; False when any is unusable."""
    ok = [check_object(item, shape, f"{path}[{i}]", out) for i, item in enumerate(items)]
    return all(ok)


def check_structure(data: Any, out: Collector) -> bool:
    """Stage 2: True when the file has the shape the meaning checks need."""
    if not check_object(data, TOP, "", out):
        return False
    ok = True
    ok &= check_list(data["sections"], SECTION, "sections", out)
    if ok:
        for s, section in enumerate(data["sections"]):
            ok &= check_list(section["questions"], QUESTION, f"sections[{s}].questions", out)
            for q, question in enumerate(section["questions"]):
                if isinstance(question, dict) and isinstance(question.get("options"), list):
                    ok &= check_list(question["options"], OPTION,
                                     f"sections[{s}].questions[{q}].options", out)
    ok &= check_list(data["bands"], BAND, "bands", out)
    ok &= check_list(data.get("raise_rules", []), RAISE, "raise_rules", out)
    ok &= check_list(data.get("safety_flags", []), FLAG, "safety_flags", out)
    ok &= check_list(data.get("pathway_rules", []), PATHWAY, "pathway_rules", out)
    if check_list(data["golden_cases"], GOLDEN, "golden_cases", out):
        for g, case in enumerate(data["golden_cases"]):
            ok &= check_object(case["expect"], EXPECT, f"golden_cases[{g}].expect", out)
    else:
        ok = False
    points = data["scoring"].get("points")
    if not isinstance(points, list):
        out.add("scoring.points", N_("is missing or not a list"),
                N_('write "scoring": {"points": [ … ]} (see questionnaires/FORMAT.md)'))
        ok = False
    return bool(ok)
