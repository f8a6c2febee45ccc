"""Topology files: loading with positions, the typed model, and topic naming."""
