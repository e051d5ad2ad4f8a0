"""Kommunekart Nordland: a map dashboard of inter-municipal cooperation in Nordland."""
