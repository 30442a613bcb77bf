"""Run sheet: placeholder for remote views (filled by its feature branch)."""

from . import bp  # noqa: F401  (routes are added here)
