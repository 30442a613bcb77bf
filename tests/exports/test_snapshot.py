"""The snapshot every export renders from: the visible ideas, each once, merged texts kept."""

from participation.exports.snapshot import workshop_snapshot

from factories import RichWorkshop, build_rich_workshop


def test_snapshot_holds_exactly_the_visible_ideas(workshop):
    rich = build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    texts = [idea.text for idea in snapshot.ideas]
    assert sorted(texts) == sorted(rich.visible)
    assert rich.hidden_text not in texts and rich.pending_text not in texts
    target = next(idea for idea in snapshot.ideas if idea.text == rich.merge_target_text)
    assert target.merged_texts == (RichWorkshop.merged_source_text,)
    assert target.votes == 3
    assert {idea.id for field in snapshot.fields for idea in field.ideas} | {i.id for i in snapshot.unassigned} == {
        idea.id for idea in snapshot.ideas
    }
    (measure,) = snapshot.measures
    assert measure.title == rich.measure_title
    assert [idea.text for idea in measure.ideas][0] == rich.merge_target_text
    assert measure.texts["costs"].startswith("=")
    assert measure.field_names == measure.field_names[:1]


def test_fields_list_their_ideas_by_votes(workshop):
    build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    for field in snapshot.fields:
        votes = [idea.votes for idea in field.ideas]
        assert votes == sorted(votes, reverse=True)
        if field.ideas:
            assert field.terms
