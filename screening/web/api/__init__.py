"""The JSON API under `/api/v1` that a practitioner's browser calls when it works offline
(views.py), and its OpenAPI description (openapi.py, openapi.json)."""
