"""The Dash app: pages (layout and callbacks), components, routes, security."""
