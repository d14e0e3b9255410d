"""Stage 2 of loading: the shape of a file, checked against `questionnaires/schema.json`.

The schema is the one description of the shape (an author's editor reads it too); this module
only turns each of its errors into a problem that says where, what is wrong and the fix, in the
author's language. What a file means (references, bands, translations) is stage 3, meaning.py.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from screening.questionnaire.errors import NOT_ALLOWED, USE_ONE_OF, Collector, worded
from screening.wording import N_, Wording

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "questionnaires" / "schema.json"
KIND_NAMES = {"string": N_("text"), "integer": N_("a whole number"), "object": N_("an object"),
              "array": N_("a list"), "boolean": N_("true or false"), "null": N_("null")}
FOUND_NAMES = {str: "str", int: "int", float: "float", bool: "bool", dict: "dict", list: "list",
               type(None): "NoneType"}
# What the schema's named parts ($defs) say instead of the general words, by the failing keyword
# (None: any keyword). Each may use `value`, `allowed`, and `limit` (the keyword's own number),
# `least` and `most` (the minimum and maximum) of the part.
BY_DEFINITION: dict[tuple[str, str | None], tuple[str, str]] = {
    ("answer_type", None): (N_("%(value)s is not an answer type"), USE_ONE_OF),
    ("setting", None): (N_("%(value)s is not a setting"), USE_ONE_OF),
    ("basis", None): (N_("%(value)s is not a basis for a referral"), USE_ONE_OF),
    ("snake_id", "pattern"): (N_("%(value)s is not a snake_case id"),
                              N_("use lower-case letters, digits and underscores")),
    ("kebab_id", "pattern"): (N_("%(value)s is not a kebab-case id"),
                              N_("use lower-case letters, digits and hyphens")),
    ("language", "pattern"): (N_("%(value)s is not a language code"),
                              N_("write a code such as en, cy or pl")),
    ("languages", "contains"): (N_("English is missing"),
                                N_('list "en" in languages and guidance_languages')),
    ("points", None): (N_("%(value)s is not a whole number of points"),
                       N_("write a whole number, 0 or more (scores never go below 0)")),
    ("points_item", None): (N_("is neither a count nor a when/add item"),
                            N_('write {"count": {"questions": […], "equals": "yes"}, "each": 1} '
                               'or {"when": {…}, "add": 2}')),
    ("text_limit", None): (N_("must be from %(least)s to %(most)s"),
                           N_("keep free text short: %(most)s characters at most")),
    ("options", "minItems"): (N_("needs at least two options"),
                              N_('list the options as [{"id": …, "label": {…}}]')),
    ("golden_cases", "minItems"): (N_("is empty"),
                                   N_("add cases that pin down what the set means")),
    ("no_options", None): (N_("only single and multiple questions have options"),
                           N_("remove options or make the type single or multiple")),
    ("no_range", None): (N_("only number questions have min and max"),
                         N_("remove it or make the type number")),
    ("no_text_limit", None): (N_("only text questions have max_length"),
                              N_("remove it or make the type text")),
    ("number", None): (N_("%(value)s is not a number"),
                       N_('write a whole number, or {"parameter": NAME}')),
    ("value", None): (N_("%(value)s is not an answer to compare with"),
                      N_('write an option id, "yes", "no", a whole number or '
                         '{"parameter": NAME}')),
    ("condition", None): (N_("should have exactly one of %(allowed)s"),
                          N_("see the table of conditions in questionnaires/FORMAT.md")),
    ("question_condition", None): (N_("needs exactly one comparison after 'question'"),
                                   USE_ONE_OF),
    ("count_condition", None): (N_("needs exactly one comparison after 'count'"), USE_ONE_OF),
    ("comparison", None): (N_("needs exactly one comparison"), USE_ONE_OF),
}
# The general words, by keyword.
BY_KEYWORD: dict[str, tuple[str, str]] = {
    "enum": (NOT_ALLOWED, USE_ONE_OF),
    "minLength": (N_("is empty"), N_("write the text")),
    "minimum": (N_("%(value)s is below %(limit)s"), N_("write %(limit)s or more")),
    "minItems=1": (N_("is empty"), N_("add at least one")),
    "uniqueItems": (N_("lists %(value)s more than once"), N_("list each once")),
}
ONE_OF = ("oneOf", "anyOf")
# Errors that show a branch of a oneOf is not the one the author meant: a key it needs is
# missing, or the value is another kind of thing altogether.
NOT_THIS_SHAPE = ("required", "type")


@functools.cache
def schema() -> dict[str, Any]:
    """The schema of question-set files (and, in `$defs/services_file`, of services.json)."""
    found: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return found


@functools.cache
def _validator(definition: str | None) -> Draft202012Validator:
    root = schema()
    target = root if definition is None else {
        "$schema": root["$schema"], "$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(target)


def _definition_name(part: Any) -> str | None:
    """The name under `$defs` of the part of the schema an error comes from, if it has one."""
    return next((str(name) for name, defined in schema()["$defs"].items() if defined is part),
                None)


def _where(parts: Any) -> str:
    where = ""
    for part in parts:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where


def _resolve(part: Any) -> Mapping[str, Any]:
    while isinstance(part, Mapping) and "$ref" in part:
        part = schema()["$defs"][part["$ref"].rsplit("/", 1)[1]]
    return part if isinstance(part, Mapping) else {}


def _kinds(part: Any) -> list[str]:
    """The JSON kinds a piece of the schema allows, for "add 'x' (an object)"."""
    part = _resolve(part)
    if "type" in part:
        return [part["type"]] if isinstance(part["type"], str) else list(part["type"])
    found: list[str] = []
    for branch in part.get("oneOf", part.get("anyOf", [])):
        found += [kind for kind in _kinds(branch) if kind not in found]
    return found


def _kind_name(kinds: list[str]) -> Wording:
    named = worded(KIND_NAMES[kinds[0]])
    for other in kinds[1:]:
        named = worded(N_("%(first)s or %(second)s"), first=named,
                       second=worded(KIND_NAMES[other]))
    return named


def _fits(errors: list[ValidationError]) -> bool:
    """Whether a branch of a oneOf is the shape the author meant, whatever else is wrong."""
    for error in errors:
        if error.relative_path:
            continue
        if error.validator in NOT_THIS_SHAPE:
            return False
        if error.validator in ONE_OF and not any(
                _fits(branch) for branch in _branches(error).values()):
            return False
    return True


def _branches(error: ValidationError) -> dict[Any, list[ValidationError]]:
    found: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        found.setdefault(sub.relative_schema_path[0], []).append(sub)
    return found


Found = Iterator[tuple[str, str, str, dict[str, Any]]]  # where, what, fix and their values


def _said(name: str | None, keyword: str, **params: Any) -> tuple[str, str, dict[str, Any]] | None:
    """What the schema's named part, else the keyword, says: the message, the fix, the values."""
    found = BY_DEFINITION.get((name or "", keyword)) or BY_DEFINITION.get((name or "", None))
    if found is None and keyword == "minItems" and params.get("limit") == 1:
        found = BY_KEYWORD["minItems=1"]
    found = found or BY_KEYWORD.get(keyword)  # "type" has none: _wrong_kind words it
    return (found[0], found[1], params) if found else None


def _one_of(error: ValidationError, where: str, part: Any, params: dict[str, Any]) -> Found:
    """The branch the author meant, when one fits; else what the part as a whole needs."""
    fitting = [errors for errors in _branches(error).values() if _fits(errors)]
    if len(fitting) == 1:
        for sub in fitting[0]:
            yield from _problems(sub)
        return
    params["allowed"] = [key for branch in part[error.validator] for key in _resolve(
        branch).get("required", [])]
    said = _said(_definition_name(part), "oneOf", **params)
    if said is None:
        yield (where, N_("should be %(kind)s, not %(found)s"), N_("write it as %(kind)s"),
               {"kind": _kind_name(_kinds(part)), "found": params["found"]})
        return
    yield (where, *said)


def _missing(error: ValidationError, where: str, part: Any, instance: Any) -> Found:
    # One error for each key missing; the schema library names it only in its own English.
    key = next(key for key in part["required"] if key not in instance
               and repr(key) in error.message)
    wanted = part.get("properties", {}).get(key, {})
    kinds, allowed = _kinds(wanted), _resolve(wanted).get("enum")
    fix = (N_("add %(key)s (one of: %(allowed)s)") if allowed else
           N_("add %(key)s (%(kind)s)") if kinds else N_("add %(key)s"))
    yield (f"{where}.{key}" if where else key, N_("is missing"), fix,
           {"key": repr(key), "allowed": allowed or [],
            "kind": _kind_name(kinds) if kinds else ""})


def _unknown(where: str, part: Any, instance: Any) -> Found:
    known = list(part.get("properties", {}))
    for key in instance:
        if key not in known:
            yield (f"{where}.{key}" if where else key, N_("is not a known key"),
                   N_("remove it or use one of: %(keys)s"), {"keys": known})


def _wrong_kind(error: ValidationError, where: str, part: Any, found: str) -> Found:
    if not error.absolute_path:
        yield ("", N_("the file should be an object"), N_("write it as {…}"), {})
        return
    kinds = [part["type"]] if isinstance(part["type"], str) else list(part["type"])
    last = error.absolute_path[-1]
    yield (where, N_("should be %(kind)s, not %(found)s"),
           N_("write %(key)s as %(kind)s") if isinstance(last, str) else N_("write it as %(kind)s"),
           {"kind": _kind_name(kinds), "found": found, "key": repr(last)})


def _problems(error: ValidationError) -> Found:
    """Each problem one schema error stands for."""
    where = _where(error.absolute_path)
    keyword = str(error.validator)
    part: Any = error.schema
    instance: Any = error.instance
    if "propertyNames" in error.relative_schema_path:  # the key itself is the problem
        where = f"{where}.{instance}" if where else str(instance)
    name = _definition_name(part)
    params: dict[str, Any] = {
        "value": repr(instance), "found": FOUND_NAMES.get(type(instance), "?"),
        "allowed": list(part.get("enum", [part["const"]] if "const" in part else [])),
        "limit": part.get(keyword), "least": part.get("minimum"), "most": part.get("maximum")}
    if keyword in ONE_OF:
        yield from _one_of(error, where, part, params)
    elif keyword == "required":
        yield from _missing(error, where, part, instance)
    elif keyword == "additionalProperties":
        yield from _unknown(where, part, instance)
    elif keyword == "type" and not _said(name, "type"):
        yield from _wrong_kind(error, where, part, params["found"])
    else:
        if keyword in ("minProperties", "maxProperties"):
            params["allowed"] = _comparisons(part)
        elif keyword == "not":  # a key this kind of question does not take
            where += next(f".{key}" for key in _required_in(part["not"]) if key in instance)
        elif keyword == "uniqueItems":
            params["value"] = next(repr(item) for i, item in enumerate(instance)
                                   if item in instance[:i])
        # A keyword these words do not cover yet: the schema library's own English.
        yield (where, *(_said(name, keyword, **params) or (
            "%(error)s", N_("see questionnaires/schema.json"), {"error": error.message})))


def _comparisons(part: Any) -> list[str]:
    """The comparisons a condition shape takes: its keys besides the required one."""
    if not isinstance(part, Mapping):
        return []
    if "propertyNames" in part:
        return list(_resolve(part["propertyNames"]).get("enum", []))
    required = part.get("required", [])
    return [key for key in part.get("properties", {}) if key not in required]


def _required_in(part: Any) -> list[str]:
    part = _resolve(part)
    found = list(part.get("required", []))
    for branch in part.get("anyOf", []):
        found += _required_in(branch)
    return found


def check_structure(data: Any, out: Collector, definition: str | None = None) -> bool:
    """Stage 2: True when the file has the shape the meaning checks need. `definition` names
    a part of the schema to check against instead of a whole question set."""
    found = False
    for error in _validator(definition).iter_errors(data):
        for where, message, fix, params in _problems(error):
            out.add(where, message, fix, **params)
            found = True
    return not found
