"""A protected table as CSV (spreadsheets) or JSON (other systems), saying which rule applied."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from screening.counts.table import CountTable

TOTAL = "Total"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Stop a spreadsheet running a team or setting name as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def scope(table: CountTable) -> str:
    """The teams counted, in words."""
    teams = table.request.teams
    return "all teams" if teams is None else "; ".join(teams) or "no teams"


def to_csv(table: CountTable) -> str:
    """The table with a Total row and column, then notes: what was counted and the rule."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    two_way = table.two_way
    out.writerow([table.dims[0], *map(safe_text, table.columns), *([TOTAL] if two_way else [])])
    for i, label in enumerate(table.rows):
        out.writerow([safe_text(label), *table.cells[i],
                      *([table.row_totals[i]] if two_way else [])])
    out.writerow([TOTAL, *table.column_totals, *([table.total] if two_way else [])])
    out.writerow([])
    request = table.request
    notes = [("Rows", table.dims[0]), *([("Columns", table.dims[1])] if two_way else []),
             ("From", request.date_from.isoformat()), ("To", request.date_to.isoformat()),
             ("Teams", safe_text(scope(table))), ("Rules", table.rules)]
    out.writerows(notes)
    return buffer.getvalue()


def as_dict(table: CountTable) -> dict[str, Any]:
    """The table as plain data; cells stay text because '*' is not a number."""
    request = table.request
    two_way = table.two_way
    return {
        "from": request.date_from.isoformat(),
        "to": request.date_to.isoformat(),
        "by": list(table.dims),
        "teams": "all" if request.teams is None else list(request.teams),
        "rules": table.rules,
        "rows": {"dimension": table.dims[0], "labels": list(table.rows)},
        "columns": {"dimension": table.dims[1] if two_way else None,
                    "labels": list(table.columns)},
        "cells": [list(row) for row in table.cells],
        "row_totals": list(table.row_totals),
        "column_totals": list(table.column_totals),
        "total": table.total,
    }


def to_json(table: CountTable) -> str:
    """as_dict as indented JSON text."""
    return json.dumps(as_dict(table), ensure_ascii=False, indent=2) + "\n"
