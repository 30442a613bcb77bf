"""Hypothesis strategies: arbitrary Unicode texts (with German words mixed in, so the analysis
finds something to work on) and whole ``WorkshopSnapshot`` s built from them, no database.

``FUZZ`` keeps every property deterministic and bounded: derandomized (the same examples on
every run, in CI too), no example database, no deadline (the first call warms caches).
"""

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from participation.exports.rows import (
    FieldRow,
    IdeaRow,
    MeasureRow,
    MergedText,
    QuestionRow,
    WorkshopSnapshot,
)
from participation.measures.models import PRIORITIES, SHEET_TEXT_FIELDS

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)

WORDS = (
    "Bus", "Bürgerbus", "Mitfahrbank", "Glasfaser", "WLAN", "Radweg", "Schule", "Tablets", "Ärztin",
    "Sprechstunde", "Bahnhof", "Car-Sharing-App", "E-Mail", "Tempo-30-Zone", "Straße", "STRASSE",
    "Fußgänger", "Kita", "Kitas", "Senioren", "Dorfladen", "Büsum", "Heide", "digital", "Digitalisierung",
    "und", "der", "die", "das", "für", "mit", "nicht", "www.example.org", "2025", "12:30", "😊", "🚌",
)

# Any character Python can encode: lone surrogates can never be stored (the JSON API and the
# importer drop or refuse them), everything else may turn up in a text.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))


def unicode_text(min_size=0, max_size=80):
    """Arbitrary Unicode, German words with odd spacing, or a mix of both."""
    words = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
    noise = st.text(ANY_CHARACTER, max_size=max_size)
    mixed = st.tuples(words, noise, words).map(lambda parts: "".join(parts))
    texts = st.one_of(noise, words, mixed).map(lambda text: text[:max_size])
    return texts.filter(lambda text: len(text) >= min_size)


def storable_text(min_size=0, max_size=80):
    """Unicode the database stores: no NUL (PostgreSQL refuses it; the app drops it)."""
    return unicode_text(min_size, max_size).map(lambda text: text.replace("\x00", "")).filter(
        lambda text: len(text) >= min_size)


def ideas_mapping(max_size=8):
    """Idea texts by key, as the analysis takes them."""
    return st.dictionaries(st.integers(1, 10_000), unicode_text(max_size=120), max_size=max_size)


MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                       timezones=st.just(timezone.utc))


@st.composite
def snapshots(draw, text=unicode_text, with_measures=False):
    """A consistent snapshot: questions, fields, ideas (oldest first) with merged texts."""
    questions = tuple(QuestionRow(id=number, position=number, text=draw(text(1, 300)))
                      for number in range(1, draw(st.integers(1, 3)) + 1))
    field_specs = [
        dict(id=100 + number, position=number, name=draw(text(1, 120)), description=draw(text(0, 200)),
             keywords=tuple(draw(st.lists(text(1, 40), max_size=3))),
             colour=draw(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)))
        for number in range(draw(st.integers(0, 3)))
    ]
    start = draw(MOMENTS)
    ideas, created = [], start
    for number in range(draw(st.integers(0, 6))):
        question = draw(st.sampled_from(questions))
        spec = draw(st.sampled_from([None, *field_specs]))
        created += timedelta(seconds=draw(st.integers(0, 3600)))  # oldest first, as exported
        merged = tuple(
            MergedText(text=draw(text(1, 200)), nickname=draw(st.none() | text(1, 40)),
                       created_at=created + timedelta(seconds=offset + 1))
            for offset in range(draw(st.integers(0, 2)))
        )
        ideas.append(IdeaRow(
            id=1000 + number,
            question_id=question.id,
            question=question.text,
            text=draw(text(1, 500)),
            votes=draw(st.integers(0, 12)),
            nickname=draw(st.none() | text(1, 40)),
            created_at=created,
            field_id=spec["id"] if spec else None,
            field_name=spec["name"] if spec else None,
            score=round(draw(st.floats(0, 1)), 4) if spec else None,
            terms=tuple(draw(st.lists(text(1, 30), max_size=3))) if spec else (),
            confirmed=draw(st.booleans()),
            merged=merged,
        ))
    by_votes = sorted(ideas, key=lambda idea: (-idea.votes, idea.created_at, idea.id))
    fields = tuple(
        FieldRow(**spec, terms=(), ideas=tuple(idea for idea in by_votes if idea.field_id == spec["id"]))
        for spec in field_specs
    )
    measures = ()
    if with_measures and fields:
        home = draw(st.sampled_from(fields))
        linked = ()
        if ideas:
            linked = tuple(draw(st.lists(st.sampled_from(ideas), unique_by=lambda idea: idea.id, max_size=3)))
        measures = (MeasureRow(
            id=1, title=draw(text(1, 200)), field_id=home.id, field_name=home.name,
            priority=draw(st.sampled_from(("", *PRIORITIES))),
            texts={name: draw(text(0, 300)) for name in SHEET_TEXT_FIELDS},
            field_names=(home.name,), field_ids=(home.id,), ideas=linked, version=1,
            created_at=start, updated_at=start,
        ),)
    return WorkshopSnapshot(
        id=1, code="ABCDEF", title=draw(text(1, 200)),
        event_date=draw(st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31))),
        place=draw(text(0, 200)), description=draw(text(0, 500)),
        questions=questions, fields=fields,
        unassigned=tuple(idea for idea in by_votes if idea.field_id is None),
        ideas=tuple(ideas), measures=measures,
    )
