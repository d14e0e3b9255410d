"""Answers at rest: a database file on its own reveals nothing, and tampering is caught."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from screening.store.crypto import DataKeyError, Sealer, TamperedRecord, load_or_create_key

KEY = bytes(range(32))


def test_a_sealed_answer_does_not_contain_the_answer_and_opens_again() -> None:
    sealer = Sealer(KEY)
    token = sealer.seal('{"threats": "yes", "note": "pushed her on the stairs"}', "s1", "answers")
    assert "stairs" not in token and "threats" not in token
    assert sealer.open(token, "s1", "answers").endswith('"pushed her on the stairs"}')


def test_the_same_answer_seals_differently_each_time() -> None:
    sealer = Sealer(KEY)
    assert sealer.seal("yes", "s1", "answers") != sealer.seal("yes", "s1", "answers")


def test_a_changed_value_fails_with_a_clear_error() -> None:
    sealer = Sealer(KEY)
    token = sealer.seal("no", "s1", "answers")
    raw = bytearray(base64.b64decode(token.split(":", 1)[1]))
    raw[-1] ^= 1
    tampered = "gcm1:" + base64.b64encode(bytes(raw)).decode()
    with pytest.raises(TamperedRecord, match="answers of screening s1 failed its integrity check"):
        sealer.open(tampered, "s1", "answers")


def test_a_value_moved_to_another_screening_does_not_open() -> None:
    sealer = Sealer(KEY)
    with pytest.raises(TamperedRecord):
        sealer.open(sealer.seal("yes", "s1", "answers"), "s2", "answers")


def test_a_wrong_key_does_not_open() -> None:
    token = Sealer(KEY).seal("yes", "s1", "answers")
    with pytest.raises(TamperedRecord, match="data key"):
        Sealer(bytes(32)).open(token, "s1", "answers")


def test_plain_text_written_outside_the_tool_is_refused() -> None:
    with pytest.raises(TamperedRecord, match="not sealed"):
        Sealer(KEY).open('{"threats": "no"}', "s1", "answers")


def test_the_key_is_made_once_in_the_instance_folder_readable_only_by_its_owner(
        tmp_path: Path) -> None:
    first = load_or_create_key(None, tmp_path)
    assert load_or_create_key(None, tmp_path) == first
    assert (tmp_path / "data_key").stat().st_mode & 0o777 == 0o600


def test_a_malformed_key_setting_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(DataKeyError, match="32 random bytes written in base64"):
        load_or_create_key("short", tmp_path)


def test_a_pseudonym_finds_the_same_person_again_but_not_their_number() -> None:
    sealer = Sealer(KEY, pseudonym_key=bytes(reversed(range(32))))
    first = sealer.pseudonym("Bitterne Surgery", "NHS 123 456")
    assert first == sealer.pseudonym("Bitterne Surgery", " nhs123456 ")
    assert first is not None and "123456" not in first and len(first) == 64
    assert sealer.pseudonym("Portswood Practice", "NHS 123 456") != first  # its own numbering
    assert Sealer(KEY, pseudonym_key=KEY).pseudonym("Bitterne Surgery", "NHS 123 456") != first
    assert sealer.pseudonym("Bitterne Surgery", "") is None
    assert Sealer(KEY).pseudonym("Bitterne Surgery", "NHS 123 456") is None


def test_the_pseudonym_key_is_its_own_file_readable_only_by_the_tool(tmp_path: Path) -> None:
    data = load_or_create_key(None, tmp_path)
    pseudonyms = load_or_create_key(None, tmp_path, "pseudonym_key")
    assert pseudonyms != data and load_or_create_key(None, tmp_path, "pseudonym_key") == pseudonyms
    assert (tmp_path / "pseudonym_key").stat().st_mode & 0o777 == 0o600
