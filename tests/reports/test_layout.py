"""The documentation's fixed sentences: quotes shortened at a word, numbers that never wrap."""

from participation.reports import layout
from participation.reports.content import Quote

TEXTS = {"quote": "„%(text)s“", "number": "A %(number)s", "votes": "Punkte", "from_workshop": "aus: %(workshop)s",
         "locale": "de"}


def test_long_quotes_are_cut_at_a_word_and_short_ones_stay_whole():
    long = "Ein Bürgerbus für die Dörfer zwischen Heide und Büsum, " * 10
    cut = layout.shortened(long)
    assert cut.endswith("…") and len(cut) <= layout.QUOTE_MAX + 1
    assert " ".join(long.split()).startswith(cut[:-1])
    assert layout.shortened("Mehr Busse\n am Abend") == "Mehr Busse am Abend"


def test_quote_line_names_votes_workshop_and_a_non_breaking_number():
    line = layout.quote_line(TEXTS, Quote(17, "Mehr Busse", 3, "Auftakt"), with_votes=True, with_workshop=True)
    assert line == "„Mehr Busse“ (Punkte: 3) · aus: Auftakt [A\u00a017]"
    assert layout.percent(TEXTS, 0.1379) == "13,8"
    assert layout.percent({"locale": "en"}, 0.1379) == "13.8"
