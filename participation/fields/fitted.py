"""The fitted analysis of a few workshops, kept in this process for incremental runs.

A full run fits the text analysis on the whole workshop (see ``analysis.fields.fit_fields``);
the ideas posted afterwards are then sorted with that fitted model, reading and scoring only
them (``services.run_analysis``). What is kept is bounded: at most ``MAX_MODELS`` workshops
and ``MAX_IDEAS`` fitted ideas in all, the least recently used go first. A model is only
used while the shared counters (see ``coordination``) say that no change needing a full fit
happened and no other process fitted since.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

MAX_MODELS = 8
"""Workshops whose fitted model a process keeps."""
MAX_IDEAS = 40_000
"""Fitted ideas of all kept models together (a model of 20,000 ideas takes about 30 MiB,
mostly the compound splitter's and the character n-grams' vocabularies)."""
GROWTH = 0.10
"""A workshop that grew by this share since its fit is fitted again: the amortised cost of a
post stays constant however large the workshop gets."""
INCREMENTAL_FROM = 2000
"""Workshops fitted on fewer ideas are analysed in full after every change (coalesced and
paced as before): there a full run is cheap, and a model fitted on a small, young workshop
changes most with every idea (sorted with the model, about one new idea in ten on our
labelled data showed a field the next full fit changed, against 0-3 % with full runs)."""
FIT_SPACING = 20.0
"""A workshop that grows by ``GROWTH`` within this many times the CPU time of its last full run
(a burst: a hall posting as fast as it can, a script, an online phase's deadline) is fitted
again only that long after the run, its new ideas sorted with the model meanwhile: a burst's
full runs then take at most a twentieth of a core, instead of one after another taking the
CPU the posts need (a full run of 20,000 ideas, with writing their new scores, takes seconds;
a burst adds 10 % of that in as many)."""
GROWTH_LIMIT = 0.5
"""...but a workshop that grew by this share since its fit is fitted again at once: a model
fitted on too few of the ideas is not kept for a burst's sake."""
REFIT_SECONDS = 600
"""A model older than this is fitted again once it sorted ``REFIT_SHARE`` of its size (IDF and
the widened profiles drift, and words the fit never saw wait for a fit, while an online phase
grows slowly towards ``GROWTH``)."""
REFIT_SHARE = 0.01
"""...but not for fewer new ideas than this share of the fitted ones: a fit's cost is shared by
at least that many posts, so a post's share does not grow with the workshop however slowly it
is posted to."""
SETTLE_SECONDS = 15.0
"""How long ideas stay in the window that is read again: on PostgreSQL an idea with a smaller
id can commit after one with a larger id, so the watermark trails the newest ideas."""


@dataclass
class Fitted:
    """A fitted model of one workshop and what it covers."""

    model: object  # analysis.fields.FieldModel
    generation: tuple  # (full changes, fits) of the shared state when it was fitted
    fields: tuple  # the FieldSpecs it was fitted with
    watermark: int  # every idea with an id up to this is covered
    size: int  # ideas it was fitted on
    fitted_at: float = field(default_factory=time.monotonic)
    fit_seconds: float = 0.0  # CPU time of the full run (reading, fitting, writing): spaces a burst's fits
    added: int = 0  # ideas sorted incrementally since the fit
    recent: dict = field(default_factory=dict)  # idea id above the watermark -> when it was first seen

    def settle(self, now):
        """Move the watermark over the ideas seen long enough ago; returns the new watermark."""
        settled = [idea_id for idea_id, seen in self.recent.items() if now - seen >= SETTLE_SECONDS]
        if settled:
            self.watermark = max(self.watermark, max(settled))
            self.recent = {idea_id: seen for idea_id, seen in self.recent.items() if idea_id > self.watermark}
        return self.watermark

    def due_for_a_fit(self, now, new=0):
        """Whether to fit anew rather than sort ``new`` more ideas with this model."""
        added = self.added + new
        if self.size < INCREMENTAL_FROM:
            return True
        if added > max(1, GROWTH * self.size):
            return now - self.fitted_at >= FIT_SPACING * self.fit_seconds or added > GROWTH_LIMIT * self.size
        return now - self.fitted_at >= REFIT_SECONDS and added >= REFIT_SHARE * self.size


class FittedModels:
    """Least recently used fitted models, bounded by count and by fitted ideas."""

    def __init__(self, max_models=MAX_MODELS, max_ideas=MAX_IDEAS):
        self.max_models, self.max_ideas = max_models, max_ideas
        self._models = OrderedDict()
        self._lock = threading.Lock()

    def get(self, workshop_id):
        with self._lock:
            fitted = self._models.get(workshop_id)
            if fitted is not None:
                self._models.move_to_end(workshop_id)
            return fitted

    def put(self, workshop_id, fitted):
        with self._lock:
            self._models[workshop_id] = fitted
            self._models.move_to_end(workshop_id)
            while len(self._models) > self.max_models or (
                len(self._models) > 1 and sum(item.size + item.added for item in self._models.values()) > self.max_ideas
            ):
                self._models.popitem(last=False)

    def drop(self, workshop_id):
        with self._lock:
            self._models.pop(workshop_id, None)

    def __len__(self):
        return len(self._models)


def fitted_models(app):
    """This process's kept models (one store per app)."""
    return app.extensions.setdefault("participation_fitted_models", FittedModels())
