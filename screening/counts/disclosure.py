"""The disclosure rule for published counts: which counts are hidden, how the rest are rounded."""

from __future__ import annotations

from dataclasses import dataclass

from screening.wording import N_, Template, Wording

HIDDEN = "*"
# The rule in words, sentence by sentence: the page says them in the reader's language,
# exports and the command in English.
COUNT_OF_ONE_HIDDEN = Template("rule_count_of_one_hidden", N_("Counts of 1 are shown as *."))
SMALL_COUNTS_HIDDEN = Template("rule_small_counts_hidden",
                               N_("Counts from 1 to %(top)s are shown as *."))
SECONDARY_SUPPRESSION = Template("rule_secondary_suppression", N_(
    "Where a hidden count could be worked out from the other counts and the totals, further "
    "counts are shown as * too (secondary suppression)."))
ROUNDED = Template("rule_rounded", N_("Other counts are rounded to the nearest %(step)s."))
EXACT = Template("rule_exact", N_("Other counts are exact."))
TOTALS_FROM_UNROUNDED = Template("rule_totals_from_unrounded", N_(
    "Totals are worked out from the unrounded counts, then shown by the same rule, so they may "
    "differ from the sum of the counts shown."))
ONCE_PER_FLAG = Template("rule_once_per_flag", N_(
    "Screenings with several safety flags count once per flag; 'none' counts screenings with "
    "no flag."))
ONCE_PER_REFERRAL = Template("rule_once_per_referral", N_(
    "Screenings with several referrals count once per referral; 'none' counts screenings with "
    "no referral."))


class DisclosureRuleError(ValueError):
    """SUPPRESS_BELOW and ROUND_TO cannot be used together."""


@dataclass(frozen=True)
class DisclosureRule:
    """NHS Digital's rule by default: 1 to 7 hidden, other counts to the nearest 5."""

    suppress_below: int = 8
    round_to: int = 5

    def __post_init__(self) -> None:
        if self.round_to < 1:
            raise DisclosureRuleError(f"ROUND_TO must be 1 or more (1 means no rounding); it is "
                                      f"{self.round_to}")
        smallest_shown = max(self.suppress_below, 1)
        if self.rounded(smallest_shown) == 0:
            raise DisclosureRuleError(
                f"ROUND_TO ({self.round_to}) is more than twice SUPPRESS_BELOW "
                f"({self.suppress_below}), so a count of {smallest_shown} would be shown as 0; "
                "raise SUPPRESS_BELOW or lower ROUND_TO")

    def is_primary(self, count: int) -> bool:
        """A count small enough to identify someone: hidden whatever else is shown."""
        return 0 < count < self.suppress_below

    def rounded(self, count: int) -> int:
        """To the nearest multiple of round_to, halves up: 8 -> 10, 12 -> 10, 13 -> 15."""
        return (2 * count + self.round_to) // (2 * self.round_to) * self.round_to

    def shown(self, count: int, hidden: bool) -> str:
        """The text a reader sees for a count: '*', '0' or the rounded number."""
        return HIDDEN if hidden else str(self.rounded(count))

    def sentences(self, once_per_flag: bool = False,
                  once_per_referral: bool = False) -> tuple[Wording, ...]:
        """Which rule was applied, sentence by sentence, for the page to translate."""
        said: list[Wording] = []
        if self.suppress_below > 1:
            said.append(COUNT_OF_ONE_HIDDEN() if self.suppress_below == 2
                        else SMALL_COUNTS_HIDDEN(top=self.suppress_below - 1))
            said.append(SECONDARY_SUPPRESSION())
        said.append(ROUNDED(step=self.round_to) if self.round_to > 1 else EXACT())
        said.append(TOTALS_FROM_UNROUNDED())
        if once_per_flag:
            said.append(ONCE_PER_FLAG())
        if once_per_referral:
            said.append(ONCE_PER_REFERRAL())
        return tuple(said)

    def describe(self, once_per_flag: bool = False, once_per_referral: bool = False) -> str:
        """Which rule was applied, in English, for exports and the command line."""
        return " ".join(s.english() for s in self.sentences(once_per_flag, once_per_referral))
