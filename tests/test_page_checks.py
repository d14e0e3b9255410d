"""The test client's page checks catch what a person using the page would trip over."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.page_checks import parse, problems

GOOD = ("<!DOCTYPE html><html lang=en><head><title>Users – Screening</title></head><body>"
        "<h1>Users</h1><form action=/users method=post><label for=name>Name</label>"
        "<input id=name name=name><input type=hidden name=csrf_token value=t>"
        "<button>Add</button></form></body></html>")


def test_a_good_page_has_no_problems() -> None:
    assert problems(parse(GOOD)) == []


@pytest.mark.parametrize(("broken", "problem"), [
    (GOOD.replace("<h1>Users</h1>", "<h1>Users</h1><h1>More</h1>"),
     "expected one <h1>, found ['Users', 'More']"),
    (GOOD.replace("<title>Users", "<title>People"),
     "title 'People – Screening' does not start with h1 'Users'"),
    (GOOD.replace("<h1>", '<h1 id="name">'), "id 'name' is used 2 times"),
    (GOOD.replace("<label for=name>Name</label>", ""), "field 'name' has no label"),
    (GOOD.replace(" action=/users", ""), "form 0 has no action"),
    (GOOD.replace("</form>", "</form></div>"),
     "HTML parse error end-tag-too-early {'name': 'div'} at line 1 column 255"),
])
def test_each_check_names_what_is_wrong(broken: str, problem: str) -> None:
    assert problems(parse(broken)) == [problem]


def test_a_page_with_an_error_summary_may_say_error_first_in_its_language() -> None:
    page = GOOD.replace("<title>", "<title>Gwall: ").replace(
        "<h1>", '<div class="error-summary">Problem</div><h1>')
    assert problems(parse(page)) == []


def _app_with_a_page_without_a_label() -> Flask:
    app = Flask(__name__)
    unlabelled = GOOD.replace("<label for=name>Name</label>", "")
    app.add_url_rule("/users", "users", lambda: unlabelled)
    return app


def test_the_test_client_refuses_a_page_that_breaks_a_check() -> None:
    with pytest.raises(AssertionError, match="field 'name' has no label"):
        _app_with_a_page_without_a_label().test_client().get("/users")


@pytest.mark.page_checks_off("labelled_fields")
def test_a_test_switches_a_check_off_by_name_and_reads_the_parsed_page() -> None:
    response = _app_with_a_page_without_a_label().test_client().get("/users")
    assert response.page.find("input", attrs={"name": "name"})["id"] == "name"


def test_an_unknown_check_name_is_refused() -> None:
    with pytest.raises(AssertionError, match="no such page checks: \\['labels'\\]"):
        problems(parse(GOOD), frozenset({"labels"}))
