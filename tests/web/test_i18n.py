"""Interface language from the session; questions in the client's language, right to left."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import check_page, start, text_of


def test_choosing_arabic_makes_the_page_right_to_left(client: FlaskClient) -> None:
    sign_in(client)
    response = client.post("/language", data={"lang": "ar", "next": "/screenings"})
    assert response.location == "/screenings"
    html = client.get("/screenings").page.html
    assert (html["lang"], html["dir"]) == ("ar", "rtl")


def test_an_unsupported_language_or_outside_address_is_ignored(client: FlaskClient) -> None:
    response = client.post("/language", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.location == "/"
    html = client.get("/sign-in").page.html
    assert (html["lang"], html["dir"]) == ("en", "ltr")


def test_questions_show_in_the_clients_language_beside_the_practitioners(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client, language="ar")
    html = check_page(client.get(f"/screenings/{screening_id}/questions/0"))
    assert 'class="client-text" lang="ar" dir="rtl"' in html
    assert 'class="practitioner-text" lang="en" dir="ltr"' in html
    assert "Translation not yet reviewed" in text_of(html)


def test_the_same_language_shows_the_question_once(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    html = client.get(f"/screenings/{screening_id}/questions/0").get_data(as_text=True)
    assert 'class="practitioner-text"' not in html
    assert "Translation not yet reviewed" not in html


def test_the_handover_stays_in_english_with_an_arabic_interface(client: FlaskClient) -> None:
    from tests.web.helpers import routine

    sign_in(client)
    screening_id = routine(client)
    client.post("/language", data={"lang": "ar"})
    handover = client.get(f"/screenings/{screening_id}/handover?service=dapp",
                          follow_redirects=True).page.find("article", class_="handover")
    assert (handover["lang"], handover["dir"]) == ("en", "ltr")


def test_a_first_visit_from_a_welsh_browser_opens_in_welsh(client: FlaskClient) -> None:
    response = client.get("/sign-in", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    html = response.page.html
    assert (html["lang"], html["dir"]) == ("cy", "ltr")
    assert "Accept-Language" in response.headers["Vary"]


def test_a_first_visit_follows_the_browsers_first_language_we_speak(
        client: FlaskClient) -> None:
    arabic_first = client.get("/sign-in", headers={"Accept-Language": "fr,ar-EG;q=0.8,en;q=0.5"})
    english_first = client.get("/sign-in", headers={"Accept-Language": "en-US,cy;q=0.9"})
    assert (arabic_first.page.html["lang"], arabic_first.page.html["dir"]) == ("ar", "rtl")
    assert english_first.page.html["lang"] == "en"


def test_a_browser_in_no_language_we_speak_gets_english(client: FlaskClient) -> None:
    html = client.get("/sign-in", headers={"Accept-Language": "fr-FR,de;q=0.5"}).page.html
    assert html["lang"] == "en"


def test_a_language_chosen_on_the_page_wins_over_the_browsers_and_is_kept(
        client: FlaskClient) -> None:
    welsh_browser = {"Accept-Language": "cy"}
    client.post("/language", data={"lang": "pl", "next": "/sign-in"}, headers=welsh_browser)
    assert client.get("/sign-in", headers=welsh_browser).page.html["lang"] == "pl"
    sign_in(client)
    response = client.get("/screenings", headers=welsh_browser)
    assert response.page.html["lang"] == "pl"
    assert "Accept-Language" not in response.headers.get("Vary", "")


def test_the_service_in_an_arabic_heading_is_named_in_arabic(client: FlaskClient) -> None:
    """services.json speaks the practitioner's language too; the handover itself stays English."""
    from tests.web.helpers import routine

    sign_in(client)
    screening_id = routine(client)
    client.post("/language", data={"lang": "ar"})
    page = client.get(f"/screenings/{screening_id}/handover?service=dapp",
                      follow_redirects=True).page
    heading = page.find("h1")
    assert "شراكة مرتكبي الإساءة المنزلية (DAPP)" in heading.get_text()
    assert all(tag["lang"] == "ar" for tag in heading.find_all(attrs={"lang": True}))
    assert page.find("article", class_="handover")["lang"] == "en"


def test_the_language_switcher_gives_each_language_its_direction(client: FlaskClient) -> None:
    page = client.get("/sign-in", headers={"Accept-Language": "ar"}).page
    switcher = {tag["lang"]: tag["dir"] for tag in page.select(".language-switcher [lang]")}
    assert switcher == {"en": "ltr", "cy": "ltr", "pl": "ltr", "ar": "rtl"}


def test_interface_words_in_templates_are_translated_escaped_and_counted(app) -> None:
    """Templates say their words through i18n.template_gettext (faster than Jinja's own): a
    value set into a message is escaped, a message without values comes out as written, and
    a count picks the language's own plural form (Polish has three)."""
    from flask import render_template_string, session
    from flask_babel import refresh

    with app.test_request_context("/"):
        session["lang"] = "cy"
        refresh()  # as choosing a language does (pytest-flask keeps one app context)
        said = render_template_string(
            "{{ _('Question %(number)s of %(total)s', number='<b>', total=3) }}|"
            "{{ _('Sign out') }}")
        assert said == "Cwestiwn &lt;b&gt; o 3|Allgofnodi"
    for count, words in ((1, "1 skierowanie"), (3, "3 skierowania"), (5, "5 skierowań")):
        with app.test_request_context("/"):
            session["lang"] = "pl"
            refresh()
            assert render_template_string(
                "{{ ngettext('%(num)d referral', '%(num)d referrals', n) }}", n=count) == words


def test_labels_and_messages_from_python_follow_the_reader_s_language(app) -> None:
    """The web layer's own gettext (screening/web/catalog.py): a label defined at import is put
    into the language of the request that shows it, each time it is shown."""
    from flask import session
    from flask_babel import refresh

    from screening.web import labels
    from screening.web.catalog import ngettext

    recommended = labels.ROLES_ON_PATHWAY["primary"]
    with app.test_request_context("/"):
        session["lang"] = "cy"
        refresh()
        assert str(recommended) == "Argymhellir"
        session["lang"] = "pl"
        refresh()
        assert ngettext("%(num)d referral", "%(num)d referrals", 5) == "5 skierowań"
        session["lang"] = "en"
        refresh()
        assert str(recommended) == "Recommended"
