"""Placeholder: filled in by this issue's work."""
