"""The shapes of a workshop template: its fields of action and the steps of its run sheet.

Pure data (standard library only), frozen so that no template is changed by accident; a
workshop created from one copies the values into rows of its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldTemplate:
    """A field of action (Handlungsfeld) suggested by a workshop template."""

    name: str
    description: str
    keywords: tuple[str, ...]
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class StepTemplate:
    """A step of a template's run sheet (Ablauf).

    ``kind`` is one of ``workshops.models.STEP_KINDS``; ``questions`` are positions in the
    template's questions (0-based; empty: all questions); ``minutes`` the countdown (None:
    no countdown); ``auto`` moves on by itself when the countdown ends.
    """

    kind: str
    questions: tuple[int, ...] = ()
    minutes: float | None = None
    auto: bool = False
    title: str = ""

    @property
    def duration_seconds(self):
        return None if self.minutes is None else int(round(self.minutes * 60))


@dataclass(frozen=True)
class WorkshopTemplate:
    """Defaults a new workshop is created from."""

    key: str
    label: str
    title: str
    description: str
    questions: tuple[str, ...]
    fields: tuple[FieldTemplate, ...]
    run: tuple[StepTemplate, ...] = ()
    # What the method is and how the app plays its part, shown when choosing a template
    method: str = ""


def per_question(count, minutes, kind="collect", auto=False):
    """One collecting step per question (``count`` questions), each ``minutes`` long."""
    return tuple(StepTemplate(kind, (position,), minutes, auto, f"Frage {position + 1}") for position in range(count))
