"""The WSGI entry point for any server: `gunicorn wsgi:app`. A database, key, setting or question
set that cannot be used is said in one line and the server does not start."""

from screening.web.wsgi_entry import checked_app

app = checked_app()
