"""WSGI entry point for gunicorn (`gunicorn kommunekart.web.wsgi:server`): the app is built at import.
With $KOMMUNEKART_REDIS_URL set, uploads are checked by Celery workers started from the same app:
`celery -A kommunekart.web.wsgi:celery_app worker` (kommunekart/uploads/jobs.py)."""

from kommunekart.uploads import jobs
from kommunekart.web.app import create_app

app = create_app()
server = app.server
celery_app = jobs.celery_app()  # None unless $KOMMUNEKART_REDIS_URL is set
