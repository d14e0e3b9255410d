"""The funnel as pages show it: its chart, and each service's name in the reader's language."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import gettext as translate  # for templates marked N_ in the domain
from markupsafe import Markup

from screening.counts.chart import CHART_WORDS, bar_chart
from screening.counts.disclosure import HIDDEN
from screening.counts.funnel import STAGES, FunnelTable
from screening.web import library
from screening.web.funnel_forms import STAGE_LABELS
from screening.web.i18n import LocalText, interface_language, text_in


def funnel_chart(table: FunnelTable) -> Markup:
    """Referrals at each stage across services, drawn from the protected totals."""
    points = [(str(STAGE_LABELS[stage]), None if text == HIDDEN else int(text))
              for stage, text in zip(STAGES, table.totals, strict=True)]
    words = {key: str(translate(text)) for key, text in CHART_WORDS.items()}
    # bar_chart escapes every label and the title it writes into the SVG.
    return Markup(bar_chart(points, _("Referrals at each stage"), words))  # noqa: S704  # nosec B704


def service_names(table: FunnelTable) -> dict[str, LocalText]:
    """Each service in the reader's language where the directory names it."""
    services, lang = library(current_app).services, interface_language()
    return {code: text_in(services[code].name, lang) if code in services else
            LocalText(code, "en") for code in table.services}
