"""The interface's words in the reader's language: gettext, ngettext and lazy_gettext for the
web layer's Python code, straight to the catalog this request uses.

Flask-Babel's own find their domain through `g` three or four times a message before asking
it (4 µs a message here, against 1.6 µs straight); a result page says about a hundred and
twenty messages from Python (its labels, each answer in words). These ask the one domain
every app uses (`DOMAIN`), which keeps the catalog beside the locale the request chose. Same
texts, same formatting as Flask-Babel's: `text % values` only when values are given, `num`
given to ngettext; outside an app, the text as written.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import g, has_app_context
from flask_babel import Domain, get_locale
from flask_babel.speaklater import LazyString


class RequestCatalogDomain(Domain):  # type: ignore[misc]
    """Flask-Babel's message domain, with the catalog found once per request and locale.

    Flask-Babel looks the catalog up again for every message (context, locale selector, cache
    key): a page shows dozens of messages, and those lookups were a tenth of its time. The
    catalog is kept beside the locale Flask-Babel chose for this request, and is looked up
    again whenever that locale changes (`force_locale`, `refresh`). It holds no app's state
    (only the catalogs it has read, by folder and locale), so every app shares `DOMAIN`.
    """

    def get_translations(self) -> NullTranslations:
        chosen = g.get("_flask_babel")  # Flask-Babel's per-request state
        locale = getattr(chosen, "babel_locale", None)
        found = getattr(chosen, "screening_catalog", None)
        if found is not None and locale is not None and found[0] is locale:
            translations: NullTranslations = found[1]
            return translations
        translations = super().get_translations()
        chosen = g.get("_flask_babel")
        if chosen is not None:
            chosen.screening_catalog = (get_locale(), translations)
        return translations


DOMAIN = RequestCatalogDomain()


def gettext(string: str, **variables: Any) -> str:
    """The message in this request's language."""
    found = DOMAIN.get_translations().ugettext(string) if has_app_context() else string
    return found % variables if variables else found


def ngettext(singular: str, plural: str, number: int, **variables: Any) -> str:
    """The message in the form for `number` in this request's language."""
    variables.setdefault("num", number)
    if has_app_context():
        found = DOMAIN.get_translations().ungettext(singular, plural, number)
    else:
        found = singular if number == 1 else plural
    return found % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """The message, put into words each time it is shown (for labels defined at import)."""
    return LazyString(gettext, string, **variables)
