"""Styles and scripts are fetched once and kept; pages and data cross the network compressed."""

from __future__ import annotations

import gzip
import re

from flask.testing import FlaskClient

from tests.conftest import sign_in


def test_a_page_links_its_styles_by_content_and_the_browser_keeps_them_a_year(
        client: FlaskClient) -> None:
    sign_in(client)
    page = client.get("/screenings").get_data(as_text=True)
    link = re.search(r'href="(/static/css/screening\.css\?v=[0-9a-f]{12})"', page)
    assert link, "the stylesheet's address carries a hash of its content"
    with client.get(link.group(1)) as kept:
        assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/css/screening.css?v=000000000000") as stale:
        assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_a_tool_served_under_a_path_links_its_styles_and_menu_under_that_path(
        client: FlaskClient) -> None:
    """Addresses the same on every page are built once (assets.page_url_for), and kept apart
    by the path the tool is served under: a server that also serves it under /screening
    (SCRIPT_NAME) must get working styles and menu links on both."""
    sign_in(client)
    plain = client.get("/screenings").get_data(as_text=True)
    under = client.get("/screenings", base_url="http://localhost/screening/"
                       ).get_data(as_text=True)
    again = client.get("/screenings").get_data(as_text=True)
    style = r'href="(/screening)?/static/css/screening\.css\?v=[0-9a-f]{12}"'
    assert re.search(style, plain).group(1) is None
    assert re.search(style, under).group(1) == "/screening"
    assert re.search(style, again).group(1) is None
    assert 'href="/screening/offline/"' in under and 'href="/offline/"' in again
    assert 'action="/screening/sign-out"' in under and 'action="/sign-out"' in again


def test_pages_and_question_sets_are_sent_compressed_to_a_browser_that_accepts_it(
        client: FlaskClient) -> None:
    sign_in(client)
    for url in ("/screenings", "/api/v1/question-sets"):
        # As a browser asks for a page of the tool's own, or for an address typed in.
        for came_from in ("same-origin", "none"):
            response = client.get(url, headers={"Accept-Encoding": "gzip",
                                                "Sec-Fetch-Site": came_from})
            assert response.headers["Content-Encoding"] == "gzip", url
            assert response.headers["Cache-Control"] == "no-store"
            body = gzip.decompress(response.get_data())
            assert len(response.get_data()) < len(body) / 2, url


def test_a_browser_that_takes_brotli_gets_it_rather_than_zstd(client: FlaskClient) -> None:
    """What Chromium and Firefox accept: brotli (quality 5) sends the pages smallest."""
    sign_in(client)
    for url in ("/screenings", "/static/css/screening.css"):
        response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd",
                                            "Sec-Fetch-Site": "same-origin"})
        assert response.headers["Content-Encoding"] == "br", url
        response.close()


def test_a_page_asked_for_from_another_site_is_never_compressed_so_its_length_tells_nothing(
        client: FlaskClient) -> None:
    """BREACH: the counts page reflects the dates in its address beside the form's security
    token; compressed, an attacker on the network who makes the browser ask again and again
    from another site could read the token from the lengths."""
    sign_in(client, "service_lead")
    for came_from in ("cross-site", "same-site", None):
        headers = {"Accept-Encoding": "gzip, br"}
        if came_from:
            headers["Sec-Fetch-Site"] = came_from
        response = client.get("/counts", query_string={"date_from": "csrf_token"},
                              headers=headers)
        assert response.status_code == 200 and "Content-Encoding" not in response.headers
        assert "Sec-Fetch-Site" in response.headers["Vary"]
        assert "csrf_token" in response.get_data(as_text=True)
    # Static files hold no secret: compressed whoever asks.
    with client.get("/static/css/screening.css", headers={
            "Accept-Encoding": "gzip", "Sec-Fetch-Site": "cross-site"}) as css:
        assert css.headers["Content-Encoding"] == "gzip"
