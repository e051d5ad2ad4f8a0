"""Pure figure functions: data in, plotly figure dicts out. No file or network access here."""
