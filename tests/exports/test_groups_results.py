"""The published results page of a workshop with groups: the group charts, and per group
what it brought to the plenary; each idea names its group. Without groups, as before."""

from participation.exports.services import set_results_published

from group_world import PROMOTED_ORDER, build_group_workshop


def results(client, workshop):
    response = client.get(f"/w/{workshop.code}/results")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_results_show_each_groups_promoted_ideas_and_the_group_charts(client, workshop):
    build_group_workshop(workshop)
    set_results_published(workshop, True)
    page = results(client, workshop)
    assert "Ergebnisse der Gruppen" in page and 'href="#groups-heading"' in page
    section = page.split('id="result-groups"')[1]
    assert "Gruppe 1: Tisch Nord" in section and "Gruppe 3: Online-Raum" in section
    south = section.split("Gruppe 2: Tisch Süd")[1].split("Gruppe 3: Online-Raum")[0]
    assert south.index(PROMOTED_ORDER[0]) < south.index(PROMOTED_ORDER[1])
    assert "Digitale Sprechstunde im Rathaus" not in south  # only what went to the plenary
    assert "3 Ideen · 2 im Plenum" in south
    assert "Diese Gruppe hat keine Idee ins Plenum gebracht." in section
    assert "Gruppe 1 Tisch Nord" in page.split('id="result-groups"')[0]  # ideas in the fields name their group
    for name in ("groups", "group_fields"):
        assert f"/w/{workshop.code}/charts/{name}.svg" in page
        chart = client.get(f"/w/{workshop.code}/charts/{name}.svg")
        assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"


def test_results_without_groups_have_no_group_part(client, workshop):
    from helpers import make_participant, post_idea

    post_idea(workshop, make_participant(workshop), "Mehr Bänke am Deich")
    set_results_published(workshop, True)
    page = results(client, workshop)
    assert "Ergebnisse der Gruppen" not in page and "charts/groups.svg" not in page and "Gruppe" not in page
