"""Run sheet: placeholder for editor views (filled by its feature branch)."""

from . import bp  # noqa: F401  (routes are added here)
