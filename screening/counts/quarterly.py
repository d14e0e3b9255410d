"""The quarterly return for commissioners: one quarter's denominators, funnel, repeat
disclosures, age bands and levels, every count protected, with the rule written on it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from screening.counts.denominators import DENOMINATOR_SENTENCES, Denominators, denominators
from screening.counts.disclosure import DisclosureRule
from screening.counts.funnel import (
    FUNNEL_SENTENCES,
    MEDIANS,
    STAGES,
    FunnelRequest,
    FunnelTable,
    funnel_table,
)
from screening.counts.funnel_render import funnel_dict
from screening.counts.render import as_dict
from screening.counts.repeats import REPEAT_SENTENCES, Repeats, repeats
from screening.counts.request import CountRequest, CountRequestError, parse_request
from screening.counts.table import CountTable, count_table
from screening.store.db import Readable
from screening.wording import N_, Template

_QUARTER = re.compile(r"(\d{4})-?Q([1-4])")
BREAKDOWNS = ("age_band", "disclosure_level", "partner_risk_level")
ENTER_QUARTER = Template("enter_quarter", N_(
    "Enter the quarter as a year and Q1 to Q4, for example 2026Q3; '%(typed)s' is not one"))


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: its label (2026Q3) and first and last days."""

    label: str
    first: dt.date
    last: dt.date


def parse_quarter(text: str) -> Quarter:
    """2026Q3 or 2026-Q3; CountRequestError naming the field 'quarter' otherwise."""
    found = _QUARTER.fullmatch(text.strip().upper())
    if not found or int(found[1]) < 1:  # there is no year 0
        raise CountRequestError("quarter", ENTER_QUARTER, typed=text.strip())
    year, number = int(found[1]), int(found[2])
    first = dt.date(year, 3 * number - 2, 1)
    next_first = dt.date(year + 1, 1, 1) if number == 4 else dt.date(year, 3 * number + 1, 1)
    return Quarter(f"{year}Q{number}", first, next_first - dt.timedelta(days=1))


def quarter_of(day: dt.date) -> Quarter:
    """The quarter holding this day."""
    return parse_quarter(f"{day.year}Q{(day.month + 2) // 3}")


@dataclass(frozen=True)
class QuarterlyReturn:
    """Everything the return shows, already protected."""

    quarter: Quarter
    by_setting: Denominators
    by_team: Denominators
    funnel: FunnelTable
    repeats: Repeats
    breakdowns: tuple[CountTable, ...]  # by age band, disclosure level, partner's risk level
    rules: str


def quarterly_return(conn: Readable, quarter: Quarter, rule: DisclosureRule,
                     teams: tuple[str, ...] | None = None) -> QuarterlyReturn:
    """The protected return for one quarter over these teams (None: every team)."""
    first, last = quarter.first.isoformat(), quarter.last.isoformat()
    request: CountRequest = parse_request(first, last, "setting", teams)
    sentences = (*rule.sentences(), *FUNNEL_SENTENCES,
                 *DENOMINATOR_SENTENCES, *REPEAT_SENTENCES)
    return QuarterlyReturn(
        quarter,
        denominators(conn, request, "setting", rule),
        denominators(conn, request, "team", rule),
        funnel_table(conn, FunnelRequest(quarter.first, quarter.last, request.teams), rule),
        repeats(conn, request, rule),
        tuple(count_table(conn, parse_request(first, last, name, teams), rule)
              for name in BREAKDOWNS),
        " ".join(s.english() for s in sentences))


def _denominators_dict(d: Denominators) -> dict[str, Any]:
    t = d.enquiry
    return {"rows": {"dimension": t.dims[0], "labels": list(t.rows)},
            "columns": list(t.columns), "cells": [list(r) for r in t.cells],
            "offered": list(t.row_totals), "column_totals": list(t.column_totals),
            "total_offered": t.total, "disclosures": list(d.disclosures),
            "offered_referral": list(d.offered_referral), "proportions": list(d.proportions)}


def return_dict(report: QuarterlyReturn) -> dict[str, Any]:
    """The return as plain data; counts stay text because '*' is not a number."""
    return {
        "quarter": report.quarter.label, "from": report.quarter.first.isoformat(),
        "to": report.quarter.last.isoformat(), "rules": report.rules,
        "denominators_by_setting": _denominators_dict(report.by_setting),
        "denominators_by_team": _denominators_dict(report.by_team),
        "funnel": funnel_dict(report.funnel),
        "repeat_disclosures": {"disclosed_once": report.repeats.disclosed_once,
                               "disclosed_again": report.repeats.disclosed_again,
                               "people": report.repeats.people,
                               "without_record_number": report.repeats.without_number},
        **{t.dims[0]: as_dict(t) for t in report.breakdowns},
    }


def return_json(report: QuarterlyReturn) -> str:
    return json.dumps(return_dict(report), ensure_ascii=False, indent=2) + "\n"


def _lines(headings: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [headings, *rows]) for i in range(len(headings))]
    return ["  ".join(str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
                      for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in [headings, *rows]]


def _denominator_lines(d: Denominators) -> list[str]:
    t = d.enquiry
    body = [[label, *cells, offered, n, o, p] for label, cells, offered, n, o, p in
            zip(t.rows, t.cells, t.row_totals, d.disclosures[:-1], d.offered_referral[:-1],
                d.proportions[:-1], strict=True)]
    body.append(["Total", *t.column_totals, t.total, d.disclosures[-1], d.offered_referral[-1],
                 d.proportions[-1]])
    return _lines([t.dims[0], *t.columns, "offered", "disclosures", "offered_referral",
                   "proportion"], body)


def return_text(report: QuarterlyReturn) -> str:
    """The return as plain text for printing or e-mail, the rule applied written at the end."""
    q, f = report.quarter, report.funnel
    out = [f"Quarterly return {q.label}: screenings completed from {q.first.isoformat()} to "
           f"{q.last.isoformat()}", "",
           "Who was asked (NICE QS116), by setting", *_denominator_lines(report.by_setting), "",
           "Who was asked (NICE QS116), by team", *_denominator_lines(report.by_team), "",
           "Referrals at each stage, per service",
           *_lines(["service", *STAGES, *MEDIANS],
                   [[s, *c, *m] for s, c, m in zip(f.services, f.cells, f.medians, strict=True)]
                   + [["Total", *f.totals, *f.total_medians]]), "",
           "Repeat disclosures",
           *_lines(["people", "count"], [
               ["disclosed once", report.repeats.disclosed_once],
               ["disclosed again within 12 months", report.repeats.disclosed_again],
               ["people who disclosed", report.repeats.people],
               ["disclosures with no record number", report.repeats.without_number]]), ""]
    for t in report.breakdowns:
        out += [f"Screenings by {t.dims[0]}",
                *_lines([t.dims[0], "screenings"],
                        [[r, c[0]] for r, c in zip(t.rows, t.cells, strict=True)]
                        + [["Total", t.total]]), ""]
    out += ["How these counts are protected", report.rules]
    return "\n".join(out) + "\n"
