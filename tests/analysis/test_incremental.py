"""Fitting the field analysis once and sorting later ideas with the fitted model.

"The same inputs": a model fitted by ``fit_fields`` on some ideas, fields and decisions;
texts are then sorted with that model. Sorting them one by one, in batches or all at once
gives identical assignments, and sorting the fitted ideas themselves again gives what
``assign_to_fields`` gave them.
"""

import random

import numpy as np
import pytest

from participation.analysis import FieldSpec, assign_to_fields
from participation.analysis.features import build_features, fit_features
from participation.analysis.fields import fit_fields
from participation.workshops.catalog import get_template

from hall_ideas import hall_ideas

FIELDS = [
    FieldSpec(1, "Mobilität", "Bus, Bahn und Radverkehr auf dem Land", ("bus", "bahn", "rufbus", "radweg", "carsharing")),
    FieldSpec(2, "Breitband", "Schnelles Internet für alle", ("glasfaser", "internet", "wlan", "funkloch", "mobilfunk")),
    FieldSpec(3, "Bildung", "Lernen in Schule und Volkshochschule", ("schule", "lehrer", "kita", "vhs", "unterricht")),
]


def dithmarschen():
    return [FieldSpec(f.name, f.name, f.description, f.keywords) for f in get_template("dithmarschen").fields]

LATER = [
    "Rufbus auch am Sonntag nach Heide 🚌",
    "Schnelleres Internett in Meldorf",
    "Mehr Lehrer für die Grundschule Marne",
    "Glasfaser für jeden Bauernhof",
    "Storchennest mit Webcam",  # fits nothing
    "😀👍",  # no features at all
    "",
    "Quantenkryptografiezentrum",  # a word nobody used before
    "Car-Sharing-App für Pendler aus Büsum",
]


def _hall(count, seed=0, share=0.1):
    texts = hall_ideas(count)
    ideas = {number: text for number, text in enumerate(texts)}
    rng = random.Random(seed)
    fields = dithmarschen()
    decided = {key: rng.choice(fields).key for key in rng.sample(sorted(ideas), int(share * count))}
    return ideas, fields, decided


def test_fit_fields_gives_what_assign_to_fields_gives():
    ideas, fields, decided = _hall(300)
    model, result = fit_fields(ideas, fields, decided)
    assert result == assign_to_fields(ideas, fields, decided)
    assert model.size == len(ideas)


@pytest.mark.parametrize("share", [0.0, 0.1])
def test_the_fitted_model_sorts_the_fitted_ideas_as_the_fit_did(share):
    ideas, fields, decided = _hall(400, share=share)
    model, result = fit_fields(ideas, fields, decided)
    open_ideas = {key: text for key, text in ideas.items() if key not in decided}
    assert model.assign(open_ideas) == {key: result[key] for key in open_ideas}


def test_one_by_one_in_batches_or_all_at_once_give_the_same():
    ideas, fields, decided = _hall(250)
    model, _ = fit_fields(ideas, fields, decided)
    later = {f"hall-{number}": text for number, text in enumerate(hall_ideas(400)[250:])}
    later.update({f"later-{number}": text for number, text in enumerate(LATER)})
    at_once = model.assign(later)
    one_by_one = {}
    for key, text in later.items():
        one_by_one.update(model.assign({key: text}))
    keys = sorted(later)
    random.Random(3).shuffle(keys)
    in_batches = {}
    for start in range(0, len(keys), 17):
        in_batches.update(model.assign({key: later[key] for key in keys[start : start + 17]}))
    assert one_by_one == at_once == in_batches
    assert set(at_once) == set(later)
    assert at_once["later-5"].field_key is None and at_once["later-6"].field_key is None  # nothing to go by
    assert at_once["later-0"].field_key == "Mobilität"


def test_a_model_learned_from_decisions_keeps_them():
    """Decided ideas teach ideas sorted later just as they teach the fitted ones."""
    ideas = {"a": "Kiosk am Bahnhof wieder öffnen", "b": "Kiosk im Dorf", "c": "Glasfaser fürs Dorf"}
    model, _ = fit_fields(ideas, FIELDS, {"a": 3})
    later = model.assign({"x": "Ein Kiosk am Bahnhof wieder öffnen bitte"})
    assert later["x"].field_key == 3 and not later["x"].confirmed
    untaught, _ = fit_fields(ideas, FIELDS)
    assert untaught.assign({"x": "Ein Kiosk am Bahnhof wieder öffnen bitte"})["x"].field_key != 3


def test_typos_of_known_words_still_match_through_character_ngrams():
    model, _ = fit_fields({"a": "Schnelles Internet im Dorf", "b": "Rufbus nach Heide"}, FIELDS)
    result = model.assign({"x": "Schnelleres Internett bitte"})
    assert result["x"].field_key == 2


def test_transform_uses_the_fitted_columns_and_counts_only_known_words():
    texts = ["Schnelles Internet im Dorf", "Glasfaserausbau in Meldorf", "Rufbus nach Heide", "Internet für Schulen"]
    features, model = fit_features(texts)
    again = model.transform(texts)
    assert again.matrix.shape == features.matrix.shape
    assert np.allclose(again.matrix.toarray(), features.matrix.toarray(), atol=1e-12)
    unseen = model.transform(["Internett", "Zzyzx"])
    assert unseen.word_block()[0].nnz == 0  # an unknown word: no word feature
    assert unseen.char_block()[0].nnz > 0  # but its n-grams that the fit knows ("inter", "tern", ...)
    assert unseen.matrix[1].nnz == 0  # nothing known at all
    assert model.transform([]).matrix.shape == (0, features.matrix.shape[1])


def test_transform_does_not_change_the_model():
    texts = hall_ideas(120)
    features, model = fit_features(texts)
    before = model.transform(texts[:30]).matrix.toarray()
    model.transform(["Quantenkryptografiezentrum in Heide", "Völlig neue Wörter überall"] * 50)
    assert np.array_equal(model.transform(texts[:30]).matrix.toarray(), before)
    assert build_features(texts).matrix.shape == features.matrix.shape


def test_a_model_fitted_on_ideas_without_words_still_knows_the_fields():
    model, result = fit_fields({"a": "👍", "b": "!!"}, FIELDS)
    assert all(assignment.field_key is None for assignment in result.values())
    later = model.assign({"x": "Rufbus nach Heide", "y": "🙂"})
    assert later["x"].field_key == 1  # the fields' words are part of the fit
    assert later["y"].field_key is None
