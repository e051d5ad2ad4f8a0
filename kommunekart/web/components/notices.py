"""A link's notices as dismissable alerts: what it got wrong, said in Norwegian, the page drawn."""

from __future__ import annotations

import dash_bootstrap_components as dbc


def notices_of(notices: list[str]) -> list[dbc.Alert]:
    return [dbc.Alert(n, color="warning", dismissable=True, className="link-notice") for n in notices]
