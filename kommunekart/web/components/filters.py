"""The phone's compact control bar (assets/phone.css, ≤ 600 px): a view's controls card shows only
what is used most (its `.phone-bar` parts: /kart's municipality search, /scenarier's region to
paint) and a toggle that opens the rest above the map. Wider screens never see the toggle and
show every control, as before."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, html

BAR = "phone-bar"  # the class of a control that stays in view on a phone


def toggle(button_id: str, controls_id: str, label: str = "Filtre") -> html.Button:
    """The phone's «Filtre» button: a real button (Tab, Enter and Space reach it), saying whether
    the rest of the controls are open (aria-expanded, which phone.css reads)."""
    return html.Button(label, id=button_id, type="button",
                       className="btn btn-outline-secondary btn-sm filters-toggle",
                       **{"aria-expanded": "false", "aria-controls": controls_id})


def register(app: Dash, button_id: str) -> None:
    """Each click flips the toggle's aria-expanded, in the browser (assets/phone.js)."""
    app.clientside_callback(ClientsideFunction("phone", "toggle"),
                            Output(button_id, "aria-expanded"), Input(button_id, "n_clicks"),
                            prevent_initial_call=True)
