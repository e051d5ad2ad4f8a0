"""WSGI entry point for gunicorn (`gunicorn app.wsgi:server`): the app is built at import.
With $KOMMUNEKART_REDIS_URL set, uploads are checked by Celery workers started from the same app:
`celery -A app.wsgi:celery_app worker` (app/jobs.py)."""

from app import jobs
from app.dashboard import create_app

app = create_app()
server = app.server
celery_app = jobs.celery_app()  # None unless $KOMMUNEKART_REDIS_URL is set
