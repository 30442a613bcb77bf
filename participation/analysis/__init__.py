"""German text analysis of citizen ideas: fields of action, discovered groups, maps.

Pure computation, plain data in and out: no Flask, no database. The public API:

* :func:`assign_to_fields` sorts ideas into fields (:class:`FieldSpec`), returning an
  :class:`Assignment` per idea, and learns from confirmed moderator decisions;
* :func:`discover_groups` finds :class:`Group` s among ideas (usually the unassigned);
* :func:`project_2d` gives map coordinates; :func:`top_terms` the characteristic words;
* :func:`similar_ideas` (and :class:`SimilarIdeas`) the closest ideas to one idea, for
  merging duplicates; :func:`matches_words` a folded word search.

Results are deterministic: fixed random states, and ideas are processed in a canonical
order (by text, then ``repr`` of the key; see :mod:`.corpus`), so the order of a mapping
does not change them.
"""

from .discovery import Group, discover_groups
from .fields import DEFAULT_MIN_SCORE, Assignment, FieldSpec, assign_to_fields
from .labelling import top_terms
from .projection import project_2d
from .similarity import SimilarIdeas, matches_words, similar_ideas

__all__ = [
    "Assignment",
    "DEFAULT_MIN_SCORE",
    "FieldSpec",
    "Group",
    "SimilarIdeas",
    "assign_to_fields",
    "discover_groups",
    "matches_words",
    "project_2d",
    "similar_ideas",
    "top_terms",
]
