"""Plain factories for engine tests: a copy of the tiny fixture library that a test may break."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "library"


def tiny_definition() -> dict[str, Any]:
    """The tiny question set as a dict, to change in a test."""
    return copy.deepcopy(json.loads((FIXTURE / "tiny" / "v1.json").read_text()))


def library_folder(tmp_path: Path, definition: dict[str, Any] | None = None,
                   lock: bool = True, raw: str | None = None) -> Path:
    """A library folder in tmp_path with the tiny set (or the given one), locked if asked."""
    folder = tmp_path / "library"
    shutil.copytree(FIXTURE, folder)
    target = folder / "tiny" / "v1.json"
    if raw is not None:
        target.write_text(raw, encoding="utf-8")
    elif definition is not None:
        target.write_text(json.dumps(definition, indent=2), encoding="utf-8")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    (folder / "published.lock").write_text(f"{digest}  tiny/v1.json\n" if lock else "")
    return folder
