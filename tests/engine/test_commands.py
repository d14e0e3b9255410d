"""The `screening` command for question-set authors and for scoring from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.cli import main
from tests.engine.helpers import FIXTURE, library_folder, tiny_definition


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    def invoke(*args: str, folder: Path = FIXTURE, stdin: str | None = None):
        monkeypatch.setenv("SCREENING_QUESTIONNAIRES", str(folder))
        return CliRunner().invoke(main, list(args), input=stdin)
    return invoke


def test_check_passes_on_a_good_library(run) -> None:
    result = run("questionnaires", "check")
    assert result.exit_code == 0
    assert "1 question set version, 4 services, 2 golden cases pass" in result.output


def test_check_exits_2_naming_file_path_and_fix(run, tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["sections"][0]["questions"][1]["type"] = "yesno"
    folder = library_folder(tmp_path, definition)
    result = run("questionnaires", "check", folder=folder)
    assert result.exit_code == 2
    # Named under the folder SCREENING_QUESTIONNAIRES points at, here one outside the checkout.
    assert (f"{folder}/tiny/v1.json: sections[0].questions[1].type: 'yesno' is not an "
            "answer type. Fix: use one of: yes_no") in result.output


def test_an_author_whose_shell_is_welsh_reads_where_what_and_the_fix_in_welsh(
        run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    definition = tiny_definition()
    definition["sections"][0]["questions"][1]["type"] = "yesno"
    definition["bands"][0]["risk_level"] = "low"
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    folder = library_folder(tmp_path, definition)
    result = run("questionnaires", "check", folder=folder)
    assert result.exit_code == 2
    assert (f"{folder}/tiny/v1.json: sections[0].questions[1].type: nid yw 'yesno' yn "
            "fath o ateb. I'w gywiro: defnyddiwch un o: yes_no") in result.output
    assert "bands[0].risk_level: nid yw 'low' yn cael ei ganiatáu." in result.output
    assert result.output.rstrip().endswith("Cafwyd 2 broblem.")
    definition["bands"][0]["max"] = "ten"
    shape = run("questionnaires", "check", folder=library_folder(tmp_path / "shape", definition))
    assert ("bands[0].max: dylai fod o'r math: rhif cyfan neu null, nid str. I'w gywiro: "
            "ysgrifennwch 'max' fel rhif cyfan neu null") in shape.output


def test_an_author_whose_shell_is_polish_is_told_a_golden_case_differs_in_polish(
        run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    definition = tiny_definition()
    definition["golden_cases"][0]["expect"]["score"] += 1
    monkeypatch.setenv("LC_ALL", "pl_PL.UTF-8")
    result = run("questionnaires", "check", folder=library_folder(tmp_path, definition))
    assert result.exit_code == 2
    assert ".expect: score ma wartość" in result.output
    assert "Jak poprawić: popraw reguły albo oczekiwany wynik" in result.output


def test_list_shows_id_version_status_and_title(run) -> None:
    assert run("questionnaires", "list").output == "tiny\t1\tpublished\tTiny set\n"


def test_show_json_lists_each_question_with_its_allowed_values(run) -> None:
    data = json.loads(run("questionnaires", "show", "tiny@1", "--json").output)
    questions = {q["id"]: q for q in data["questions"]}
    assert questions["afraid"]["allowed_values"] == ["yes", "no", "dont_know", "not_asked"]
    assert questions["who"]["allowed_values"] == ["partner", "child"]
    assert data["version"] == 1 and len(data["content_hash"]) == 64


def test_score_prints_the_result_as_json(run) -> None:
    result = run("score", "tiny", "-", stdin='{"answers": {"hurt": "yes", "age": 17}}')
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pathway"]["primary"] == "youth"
    assert data["risk_level"] == "standard"
    assert data["unanswered"] == ["afraid", "incidents", "who", "note"]
    assert [f["id"] for f in data["safety_flags"]] == ["partner_safety"]


@pytest.mark.parametrize(("stdin", "message"), [
    ('{"answers": {"hurt": "maybe"}}',
     "hurt: 'maybe' is not allowed; choose one of: yes, no, dont_know, not_asked"),
    ('{"answers": {"hurt": "yes",}}', "The answers file is not valid JSON"),
    ('["yes"]', 'must be an object like {"answers"'),
    ('{"answers": {"shoe": "yes"}}', "shoe: no such question in tiny@1"),
])
def test_score_refuses_bad_input_with_exit_2(run, stdin: str, message: str) -> None:
    result = run("score", "tiny", "-", stdin=stdin)
    assert result.exit_code == 2
    assert message in result.output


def test_score_names_the_known_sets_for_an_unknown_one(run) -> None:
    result = run("score", "tiny@7", "-", stdin="{}")
    assert result.exit_code == 2 and "No question set 'tiny@7'. Known: tiny@1" in result.output


def test_publish_records_the_hash_and_then_the_file_is_frozen(run, tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["status"] = "draft"
    folder = library_folder(tmp_path, definition, lock=False)
    assert run("questionnaires", "publish", "tiny@1", folder=folder).exit_code == 0
    assert run("questionnaires", "check", folder=folder).exit_code == 0
    path = folder / "tiny" / "v1.json"
    path.write_text(path.read_text().replace("Hurt?", "Harmed?"))
    result = run("questionnaires", "check", folder=folder)
    assert result.exit_code == 2 and "has changed since it was published" in result.output


def test_check_names_files_relative_to_where_the_author_is(
        run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    definition = tiny_definition()
    definition["sections"][0]["questions"][1]["type"] = "yesno"
    folder = library_folder(tmp_path / "area", definition)
    monkeypatch.chdir(tmp_path)
    result = run("questionnaires", "check", folder=folder)
    assert result.output.startswith("area/library/tiny/v1.json: sections[0].questions[1].type")


def test_publish_refuses_a_draft_that_fails_the_check_and_changes_nothing(
        run, tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["status"] = "draft"
    definition["golden_cases"][0]["expect"]["score"] += 1
    folder = library_folder(tmp_path, definition, lock=False)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = run("questionnaires", "publish", "tiny@1", folder=folder)
    assert result.exit_code == 2
    assert "tiny@1 was not published: the check found these problems." in result.output
    assert f"{folder}/tiny/v1.json: golden_cases[0]" in result.output
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("key", ["../evil@1", "tiny/../../evil@1", "/etc/passwd@1", "tiny@01",
                                 "tiny@1/../1", ".hidden@1", "tiny"])
def test_publish_accepts_only_an_id_inside_the_question_set_folder(
        run, tmp_path: Path, key: str) -> None:
    definition = tiny_definition()
    definition["status"] = "draft"
    folder = library_folder(tmp_path / "inside", definition, lock=False)
    evil = tmp_path / "inside" / "evil"
    evil.mkdir()
    (evil / "v1.json").write_text(json.dumps(definition))
    result = run("questionnaires", "publish", key, folder=folder)
    assert result.exit_code == 2 and "No draft file for" in result.output
    assert json.loads((evil / "v1.json").read_text())["status"] == "draft"
    assert (folder / "published.lock").read_text() == ""
