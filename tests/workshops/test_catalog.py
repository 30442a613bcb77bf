"""Tests for the workshop template catalogue (pure data, no app needed)."""

import re

import pytest

from participation.charts.palette import FIELD_PALETTE
from participation.workshops.catalog import TEMPLATES, get_template

DITHMARSCHEN_QUESTIONS = (
    "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?",
    "Welche konkrete Projektidee haben wir für die Digitalstrategie im Kreis?",
    "Wie könnte uns Technologie helfen, unseren Alltag besser zu gestalten?",
)

DITHMARSCHEN_FIELDS = [
    "Bildung",
    "Gesundheit & Pflege",
    "Mobilität",
    "Verwaltung & Bürgerservice",
    "Wirtschaft & Arbeit",
    "Breitband & Infrastruktur",
    "Umwelt & Energie",
    "Kultur, Freizeit & Ehrenamt",
]

SMARTE_LAND_FIELDS = [
    "Daseinsvorsorge",
    "Wirtschaftsförderung",
    "Verwaltung",
    "Daten",
    "Breitband und digitale Infrastrukturen",
    "Kooperation und Organisation",
]

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def _all_fields():
    for template in TEMPLATES.values():
        for field in template.fields:
            yield template, field


def test_templates_exist_in_order():
    assert list(TEMPLATES) == ["dithmarschen", "smarte-land-regionen", "kgst-seminar", "digiscouts", "swot",
                              "1-2-4-all", "blank"]
    for key, template in TEMPLATES.items():
        assert template.key == key
        assert template.label


def test_dithmarschen_questions_verbatim():
    template = get_template("dithmarschen")
    assert template.label == "Dithmarschen Digital"
    assert template.title == "Dithmarschen Digital – Auftakt"
    assert template.questions == DITHMARSCHEN_QUESTIONS


def test_field_names():
    assert [f.name for f in get_template("dithmarschen").fields] == DITHMARSCHEN_FIELDS
    slr = get_template("smarte-land-regionen")
    assert slr.label == "Smarte.Land.Regionen"
    assert slr.title == "Smarte.Land.Regionen – Digitalstrategie"
    assert 2 <= len(slr.questions) <= 3
    assert [f.name for f in slr.fields] == SMARTE_LAND_FIELDS


def test_blank_template_is_empty():
    blank = get_template("blank")
    assert blank.label == "Leer"
    assert blank.title == ""
    assert blank.description == ""
    assert blank.questions == ()
    assert blank.fields == ()


def test_fields_have_description_and_keywords():
    for template, field in _all_fields():
        where = f"{template.key}/{field.name}"
        assert field.description.strip(), where
        assert len(field.keywords) >= 15, where
        assert len(set(field.keywords)) == len(field.keywords), where
        for keyword in field.keywords:
            assert keyword == keyword.lower() == keyword.strip(), (where, keyword)
            assert keyword, where


def test_colours_are_valid_and_come_from_the_shared_palette():
    # No text is ever set on a field's colour (it is a swatch, a border, a stripe, a marker
    # with an outline), so what counts is that fields stay apart: tests/charts/test_palette.py.
    for template, field in _all_fields():
        where = f"{template.key}/{field.name}"
        assert HEX_COLOUR.match(field.colour), (where, field.colour)
        assert field.colour in FIELD_PALETTE, (where, field.colour)


def test_colours_distinct_within_template():
    for template in TEMPLATES.values():
        colours = [f.colour for f in template.fields]
        assert len(set(colours)) == len(colours), template.key


def test_no_keyword_shared_between_fields_of_a_template():
    for template in TEMPLATES.values():
        owner: dict[str, str] = {}
        for field in template.fields:
            for keyword in field.keywords:
                assert keyword not in owner, (template.key, keyword, owner.get(keyword), field.name)
                owner[keyword] = field.name


def test_get_template_unknown_key():
    with pytest.raises(KeyError):
        get_template("nope")
