"""Words the counts show people, kept as templates so the web page can say them in the
reader's language; exports and the command line use the English text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def N_(template: str) -> str:  # noqa: N802 - the usual name for a gettext no-op marker
    """Mark a template for extraction into the catalogs without translating it here."""
    return template


@dataclass(frozen=True)
class Sentence:
    """A message template (`%(name)s` placeholders) and the values to put into it."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.template % dict(self.params) if self.params else self.template
