"""The API's ideas say where they came from and which of their dots were given on paper,
as the OpenAPI document describes them."""

from participation.workshops.services import update_workshop

from api.test_api import _assert_matches_response
from mixed_sources import EXPECTED, IMPORTED, PAPER_DOTTED, PHONE_TOP, build_mixed_sources_workshop


def listed(client, workshop):
    response = client.get(f"/api/workshops/{workshop.code}/ideas")
    assert response.status_code == 200
    document = client.get("/api/openapi.json").get_json()
    _assert_matches_response(document, "/api/workshops/{code}/ideas", "get", response)
    return {idea["text"]: idea for idea in response.get_json()["ideas"]}


def test_ideas_carry_source_file_name_and_paper_dots(client, workshop):
    build_mixed_sources_workshop(workshop)
    ideas = listed(client, workshop)
    assert set(ideas) == set(EXPECTED)
    for text, (_words, _digital, paper, total) in EXPECTED.items():
        assert (ideas[text]["votes"], ideas[text]["paper_votes"]) == (total, paper), text
    assert (ideas[PHONE_TOP]["source"], ideas[PHONE_TOP]["source_name"]) == ("phone", None)
    assert (ideas[PAPER_DOTTED]["source"], ideas[PAPER_DOTTED]["nickname"]) == ("paper", "Hilde")
    assert (ideas[IMPORTED]["source"], ideas[IMPORTED]["source_name"]) == ("import", "ideen.xlsx")


def test_while_dots_are_hidden_paper_dots_are_hidden_too(client, workshop):
    build_mixed_sources_workshop(workshop)
    update_workshop(workshop, votes_hidden=True)
    ideas = listed(client, workshop)
    assert {(idea["votes"], idea["paper_votes"]) for idea in ideas.values()} == {(None, None)}
    assert ideas[IMPORTED]["source_name"] == "ideen.xlsx"


def test_the_openapi_document_describes_the_new_keys(client):
    idea = client.get("/api/openapi.json").get_json()["components"]["schemas"]["Idea"]
    assert {"paper_votes", "source", "source_name"} <= set(idea["required"])
    assert idea["properties"]["source"]["enum"] == ["phone", "paper", "import"]
    assert all(idea["properties"][key].get("description") for key in ("paper_votes", "source", "source_name"))
