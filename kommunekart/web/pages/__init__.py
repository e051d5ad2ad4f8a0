"""The dashboard's views, one module per deep-linkable path."""
