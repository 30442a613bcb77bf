"""Canonical order of ideas, so that results do not depend on the order of a mapping.

Every analysis step sorts the ideas by text, then by ``repr`` of the key, before it builds
features or clusters. Two mappings with the same items in a different order therefore
give the same result. (Keys whose ``repr`` is not stable between runs, such as objects
without ``__repr__``, only affect the order among ideas with identical text.)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

__all__ = ["canonical_order"]


def canonical_order(ideas: Mapping[Hashable, str]) -> tuple[list[Hashable], list[str]]:
    """Keys and texts of ``ideas`` in canonical order; ``None`` texts count as empty."""
    items = sorted(((text or "", repr(key), key) for key, text in ideas.items()), key=lambda item: item[:2])
    return [item[2] for item in items], [item[0] for item in items]
