"""A newcomer's first hour: the README's own set-up commands, run on a fresh copy of the
project in an empty folder, print a sign-in line whose password signs in.

The commands come from the README's first shell block, so the README and this test cannot drift
apart. The copy holds the files git would commit (tracked, or new and not ignored), as a clone
of this working tree would; pip reuses its usual cache, so this takes seconds, not minutes.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SERVING = "make run"
SIGN_IN_LINE = re.compile(r"Sign in at (http://\S+/) as (\S+) with password (\S+)")
SECONDS = 90


def set_up_commands() -> list[str]:
    """The README's first shell block, comments dropped, up to the command that serves."""
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    commands = [command for command in commands if command]
    return commands[:commands.index(SERVING) + 1]


def fresh_copy(into: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in this working tree is not copied
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    return into


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def newcomer_env() -> dict[str, str]:
    """The shell of someone who just cloned it: none of this project's settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SCREENING_") and k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "SCREENING_PORT": str(free_port()), "LANG": "C.UTF-8"}


@pytest.fixture
def served(tmp_path: Path, newcomer_env: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """Runs the set-up commands in a fresh copy; the serving one's output so far, as it comes."""
    clone = fresh_copy(tmp_path / "screening")
    *before, serving = set_up_commands()
    for command in before:
        subprocess.run(command, shell=True, cwd=clone, env=newcomer_env, check=True,  # noqa: S602
                       timeout=SECONDS)
    server = subprocess.Popen(serving, shell=True, cwd=clone, env=newcomer_env,  # noqa: S602
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout or ()), daemon=True)
    reader.start()
    try:
        yield serving, lines
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the server it started, nothing else
        server.wait(timeout=10)
        reader.join(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def wait_for_sign_in_line(lines: list[str]) -> re.Match[str]:
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        for line in list(lines):
            if found := SIGN_IN_LINE.search(line):
                return found
        time.sleep(0.2)
    pytest.fail(f"No sign-in line within {SECONDS} s. Output:\n{''.join(lines)}")


def open_page(opener: urllib.request.OpenerDirector, url: str,
              form: dict[str, str] | None = None) -> tuple[str, str]:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    with opener.open(url, data=data, timeout=10) as response:  # noqa: S310 - our own server
        return response.geturl(), response.read().decode()


def test_the_readme_commands_on_a_fresh_clone_print_a_password_that_signs_in(
        served: tuple[str, list[str]]) -> None:
    command, lines = served
    assert command == "make run"
    started = time.monotonic()
    found = wait_for_sign_in_line(lines)
    address, name, password = found.groups()
    assert name == "admin"
    assert any("users reset-password admin" in line for line in lines)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    while True:  # the line is printed just before the server listens
        try:
            _, form_page = open_page(opener, address + "sign-in")
            break
        except urllib.error.URLError:
            assert time.monotonic() - started < 15, "the server never answered"
            time.sleep(0.2)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form_page)
    assert token is not None
    landed, page = open_page(opener, address + "sign-in", {
        "csrf_token": token.group(1), "name": name, "password": password})
    assert landed == address + "admin/users"
    assert "<h1 class=\"heading-l\">Users</h1>" in page and ">admin<" in page


def test_make_clean_removes_what_tests_leave_and_keeps_the_instance_folder(
        tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path)
    left = [".venv", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
            "test-results", "screening.egg-info"]
    for folder in [*left, "instance"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "something").write_text("x")
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True, timeout=30)
    assert [folder for folder in left if (tmp_path / folder).exists()] == []
    assert (tmp_path / "instance" / "something").exists()  # the database and keys live here
