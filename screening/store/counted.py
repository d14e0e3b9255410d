"""Plain columns worked out at completion so counts never open sealed answers: the age band and
which kind of level the set gives (the person's disclosure, or the partner's DASH risk)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# (band, lowest age in it), youngest first; 'not_recorded' where the set asks age but it is
# unanswered. A set that does not ask age stores no band at all.
AGE_BANDS = (("under_18", 0), ("18_24", 18), ("25_34", 25), ("35_49", 35), ("50_plus", 50))
NOT_RECORDED = "not_recorded"
LEVEL_KINDS = ("disclosure", "risk")


def age_band(answers: Mapping[str, Any], asks_age: bool) -> str | None:
    """The band of the `age` answer; None when the set does not ask it."""
    if not asks_age:
        return None
    try:
        age = int(str(answers.get("age", "")).strip())
    except ValueError:
        return NOT_RECORDED
    return next(band for band, lowest in reversed(AGE_BANDS) if age >= lowest)
