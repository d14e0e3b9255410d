"""Question pages: sections grouped into pages, saved as they go, errors beside the field,
show-if on the same page; sending the last page scores the screening."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.page_checks import words
from tests.web.helpers import (
    CORE_NO,
    CORE_POSITIVE,
    FOLLOW_UP_WANTS_HELP,
    answer,
    check_page,
    chosen,
    complete,
    every_question,
    give_consent,
    primary_referral,
    referrals,
    row,
    start,
    text_of,
    typed,
)


def test_a_question_page_shows_the_questions_and_how_to_ask_them(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/questions/0")))
    assert "has a partner, ex-partner or family member been afraid of you?" in page
    assert "How to ask" in page and "Why we ask" in page
    assert "Don't know" in page and "Not asked" in page


def test_an_unanswered_question_is_an_error_and_the_other_answers_stay(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    partial = {k: v for k, v in CORE_POSITIVE.items() if k != "threats"}
    response = answer(client, screening_id, 0, partial)
    html = check_page(response)
    assert "There is a problem" in text_of(html)
    assert "Select yes, no or don't know for question 3" in text_of(html)
    summary = response.page.find(class_="error-summary")
    assert [a["href"] for a in summary.find_all("a")] == ["#threats-0"]
    assert "for question 3" in words(response.page.find(id="threats-error"))
    assert chosen(response, "afraid_of_you") == ["yes"]
    assert row(app, screening_id)["answers"].count('"yes"') == 2


def test_not_asked_is_no_answer_to_a_required_question(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    html = check_page(answer(client, screening_id, 0, {**CORE_NO, "threats": "not_asked"}))
    assert "Question 3 must be asked" in text_of(html)


def test_a_number_out_of_range_keeps_what_was_typed(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    answers = {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP, "age": "7"}
    shown = every_question(client)
    response = answer(client, screening_id, 0, {**answers, "shown": shown})
    # Six core questions, then "in danger now?", then the age.
    assert "Enter a whole number from 10 to 120 for question 8" in text_of(check_page(response))
    assert typed(response, "age") == "7"
    response = answer(client, screening_id, 0, {**answers, "age": "4x", "shown": shown})
    assert typed(response, "age") == "4x"


def test_a_value_that_was_never_offered_is_refused(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    html = check_page(answer(client, screening_id, 0, {**CORE_NO, "threats": "maybe"}))
    assert "for question 3" in text_of(html)


def test_all_no_goes_straight_to_the_result(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    assert answer(client, screening_id, 0, CORE_NO).location == \
        f"/screenings/{screening_id}/result"
    assert client.get(f"/screenings/{screening_id}/questions/1").location == \
        f"/screenings/{screening_id}"


def test_a_yes_shows_the_follow_up_questions_and_the_threat_to_kill_only_after_threats(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    html = check_page(answer(client, screening_id, 0, CORE_POSITIVE))
    page = text_of(html)
    assert "more questions on this page" in page and "Question 6 of 23" in page
    assert '<div class="form-group question" id="threats_to_kill-group" ' \
        'data-question="threats_to_kill" hidden>' in html
    html = check_page(answer(client, screening_id, 0, {**CORE_POSITIVE, "threats": "yes"}))
    assert "Question 24 of 24" in text_of(html)
    assert 'id="threats_to_kill-group" data-question="threats_to_kill">' in html


def test_a_question_shown_by_an_answer_on_the_same_page_is_added_to_it(
        client: FlaskClient, app: Flask) -> None:
    from screening.web import library
    from screening.web.practitioner.flow import page_of

    sign_in(client)
    screening_id = start(client, "victim_safety", "dash-risk")
    question_set = library(app).get("dash-risk")
    judgement_page = page_of(question_set, next(
        number for number, section in enumerate(question_set.sections)
        if any(q.id == "judgement_level" for q in section.questions)))
    response = answer(client, screening_id, judgement_page, {"judgement_level": "high"})
    html = check_page(response)
    assert "more questions on this page" in text_of(html)
    assert typed(response, "judgement_reason") == ""
    assert chosen(response, "judgement_level") == ["high"]


def test_save_and_come_back_later_saves_and_resumes_on_the_same_page(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    first = f"/screenings/{screening_id}/questions/0"
    response = answer(client, screening_id, 0, {**CORE_POSITIVE, "save_and_exit": "1",
                                                "age": "35"})
    assert response.location == "/screenings"
    assert client.get(f"/screenings/{screening_id}").location == first
    assert typed(client.get(first), "age") == "35"
    assert row(app, screening_id)["current_page"] == 0


def send_all(client: FlaskClient, screening_id: str, answers: dict[str, object],
             **query: str) -> object:
    """The page sent as the script leaves it: every question that showed, answered."""
    return answer(client, screening_id, 0, {**answers, "shown": every_question(client)},
                  **query)


def test_the_result_lists_the_answers_with_change_links_until_consent(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    send_all(client, screening_id, {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP})
    html = check_page(client.get(f"/screenings/{screening_id}/result"))
    assert "I want help to change" in text_of(html)
    link = f"/screenings/{screening_id}/questions/0?change=1#afraid_of_you-group"
    assert link in html
    changed = send_all(client, screening_id, {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP,
                                              "readiness": "unsure"}, change="1")
    assert changed.location == f"/screenings/{screening_id}/result"
    assert row(app, screening_id)["pathway_primary"] == "engagement_worker"
    # The referrals are made again from the new result: the engagement worker, not the DAPP.
    services = [r["service"] for r in referrals(client, screening_id)]
    assert "engagement_worker" in services and "dapp" not in services
    give_consent(client, screening_id, primary_referral(client, screening_id)["id"], "yes")
    assert link not in client.get(f"/screenings/{screening_id}/result").get_data(as_text=True)
    refused = send_all(client, screening_id, CORE_NO, change="1")
    assert refused.location == f"/screenings/{screening_id}"
    assert row(app, screening_id)["pathway_primary"] == "engagement_worker"


def test_a_required_answer_missing_at_the_check_is_listed_and_blocks_completion(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    answer(client, screening_id, 0, CORE_POSITIVE)
    answer(client, screening_id, 1, {"save_and_exit": "1"})
    html = check_page(client.post(f"/screenings/{screening_id}/check"))
    assert "Answer question:" in text_of(html) and "How old are you?" in text_of(html)
    assert row(app, screening_id)["status"] == "draft"


def test_completing_fills_the_counted_columns_and_flags(client: FlaskClient,
                                                       app: Flask) -> None:
    sign_in(client)
    screening_id = start(client, "substance_misuse")
    assert send_all(client, screening_id, {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP}
                    ).location == f"/screenings/{screening_id}/result"
    stored = row(app, screening_id)
    assert (stored["status"], stored["outcome"], stored["risk_level"],
            stored["pathway_primary"], stored["score"]) == (
        "complete", "positive", "standard", "dapp", 2)
    assert stored["completed_at"] and stored["result"]
    from screening.store.db import connect

    flags = {r["flag_id"] for r in connect(app.config["DATABASE"])["screening_flags"].rows_where(
        "screening_id = ?", [screening_id])}
    assert flags == {"children_in_household", "partner_safety"}


def test_a_completed_screening_cannot_be_answered_again(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    answer(client, screening_id, 0, CORE_NO)
    complete(client, screening_id)
    assert answer(client, screening_id, 0, CORE_POSITIVE).location == \
        f"/screenings/{screening_id}"
    assert client.get(f"/screenings/{screening_id}").location == \
        f"/screenings/{screening_id}/result"


def test_a_page_that_does_not_exist_is_404(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    assert client.get(f"/screenings/{screening_id}/questions/9").status_code == 404


def test_a_change_from_the_result_that_opens_new_questions_shows_them_first(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = start(client)
    answer(client, screening_id, 0, CORE_NO)
    changed = check_page(answer(client, screening_id, 0, CORE_POSITIVE, change="1"))
    assert "more questions on this page" in text_of(changed)
    done = send_all(client, screening_id, {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP},
                    change="1")
    assert done.location == f"/screenings/{screening_id}/result"


def test_the_database_file_on_its_own_reveals_no_answer(app, client) -> None:
    """Searching the file for a known answer or free text finds nothing (encryption at rest)."""
    from pathlib import Path

    from tests.web.helpers import dash

    sign_in(client)
    screening_id = dash(client, yes=2, reasons=False)
    client.post(f"/screenings/{screening_id}/judgement", data={
        "judgement_level": "high", "judgement_reason": "Zebra-crossing-unique-phrase"})
    assert row(app, screening_id)["judgement_reason"] == "Zebra-crossing-unique-phrase"
    raw = b"".join(p.read_bytes() for p in Path(app.config["DATABASE"]).parent.glob("*.db*"))
    assert b"Zebra-crossing-unique-phrase" not in raw
    assert b'"yes"' not in raw and b"threats_to_kill" not in raw


def test_yes_to_immediate_danger_puts_call_999_on_the_page_and_first_on_the_next(
        client: FlaskClient) -> None:
    """The page carries the 999 action under the question, for its script to show the moment
    yes is chosen; without script, the very next page says it before anything else."""
    sign_in(client)
    screening_id = start(client)
    page = client.get(f"/screenings/{screening_id}/questions/0").get_data(as_text=True)
    group = page[page.index('id="immediate_danger-group"'):]
    assert "data-immediate='[\"yes\"]' hidden" in group[:group.index("How to ask")]
    answers = {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP, "immediate_danger": "yes", "age": ""}
    html = check_page(answer(client, screening_id, 0, {**answers, "shown": " ".join(answers)}))
    text = text_of(html)
    assert text.index("Call 999 now") < text.index("There is a problem")
    assert text.index("Call 999 now") < text.index("has a partner, ex-partner or family member")


def test_every_answer_type_of_the_format_has_a_field_on_the_question_pages() -> None:
    from screening.questionnaire.model import ANSWER_TYPES
    from screening.web.practitioner.forms import FIELD_BUILDERS

    assert list(FIELD_BUILDERS) == list(ANSWER_TYPES)


def test_a_page_shows_only_its_own_screenings_answers_in_its_reader_s_language(
        app: Flask) -> None:
    """Question blocks are rendered once and reused (screening/web/blocks.py): one GP's ticks
    must never reach another's page, a tick must follow the answer when it changes, and a page
    in Welsh must not be an English page kept from before."""
    first, second = app.test_client(), app.test_client()
    sign_in(first)
    sign_in(second)
    mine = start(first)
    answers = {**CORE_POSITIVE, **FOLLOW_UP_WANTS_HELP,
               "who_affected": ["current_partner", "family_member"]}
    send_all(first, mine, answers)
    again = first.get(f"/screenings/{mine}/questions/0?change=1")
    check_page(again)
    assert chosen(again, "afraid_of_you") == ["yes"] and chosen(again, "threats") == ["no"]
    assert chosen(again, "who_affected") == ["current_partner", "family_member"]

    theirs = start(second)
    fresh = second.get(f"/screenings/{theirs}/questions/0")
    check_page(fresh)
    assert fresh.page.find_all("input", attrs={"checked": True}) == []

    send_all(first, mine, {**answers, "threats": "yes", "who_affected": ["family_member"]},
             change="1")
    changed = first.get(f"/screenings/{mine}/questions/0?change=1")
    assert chosen(changed, "threats") == ["yes"]
    assert chosen(changed, "who_affected") == ["family_member"]

    second.post("/language", data={"lang": "cy", "next": "/screenings"})
    welsh = second.get(f"/screenings/{theirs}/questions/0")
    check_page(welsh)
    assert "Sut i ofyn" in text_of(welsh.get_data(as_text=True))
    assert "How to ask" not in text_of(welsh.get_data(as_text=True))
    assert welsh.page.find_all("input", attrs={"checked": True}) == []
