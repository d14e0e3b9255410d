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


def test_pages_and_question_sets_are_sent_compressed_to_a_browser_that_accepts_it(
        client: FlaskClient) -> None:
    sign_in(client)
    for url in ("/screenings", "/api/v1/question-sets"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip", url
        assert response.headers["Cache-Control"] == "no-store"
        body = gzip.decompress(response.get_data())
        assert len(response.get_data()) < len(body) / 2, url
