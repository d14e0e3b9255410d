"""Interface language (the practitioner's, from the session) and texts in a client's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import Babel, refresh
from jinja2.nodes import EvalContext
from jinja2.utils import pass_eval_context
from markupsafe import Markup
from werkzeug.wrappers import Response

from screening.web import formats
from screening.web.catalog import DOMAIN
from screening.web.fixed_forms import LanguageForm
from screening.web.safety import safe_next
from screening.wording import INTERFACE_LANGUAGES, Wording

SUPPORTED = INTERFACE_LANGUAGES
RIGHT_TO_LEFT = frozenset({"ar"})
# Each language named in itself, so a person can find their own whatever the interface shows.
ENDONYMS = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ar": "العربية"}
# Interface catalogs (translations/*/LC_MESSAGES/messages.po) no fluent speaker has reviewed
# yet; pages in these languages say so. Take a language off once its catalog is reviewed.
UNREVIEWED_INTERFACE = frozenset({"cy", "pl", "ar"})
# Babel's locale for an interface language: English as written in the UK ("24 November 2026").
BABEL_LOCALES = {"en": "en_GB"}
TIMEZONE = "Europe/London"

bp = Blueprint("i18n", __name__)


def interface_language() -> str:
    """The practitioner's interface language: chosen on a page (kept in the session), else the
    first of the browser's languages we have, else English."""
    chosen = session.get("lang")
    if chosen in SUPPORTED:
        return str(chosen)
    return browser_language(request.accept_languages)


def said(wording: Wording) -> str:
    """A message the domain defines (with its stable code), in the reader's interface language:
    the one way the pages and the API say a Template."""
    return wording.say(DOMAIN.get_translations(), interface_language())


def browser_language(accepted: Iterable[tuple[str, float]]) -> str:
    """The first interface language among the browser's (`Accept-Language`, best first),
    matched on the language alone ("cy-GB" is Welsh); English when none is ours."""
    for tag, quality in accepted:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if quality > 0 and primary in SUPPORTED:
            return primary
    return "en"


def babel_locale(lang: str) -> str:
    """The Babel locale that formats dates and numbers for an interface language."""
    return BABEL_LOCALES.get(lang, lang)


def direction(lang: str) -> str:
    """The direction a language is written in, for `dir` beside every `lang`."""
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class LocalText:
    """A text with the language it is actually in, for `lang` and `dir` attributes."""

    text: str
    lang: str

    @property
    def dir(self) -> str:
        return direction(self.lang)

    def __str__(self) -> str:
        return self.text


def isolated(text: LocalText) -> Markup:
    """A text set into a sentence of the interface, kept in its own language and direction
    (<bdi>): an English name inside Arabic keeps its full stop at its end."""
    return Markup('<bdi lang="%s" dir="%s">%s</bdi>') % (text.lang, text.dir, text.text)


def text_in(texts: Mapping[str, str], lang: str) -> LocalText:
    """The text in that language, else English (and say so through `lang`)."""
    if lang in texts:
        return LocalText(texts[lang], lang)
    return LocalText(texts.get("en", next(iter(texts.values()), "")), "en")


@bp.post("/language")
def change_language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in SUPPORTED:
        session["lang"] = form.lang.data
        refresh()  # Forget the locale this request already chose, should anything follow.
    return redirect(safe_next(request.form.get("next")))


def template_gettext() -> tuple[Any, Any]:
    """`_`/`gettext` and `ngettext` for templates, as Jinja's "newstyle" i18n makes them (the
    text autoescaped, then always formatted with its named values, `num` given to ngettext)
    but called straight: Jinja's own go through its alias and wrapper, three template calls
    and three Markup strings a message, and a page says fifty to eighty of them."""
    translations = DOMAIN.get_translations

    def formatted(eval_ctx: EvalContext, found: str, variables: dict[str, Any]) -> str:
        # The tool's own catalogs, trusted as Jinja's i18n trusts them.
        if eval_ctx.autoescape:
            found = Markup(found)  # noqa: S704  # nosec B704
        # A text without "%" comes out of "%" formatting unchanged: skip the work.
        return found % variables if variables or "%" in found else found

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        return formatted(eval_ctx, translations().ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, number: int, /,
                 **variables: Any) -> str:
        variables.setdefault("num", number)
        return formatted(eval_ctx, translations().ungettext(singular, plural, number),
                         variables)

    return gettext, ngettext


def _template_helpers() -> dict[str, Any]:
    lang = interface_language()
    return {"interface_lang": lang, "interface_dir": direction(lang),
            "interface_unreviewed": lang in UNREVIEWED_INTERFACE}


def _vary_by_browser_language(response: Response) -> Response:
    """Until a language is chosen, a page depends on the browser's: no cache may share it."""
    if response.mimetype == "text/html" and session.get("lang") not in SUPPORTED:
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    babel = Babel(app, locale_selector=lambda: babel_locale(interface_language()),
                  default_timezone=TIMEZONE)
    babel.domain_instance = DOMAIN
    # Flask-Babel installed Jinja's i18n: newstyle, and these in place of its own callables.
    app.jinja_env.newstyle_gettext = True  # type: ignore[attr-defined]
    gettext, ngettext = template_gettext()
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    formats.init_app(app)
    app.jinja_env.filters["isolated"] = isolated
    app.jinja_env.globals.update(text_in=text_in, endonyms=ENDONYMS, language_dir=direction,
                                 supported_languages=SUPPORTED)
    app.context_processor(_template_helpers)
    app.after_request(_vary_by_browser_language)
    app.register_blueprint(bp)
