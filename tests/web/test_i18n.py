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
