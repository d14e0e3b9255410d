"""How much may be typed is said once (screening/limits.py): the pages, the API and the offline
app all get it from there."""

from __future__ import annotations

from flask.testing import FlaskClient

from screening.limits import REASON_LIMIT, RECORD_NUMBER_LIMIT, TEXT_LIMIT
from screening.web import messages as m
from tests.conftest import sign_in


def test_the_offline_app_is_handed_the_limits_in_every_definition(client: FlaskClient) -> None:
    sign_in(client)
    sets = client.get("/api/v1/question-sets").get_json()["question_sets"]
    assert {set_["id"] for set_ in sets} and all(set_["limits"] == {
        "text": TEXT_LIMIT, "reason": REASON_LIMIT, "record_number": RECORD_NUMBER_LIMIT}
        for set_ in sets)
    text_questions = [q for set_ in sets for q in set_["questions"] if q["type"] == "text"]
    assert text_questions and all(0 < q["max_length"] <= TEXT_LIMIT for q in text_questions)


def test_a_record_number_one_over_the_limit_is_refused_with_the_limit_named(
        client: FlaskClient) -> None:
    sign_in(client)
    response = client.post("/screenings/new", data={
        "setting": "gp", "question_set": "routine-enquiry", "client_language": "en",
        "local_record_number": "x" * (RECORD_NUMBER_LIMIT + 1)})
    assert response.status_code == 200
    assert str(m.RECORD_NUMBER_TOO_LONG) in response.page.get_text()
    assert f"{RECORD_NUMBER_LIMIT} characters" in str(m.RECORD_NUMBER_TOO_LONG)
    assert f"{REASON_LIMIT} characters" in str(m.JUDGEMENT_REASON_TOO_LONG)
    assert f"{REASON_LIMIT} characters" in str(m.OVERRIDE_REASON_TOO_LONG)
