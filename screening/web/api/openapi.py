"""`/api/v1/openapi.json`: the OpenAPI 3 description of the offline API, kept as a data file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify

DESCRIPTION = Path(__file__).with_name("openapi.json")


def description() -> dict[str, Any]:
    """The document as shipped."""
    found: dict[str, Any] = json.loads(DESCRIPTION.read_text(encoding="utf-8"))
    return found


def init_app(app: Flask) -> None:
    document = description()

    def openapi() -> Response:
        return jsonify(document)

    # Outside the API's blueprint: describing the API needs no sign-in and shows no data.
    app.add_url_rule("/api/v1/openapi.json", "openapi", openapi)
