"""How densely the A4 poster sets its text: pure arithmetic on the lengths, no Flask.

Print has no way to measure and shrink text, so the server sorts the title and the
questions into classes by length; static/css/poster.css gives each class a font size that
still fits one A4 page at the longest text of the class (checked by printing the worst
case through Chromium in tests/browser/test_poster.py).
"""

from dataclasses import dataclass

# Upper bounds (characters) of each class; beyond the last one, the smallest size.
TITLE_CLASSES = (40, 90, 150)
# Question text counts its characters plus a line's worth per question (each starts a line).
QUESTION_LINE = 60
QUESTION_CLASSES = (300, 700, 1500, 2200)


@dataclass(frozen=True)
class PosterDensity:
    title: int  # 1 (large) .. 4 (small)
    questions: int  # 1 (large) .. 5 (small)


def _class_of(length, bounds):
    for number, bound in enumerate(bounds, start=1):
        if length <= bound:
            return number
    return len(bounds) + 1


def poster_density(title, questions):
    """The density classes of a poster with this title and these question texts."""
    question_length = sum(len(text) + QUESTION_LINE for text in questions)
    return PosterDensity(_class_of(len(title), TITLE_CLASSES), _class_of(question_length, QUESTION_CLASSES))
