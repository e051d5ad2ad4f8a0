"""Boundaries and the geometry every map is drawn on: loaded, verified, simplified, laid out."""
