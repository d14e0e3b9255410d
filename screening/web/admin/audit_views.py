"""The audit log for admins: read it with filters, download it as CSV; both are audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint, Flask, Response, render_template, request, stream_with_context, url_for

from screening.store import audit
from screening.store.audit import AuditFilter
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fixed_forms import AuditFilterForm

bp = Blueprint("audit_log", __name__, url_prefix="/admin")
PAGE_SIZE = 100
CSV_COLUMNS = ("id", "at", "user_id", "user_name", "action", "object", "detail")
# A spreadsheet runs a cell starting with one of these as a formula: the log holds typed names.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _form() -> tuple[AuditFilterForm, AuditFilter | None]:
    """The filters from the address, and what they ask for (None when one is wrong)."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Anything"))] + [(a, a) for a in audit.actions(get_db())]
    if not form.validate():
        return form, None
    return form, AuditFilter(form.user.data or None, form.action.data or None,
                             form.object.data or None, form.date_from.data, form.date_to.data)


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


@bp.get("/audit")
@role_required("admin")
def page() -> Any:
    form, found = _form()
    entries: list[dict[str, Any]] = []
    total, number = 0, _page_number()
    if found is not None:
        db = get_db()
        total = audit.count(db, found)
        entries = audit.search(db, found, PAGE_SIZE, (number - 1) * PAGE_SIZE)
        audit.record(db, current_user().id, "audit_view", "audit",
                     f"page {number}: {found.describe()}")
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html", title=_("Audit log"), form=form, entries=entries, total=total,
        has_errors=found is None, csv_url=url_for("audit_log.download", **query),
        newer_url=url_for("audit_log.page", page=number - 1, **query) if number > 1 else None,
        older_url=(url_for("audit_log.page", page=number + 1, **query)
                   if number * PAGE_SIZE < total else None))


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The entries as CSV, a line at a time, with formula-like cells made plain text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[str]) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(CSV_COLUMNS)
    for entry in rows:
        yield line(_cell(entry[column]) for column in CSV_COLUMNS)


@bp.get("/audit.csv")
@role_required("admin")
def download() -> Any:
    form, found = _form()
    if found is None:
        return render_template("error.html", title=_("This audit log cannot be downloaded"),
                               message=_("Go back and correct the filters.")), 400
    db = get_db()
    # Recorded first, so the download itself is in the log it exports.
    audit.record(db, current_user().id, "audit_export", "audit", found.describe())
    name = f"audit-log-{dt.datetime.now(dt.UTC).strftime('%Y%m%d-%H%M%S')}.csv"
    response = Response(stream_with_context(csv_lines(audit.every(db, found))),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
