"""Hostile input to /api/v1: plain 4xx answers, never a server error, nothing half stored."""

from __future__ import annotations

import io
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from screening.store.db import connect
from screening.web import create_app, library
from screening.web.api.openapi import description
from tests.conftest import PASSWORD, app_config, make_user, sign_in
from tests.web.helpers import row
from tests.web.test_api_sync import moment, offline_screening, send

URL = "/api/v1/screenings"


def test_the_openapi_description_is_served_and_names_every_api_address(
        client: FlaskClient, app: Flask) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == description()
    documented = set(description()["paths"])
    served = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")}
    assert documented == served


def test_broken_utf8_is_refused_as_unreadable(client: FlaskClient) -> None:
    sign_in(client)
    response = client.post(URL, data=b'{"idempotency_key": "\xff\xfe broken"}',
                           content_type="application/json",
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("The screening could not be read")


def test_a_body_too_large_is_refused_even_without_a_length(client: FlaskClient,
                                                          app: Flask) -> None:
    sign_in(client)
    body = b'{"answers": "' + b"x" * 70_000 + b'"}'
    # Chunked, as a device might send it: no Content-Length for the tool to check first.
    response = client.post(URL, input_stream=io.BytesIO(body), content_type="application/json",
                           headers={"Idempotency-Key": str(uuid.uuid4())},
                           environ_base={"wsgi.input_terminated": True})
    assert response.status_code == 413
    assert "larger than 64 KB" in response.get_json()["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml"])
def test_anything_but_json_is_refused_with_what_to_send(client: FlaskClient,
                                                       content_type: str) -> None:
    sign_in(client)
    response = client.post(URL, data="{}", content_type=content_type,
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 415
    assert "Content-Type application/json" in response.get_json()["error"]


def test_an_unknown_question_is_named_and_nothing_is_stored(client: FlaskClient,
                                                           app: Flask) -> None:
    sign_in(client)
    body = offline_screening(app)
    body["answers"] = {**body["answers"], "favourite_colour": "blue", "<script>": "yes"}
    response = send(client, body)
    assert response.status_code == 422
    questions = {p.get("question") for p in response.get_json()["problems"]}
    assert {"favourite_colour", "<script>"} <= questions
    assert send(client, {**body, "answers": offline_screening(app)["answers"]}
                ).status_code == 201


@pytest.mark.parametrize("key", ["short", "x" * 65, "../../etc/passwd-xxxxxxx",
                                 "'; DROP TABLE screenings; --", "k\u00e9y-with-accents-0000",
                                 ""])
def test_a_forged_idempotency_key_is_refused_plainly(client: FlaskClient, app: Flask,
                                                    key: str) -> None:
    sign_in(client)
    response = send(client, offline_screening(app, idempotency_key=key))
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["field"] == "idempotency_key"


def test_a_key_in_the_header_that_differs_from_the_body_is_refused(client: FlaskClient,
                                                                   app: Flask) -> None:
    sign_in(client)
    body = offline_screening(app)
    response = send(client, body, **{"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "must be the same" in response.get_json()["error"]


def test_reusing_another_practitioners_key_cannot_read_or_replace_their_screening(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    body = offline_screening(app)
    first = send(client, body).get_json()
    with app.test_client() as other:
        sign_in(other)
        stolen = send(other, body)
    assert stolen.status_code == 409
    assert "id" not in stolen.get_json() and first["id"] not in stolen.get_data(as_text=True)
    assert row(app, first["id"])["client_reference"] == body["client_reference"]


def stored_screenings(app: Flask) -> int:
    return int(connect(app.config["DATABASE"], key=app.extensions["screening.db_key"]).execute(
        "SELECT count(*) FROM screenings").fetchone()[0])


def post_json_text(client: FlaskClient, text: str) -> Any:
    return client.post(URL, data=text, content_type="application/json",
                       headers={"Idempotency-Key": str(uuid.uuid4())})


@pytest.mark.parametrize("where", ["consent_reason", "local_record_number", "client_reference"])
def test_a_lone_surrogate_in_a_text_is_refused_as_not_unicode(client: FlaskClient, app: Flask,
                                                             where: str) -> None:
    sign_in(client)
    body = offline_screening(app, consent_referral="override", consent_duty="child",
                             consent_reason="Children at home")
    body[where] = "before \ud800 after"
    # The JSON text spells the surrogate as \ud800, which json.loads accepts.
    response = post_json_text(client, json.dumps(body))
    assert response.status_code == 400
    found = response.get_json()
    assert found["code"] == "not_text" and "not valid Unicode" in found["error"]
    assert stored_screenings(app) == 0


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000,
                                  '{"answers": ' + "[" * 900 + "]" * 900 + "}",
                                  '{"a": ' * 3000 + "1" + "}" * 3000])
def test_json_nested_thousands_deep_is_refused(client: FlaskClient, app: Flask,
                                               text: str) -> None:
    sign_in(client)
    response = post_json_text(client, text)
    assert response.status_code == 400
    assert response.get_json()["code"] == "too_deep"
    assert "nested more than 16 levels deep" in response.get_json()["error"]


@pytest.mark.parametrize(("field", "value", "code"), [
    ("started_at", "0001-01-01T00:00:00+14:00", "give_time"),
    ("completed_at", "9999-12-31T23:59:59-14:00", "give_time"),
    ("completed_at", "2041-05-01T10:00:00+00:00", "time_ahead"),
    ("completed_at", "2019-05-01T10:00:00+00:00", "time_too_old"),
    ("opening_accepted_at", "1970-01-01T00:00:00Z", "time_too_old"),
])
def test_a_time_no_device_could_mean_is_refused_naming_the_field(
        client: FlaskClient, app: Flask, field: str, value: str, code: str) -> None:
    sign_in(client)
    response = send(client, offline_screening(app, **{field: value}))
    assert response.status_code == 422
    [problem] = response.get_json()["problems"]
    assert (problem["field"], problem["code"]) == (field, code)
    assert "device's date and time" in problem["message"] or code == "give_time"
    assert stored_screenings(app) == 0


def test_a_clock_a_few_days_out_is_still_accepted(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    assert send(client, offline_screening(app, started_at=moment(60 * 24 * 300),
                                          completed_at=moment(-60 * 24 * 5))).status_code == 201


def test_a_body_too_large_for_the_whole_app_is_refused_in_json(tmp_path: Path) -> None:
    # CSRF checks on: the check reads the body first, and the app's limit refuses it there,
    # before the API's own view; the device still gets JSON, not an HTML page.
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/sign-in", data={"name": user.name, "password": PASSWORD, "csrf_token": token})
    response = client.post(URL, data=b"{" + b" " * 300_000 + b"}",
                           content_type="application/json",
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 413
    assert response.mimetype == "application/json"
    assert response.get_json()["code"] == "too_large"


@pytest.mark.parametrize("next_page", ["/screenings\r\nSet-Cookie: stolen=1", "/screenings\n",
                                       "/\x00admin"])
def test_a_line_break_in_where_to_return_after_sign_in_is_refused(
        client: FlaskClient, app: Flask, next_page: str) -> None:
    user = make_user(app)
    for response in (client.get("/sign-in", query_string={"next": next_page}),
                     client.post("/sign-in", query_string={"next": next_page},
                                 data={"name": user.name, "password": PASSWORD})):
        assert response.status_code == 400
        assert "This sign-in link is not valid" in response.get_data(as_text=True)
        assert "stolen" not in response.headers.get("Set-Cookie", "")
    assert client.get("/api/v1/session").status_code == 401  # nobody was signed in


def _real_question_set(app: Flask) -> st.SearchStrategy[dict[str, Any]]:
    """Identity of a published set, so some fuzzed bodies reach the answer checks and scoring."""
    sets = library(app).published()
    return st.sampled_from([{"questionnaire": s.id, "version": s.version,
                             "content_hash": s.content_hash} for s in sets])


def test_schemathesis_finds_no_server_error_in_the_api(client: FlaskClient, app: Flask) -> None:
    """Positive and negative cases from the OpenAPI description, through the app in-process."""
    sign_in(client)
    cookie = client.get_cookie("session")
    assert cookie is not None
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    seen: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            examples = 150 if operation.method.upper() == "POST" else 20

            @given(case=operation.as_strategy(generation_mode=mode),
                   real=_real_question_set(app), aligned=st.booleans())
            @settings(max_examples=examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def call(case: Any, real: dict[str, Any], aligned: bool) -> None:
                if aligned and isinstance(case.body, dict):
                    # Half the bodies name a real question set and agree on the key.
                    case.body.update(real)
                    key = case.body.get("idempotency_key")
                    if isinstance(key, str) and isinstance(case.headers, dict):
                        case.headers["Idempotency-Key"] = key
                response = case.call(cookies={"session": cookie.value})
                seen[response.status_code] += 1
                case.validate_response(response, checks=checks)

            call()
    assert all(status < 500 for status in seen)
    assert {200, 400, 409} <= set(seen)  # it reached the storing code, not only the guards
