"""The naive build the optimized app is compared with."""

from __future__ import annotations

from typing import Any

NAIVE_SERVER = "app.bench.naive:make_naive_server()"  # its gunicorn target


def naive_app(data: Any) -> Any:
    """The map built the obvious way: the same controls and data (values cached the same way),
    but one callback that answers every interaction with a whole new figure, geometry included.
    A generous naive build: a plain dict, no go.Figure validation, nothing recomputed."""
    import dash_bootstrap_components as dbc
    from dash import Dash, Input, Output, ctx, dcc, html

    from app.figures.map import MAIN
    from app.pages.kart import GRAPH_CONFIG, task_options
    from app.paths import ASSETS_DIR
    from app.viewmodel import LAYER_LABELS, MEASURE_LABELS, SCOPE_LABELS, ViewState

    app = Dash(__name__, use_pages=False, assets_folder=str(ASSETS_DIR), compress=True,
               suppress_callback_exceptions=True, title="Kommunekart (naiv)")
    app.layout = html.Div([
        dcc.Dropdown(id="kommune", options=[{"label": data.names[k], "value": k}
                                            for k in data.nordland], value=None),
        dcc.Dropdown(id="task", options=task_options(data), value=None),
        dbc.RadioItems(id="measure", value="ordninger",
                       options=[{"label": v, "value": k} for k, v in MEASURE_LABELS.items()]),
        dbc.RadioItems(id="scope", value="alle",
                       options=[{"label": v, "value": k} for k, v in SCOPE_LABELS.items()]),
        dbc.Checklist(id="layers", value=[],
                      options=[{"label": LAYER_LABELS[k], "value": k} for k in data.overlays]),
        dbc.Button("Nullstill", id="clear"),
        dcc.Graph(id="map", figure=data.figure(ViewState()), config=GRAPH_CONFIG),
    ])

    @app.callback(
        Output("map", "figure"), Output("kommune", "value"),
        Input("measure", "value"), Input("task", "value"), Input("scope", "value"),
        Input("kommune", "value"), Input("layers", "value"), Input("map", "clickData"),
        Input("clear", "n_clicks"), prevent_initial_call=True,
    )
    def redraw(measure: str, task: str | None, scope: str, kommune: str | None,
               layers: list[str] | None, click: dict | None, _clear: int | None) -> tuple:
        if ctx.triggered_id == "clear":
            kommune = None
        elif ctx.triggered_id == "map":
            point = ((click or {}).get("points") or [{}])[0]
            if point.get("curveNumber") == MAIN and point.get("location") in data.nordland:
                kommune = None if point["location"] == kommune else point["location"]
        state = ViewState(measure or "ordninger", task or None, scope or "alle", kommune or None,
                          tuple(x for x in layers or [] if x in data.overlays))
        return data.figure(state), state.kommune

    return app


def make_naive_server() -> Any:
    """gunicorn entry point of the naive build (NAIVE_SERVER); builds its own AppData."""
    from app.dashboard import load_data

    return naive_app(load_data()).server
