"""The naive build the optimized app is compared with."""

from __future__ import annotations

from typing import Any

NAIVE_SERVER = "kommunekart.bench.naive:make_naive_server()"  # its gunicorn target


def naive_app(data: Any) -> Any:
    """The map built the obvious way: the same controls and data (values cached the same way),
    but one callback that answers every interaction with a whole new figure, geometry included.
    A generous naive build: a plain dict, no go.Figure validation, nothing recomputed."""
    import dash_bootstrap_components as dbc
    from dash import Dash, Input, Output, ctx, dcc, html

    from kommunekart.domain.wording import LAYER_LABELS, MEASURE_LABELS, SCOPE_LABELS
    from kommunekart.figures.map import MAIN
    from kommunekart.paths import ASSETS_DIR
    from kommunekart.views.state import KartState
    from kommunekart.web.pages.kart import GRAPH_CONFIG, ID, figure, task_options

    app = Dash(__name__, use_pages=False, assets_folder=str(ASSETS_DIR), compress=True,
               suppress_callback_exceptions=True, title="Kommunekart (naiv)")
    app.layout = html.Div([
        dcc.Dropdown(id=ID.kommune, options=[{"label": data.names[k], "value": k}
                                            for k in data.nordland], value=None),
        dcc.Dropdown(id=ID.task, options=task_options(data), value=None),
        dbc.RadioItems(id=ID.measure, value="ordninger",
                       options=[{"label": v, "value": k} for k, v in MEASURE_LABELS.items()]),
        dbc.RadioItems(id=ID.scope, value="alle",
                       options=[{"label": v, "value": k} for k, v in SCOPE_LABELS.items()]),
        dbc.Checklist(id=ID.layers, value=[],
                      options=[{"label": LAYER_LABELS[k], "value": k} for k in data.overlays]),
        dbc.Button("Nullstill", id=ID.clear),
        dcc.Graph(id=ID.map, figure=figure(data, KartState()), config=GRAPH_CONFIG),
    ])

    @app.callback(
        Output(ID.map, "figure"), Output(ID.kommune, "value"),
        Input(ID.measure, "value"), Input(ID.task, "value"), Input(ID.scope, "value"),
        Input(ID.kommune, "value"), Input(ID.layers, "value"), Input(ID.map, "clickData"),
        Input(ID.clear, "n_clicks"), prevent_initial_call=True,
    )
    def redraw(measure: str, task: str | None, scope: str, kommune: str | None,
               layers: list[str] | None, click: dict | None, _clear: int | None) -> tuple:
        if ctx.triggered_id == ID.clear:
            kommune = None
        elif ctx.triggered_id == ID.map:
            point = ((click or {}).get("points") or [{}])[0]
            if point.get("curveNumber") == MAIN and point.get("location") in data.nordland:
                kommune = None if point["location"] == kommune else point["location"]
        state = KartState(measure or "ordninger", task or None, scope or "alle", kommune or None,
                          tuple(x for x in layers or [] if x in data.overlays))
        return figure(data, state), state.kommune

    return app


def make_naive_server() -> Any:
    """gunicorn entry point of the naive build (NAIVE_SERVER); builds its own AppData."""
    from kommunekart.web.app import load_data

    return naive_app(load_data()).server
