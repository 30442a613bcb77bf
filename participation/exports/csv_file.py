"""The ideas of a workshop as one CSV table: one row per exported idea.

Made for a double-click in German Excel: UTF-8 with a byte order mark (without it Excel
reads the umlauts as Windows-1252) and ``;`` between cells, because German Excel expects
the semicolon as list separator. ``,`` is available for other tools; the decimal
separator follows the choice (``;`` → ``0,42``, ``,`` → ``0.42``) as each locale expects.
Texts that would start a formula are neutralised (see ``cells``). A workshop with a run
sheet gets a column "Schritt" (the step each idea was posted in). The dots come in three
columns (digital, Papier, gesamt); while they are counted in secret their cells stay empty
and their headings say so. "Quelle" says where an idea came from (Handy, Papier, Import:
<file name>). A workshop with groups (tables, breakout rooms) gets the columns "Gruppe"
("2 Tisch Nord", empty for an idea of no group) and "Im Plenum" (ja/nein: its group
promoted it), last; a workshop without groups has neither. Pure: no Flask, no database.
"""

import csv
import io

from ..charts.specs import source_label
from ..core.timeutil import BERLIN
from .cells import csv_text

DELIMITERS = (";", ",")
# The dots in three columns: given on phones, given on paper (or carried over from an
# imported file), and both together
VOTE_COLUMNS = ("votes_digital", "votes_paper", "votes_total")


def _header(texts, with_steps, votes_hidden=False, with_groups=False):
    return [
        texts["question"],
        texts["field"],
        texts["text"],
        texts["merged"],
        # the note goes into the heading: a row of its own would trip up programs
        *(_votes_heading(texts[key], texts, votes_hidden) for key in VOTE_COLUMNS),
        texts["nickname"],
        texts["source"],
        texts["time_local"],
        texts["score"],
        texts["terms"],
        texts["confirmed"],
        # last, so that programs reading the columns by position read them as before
        *((texts["step"],) if with_steps else ()),
        *((texts["group"], texts["promoted"]) if with_groups else ()),
    ]


def _votes_heading(heading, texts, votes_hidden):
    return f"{heading} ({texts['votes_hidden']})" if votes_hidden else heading


def _number(value):
    return "" if value is None else str(value)


def _score(score, delimiter):
    if score is None:
        return ""
    number = f"{score:.2f}"
    return number.replace(".", ",") if delimiter == ";" else number


def _row(idea, texts, delimiter, step_label=None, with_groups=False):
    return [
        csv_text(idea.question),
        csv_text(idea.field_name or texts["unassigned"]),
        csv_text(idea.text),
        csv_text("\n".join(idea.merged_texts)),
        _number(idea.digital_votes),
        _number(idea.paper_votes if idea.votes is not None else None),
        _number(idea.votes),
        csv_text(idea.nickname),
        csv_text(source_label(idea.source, idea.source_name, texts)),
        idea.created_at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M:%S"),
        _score(idea.score, delimiter),
        csv_text(", ".join(idea.terms)),
        texts["yes"] if idea.confirmed else texts["no"],
        *((csv_text(step_label(idea.step_id)),) if step_label else ()),
        *((csv_text(idea.group_label), texts["yes"] if idea.promoted else texts["no"]) if with_groups else ()),
    ]


def workshop_csv(snapshot, texts, delimiter=";"):
    """The exported ideas of ``snapshot`` (oldest first) as CSV bytes."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    buffer = io.StringIO(newline="")
    # QUOTE_MINIMAL quotes every cell holding the delimiter, a quote or a line break,
    # so multi-line ideas stay one cell; CRLF ends records as RFC 4180 asks.
    writer = csv.writer(buffer, delimiter=delimiter, quotechar='"', lineterminator="\r\n")
    with_steps = snapshot.ran_steps
    with_groups = snapshot.has_groups
    writer.writerow([csv_text(heading) for heading in _header(texts, with_steps, snapshot.votes_hidden, with_groups)])
    for idea in snapshot.ideas:
        writer.writerow(_row(idea, texts, delimiter, snapshot.step_label if with_steps else None, with_groups))

    return buffer.getvalue().encode("utf-8-sig")
