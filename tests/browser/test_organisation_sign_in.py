"""A practitioner signs in through their organisation's provider, in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.browser.conftest import serving
from tests.browser.pages import Practitioner
from tests.browser.test_practitioner_flows import CORE
from tests.conftest import app_config, make_user
from tests.oidc_provider import Provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory: pytest.TempPathFactory, oidc_provider: Provider) -> Flask:
    from screening.web import create_app

    return create_app(app_config(
        tmp_path_factory.mktemp("browser-oidc"), OIDC_ISSUER=oidc_provider.issuer,
        OIDC_CLIENT_ID="screening-browser", OIDC_CLIENT_SECRET="test client secret",
        OIDC_ALLOWED_DOMAINS="nhs.example"))


@pytest.fixture(scope="module")
def sso_url(sso_app: Flask) -> Iterator[str]:
    with serving(sso_app) as url:
        yield url


def test_a_gp_signs_in_with_their_organisation_account_and_completes_a_routine_enquiry(
        browser: Any, sso_app: Flask, sso_url: str, oidc_provider: Provider) -> None:
    user = make_user(sso_app, "practitioner", "Shirley Health Centre", name="dr.okafor",
                     email="dr.okafor@nhs.example")
    oidc_provider.person("entra-object-id-okafor", "Dr.Okafor@nhs.example")
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    gp = Practitioner(context.new_page(), sso_url, user.name, password="")
    try:
        gp.sign_in_with_organisation("entra-object-id-okafor")
        assert "Start a new screening" in gp.text()
        gp.start("GP practice", "Routine questions about relationships and behaviour")
        gp.answer({question: "No" for question in CORE})
        gp.press("Save and continue")  # sending the page shows the result
        page = gp.text()
        assert "Nothing disclosed" in page and "No referral is needed" in page
        with gp.page.expect_navigation(url=sso_url + "/sign-in"):
            gp.page.get_by_role("button", name="Sign out", exact=True).click()
        gp.accessible()
        offer = gp.page.get_by_role("link", name="Sign out of your organisation account too")
        assert offer.get_attribute("href").startswith(oidc_provider.issuer)
    finally:
        context.close()
