"""The trend over time as a server-drawn SVG bar chart: no scripts, readable by screen readers.

It is drawn from the period totals of the same protected table the page shows, never from a
separate query: a second set of totals could be subtracted from the first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from screening.counts.table import CountTable
from screening.wording import N_

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 72
MAX_X_LABELS = 12
INK, BAR, RULE = "#0b0c0c", "#1d70b8", "#b1b4b6"
# The chart's words, as templates: the page passes them translated, exports use English.
CHART_WORDS = {
    "summary": N_("%(title)s, %(first)s to %(last)s; %(hidden)s of %(total)s hidden"),
    "hidden": N_("%(period)s: hidden"),
    "note": N_("* hidden: a small count, or one that could reveal a small count"),
}


def trend_points(table: CountTable) -> tuple[tuple[str, int | None], ...]:
    """(period, total) pairs along the table's period dimension; None where the total is hidden."""
    first = table.request.by[0]
    if first.is_period:
        labels = table.rows
        shown = table.row_totals if table.two_way else tuple(row[0] for row in table.cells)
    elif table.two_way and table.request.by[1].is_period:
        labels, shown = table.columns, table.column_totals
    else:
        raise ValueError("A trend needs a period among the dimensions: week, month, quarter or "
                         "year")
    return tuple((label, None if text == "*" else int(text)) for label, text in
                 zip(labels, shown, strict=True))


def _step(largest: int) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) giving about four ticks."""
    rough = max(largest / 4, 1)
    power = 10 ** math.floor(math.log10(rough))  # an int: rough >= 1
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= rough))


def _text(x: float, y: float, content: str, anchor: str = "middle", size: int = 12) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{INK}">{escape(content)}</text>')


def trend_chart(table: CountTable, title: str | None = None,
                words: Mapping[str, str] = CHART_WORDS) -> str:
    """An SVG of screenings per period; hidden totals are gaps marked '*', explained below."""
    points = trend_points(table)  # raises first when there is no period
    period = next(d.name for d in table.request.by if d.is_period)
    return bar_chart(points, title or f"Screenings per {period}", words)


def bar_chart(points: Sequence[tuple[str, int | None]], title: str,
              words: Mapping[str, str] = CHART_WORDS) -> str:
    """An SVG bar per (label, count) already protected; None is a gap marked '*', explained."""
    hidden = sum(value is None for _, value in points)
    step = _step(max((v for _, v in points if v is not None), default=0))
    top = max(step * math.ceil(max((v or 0 for _, v in points), default=0) / step), step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    summary = (words["summary"] % {"title": title, "first": points[0][0],
                                   "last": points[-1][0], "hidden": hidden,
                                   "total": len(points)} if points else title)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(summary)}" '
             'font-family="sans-serif">', f"<title>{escape(summary)}</title>",
             _text(LEFT, 20, title, "start", 16)]
    for tick in range(0, top + 1, step):
        y = TOP + plot_h - tick / top * plot_h
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{RULE}" stroke-width="1"/>')
        parts.append(_text(LEFT - 6, y + 4, f"{tick:,}", "end"))
    every = math.ceil(len(points) / MAX_X_LABELS)
    baseline = TOP + plot_h
    for i, (label, value) in enumerate(points):
        middle = LEFT + slot * (i + 0.5)
        if value is None:
            parts.append(f'<g><title>{escape(words["hidden"] % {"period": label})}</title>'
                         f'{_text(middle, baseline - 4, "*", size=14)}</g>')
        else:
            height = value / top * plot_h
            parts.append(f'<rect x="{middle - slot * 0.35:.1f}" y="{baseline - height:.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{height:.1f}" fill="{BAR}">'
                         f"<title>{escape(label)}: {value:,}</title></rect>")
        if i % every == 0:
            parts.append(_text(middle, baseline + 18, label, size=11))
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{baseline}" y2="{baseline}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    if hidden:
        parts.append(_text(LEFT, HEIGHT - 16, words["note"], "start"))
    parts.append("</svg>")
    return "\n".join(parts)
