"""How to run this same `screening` command again, as the person can type it from here.

Messages that tell someone what to run next (reset the admin's password, add a user) name the
command that is running, e.g. `.venv/bin/screening`, because the virtual environment's `bin`
folder is usually not on the PATH.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path


def own_command(argv0: str | None = None, cwd: Path | None = None) -> str:
    """The running command as a shell word: relative to the current folder when inside it."""
    program = argv0 if argv0 is not None else sys.argv[0]
    if not program or program.endswith(".py") or program == "-m":
        # `python -m screening` (argv[0] is screening/__main__.py).
        return f"{_shown(Path(sys.executable), cwd)} -m screening"
    return _shown(Path(program), cwd)


def _shown(path: Path, cwd: Path | None) -> str:
    here = Path(os.path.abspath(cwd or Path.cwd()))
    # abspath, not resolve: .venv/bin/python is a link out of the folder, and must stay itself.
    full = Path(os.path.abspath(path if path.is_absolute() else here / path))
    shown = os.path.relpath(full, here) if full.is_relative_to(here) else str(full)
    if os.sep not in shown:
        shown = f".{os.sep}{shown}"  # a bare name would be looked up on the PATH instead
    return shlex.quote(shown)
