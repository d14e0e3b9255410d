"""questionnaires/schema.json is the one description of a file's shape: the engine's words match."""

from __future__ import annotations

from pathlib import Path

from screening.questionnaire import check_folder
from screening.questionnaire.model import (
    ANSWER_TYPES,
    AUDIENCES,
    RISK_LEVELS,
    SETTINGS,
    SEVERITIES,
)
from screening.questionnaire.rules import COMPARISONS, COUNT_COMPARISONS, SOURCES
from screening.questionnaire.structure import schema
from tests.engine.helpers import library_folder

DEFS = schema()["$defs"]


def _enum(part: dict) -> list[str]:
    return list(part["enum"])


def test_the_schema_allows_exactly_the_answer_types_levels_and_settings_the_engine_knows() -> None:
    properties = schema()["properties"]
    flag = properties["safety_flags"]["items"]["properties"]
    assert _enum(DEFS["answer_type"]) == list(ANSWER_TYPES)
    assert _enum(DEFS["risk_level"]) == list(RISK_LEVELS)
    assert _enum(DEFS["setting"]) == list(SETTINGS)
    assert _enum(flag["severity"]) == list(SEVERITIES)
    assert _enum(flag["audience"]) == list(AUDIENCES)


def test_the_schema_has_a_shape_for_each_condition_the_rules_evaluate() -> None:
    shapes = [DEFS[branch["$ref"].rsplit("/", 1)[1]] if "$ref" in branch else branch
              for branch in DEFS["condition"]["oneOf"]]
    assert [shape["required"][0] for shape in shapes] == list(SOURCES)
    question = DEFS["question_condition"]["properties"]
    assert [key for key in question if key != "question"] == [*COMPARISONS, "answered"]
    assert DEFS["comparison"]["propertyNames"]["enum"] == list(COUNT_COMPARISONS)


def test_a_service_without_a_name_is_refused_with_where_and_the_fix(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    services = (folder / "services.json").read_text()
    (folder / "services.json").write_text(services.replace('"name"', '"title"', 1))
    assert [str(p) for p in check_folder(folder)[2]] == [
        "services.json: services[0].name: is missing. Fix: add 'name' (an object)",
        "services.json: services[0].title: is not a known key. Fix: remove it or use one of: id, "
        "kind, name, description, contact, audience, basis"]
