"""Every interface message is in every catalog, translated, with its placeholders and the
language's plural forms; and a practitioner who picks a language sees the tool in it."""

from __future__ import annotations

import datetime as dt
import gettext
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from screening.web.i18n import SUPPORTED, UNREVIEWED_INTERFACE
from tests.conftest import sign_in
from tests.web.helpers import routine, text_of

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
TRANSLATED = [lang for lang in SUPPORTED if lang != "en"]
# gettext plural forms per language, in CLDR order (Welsh: zero, one, two, few, many, other).
PLURAL_FORMS = {"en": 2, "cy": 6, "pl": 3, "ar": 6}
UNREVIEWED_MARK = "Not yet reviewed by a fluent speaker"
LONDON = ZoneInfo("Europe/London")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
MessageId = str | tuple[str, ...]


def makefile_keywords() -> dict[str, Any]:
    """The extraction keywords `make translations-extract` passes, read from the Makefile."""
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines()
                if line.startswith("BABEL_KEYWORDS"))
    return parse_keywords(re.findall(r"-k\s+(\S+)", line))


def fresh_extract() -> dict[MessageId, str]:
    """What `make translations-extract` would find now: each message and where it first is."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, **makefile_keywords()}
    found: dict[MessageId, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=keywords):
        key = message if isinstance(message, str) else tuple(message[:2])
        found.setdefault(key, f"{filename}:{lineno}")
    return found


def catalog(lang: str) -> Catalog:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


def messages(found: Catalog) -> Iterator[Message]:
    return (message for message in found if message.id)


def strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def as_key(value: str | list[str] | tuple[str, ...]) -> MessageId:
    return value if isinstance(value, str) else tuple(value)


def translated(found: Catalog) -> dict[MessageId, MessageId]:
    """Each message whose text differs from the English (a compiled catalog fills the rest)."""
    pairs = {as_key(m.id): as_key(m.string) for m in messages(found) if any(strings(m))}
    return {key: text for key, text in pairs.items() if key != text}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def extracted() -> dict[MessageId, str]:
    return fresh_extract()


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_catalog_has_every_message_and_no_stale_one(lang: str,
                                                        extracted: dict[MessageId, str]) -> None:
    found = catalog(lang)
    ids = {message.id for message in messages(found)}
    missing = [f"{where}: {key!r}" for key, where in extracted.items() if key not in ids]
    stale = [repr(key) for key in ids if key not in extracted]
    obsolete = [repr(key) for key in found.obsolete]
    assert not (missing or stale or obsolete), (
        f"translations/{lang}: run `make translations-update`, then translate what is new\n"
        f"missing: {missing}\nstale: {stale}\nobsolete: {obsolete}")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    found = catalog(lang)
    untranslated = [message.id for message in messages(found)
                    if not all(strings(message)) or message.fuzzy]
    assert untranslated == []
    assert not found.fuzzy, f"translations/{lang}: the header is marked fuzzy"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    """A missing or misspelt %(name)s would fail or lose a value when the page is shown; a
    counted message may leave the count out of a form for one number ("one screening")."""
    wrong = []
    for message in messages(catalog(lang)):
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set().union(*(placeholders(text) for text in source))
        counted = {"num", "count"} if message.pluralizable else set()
        for text in filter(None, strings(message)):
            if not expected - counted <= placeholders(text) <= expected:
                wrong.append((message.id, text))
            try:
                text % {name: 1 for name in expected}
            except (ValueError, TypeError, KeyError):
                wrong.append((message.id, text))
    assert wrong == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_plural_forms_are_the_languages_own(lang: str) -> None:
    """Welsh has six forms, Polish three, Arabic six; gettext's formula must group numbers as
    CLDR does, because the offline scripts choose a form with the browser's Intl.PluralRules."""
    found = catalog(lang)
    assert found.num_plurals == PLURAL_FORMS[lang]
    index = gettext.c2py(found.plural_expr)
    locale = Locale.parse(lang)
    first_of: dict[str, int] = {}
    for number in range(1000):
        category = locale.plural_form(number)
        first_of.setdefault(category, number)
        assert index(number) == index(first_of[category]), (lang, number, category)
    assert sorted({index(number) for number in range(1000)}) == list(range(found.num_plurals))
    for message in messages(found):
        if message.pluralizable:
            assert len(strings(message)) == found.num_plurals, message.id


@pytest.mark.parametrize("lang", TRANSLATED)
def test_an_unreviewed_catalog_says_so_and_the_interface_shows_it(lang: str) -> None:
    marked = UNREVIEWED_MARK in (catalog(lang).header_comment or "")
    assert marked == (lang in UNREVIEWED_INTERFACE)


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_compiled_catalog_is_current(lang: str) -> None:
    """The .mo files are built, not kept in git: `make translations-compile` (run by `make run`
    and `make test`) must have been run since the .po last changed."""
    mo_path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    assert mo_path.exists(), "run `make translations-compile`"
    with mo_path.open("rb") as mo:
        compiled = translated(read_mo(mo))
    assert compiled == translated(catalog(lang)), "run `make translations-compile`"


# The interface in each language, through the test client.

SIGN_IN = {"en": "Sign in", "cy": "Mewngofnodi", "pl": "Zaloguj się", "ar": "تسجيل الدخول"}


def choose_language(client: FlaskClient, lang: str) -> None:
    client.post("/language", data={"lang": lang, "next": "/sign-in"})


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_sign_in_page_is_in_the_chosen_language(client: FlaskClient, lang: str) -> None:
    choose_language(client, lang)
    html = client.get("/sign-in").get_data(as_text=True)
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f'<h1 class="heading-l">{SIGN_IN[lang]}</h1>' in html


def test_the_language_chosen_on_the_sign_in_page_stays_after_signing_in(
        client: FlaskClient) -> None:
    choose_language(client, "cy")
    sign_in(client)
    html = client.get("/screenings").get_data(as_text=True)
    assert '<html lang="cy"' in html and "Fy sgriniadau" in text_of(html)


def test_a_welsh_interface_says_its_translation_is_not_yet_reviewed(client: FlaskClient) -> None:
    choose_language(client, "cy")
    assert "Cyfieithiad y rhyngwyneb heb ei adolygu eto" in text_of(
        client.get("/sign-in").get_data(as_text=True))
    choose_language(client, "en")
    assert "not yet reviewed" not in client.get("/sign-in").get_data(as_text=True)


def test_an_error_in_arabic_is_worded_in_arabic(client: FlaskClient) -> None:
    choose_language(client, "ar")
    html = client.post("/sign-in", data={"name": "", "password": ""}).get_data(as_text=True)
    assert "<title>خطأ: تسجيل الدخول" in html
    assert "توجد مشكلة" in text_of(html) and "يُرجى إدخال اسم المستخدم" in text_of(html)


def test_a_polish_practitioner_sees_dates_written_the_polish_way(client: FlaskClient) -> None:
    sign_in(client)
    routine(client)
    choose_language(client, "pl")
    page = text_of(client.get("/screenings").get_data(as_text=True))
    today = dt.datetime.now(LONDON).date()
    assert format_date(today, "long", locale="pl") in page
    assert today.isoformat() not in page


def test_an_english_practitioner_sees_dates_written_the_british_way(client: FlaskClient) -> None:
    sign_in(client)
    routine(client)
    today = dt.datetime.now(LONDON).date()
    assert f"{today.day} {today:%B} {today.year}" in text_of(
        client.get("/screenings").get_data(as_text=True))


def device_words(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="device-words">(.*?)</script>', html,
                      re.S)
    assert found
    words: dict[str, Any] = json.loads(found.group(1))
    return words


def test_the_offline_badge_has_every_polish_plural_form(client: FlaskClient) -> None:
    choose_language(client, "pl")
    waiting = device_words(client.get("/sign-in").get_data(as_text=True))["waiting"]
    assert waiting == {"one": "%(count)s badanie czeka na wysłanie",
                       "few": "%(count)s badania czekają na wysłanie",
                       "many": "%(count)s badań czeka na wysłanie",
                       "other": "%(count)s badań czeka na wysłanie"}


def test_the_offline_badge_has_the_six_welsh_plural_forms(client: FlaskClient) -> None:
    choose_language(client, "cy")
    waiting = device_words(client.get("/sign-in").get_data(as_text=True))["waiting"]
    assert sorted(waiting) == ["few", "many", "one", "other", "two", "zero"]
    assert waiting["zero"] == "Dim sgriniadau'n aros i gael eu hanfon"
