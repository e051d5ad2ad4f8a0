"""Security headers on every response (pages, assets, Dash's callback answers, the handout
downloads), set by flask-talisman: a well-kept Flask extension that owns exactly this job, so the
headers are not hand-rolled per route.

The Content-Security-Policy allows what this Dash app needs and nothing else:

- script-src 'self' and the hashes of Dash's inline scripts: Dash's own bundles, the component
  suites (dcc, dash-bootstrap-components, dash-ag-grid) and assets/ (our plotly.js bundle,
  kart.js, …) are all served by this server; the page's only inline scripts are Dash's renderer
  start and its inline clientside callbacks (the page title), allowed by hash
  (`Dash.csp_hashes()`), so neither 'unsafe-inline' nor 'unsafe-eval' is needed for scripts.
- style-src 'self' 'unsafe-inline': plotly.js writes its own <style> rules at run time and React,
  plotly and AG Grid set style attributes on elements; neither can carry a nonce or hash.
- img-src 'self' data: blob:: plotly draws its PNG download (the camera button) through an image
  of the SVG as a data: URL; Bootstrap's form controls use data: SVG backgrounds.
- font-src 'self' data:: AG Grid's theme embeds its icon font as a data: URL.
- connect-src 'self': Dash's callbacks and layout, and the map's topojson from assets/.
- object-src 'none', base-uri 'self', form-action 'self', frame-ancestors 'self' (with
  X-Frame-Options: SAMEORIGIN for older browsers): the dashboard may be framed by its own pages
  only.

And X-Content-Type-Options: nosniff, Referrer-Policy: same-origin. HTTPS is not forced and no
Strict-Transport-Security is sent over plain HTTP: the dashboard may run on a municipal network
behind a proxy that does or does not terminate TLS (talisman sends HSTS only on a request that
arrived over HTTPS, or says so in X-Forwarded-Proto)."""

from __future__ import annotations

from dash import Dash
from flask import Response
from flask_talisman import Talisman

SELF, NONE = "'self'", "'none'"
POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],  # and the inline scripts' hashes (`headers`)
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}


def secure(app: Dash) -> Talisman:
    """Set the security headers on every response of the app's server."""
    talisman = Talisman(
        app.server,
        force_https=False,  # plain HTTP on a municipal network, or TLS ended by a proxy
        strict_transport_security=True,  # sent only on a request that came over HTTPS
        session_cookie_secure=False,  # the app sets no cookie; do not demand HTTPS for one
        frame_options="SAMEORIGIN",
        content_security_policy={k: list(v) for k, v in POLICY.items()},
        referrer_policy="same-origin",
        x_content_type_options=True,
        x_xss_protection=False,  # obsolete; the CSP does this job
    )

    # Dash adds an inline script for each inline clientside callback, some only at the first
    # request (the pages' title), so the hashes are read when a response goes out, before
    # talisman writes its headers (Flask calls after_request functions last registered first).
    def scripts(response: Response) -> Response:
        talisman.content_security_policy["script-src"] = [SELF, *app.csp_hashes()]
        return response

    app.server.after_request(scripts)
    return talisman


