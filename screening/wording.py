"""Messages for people, kept as templates so each reader gets them in their own language.

The one message system of the tool. Each message is a `Template`, defined once where its
subject lives: a stable snake_case code a machine can rely on, and the English text marked N_
(the catalog key, translated in translations/*/LC_MESSAGES/messages.po). Saying it with values
makes a `Wording`. The domain (question sets, scoring, the store, counts, users) never imports
Flask: the pages and the API say a Wording in the practitioner's interface language
(screening.web.i18n.said; screening/web/messages.py says a domain message lazily for a form),
the command line in the language of its environment (screening/command_language.say), exports
in English, and anything written for machines keeps the code and the values (`to_json`).
Question-set problems are the one family keyed by their English text (questionnaire/errors.
worded). tests/test_message_codes.py holds every code to snake_case and to one Template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# The interface languages, for the pages (screening/web/i18n.py) and the command alike; English
# is the source text. A new one needs its catalog in translations/ first.
INTERFACE_LANGUAGES = ("en", "cy", "pl", "ar")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def N_(text: str) -> str:  # noqa: N802 - the usual name for a gettext no-op marker
    """Mark a template for the catalogs without translating it here."""
    return text


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_, with a plural
    """Mark a counted template (its count is `%(count)s`) for the catalogs."""
    return singular, plural


class Catalog(Protocol):
    """What gettext.NullTranslations and babel.support.Translations offer."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True)
class Template:
    """A message with a stable code for machines and its English text (the catalog key)."""

    code: str
    text: str
    plural: str | None = None

    def __call__(self, **params: Any) -> Wording:
        return Wording(self, params)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The names of its %(name)s values, in the order the English text first gives them."""
        return tuple(dict.fromkeys(PLACEHOLDER.findall(self.text)))


@dataclass(frozen=True)
class Wording:
    """A template and its values: a number, text, a list, a text per language, or a Wording."""

    template: Template
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.template.code

    def say(self, catalog: Catalog | None = None, lang: str = "en") -> str:
        """The message in the catalog's language; texts per language are taken in `lang`."""
        values = {name: _shown(value, catalog, lang) for name, value in self.params.items()}
        template = self.template
        if template.plural is not None:
            count = int(self.params.get("count", 0))
            text = (catalog.ngettext(template.text, template.plural, count) if catalog
                    else template.text if count == 1 else template.plural)
        else:
            text = catalog.gettext(template.text) if catalog else template.text
        return text % values if "%(" in text else text

    def english(self) -> str:
        return self.say()

    def to_json(self) -> dict[str, Any]:
        """The code and the values, for whatever reads the message by machine."""
        return {"code": self.code, "params": {name: _plain(value)
                                             for name, value in self.params.items()}}

    def __str__(self) -> str:
        return self.english()


def _shown(value: Any, catalog: Catalog | None, lang: str) -> Any:
    if isinstance(value, Wording):
        return value.say(catalog, lang)
    if isinstance(value, Mapping):
        return value.get(lang, value.get("en", next(iter(value.values()), "")))
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(item) for item in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Wording):
        return value.to_json()
    if isinstance(value, Mapping):
        return {str(key): str(text) for key, text in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [str(item) for item in value]
    return value if isinstance(value, (int, float, str, bool)) or value is None else str(value)
