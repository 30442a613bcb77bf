"""Group work in the JSON API: the workshop document lists its groups, each idea says its
group and whether it was promoted; both as the OpenAPI description says."""

from api.test_api import _assert_matches_response, document  # noqa: F401

from group_world import EXPECTED, build_group_workshop


def test_the_workshop_lists_its_groups_as_documented(client, workshop, document):  # noqa: F811
    assert client.get(f"/api/workshops/{workshop.code}").get_json()["groups"] == []
    groups, _ideas = build_group_workshop(workshop)
    response = client.get(f"/api/workshops/{workshop.code}")
    _assert_matches_response(document, "/api/workshops/{code}", "get", response)
    assert response.get_json()["groups"] == [
        {"id": groups[1].id, "number": 1, "name": "Tisch Nord", "topic": "Mobilität auf dem Land", "question_id": None},
        {"id": groups[2].id, "number": 2, "name": "Tisch Süd", "topic": "", "question_id": None},
        {"id": groups[3].id, "number": 3, "name": "Online-Raum", "topic": "Digitale Verwaltung", "question_id": None},
    ]


def test_each_idea_carries_its_group_and_promotion_as_documented(client, workshop, document):  # noqa: F811
    groups, _ideas = build_group_workshop(workshop)
    response = client.get(f"/api/workshops/{workshop.code}/ideas")
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "get", response)
    ideas = {idea["text"]: idea for idea in response.get_json()["ideas"]}
    assert set(ideas) == set(EXPECTED)
    for text, (number, promoted, _question) in EXPECTED.items():
        assert (ideas[text]["group_id"], ideas[text]["promoted"]) == (groups[number].id if number else None, promoted)


def test_the_description_documents_groups(document):  # noqa: F811
    schemas = document["components"]["schemas"]
    assert "groups" in schemas["Workshop"]["required"]
    assert set(schemas["Group"]["required"]) == {"id", "number", "name", "topic", "question_id"}
    assert {"group_id", "promoted"} <= set(schemas["Idea"]["required"])
