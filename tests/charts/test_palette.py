"""The field palette: colours far enough apart to tell twelve fields apart, also with colour
blindness, and the same palette wherever a field gets its colour (templates, editor,
adopted proposals)."""

import re

import pytest

from participation.charts.palette import (
    FIELD_MARKERS,
    FIELD_PALETTE,
    UNASSIGNED_COLOUR,
    contrast_ratio,
    next_field_colour,
    text_colour_on,
)
from participation.workshops.catalog import TEMPLATES

from charts.colour_math import closest_pair, contrast, distance

# CIEDE2000: about 2 is "just noticeable" side by side; fields on a projected map need far
# more. Twelve colours cannot all be this far apart for every kind of colour blindness; the
# map's marker shapes and names carry the rest.
NORMAL_TWELVE, NORMAL_EIGHT = 15, 20
COLOUR_BLIND_TWELVE, COLOUR_BLIND_EIGHT = 8.5, 10
KINDS = ("protanopia", "deuteranopia", "tritanopia")


def test_the_colour_maths_matches_the_published_test_data():
    from charts.colour_math import ciede2000

    # Sharma, Wu and Dalal (2005), table 1, pairs 1, 7 and 17
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert contrast("#ffffff", "#000000") == pytest.approx(21)


def test_twelve_colours_all_well_apart():
    assert len(FIELD_PALETTE) == len(set(FIELD_PALETTE)) == 12
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in FIELD_PALETTE)
    assert closest_pair(list(FIELD_PALETTE))[0] >= NORMAL_TWELVE
    assert closest_pair(list(FIELD_PALETTE[:8]))[0] >= NORMAL_EIGHT


@pytest.mark.parametrize("kind", KINDS)
def test_well_apart_with_colour_blindness(kind):
    assert closest_pair(list(FIELD_PALETTE), kind)[0] >= COLOUR_BLIND_TWELVE
    assert closest_pair(list(FIELD_PALETTE[:8]), kind)[0] >= COLOUR_BLIND_EIGHT


@pytest.mark.parametrize("kind", (None, *KINDS))
def test_no_field_looks_like_the_grey_of_unassigned_ideas(kind):
    assert min(distance(colour, UNASSIGNED_COLOUR, kind) for colour in FIELD_PALETTE) >= COLOUR_BLIND_TWELVE


def test_every_colour_shows_on_white():
    # markers have a dark outline, but a swatch or a field's border has none
    assert min(contrast(colour, "#ffffff") for colour in FIELD_PALETTE) >= 1.9


def test_a_shape_for_every_colour():
    assert len(set(FIELD_MARKERS)) == len(FIELD_PALETTE)


@pytest.mark.parametrize("key", [key for key, template in TEMPLATES.items() if template.fields])
def test_templates_take_their_colours_from_the_palette(key):
    colours = [field.colour for field in TEMPLATES[key].fields]
    assert colours == list(FIELD_PALETTE[:len(colours)])


def test_next_colour_is_the_first_free_one():
    assert next_field_colour([]) == FIELD_PALETTE[0]
    assert next_field_colour([FIELD_PALETTE[0].upper(), FIELD_PALETTE[2]]) == FIELD_PALETTE[1]
    assert next_field_colour(["#123456", *FIELD_PALETTE]) in FIELD_PALETTE  # all taken: round again


def test_a_new_field_gets_the_next_free_palette_colour(app, moderator):
    from participation.workshops.services import create_workshop
    from participation.workshops.structure import add_field

    workshop = create_workshop(moderator, "blank", "Leer")
    first = add_field(workshop, "Mobilität")
    second = add_field(workshop, "Bildung")
    chosen = add_field(workshop, "Pflege", colour="#123456")
    assert (first.colour, second.colour, chosen.colour) == (FIELD_PALETTE[0], FIELD_PALETTE[1], "#123456")


def test_the_editor_offers_the_next_free_colour_for_a_new_field(logged_in, workshop):
    used = len(workshop.fields)
    page = logged_in.get(f"/moderation/workshops/{workshop.id}/edit").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="new-field-colour"[^>]*>', page).group(0)
    assert f'value="{FIELD_PALETTE[used % 12]}"' in tag


@pytest.mark.parametrize("colour", [*FIELD_PALETTE, "#ffff00", "#000080", "#7f7f7f", "#e69f00"])
def test_text_on_a_field_colour_meets_wcag_aa(colour):
    """Chips with the field's name on its colour (Handlungsfelder page) stay readable (4.5:1)."""
    assert contrast_ratio(text_colour_on(colour), colour) >= 4.5


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
