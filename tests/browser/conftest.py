"""A real server in a background thread and one headless Chromium for the whole session."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser.pages import Practitioner
from tests.chromium import ChromiumMissing, find_chromium
from tests.conftest import PASSWORD, app_config, make_user

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        """Keep the test output to the tests."""


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from screening.web import create_app

    return create_app(app_config(tmp_path_factory.mktemp("browser")))


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app served on a free loopback port in a background thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def base_url(live_app: Flask) -> Iterator[str]:
    with serving(live_app) as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for all browser tests; closed when they end, because a second Playwright
    (tests/test_browser_engine.py starts its own) cannot run while this one is open."""
    try:
        executable = find_chromium()
    except ChromiumMissing as error:
        pytest.fail(str(error))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def practitioner(browser: Any, base_url: str, live_app: Flask,
                 request: pytest.FixtureRequest) -> Iterator[Practitioner]:
    """A practitioner with their own account, signed out, in a fresh browser profile."""
    team = "Shirley Health Centre"
    user = make_user(live_app, "practitioner", team, name=f"p-{request.node.name}"[:60])
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    person = Practitioner(context.new_page(), base_url, user.name, PASSWORD)
    yield person
    context.close()
