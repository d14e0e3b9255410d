"""Age bands for counts: the bands commissioners report, from the answer as given."""

from __future__ import annotations

import pytest

from screening.store.counted import age_band


@pytest.mark.parametrize(("answer", "band"), [
    (10, "under_18"), ("17", "under_18"), (18, "18_24"), (24, "18_24"), (25, "25_34"),
    (34, "25_34"), (35, "35_49"), (49, "35_49"), (50, "50_plus"), (120, "50_plus"),
    (None, "not_recorded"), ("", "not_recorded")])
def test_an_age_falls_in_one_band_or_is_not_recorded(answer: object, band: str) -> None:
    assert age_band({"age": answer}, asks_age=True) == band


def test_a_set_that_does_not_ask_age_has_no_band() -> None:
    assert age_band({}, asks_age=False) is None
