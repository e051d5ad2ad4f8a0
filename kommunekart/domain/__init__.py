"""The register and what is measured in it: pure, no geometry drawn, no Dash."""
