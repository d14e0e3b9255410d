"""One message system: every message the tool says is a Template with a stable code.

A machine relies on the code (the offline API sends it beside the words; a receipt keeps it to
say a repeat again); a person reads the text, translated. So each code is snake_case and names
one Template, each text is defined once, and the pages never define a domain message again.
Templates are found as module globals, alone or in a dict, tuple or list (a Wording, or a page's
message said lazily, counts as its Template); question-set problems (questionnaire/errors.worded)
are keyed by their English text and are not among them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

from babel.messages.extract import extract_from_dir

import screening
from screening.web.messages import Said
from screening.wording import Template, Wording

SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
WEB = Path(screening.__file__).parent / "web"
WEB_KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                "ngettext": (1, 2), "lazy_ngettext": (1, 2)}


def _flattened(value: object, depth: int = 2) -> list[object]:
    """The value, or what a dict, tuple or list holds (a dict of pairs, say), two levels deep."""
    if depth and isinstance(value, dict):
        return [item for inner in value.values() for item in _flattened(inner, depth - 1)]
    if depth and isinstance(value, (tuple, list)):
        return [item for inner in value for item in _flattened(inner, depth - 1)]
    return [value]


def templates() -> dict[str, list[tuple[str, Template]]]:
    """Every Template of the package by code, each object once, with where it is defined."""
    found: dict[str, dict[int, tuple[str, Template]]] = defaultdict(dict)
    for module_info in pkgutil.walk_packages(screening.__path__, "screening."):
        if module_info.name.endswith("__main__"):  # runs the command when imported
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            for item in _flattened(value):
                template = item.template if isinstance(item, (Wording, Said)) else item
                if isinstance(template, Template):
                    found[template.code].setdefault(
                        id(template), (f"{module_info.name}.{name}", template))
    return {code: list(objects.values()) for code, objects in found.items()}


def test_templates_are_found_across_the_package() -> None:
    codes = templates()
    assert {"stored", "answer_required", "rule_rounded", "enter_start_date",
            "password_too_short", "backup_damaged", "sign_in_failed", "sign_in_locked",
            "organisation_state_advice"} <= set(codes)


def test_every_template_code_is_snake_case() -> None:
    assert [code for code in templates() if not SNAKE_CASE.fullmatch(code)] == []


def test_every_template_code_names_one_template() -> None:
    shared = {code: [where for where, _ in found] for code, found in templates().items()
              if len(found) > 1}
    assert shared == {}


def test_every_template_text_is_defined_once() -> None:
    by_text: dict[str, list[str]] = defaultdict(list)
    for found in templates().values():
        for where, template in found:
            by_text[template.text].append(where)
    assert {text: where for text, where in by_text.items() if len(where) > 1} == {}


def test_the_pages_do_not_define_a_domain_message_again() -> None:
    domain = {template.text for found in templates().values() for _, template in found}
    again = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
            WEB, method_map=[("**.py", "python")], keywords=WEB_KEYWORDS):
        for text in [message] if isinstance(message, str) else message:
            if text in domain:
                again.append(f"screening/web/{filename}:{lineno}: {text}")
    assert again == []
