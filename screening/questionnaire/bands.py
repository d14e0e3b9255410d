"""Stage 3, bands: from 0 upwards, neither overlapping nor leaving a score in no band."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from screening.questionnaire.errors import Collector
from screening.wording import N_

START_AT = N_("start this band at %(expected)s")


def check_band_ranges(bands: Sequence[Mapping[str, Any]], out: Collector) -> None:
    """Every whole score from 0 falls in exactly one band; the last has no upper end."""
    expected = 0
    for i, band in enumerate(bands):
        if band["min"] < expected:
            out.add(f"bands[{i}].min", N_("overlaps the band before (starts at "
                                          "%(min)s, the band before ends at %(end)s)"),
                    START_AT, min=band["min"], end=expected - 1, expected=expected)
        elif band["min"] > expected:
            out.add(f"bands[{i}].min", N_("leaves scores %(expected)s to %(end)s in no "
                                          "band"),
                    START_AT, expected=expected, end=band["min"] - 1)
        if band["max"] is None:
            if i != len(bands) - 1:
                out.add(f"bands[{i}].max", N_("is open-ended but is not the last band"),
                        N_("give it a max or move it last"))
            return
        if band["max"] < band["min"]:
            out.add(f"bands[{i}].max", N_("is below min"), N_("make max at least min"))
        expected = band["max"] + 1
    if bands:
        out.add(f"bands[{len(bands) - 1}].max", N_("ends the last band, so higher "
                                                   "scores fall in no band"),
                N_('give the last band "max": null'))
