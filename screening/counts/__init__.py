"""Anonymised counts for service leads and commissioners: SQL aggregation, disclosure control,
CSV, JSON and an SVG trend. No Flask here; the page and the command both call count_table."""

from screening.counts.chart import trend_chart, trend_points
from screening.counts.dimensions import DIMENSIONS, Dimension
from screening.counts.disclosure import DisclosureRule, DisclosureRuleError
from screening.counts.render import as_dict, to_csv, to_json
from screening.counts.request import CountRequest, CountRequestError, parse_request
from screening.counts.table import CountTable, build_table, count_table

__all__ = [
    "DIMENSIONS", "CountRequest", "CountRequestError", "CountTable", "Dimension",
    "DisclosureRule", "DisclosureRuleError", "as_dict", "build_table", "count_table",
    "parse_request", "to_csv", "to_json", "trend_chart", "trend_points",
]
