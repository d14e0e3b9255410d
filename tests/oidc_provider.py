"""A real OpenID provider (oidc-provider-mock) as its own process on loopback, for the tests.

It has discovery, JWKS, RS256-signed ID tokens and a sign-in form where whoever signs in types
a subject (`sub`). The claims a subject gets are set beforehand with PUT /users/<sub>; any claim
set there goes into the ID token as it is, `aud`, `iss` and `exp` included, which is how the
tests make a token for another client, from another issuer, or already expired.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests


@dataclass(frozen=True)
class Provider:
    issuer: str

    def person(self, sub: str, email: str, verified: bool = True, **claims: Any) -> None:
        """The claims the provider gives `sub` from now on."""
        response = requests.put(f"{self.issuer}/users/{quote(sub, safe='')}", timeout=5,
                                json={"email": email, "email_verified": verified, **claims})
        assert response.status_code == 204, response.text

    def sign_in(self, authorize_url: str, sub: str) -> str:
        """Type `sub` into the provider's form; the address it sends the browser back to."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False,
                                 timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_provider() -> Iterator[Provider]:
    """Start the provider, wait for its discovery document, and stop it afterwards."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration",
                                timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oidc-provider-mock did not start")
            time.sleep(0.1)
        yield Provider(issuer)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
