"""WSGI entry point for gunicorn (`gunicorn app.wsgi:server`): the app is built at import."""

from app.dashboard import create_app

app = create_app()
server = app.server
