"""Each view's pure content: its link state, its figure, its panel, its tables, its handout."""
