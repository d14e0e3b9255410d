"""The `screening` command speaks the language of the shell it runs in, and says everything it
says to a person through the catalogs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from screening.command_language import command_language

ROOT = Path(__file__).resolve().parent.parent
# Modules whose output a person reads at the command line.
COMMAND_MODULES = ("screening/cli.py", "screening/maintenance_commands.py",
                   "screening/counts/command.py", "screening/web/serve.py")
# What prints a message or stops with one.
SAYERS = {"echo", "fail", "confirm", "ClickException", "UsageError", "BadParameter", "_BadInput"}
WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize(("environment", "language"), [
    ({"LANG": "cy_GB.UTF-8"}, "cy"),
    ({"LANG": "pl_PL.utf8", "LC_MESSAGES": "ar_EG.UTF-8"}, "ar"),
    ({"LANG": "cy_GB.UTF-8", "LC_MESSAGES": "pl", "LC_ALL": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "", "LANG": "pl_PL"}, "pl"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "cy_GB@euro"}, "cy"),
    ({}, "en"),
])
def test_the_language_is_the_first_of_lc_all_lc_messages_and_lang(
        environment: dict[str, str], language: str) -> None:
    assert command_language(environment) == language


def _literal_words(node: ast.AST) -> list[str]:
    """Words written straight into a message: in a string, an f-string's text, a + or an
    if-else of them; not what _() or ngettext() return, nor keys and values put into it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return WORD.findall(node.value)
    parts: list[ast.AST] = []
    if isinstance(node, ast.JoinedStr):
        parts = [value for value in node.values if isinstance(value, ast.Constant)]
    elif isinstance(node, ast.BinOp):
        parts = [node.left, node.right]
    elif isinstance(node, ast.IfExp):
        parts = [node.body, node.orelse]
    return [word for part in parts for word in _literal_words(part)]


def test_every_message_the_command_prints_goes_through_the_catalogs() -> None:
    """A message written as a plain or f-string would stay English in every language; output
    for machines (tab-separated listings, JSON) has values only, no words of its own."""
    unmarked = []
    for module in COMMAND_MODULES:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            if name in SAYERS and _literal_words(call.args[0]):
                unmarked.append(f"{module}:{call.lineno}")
    assert unmarked == []
