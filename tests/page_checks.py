"""Every HTML page a test fetches is parsed and checked, as a practitioner's browser gets it.

Modelled on alphagov/notifications-admin's `client_request`: the test client parses each HTML
response with html5lib and checks it, and the test reads the parsed page (`response.page`, a
BeautifulSoup document) instead of searching the HTML with regular expressions. A test that
fetches a page it knows breaks one rule switches that check off by name:
`@pytest.mark.page_checks_off("labelled_fields")`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.builder import HTML5TreeBuilder
from bs4.builder._html5lib import TreeBuilderForHtml5lib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

Check = Callable[[BeautifulSoup], list[str]]
# Fields a person fills in or chooses; buttons and hidden fields need no label.
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


def words(tag: Tag) -> str:
    """The text of an element as a person reads it: white space folded."""
    return " ".join(tag.get_text(" ").split())


class _Tree(TreeBuilderForHtml5lib):
    """Keeps the html5lib parser (BeautifulSoup lets go of it) for the errors it found."""

    kept: Any = None

    @property  # type: ignore[override]
    def parser(self) -> Any:
        return self.kept

    @parser.setter
    def parser(self, parser: Any) -> None:
        self.kept = parser or self.kept


class _KeepsParseErrors(HTML5TreeBuilder):
    """BeautifulSoup's html5lib builder, keeping what html5lib found wrong with the HTML."""

    parse_errors: list[Any]

    def create_treebuilder(self, namespaceHTMLElements: bool) -> _Tree:  # noqa: N803
        self.underlying_builder = _Tree(namespaceHTMLElements, self.soup,
                                        store_line_numbers=self.store_line_numbers)
        return self.underlying_builder

    def feed(self, markup: Any) -> None:
        super().feed(markup)
        self.parse_errors = list(self.underlying_builder.parser.errors)


def _parses(page: BeautifulSoup) -> list[str]:
    builder: Any = page.builder
    return [f"HTML parse error {code} {data or ''} at line {line} column {column}"
            for (line, column), code, data in builder.parse_errors]


def _one_h1_starting_title(page: BeautifulSoup) -> list[str]:
    headings = page.find_all("h1")
    if len(headings) != 1:
        return [f"expected one <h1>, found {[words(h) for h in headings]}"]
    heading = words(headings[0])
    title = words(page.title) if page.title else ""
    # A page with errors says so first, in its language: "Error: …", "Gwall: …".
    after_error = title.partition(": ")[2] if page.find(class_="error-summary") else ""
    return [] if title.startswith(heading) or after_error.startswith(heading) else [
        f"title {title!r} does not start with h1 {heading!r}"]


def _unique_ids(page: BeautifulSoup) -> list[str]:
    ids = Counter(str(tag["id"]) for tag in page.find_all(id=True))
    return [f"id {name!r} is used {count} times" for name, count in ids.items() if count > 1]


def _labelled(field: Tag, page: BeautifulSoup) -> bool:
    if field.get("aria-label") or field.get("aria-labelledby"):
        return True
    if field.find_parent("label") is not None:
        return True
    return bool(field.get("id")) and page.find("label", attrs={"for": field["id"]}) is not None


def _labelled_fields(page: BeautifulSoup) -> list[str]:
    fields = [tag for tag in page.find_all(["input", "select", "textarea"])
              if tag.name != "input" or tag.get("type", "text") not in UNLABELLED_INPUTS]
    return [f"field {field.get('name') or field.get('id')!r} has no label"
            for field in fields if not _labelled(field, page)]


def _form_actions(page: BeautifulSoup) -> list[str]:
    return [f"form {form.get('id') or index} has no action"
            for index, form in enumerate(page.find_all("form")) if not form.get("action")]


CHECKS: dict[str, Check] = {
    "parses": _parses,
    "one_h1_starting_title": _one_h1_starting_title,
    "unique_ids": _unique_ids,
    "labelled_fields": _labelled_fields,
    "form_actions": _form_actions,
}


def parse(html: str) -> BeautifulSoup:
    """The page as html5lib (and so a browser) reads it."""
    return BeautifulSoup(html, builder=_KeepsParseErrors())


def problems(page: BeautifulSoup, off: frozenset[str] = frozenset()) -> list[str]:
    """What is wrong with a page, by every check not switched off."""
    unknown = off - set(CHECKS)
    assert not unknown, f"no such page checks: {sorted(unknown)}; they are {sorted(CHECKS)}"
    return [problem for name, check in CHECKS.items() if name not in off
            for problem in check(page)]


def is_page(response: TestResponse) -> bool:
    """An HTML page a browser shows: not a redirect, a download or a script."""
    return response.mimetype == "text/html" and not 300 <= response.status_code < 400


class CheckedClient(FlaskClient):
    """A test client that checks every page it fetches and hands the test the parsed page."""

    checks_off: frozenset[str] = frozenset()

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        if is_page(response):
            page = parse(response.get_data(as_text=True))
            found = problems(page, self.checks_off)
            assert not found, f"{response.request.path}: {found}"
            response.page = page  # type: ignore[attr-defined]
        return response


def checked_client(checks_off: frozenset[str]) -> type[CheckedClient]:
    """The client class for one test, with the checks its markers switch off."""
    return type("CheckedClient", (CheckedClient,), {"checks_off": checks_off})
