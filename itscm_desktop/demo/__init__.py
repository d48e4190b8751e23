"""The seeded generator of the demo and the large synthetic organisations."""
