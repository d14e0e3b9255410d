"""Password rules as the NCSC advises: long enough, not a common one, no composition rules."""

from __future__ import annotations

import pytest

from screening.store.users import (
    MAX_PASSWORD_LENGTH,
    UserError,
    check_password,
    deny_list,
    generate_password,
)


@pytest.mark.parametrize("password", [
    "password1234", "Password1234!", "iloveyou2024!!", "1234567890123", "qwertyuiopasdf",
    "abcdefghijklmnop", "passwordpassword", "monkeymonkeymonkey", "aaaaaaaaaaaaaaa",
    "!!Liverpool1892", "Screening2026!", "letmein123456",
])
def test_common_passwords_and_their_usual_disguises_are_refused(password: str) -> None:
    with pytest.raises(UserError, match="too easy to guess"):
        check_password(password)


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "kettle orbit lantern", "MyDogEatsCarrots7",
    "tulip-gravel-ninety", "zzQ8 rt4! pw00 kk",
])
def test_long_uncommon_passwords_are_accepted_whatever_characters_they_use(
        password: str) -> None:
    check_password(password)


def test_a_password_needs_12_characters_and_at_most_256() -> None:
    with pytest.raises(UserError, match="at least 12 characters"):
        check_password("short phras")
    check_password("kettle orbit")
    with pytest.raises(UserError, match="256 characters or fewer"):
        check_password("kettle orbit lantern " * 13)
    check_password(("kettle orbit lantern " * 13)[:MAX_PASSWORD_LENGTH])


def test_a_password_containing_the_user_name_is_refused() -> None:
    with pytest.raises(UserError, match="must not contain the user name"):
        check_password("Sam.Nurse-winter-kettle", name="sam.nurse")
    check_password("winter kettle orbit", name="sam.nurse")


def test_the_deny_list_holds_a_few_hundred_common_passwords() -> None:
    assert len(deny_list()) >= 300
    assert {"password", "123456", "qwerty", "iloveyou", "letmein"} <= deny_list()


def test_generated_passwords_pass_the_rules() -> None:
    for _ in range(50):
        check_password(generate_password("admin"), "admin")
