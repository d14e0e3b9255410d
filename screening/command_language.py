"""The `screening` command's own language: from LC_ALL, then LC_MESSAGES, then LANG.

As POSIX programs do, the first of those variables that is set decides; a language without an
interface catalog (or C, or POSIX) is English. The command reads the same compiled catalogs as
the web pages (translations/*/LC_MESSAGES/messages.mo), through babel.support, without Flask.
Output written for machines (exports, --json, tab-separated listings) is never translated.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Protocol

from babel.support import Translations

from screening.settings import PROJECT_ROOT, SettingError
from screening.wording import INTERFACE_LANGUAGES

ENVIRONMENT_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
TRANSLATIONS_FOLDER = PROJECT_ROOT / "translations"
LANGUAGES = INTERFACE_LANGUAGES


def command_language(environ: Mapping[str, str] | None = None) -> str:
    """The interface language the environment asks for, e.g. cy for LANG=cy_GB.UTF-8."""
    env = os.environ if environ is None else environ
    value = next((env[name] for name in ENVIRONMENT_VARIABLES if env.get(name)), "")
    language = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return language if language in LANGUAGES else "en"


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language; English (and a catalog not compiled) as written."""
    if lang == "en":
        return gettext.NullTranslations()
    return Translations.load(str(TRANSLATIONS_FOLDER), [lang])


def _(message: str, **params: Any) -> str:
    """A message in the command's language, with its %(name)s values filled in."""
    text = catalog(command_language()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, count: int, **params: Any) -> str:
    """A counted message (its count is %(count)s) in the language's plural form."""
    text = catalog(command_language()).ngettext(singular, plural, count)
    return text % {"count": count, **params}


class Sayable(Protocol):
    """A Wording, or a question-set Problem (its place, message and fix)."""

    def say(self, catalog: Any = None, lang: str = "en") -> str: ...


def say(message: Sayable) -> str:
    """A domain message in the command's language."""
    lang = command_language()
    return message.say(catalog(lang), lang)


def unusable_question_sets(problems: Iterable[Sayable]) -> str:
    """Question sets the tool cannot start with: each problem on its own line, then where the
    full list is (said by the commands and by the server's start-up alike)."""
    return "\n".join([_("The question sets cannot be used:"), *(say(p) for p in problems),
                      _("Run `screening questionnaires check` for the full list.")])


def said_setting(error: SettingError) -> str:
    """A setting that cannot be used: its name, the value given and what it allows."""
    return _("%(name)s is set to %(value)s, which cannot be used: give %(allowed)s.",
             name=error.setting.env_name, value=repr(error.raw), allowed=_(error.allowed))
