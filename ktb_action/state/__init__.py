"""The ownership state: what ktb applied in each scope, kept between runs (docs/ownership.md)."""
