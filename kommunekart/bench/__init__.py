"""`kommunekart bench`: what each map interaction costs, side by side with a naive Dash build.

Everything runs on 127.0.0.1 and is bounded in time. The request bodies are built from the app's
own `/_dash-dependencies` and the component props of its page, exactly as the browser sends
them, so the benchmark follows the callbacks when they change. It reports, it never judges:
slowness is printed against the targets, never raised.

Where each number comes from:
- bytes: response bodies as served, through real HTTP with `Accept-Encoding: gzip` (Flask-Compress
  gzips bodies of 500 B and more; smaller ones travel as they are);
- latency: sequential round trips (http.client) to an in-process werkzeug server (threaded, one
  loopback connection per request), 200 runs after a warm-up;
- throughput: gunicorn with the Procfile's options (`--workers 2`), 8 client threads with a lean
  raw-socket HTTP/1.1 client (see LoadClient: the client shares the 2 cores with the server);
- initial page: the requests a first page view makes for the map, replayed as gzip-only and as
  Chromium (which gets zstd), Dash's and plotly's own JavaScript left out;
- first map: headless Chromium, from navigation start to the 41 municipalities drawn.
The naive build (`naive_app`) answers the same requests with a whole new figure.

Modules: client (HTTP clients), dash_requests (requests from the app's callbacks), interactions (what is
measured), timing (latency, load), servers (werkzeug, gunicorn), naive (the naive build),
sizes (geometry bytes, islands), browser (first map), report (targets, table), runner (the run).
"""

from kommunekart.bench.interactions import INTERACTIONS
from kommunekart.bench.naive import make_naive_server, naive_app
from kommunekart.bench.runner import Options, main, run

__all__ = ["INTERACTIONS", "Options", "main", "make_naive_server", "naive_app", "run"]
