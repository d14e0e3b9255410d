"""The WSGI entry point for any server: `gunicorn wsgi:app`."""

from screening.web import create_app

app = create_app()
