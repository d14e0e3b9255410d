"""Every practitioner-facing text of a v2 set is in each of its guidance languages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.cli import main
from tests.conftest import SHIPPED


def test_every_v2_set_guides_the_practitioner_in_all_four_languages() -> None:
    v2 = {path.parent.name: json.loads(path.read_text(encoding="utf-8"))
          for path in SHIPPED.glob("*/v2.json")}
    assert set(v2) == {"routine-enquiry", "guided-enquiry", "dash-risk"}
    assert {name: d["guidance_languages"] for name, d in v2.items()} == {
        name: ["en", "cy", "pl", "ar"] for name in v2}


def test_check_refuses_a_draft_missing_a_practitioner_text_naming_its_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "questionnaires"
    shutil.copytree(SHIPPED, folder)
    data = json.loads((folder / "routine-enquiry" / "v2.json").read_text(encoding="utf-8"))
    data.update(version=3, status="draft")
    del data["sections"][0]["questions"][2]["how_to_ask"]["cy"]
    del data["safety_flags"][0]["action"]["ar"]
    data["pathway_rules"][0]["reason"]["pl"] = " "
    (folder / "routine-enquiry" / "v3.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    monkeypatch.setenv("SCREENING_QUESTIONNAIRES", str(folder))
    result = CliRunner().invoke(main, ["questionnaires", "check"])
    assert result.exit_code == 2
    where = "routine-enquiry/v3.json: "
    assert (where + "sections[0].questions[2].how_to_ask: has no 'cy' text. Fix: add \"cy\": "
            "\"…\" (the set lists 'cy' in guidance_languages)") in result.output
    assert where + "safety_flags[0].action: has no 'ar' text" in result.output
    assert where + "pathway_rules[0].reason: has no 'pl' text" in result.output
    assert "3 problems found." in result.output


def test_every_service_a_v2_set_names_reads_in_all_four_languages() -> None:
    from screening.questionnaire import load_library

    library = load_library(SHIPPED)
    named = {rule.service for qs in library.question_sets if qs.version == 2
             for rule in qs.pathway_rules}
    assert named and all(set(library.services[s].name) >= {"en", "cy", "pl", "ar"}
                         and set(library.services[s].description) >= {"en", "cy", "pl", "ar"}
                         for s in named)


def test_check_refuses_a_service_without_a_language_its_sets_guide_in(tmp_path: Path) -> None:
    from screening.questionnaire import check_folder

    folder = tmp_path / "questionnaires"
    shutil.copytree(SHIPPED, folder)
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert services["services"][0]["id"] == "dapp"
    del services["services"][0]["name"]["pl"]
    (folder / "services.json").write_text(json.dumps(services, ensure_ascii=False),
                                          encoding="utf-8")
    _, _, problems = check_folder(folder)
    assert [str(p) for p in problems] == [
        "services.json: services[0].name: has no pl text, and guided-enquiry@2 "
        "lists pl in guidance_languages. Fix: add \"pl\", or take it out of the set's "
        "guidance_languages"]
