"""Saving a workshop as a template of ones own and sharing templates as JSON files (placeholder, filled by its feature branch)."""

from . import bp  # noqa: F401  (routes are added here)
