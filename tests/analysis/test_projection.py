"""2-D map coordinates."""

import random

from participation.analysis import project_2d


def test_similar_ideas_lie_close_together():
    ideas = {
        1: "Glasfaser im Dorf", 2: "Glasfaser für alle", 3: "Glasfaserausbau",
        4: "Rufbus am Abend", 5: "Bus am Abend", 6: "Rufbus per App",
    }
    points = project_2d(ideas)
    assert set(points) == set(ideas)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in points.values())
    assert max(max(abs(x), abs(y)) for x, y in points.values()) == 1.0

    def distance(a, b):
        return ((points[a][0] - points[b][0]) ** 2 + (points[a][1] - points[b][1]) ** 2) ** 0.5

    assert distance(1, 2) < distance(1, 4)
    assert distance(4, 5) < distance(5, 3)


def test_deterministic_and_independent_of_order():
    ideas = {i: text for i, text in enumerate(["Bus", "Bahn", "Glasfaser", "Internet", "Schule", "Kita", "Lehrer"])}
    items = list(ideas.items())
    random.Random(5).shuffle(items)
    assert project_2d(ideas) == project_2d(dict(items)) == project_2d(ideas)


def test_edge_cases():
    assert project_2d({}) == {}
    assert project_2d({"a": "Glasfaser"}) == {"a": (0.0, 0.0)}
    assert project_2d({"a": "🙂", "b": "Bus", "c": "Bahn"})["a"] == (0.0, 0.0)
    assert project_2d({"a": "Bus", "b": "Bus"}) == {"a": (0.0, 0.0), "b": (0.0, 0.0)}
