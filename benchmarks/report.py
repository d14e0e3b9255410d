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


def _named(cell: str) -> str:
    """A row's first cell without what it says in brackets at its end."""
    return cell.split(" (")[0].strip()


def replace_rows(title: str, rows: list[str], command: str) -> None:
    """In the `## title` section, replace the table rows of a part measured again alone (a row
    is found by its first two cells, else by its first, else by its first up to a bracket, where
    a row may say what it measured: "(26 questions, …)"), and say under the tables which command
    measured them."""
    text = RESULTS.read_text(encoding="utf-8")
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    found = pattern.search(text)
    if found is None:
        raise SystemExit(f"benchmarks/results.md has no section {title!r}: run every part once")
    section = found.group(0).rstrip("\n")
    for row in rows:
        cells = row.split("|")
        found_rows = [
            [line for line in section.splitlines() if line.startswith("|".join(cells[:3]) + "|")],
            [line for line in section.splitlines() if line.startswith("|".join(cells[:2]) + "|")],
            [line for line in section.splitlines() if line.startswith("|")
             and _named(line.split("|")[1]) == _named(cells[1])]]
        for lines in found_rows:
            if len(lines) == 1:
                section = section.replace(lines[0], row)
                break
        else:
            raise SystemExit(f"no row {cells[1].strip()!r} in {title!r}: run every part once")
    said = f"Measured again alone by {command}:"
    section = "\n".join(line for line in section.splitlines()
                        if not line.startswith(said)).rstrip("\n")
    section = re.sub(r"\n{3,}", "\n\n", section)  # no gap where an older such line was
    named = "; ".join(dict.fromkeys(row.split("|")[1].strip() for row in rows))
    section += f"\n\n{said} {named}.\n\n"
    RESULTS.write_text(text.replace(found.group(0), section).rstrip("\n") + "\n",
                       encoding="utf-8")
