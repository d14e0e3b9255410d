"""Translators get a version's texts as a PO file and give it back into a draft version."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner, Result

from screening.cli import main
from screening.questionnaire.translation_files import texts
from tests.conftest import SHIPPED


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped question sets, with routine-enquiry v2 copied to a draft v3."""
    copy = tmp_path / "questionnaires"
    shutil.copytree(SHIPPED, copy)
    data = json.loads((copy / "routine-enquiry" / "v2.json").read_text(encoding="utf-8"))
    data.update(version=3, status="draft")
    draft(copy).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    monkeypatch.setenv("SCREENING_QUESTIONNAIRES", str(copy))
    return copy


def draft(folder: Path) -> Path:
    return folder / "routine-enquiry" / "v3.json"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["questionnaires", "translations", *args])


def export(tmp_path: Path, key: str = "routine-enquiry@3", lang: str = "cy") -> Path:
    po = tmp_path / f"{key}.{lang}.po"
    assert run("export", key, "--lang", lang, "--output", str(po)).exit_code == 0
    return po


def edited(po: Path, **changes: str | tuple[str, str]) -> Path:
    """The PO file with the translation at each path (msgctxt) changed, as a translator does."""
    catalog = read_po(io.BytesIO(po.read_bytes()))
    for message in catalog:
        if message.context in changes:
            wanted = changes[message.context]
            if isinstance(wanted, tuple):
                message.id = (message.id, message.id)
            message.string = wanted
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    po.write_bytes(out.getvalue())
    return po


def line_of(po: Path, context: str) -> int:
    """The line of the entry's msgid (after its msgctxt), as PO editors number it."""
    lines = po.read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgctxt "{context}"') + 2


def test_export_gives_every_text_with_its_path_english_and_welsh(folder: Path,
                                                                    tmp_path: Path) -> None:
    catalog = read_po(io.BytesIO(export(tmp_path).read_bytes()))
    data = json.loads(draft(folder).read_text(encoding="utf-8"))
    entries = {m.context: (m.id, m.string, m.fuzzy) for m in catalog if m.id}
    assert (catalog.project, catalog.version, str(catalog.locale)) == (
        "routine-enquiry", "3", "cy")
    assert entries == {path: (text["en"], text["cy"], True) for path, text in texts(data)}
    how_to_ask = data["sections"][0]["questions"][2]["how_to_ask"]
    assert entries["sections[0].questions[2].how_to_ask"][:2] == (how_to_ask["en"],
                                                                  how_to_ask["cy"])
    assert "bands[0].label" in entries and "pathway_rules[0].reason" in entries


def test_exported_then_imported_texts_come_back_identical(folder: Path, tmp_path: Path) -> None:
    before = draft(folder).read_bytes()
    for lang in ("cy", "pl", "ar"):
        result = run("import", str(export(tmp_path, lang=lang)))
        assert result.exit_code == 0, result.output
        assert "is marked unreviewed" in result.output
    assert draft(folder).read_bytes() == before


def test_a_reviewed_translation_is_written_and_the_language_marked_reviewed(
        folder: Path, tmp_path: Path) -> None:
    po = export(tmp_path)
    catalog = read_po(io.BytesIO(po.read_bytes()))
    for message in catalog:
        message.flags.discard("fuzzy")
        if message.context == "sections[0].title":
            message.string = "Eich perthnasoedd dros y flwyddyn a fu"
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    po.write_bytes(out.getvalue())
    result = run("import", str(po))
    assert result.exit_code == 0, result.output
    data = json.loads(draft(folder).read_text(encoding="utf-8"))
    assert data["sections"][0]["title"]["cy"] == "Eich perthnasoedd dros y flwyddyn a fu"
    assert data["unreviewed_languages"] == ["pl", "ar"]


def test_a_published_version_is_never_changed(folder: Path, tmp_path: Path) -> None:
    published = folder / "routine-enquiry" / "v2.json"
    before = published.read_bytes()
    result = run("import", str(export(tmp_path, key="routine-enquiry@2")))
    assert result.exit_code == 2
    assert ("routine-enquiry@2 is published, and a published version never changes: copy it "
            "to a new draft version") in result.output
    assert "Traceback" not in result.output
    assert published.read_bytes() == before


def test_a_file_for_another_version_is_refused(folder: Path, tmp_path: Path) -> None:
    before = draft(folder).read_bytes()
    po = export(tmp_path, key="routine-enquiry@2")
    result = run("import", str(po), "--into", "routine-enquiry@3")
    assert result.exit_code == 2
    assert (f"{po}: line 6: is for 'routine-enquiry@2', not routine-enquiry@3. Fix: export "
            "the texts of routine-enquiry@3") in result.output
    assert draft(folder).read_bytes() == before


def test_a_lost_placeholder_and_a_plural_are_refused_with_their_lines_and_nothing_written(
        folder: Path, tmp_path: Path) -> None:
    data = json.loads(draft(folder).read_text(encoding="utf-8"))
    data["bands"][0]["label"]["en"] = "No concerns raised by %(name)s"
    draft(folder).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    po = edited(export(tmp_path), **{
        "title": "Teitl newydd",
        "bands[0].label": "Dim pryderon",
        "sections[0].title": ("Eich perthynas", "Eich perthnasoedd")})
    before = draft(folder).read_bytes()
    result = run("import", str(po))
    assert result.exit_code == 2
    assert (f"line {line_of(po, 'bands[0].label')} (bands[0].label): the translation lacks "
            "%(name)s. Fix: keep each placeholder of the English") in result.output
    assert (f"line {line_of(po, 'sections[0].title')} (sections[0].title): has 5 plural "
            "forms; this text has 1. Fix: give one msgid and one msgstr") in result.output
    assert draft(folder).read_bytes() == before


def test_an_entry_for_a_text_the_version_does_not_have_is_refused(
        folder: Path, tmp_path: Path) -> None:
    po = export(tmp_path)
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgctxt "title"', 'msgctxt "sections[9].title"'), encoding="utf-8")
    result = run("import", str(po))
    assert result.exit_code == 2
    assert (f"line {line_of(po, 'sections[9].title')} (sections[9].title): is not a text of "
            "routine-enquiry@3") in result.output


def test_export_of_a_version_that_does_not_exist_says_which(folder: Path) -> None:
    result = run("export", "routine-enquiry@9", "--lang", "cy")
    assert result.exit_code == 2
    assert "No question-set file for 'routine-enquiry@9'" in result.output


def test_a_translator_whose_shell_is_welsh_is_told_in_welsh_why_nothing_was_imported(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = export(tmp_path, key="routine-enquiry@2")
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    result = run("import", str(po), "--into", "routine-enquiry@3")
    assert result.exit_code == 2
    assert result.output.startswith("Ni chafodd dim ei fewnforio:\n")
    assert ": line 6: mae ar gyfer 'routine-enquiry@2', nid routine-enquiry@3." in result.output
