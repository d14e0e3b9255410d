"""The domain never imports Flask or the web layer: it is plain Python the pages only call.

The domain is screening/questionnaire, screening/store, screening/counts and the referral and
handover modules (screening/handover*.py, screening/referrals* when they exist). Checked two
ways: each module's own import lines (so a failure names the file), and a fresh interpreter
that imports them all and finds no Flask module loaded by any route.

The web layer is grouped by who uses the pages: screening/web/practitioner, services, counts,
admin and api, each a package; what every page shares stays at the top of screening/web. A
group imports the shared modules and its own, never another group's.
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


WEB = PACKAGE / "web"
WEB_GROUPS = ("practitioner", "services", "counts", "admin", "api")
# Top-level modules that add routes of their own: signing in and out, sessions, the account,
# the interface language and /healthz, which every page shares. Any other page goes in a group.
SHARED_ROUTES = ("account", "auth", "i18n", "oidc", "security", "sessions")
# Shared modules that name a group: create_app registers every group's pages, and a busy
# database answers the API in JSON (db.busy_response).
SHARED_NAMING_GROUPS = {"screening.web": {f"screening.web.{g}" for g in WEB_GROUPS},
                        "screening.web.db": {"screening.web.api"}}
ROUTE_DECORATORS = ("route", "get", "post", "put", "patch", "delete")


def web_imports(path: Path) -> set[str]:
    """The screening.web modules a file imports, `from screening.web import x` as its module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.startswith("screening.web.")}


def group_of(name: str) -> str | None:
    """The group a screening.web module belongs to (None for a shared one)."""
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[2] in WEB_GROUPS else None


def adds_routes(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            called = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if called in ("Blueprint", "add_url_rule"):
                return True
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
                    return True
    return False


def test_the_web_groups_are_packages() -> None:
    found = {path.parent.name for path in WEB.glob("*/__init__.py")}
    assert found == set(WEB_GROUPS)
    for group in WEB_GROUPS:
        assert ast.get_docstring(ast.parse((WEB / group / "__init__.py").read_text()))


def test_no_page_sits_flat_in_the_web_folder() -> None:
    """A top-level module that adds routes is one of the shared ones; pages go in a group."""
    routed = {path.stem for path in WEB.glob("*.py") if adds_routes(path)}
    assert routed == set(SHARED_ROUTES)
    assert all(adds_routes(path) for path in WEB.glob("*/*views.py"))


@pytest.mark.parametrize("path", sorted(WEB.rglob("*.py")), ids=lambda path: module_name(path))
def test_a_web_module_imports_the_shared_modules_and_its_own_group_only(path: Path) -> None:
    own = group_of(module_name(path))
    allowed = SHARED_NAMING_GROUPS.get(module_name(path), set())
    others = {name for name in web_imports(path) if group_of(name) not in (None, own)}
    assert {name for name in others
            if not any(name == a or name.startswith(a + ".") for a in allowed)} == set()
