"""The funnel as pages show it: its chart, and each service's name in the reader's language."""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup

from screening.counts.chart import CHART_WORDS, bar_chart
from screening.counts.disclosure import HIDDEN
from screening.counts.funnel import STAGES, FunnelTable
from screening.web import library
from screening.web.catalog import gettext as _
from screening.web.catalog import gettext as translate  # for templates marked N_ in the domain
from screening.web.counts.funnel_forms import STAGE_LABELS
from screening.web.i18n import LocalText, interface_language, text_in


def _stage_chart(shown: tuple[str, ...], title: str) -> Markup:
    """A bar per stage from cells the table already shows (protected): '*' is a gap."""
    points = [(str(STAGE_LABELS[stage]), None if text == HIDDEN else int(text))
              for stage, text in zip(STAGES, shown, strict=True)]
    words = {key: str(translate(text)) for key, text in CHART_WORDS.items()}
    # bar_chart escapes every label and the title it writes into the SVG.
    return Markup(bar_chart(points, title, words))  # noqa: S704  # nosec B704


def funnel_chart(table: FunnelTable) -> Markup:
    """Referrals at each stage across services, drawn from the protected totals."""
    return _stage_chart(table.totals, _("Referrals at each stage"))


def service_charts(table: FunnelTable) -> list[Markup]:
    """A chart per service, drawn from its row of the protected table: nothing the table does
    not show, so nothing a chart adds can be subtracted from it."""
    names = service_names(table)
    return [_stage_chart(cells, _("Referrals to %(service)s at each stage",
                                  service=str(names[code])))
            for code, cells in zip(table.services, table.cells, strict=True)]


def service_names(table: FunnelTable) -> dict[str, LocalText]:
    """Each service in the reader's language where the directory names it."""
    services, lang = library(current_app).services, interface_language()
    return {code: text_in(services[code].name, lang) if code in services else
            LocalText(code, "en") for code in table.services}
