"""The protected funnel as CSV (spreadsheets) or JSON (other systems), saying which rule applied."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from screening.counts.funnel import MEDIANS, STAGES, FunnelTable
from screening.counts.render import TOTAL, safe_text

SERVICE = "service"


def _teams(table: FunnelTable) -> str:
    teams = table.request.teams
    return "all teams" if teams is None else "; ".join(teams) or "no teams"


def funnel_csv(table: FunnelTable) -> str:
    """A row per service and a Total row: each stage, then the median days; then notes."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow([SERVICE, *STAGES, *MEDIANS])
    for service, cells, medians in zip(table.services, table.cells, table.medians, strict=True):
        out.writerow([safe_text(service), *cells, *medians])
    out.writerow([TOTAL, *table.totals, *table.total_medians])
    out.writerow([])
    request = table.request
    out.writerows([("From", request.date_from.isoformat()), ("To", request.date_to.isoformat()),
                   ("Teams", safe_text(_teams(table))),
                   ("Setting", safe_text(request.setting or "every setting")),
                   ("Rules", table.rules)])
    return buffer.getvalue()


def funnel_dict(table: FunnelTable) -> dict[str, Any]:
    """The funnel as plain data; counts stay text because '*' is not a number."""
    request = table.request
    return {
        "from": request.date_from.isoformat(),
        "to": request.date_to.isoformat(),
        "teams": "all" if request.teams is None else list(request.teams),
        "setting": request.setting or "all",
        "rules": table.rules,
        "stages": list(STAGES),
        "medians": list(MEDIANS),
        "services": [{SERVICE: service, **dict(zip(STAGES, cells, strict=True)),
                      **dict(zip(MEDIANS, medians, strict=True))}
                     for service, cells, medians in zip(table.services, table.cells,
                                                        table.medians, strict=True)],
        "total": {**dict(zip(STAGES, table.totals, strict=True)),
                  **dict(zip(MEDIANS, table.total_medians, strict=True))},
    }


def funnel_json(table: FunnelTable) -> str:
    """funnel_dict as indented JSON text."""
    return json.dumps(funnel_dict(table), ensure_ascii=False, indent=2) + "\n"
