"""How much a person may type, in one place: the server's checks, the pages and the offline app.

The browser gets these numbers in every served question-set definition (`limits`), so the
offline pages and static/js/engine.js never write them again.
"""

from __future__ import annotations

TEXT_LIMIT = 500  # characters of a free-text answer; a question's max_length may only lower it
REASON_LIMIT = 500  # characters of a professional-judgement or safeguarding-override reason
RECORD_NUMBER_LIMIT = 40  # characters of a practice's own local record number
USER_NAME_LIMIT = 80  # characters of a user name (the admin page and the audit log's filter)
TEAM_LIMIT = 120  # characters of a team's name, and of a record named in the audit log's filter


def limits_json() -> dict[str, int]:
    """The limits as the browser reads them from a served definition."""
    return {"text": TEXT_LIMIT, "reason": REASON_LIMIT, "record_number": RECORD_NUMBER_LIMIT}
