"""German text analysis of citizen ideas: fields of action, discovered groups, maps.

Pure computation: plain data in, plain data out, no Flask and no database. Results are
deterministic (fixed random states; ideas are processed in a canonical order, see
:mod:`.corpus`, so the order of a mapping does not matter).
"""

from .fields import Assignment, FieldSpec, assign_to_fields

__all__ = ["Assignment", "FieldSpec", "assign_to_fields"]
