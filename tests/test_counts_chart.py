"""The trend chart: drawn on the server, readable without scripts, and as protected as the table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from screening.counts import DisclosureRule, build_table, parse_request, trend_chart, trend_points

SVG = "{http://www.w3.org/2000/svg}"


def table(by: str, raw: dict[tuple[str, ...], int]):
    return build_table(parse_request("2026-01-01", "2026-04-30", by), raw, DisclosureRule())


def test_each_month_is_a_bar_and_a_hidden_month_is_a_gap_marked_with_a_star() -> None:
    svg = trend_chart(table("month", {("2026-01",): 12, ("2026-02",): 3, ("2026-03",): 40,
                                      ("2026-04",): 22}))
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Screenings per month, 2026-01 to 2026-04; 2 of 4 hidden"
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    bars = [bar.find(f"{SVG}title").text for bar in root.iter(f"{SVG}rect")]
    # 3 is hidden, so 12 is too: the smallest count that stops 3 being worked out from 77.
    assert bars == ["2026-03: 40", "2026-04: 20"]
    assert [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")] == ["2026-01: hidden",
                                                                          "2026-02: hidden"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "* hidden: a small count, or one that could reveal a small count" in texts
    assert {"2026-01", "2026-02", "2026-03", "2026-04", "0", "40"} <= set(texts)
    assert "<script" not in svg and "href" not in svg


def test_a_two_way_table_charts_its_period_totals_not_a_separate_count() -> None:
    t = table("setting,month", {("gp", "2026-01"): 30, ("pharmacy", "2026-01"): 12,
                                ("gp", "2026-03"): 9})
    assert trend_points(t) == (("2026-01", 40), ("2026-02", 0), ("2026-03", 10), ("2026-04", 0))


def test_tall_bars_get_round_ticks() -> None:
    svg = trend_chart(table("month", {("2026-01",): 480, ("2026-02",): 1260}))
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    ticks = [text for text in texts if re.fullmatch(r"[\d,]+", text)]
    assert ticks == ["0", "500", "1,000", "1,500"]


def test_a_title_is_escaped() -> None:
    svg = trend_chart(table("month", {}), title="Screenings <north & south>")
    assert ET.fromstring(svg).find(f"{SVG}title").text.startswith("Screenings <north & south>")


def test_a_table_without_a_period_has_no_trend() -> None:
    with pytest.raises(ValueError, match="A trend needs a period among the dimensions"):
        trend_chart(table("setting", {("gp",): 10}))
