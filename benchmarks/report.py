"""Writes one benchmark's section of benchmarks/results.md, leaving the others as they are."""

from __future__ import annotations

import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = ("# Benchmark results\n\nWritten by `make bench`; each section by the command it names. "
          "Figures are ratios against a baseline measured in the same run.\n")


def write_section(title: str, body: str) -> None:
    """Replace (or add) the `## title` section with body."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    machine = f"_{platform.machine()}, Python {platform.python_version()}_\n\n"
    section = f"## {title}\n\n{machine}{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
