"""The browser engine (static/js/engine.js) gives the same results as the Python engine.

For every question set we ship (and the test fixtures, and a set that uses every condition
shape), hundreds of generated answer sets and the golden cases are scored by Python and, in one
batch, by engine.js in headless Chromium; the whole JSON must be equal, key order included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error, Page, Request, sync_playwright

from screening.questionnaire import (
    AnswerError,
    Judgement,
    QuestionSet,
    QuestionSetError,
    load_library,
    score,
)
from screening.questionnaire.scoring import check_answers, parameter_values, visible_answers
from tests.chromium import ChromiumMissing, find_chromium
from tests.engine_cases import (
    FIXTURE,
    TODAY,
    Case,
    bad_answer_sets,
    coverage_folder,
    generated_cases,
    golden_cases,
    served_definition,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "static" / "js" / "engine.js"
PYCOMPAT = ROOT / "static" / "js" / "pycompat.js"  # loaded before engine.js, as pages do
SHIPPED = ROOT / "questionnaires"
CASES_PER_SET = 300


def _shipped_keys() -> list[Any]:
    try:
        keys = [qs.key for qs in load_library(SHIPPED).question_sets]
    except QuestionSetError as error:
        reason = f"questionnaires/ does not load yet ({len(error.problems)} problem(s))"
        return [pytest.param("shipped", None, marks=pytest.mark.skip(reason=reason),
                             id="shipped")]
    return [pytest.param("shipped", key, id=key) for key in keys]


SETS = [*_shipped_keys(),
        *(pytest.param("fixture", qs.key, id=f"fixture-{qs.key}")
          for qs in load_library(FIXTURE).question_sets),
        pytest.param("coverage", "coverage@1", id="coverage@1")]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {"shipped": SHIPPED, "fixture": FIXTURE,
            "coverage": coverage_folder(tmp_path_factory.mktemp("coverage"))}


@pytest.fixture(scope="module")
def browser_page() -> Iterator[tuple[Page, list[str]]]:
    """about:blank with engine.js; the list collects page errors and any request it makes."""
    try:
        executable = find_chromium()
    except ChromiumMissing as error:
        pytest.fail(str(error))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"])
        page = browser.new_page()
        trouble: list[str] = []

        def on_error(error: Error) -> None:
            trouble.append(f"page error: {error}")

        def on_request(request: Request) -> None:
            # A blob: URL is the page's own memory (the worker test's code), not a load.
            if not request.url.startswith("blob:"):
                trouble.append(f"request: {request.url}")

        page.on("pageerror", on_error)
        page.on("request", on_request)
        page.goto("about:blank")
        page.add_script_tag(path=str(PYCOMPAT))
        page.add_script_tag(path=str(ENGINE))
        try:
            yield page, trouble
        finally:
            browser.close()


@pytest.fixture()
def page(browser_page: tuple[Page, list[str]]) -> Iterator[Page]:
    """The engine page; a test fails if the engine threw at load or asked for anything."""
    page, trouble = browser_page
    yield page
    found, trouble[:] = trouble[:], []
    assert found == [], found


def _question_set(folders: dict[str, Path], source: str, key: str) -> QuestionSet:
    return load_library(folders[source]).parse_key(key)


def _problems(error: AnswerError) -> list[dict[str, str]]:
    return [{"question": p.question, "message": p.message} for p in error.problems]


def _python(question_set: QuestionSet, case: Case) -> dict[str, Any]:
    """What the server does with one case: visible answers, the checked answers, the result."""
    answers, parameters = case["answers"], case["parameters"]
    merged = {**parameter_values(question_set, {}), **(parameters or {})}
    shown, kept = visible_answers(question_set, answers, merged)
    out: dict[str, Any] = {"visible": {"shown": [q.id for q in shown], "kept": kept}}
    try:
        out["checked"] = {"clean": check_answers(question_set, answers, TODAY)}
    except AnswerError as error:
        out["checked"] = {"problems": _problems(error)}
    judgement = Judgement(**case["judgement"]) if case["judgement"] else None
    try:
        result = score(question_set, answers, parameters, judgement, today=TODAY)
        out["scored"] = {"result": result.to_json()}
    except AnswerError as error:
        out["scored"] = {"problems": _problems(error)}
    return out


# The same in the page. Data goes in and out as JSON text, so nothing is lost or changed by
# Playwright's own serialisation (an answer id "__proto__" survives JSON.parse, for one).
BATCH = """([definition, batch, today]) => {
    const E = self.ScreeningEngine;
    const questionSet = JSON.parse(definition);
    const attempt = (run, key) => {
        try { return {[key]: run()}; }
        catch (error) { if (!error.problems) throw error; return {problems: error.problems}; }
    };
    return JSON.stringify(JSON.parse(batch).map(({answers, parameters, judgement, merged}) => ({
        visible: E.visibleAnswers(questionSet, answers, merged),
        checked: attempt(() => E.checkAnswers(questionSet, answers, today), "clean"),
        scored: attempt(() => E.score(questionSet, answers, parameters, judgement, today),
                        "result"),
    })));
}"""


def _javascript(page: Page, definition: dict[str, Any], question_set: QuestionSet,
                cases: list[Case]) -> list[dict[str, Any]]:
    batch = [{**case, "merged": {**parameter_values(question_set, {}),
                                 **(case["parameters"] or {})}} for case in cases]
    text = page.evaluate(BATCH, [json.dumps(definition), json.dumps(batch), TODAY.isoformat()])
    results: list[dict[str, Any]] = json.loads(text)
    return results


def _assert_same(cases: list[Case], python: list[dict[str, Any]],
                 javascript: list[dict[str, Any]]) -> None:
    """Equal as JSON, key order included; the first few differences are shown in full."""
    assert len(python) == len(javascript)
    differences = []
    for case, py, js in zip(cases, python, javascript, strict=True):
        py_text = json.dumps(py, ensure_ascii=False)
        js_text = json.dumps(js, ensure_ascii=False)
        if py_text != js_text:
            parts = [k for k in py if json.dumps(py[k]) != json.dumps(js.get(k))]
            differences.append(f"case {json.dumps(case, ensure_ascii=False)}\n  differs in "
                               f"{parts}\n  python:     {py_text}\n  javascript: {js_text}")
    assert not differences, (f"{len(differences)} of {len(cases)} cases differ:\n"
                             + "\n".join(differences[:3]))


@pytest.mark.parametrize(("source", "key"), SETS)
def test_browser_and_server_give_the_same_result(
        page: Page, folders: dict[str, Path], source: str, key: str) -> None:
    question_set = _question_set(folders, source, key)
    definition = served_definition(folders[source], key)
    cases = golden_cases(question_set) + generated_cases(question_set, CASES_PER_SET, "agree")
    python = [_python(question_set, case) for case in cases]
    _assert_same(cases, python, _javascript(page, definition, question_set, cases))
    # The cases reach more than one outcome, so the comparison means something.
    outcomes = {p["scored"]["result"]["outcome"] for p in python if "result" in p["scored"]}
    assert len(outcomes) > 1


@pytest.mark.parametrize(("source", "key"), SETS)
def test_browser_refuses_what_the_server_refuses_naming_the_question(
        page: Page, folders: dict[str, Path], source: str, key: str) -> None:
    question_set = _question_set(folders, source, key)
    definition = served_definition(folders[source], key)
    cases: list[Case] = [{"answers": answers, "parameters": None, "judgement": None}
                         for answers in bad_answer_sets(question_set)]
    python = [_python(question_set, case) for case in cases]
    javascript = _javascript(page, definition, question_set, cases)
    _assert_same(cases, python, javascript)
    for case, js in zip(cases, javascript, strict=True):
        named = {p["question"] for p in js["scored"]["problems"]}
        assert named == set(case["answers"]) or (named == {"(a blank question id)"}
                                                  and set(case["answers"]) == {""})


def test_a_disallowed_answer_throws_an_error_that_names_the_question(page: Page) -> None:
    definition = served_definition(FIXTURE, "tiny@1")
    thrown = page.evaluate("""(definition) => {
        try { self.ScreeningEngine.score(JSON.parse(definition), {afraid: "Yes"}); }
        catch (error) { return [error.name, error.message, error.problems]; }
    }""", json.dumps(definition))
    message = "'Yes' is not allowed; choose one of: yes, no, dont_know, not_asked"
    assert thrown == ["AnswerError", f"afraid: {message}",
                      [{"question": "afraid", "message": message}]]
    with pytest.raises(AnswerError, match=f"afraid: {message}"):
        score(load_library(FIXTURE).get("tiny"), {"afraid": "Yes"})


def test_the_engine_runs_in_a_worker_where_there_is_no_window(page: Page) -> None:
    """A service worker loads it with importScripts(): it must not need `window` or a DOM."""
    source = PYCOMPAT.read_text(encoding="utf-8") + ENGINE.read_text(encoding="utf-8")
    answer = page.evaluate("""(source) => new Promise((resolve, reject) => {
        const code = source + `
            ;const definition = {id: "w", version: 1, content_hash: "h",
                questions: [{id: "q", type: "yes_no", show_if: null}],
                scoring: {points: [{count: {questions: ["q"], equals: "yes"}, each: 1}]},
                bands: [{id: "b", min: 0, max: null, risk_level: "none", label: {en: "B"}}]};
            postMessage([typeof window, ScreeningEngine.score(definition, {q: "yes"}).score]);`;
        const worker = new Worker(URL.createObjectURL(new Blob([code])));
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
    })""", source)
    assert answer == ["undefined", 1]


def test_a_week_date_is_refused_by_both(page: Page, folders: dict[str, Path]) -> None:
    question_set = _question_set(folders, "coverage", "coverage@1")
    definition = served_definition(folders["coverage"], "coverage@1")
    cases: list[Case] = [{"answers": {"last_incident": "2024-W01-1"}, "parameters": None,
                          "judgement": None}]
    python = [_python(question_set, case) for case in cases]
    _assert_same(cases, python, _javascript(page, definition, question_set, cases))


def test_an_answer_type_the_engine_does_not_know_is_refused_not_accepted(page: Page) -> None:
    """A device with an older engine.js may be served a set with a newer answer type."""
    thrown = page.evaluate("""() => {
        const definition = {id: "n", version: 1, content_hash: "h",
            questions: [{id: "mood", type: "scale", show_if: null}],
            scoring: {points: []},
            bands: [{id: "b", min: 0, max: null, risk_level: "none", label: {en: "B"}}]};
        try { self.ScreeningEngine.score(definition, {mood: 3}); return "accepted"; }
        catch (error) { return [error.name, error.message]; }
    }""")
    assert thrown == ["TypeError", "'mood' has the answer type 'scale', which this engine does "
                                   "not know: reload the page"]
