"""The domain never imports Flask or the web layer: it is plain Python the pages only call.

The domain is screening/questionnaire, screening/store, screening/counts and the referral and
handover modules (screening/handover*.py, screening/referrals* when they exist). Checked two
ways: each module's own import lines (so a failure names the file), and a fresh interpreter
that imports them all and finds no Flask module loaded by any route.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "screening"
DOMAIN_FOLDERS = ("questionnaire", "store", "counts", "referrals")
DOMAIN_FILES = ("handover*.py", "referrals*.py", "limits.py")
FORBIDDEN = ("flask", "flask_wtf", "flask_babel", "wtforms", "werkzeug", "screening.web")


def domain_files() -> list[Path]:
    found = [path for folder in DOMAIN_FOLDERS for path in (PACKAGE / folder).rglob("*.py")]
    found += [path for pattern in DOMAIN_FILES for path in PACKAGE.glob(pattern)]
    return sorted(found)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def test_the_domain_is_found() -> None:
    names = {module_name(path) for path in domain_files()}
    assert {"screening.questionnaire.scoring", "screening.store.screenings",
            "screening.counts.query", "screening.handover"} <= names


@pytest.mark.parametrize("path", domain_files(), ids=lambda path: module_name(path))
def test_a_domain_module_imports_nothing_of_the_web(path: Path) -> None:
    assert [name for name in imported(path) if forbidden(name)] == []


def test_importing_the_whole_domain_loads_no_web_module() -> None:
    modules = [module_name(path) for path in domain_files()]
    code = (f"import importlib, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
            f"print('\\n'.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    assert [name for name in loaded if forbidden(name)] == []
