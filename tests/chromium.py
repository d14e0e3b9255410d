"""Where Chromium is: one lookup for the Makefile (`make chromium`) and the browser tests.

$CHROMIUM when set (it must then be an executable file), else `chromium` or `chromium-browser`
on the PATH. Run as a script it prints the path, or says what is wrong and exits 1. Standard
library only: make runs it with the system's python3, before the virtual environment exists.
"""

from __future__ import annotations

import os
import shutil
import sys

NAMES = ("chromium", "chromium-browser")


class ChromiumMissing(LookupError):
    """No usable Chromium; the message says where it was looked for and what to do."""


def find_chromium() -> str:
    """The Chromium executable the tests drive."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        raise ChromiumMissing(f"CHROMIUM={configured} is not an executable file: point it at "
                              "Chromium, or unset it to use chromium on the PATH")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing("Chromium is not on the PATH: run `make chromium` (Debian, as root), "
                          "or set CHROMIUM to its path")


if __name__ == "__main__":
    try:
        print(find_chromium())
    except ChromiumMissing as error:
        print(error, file=sys.stderr)
        sys.exit(1)
