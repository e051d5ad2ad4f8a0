"""Components that build their own Dash tree from what they are given."""
