"""The lines both writers print, from the report model and the translated words: the DOCX
and the PDF say the same sentences."""

from ..exports.pdf_base import export_locale, local_date
from ..exports.pdf_ideas import votes_text
from ..exports.rows import PHONE
from ..charts.specs import source_label

NBSP = "\u00a0"
QUOTE_MAX = 240  # characters of an idea quoted in a field's section; the appendix has it all


def shortened(text, limit=QUOTE_MAX):
    """``text`` on one line, cut at a word boundary with "…" when longer than ``limit``."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:–-") + "…"


def number(texts, value):
    """"A 17" (a non-breaking space: the number never wraps away from its letter)."""
    return (texts["number"] % {"number": value}).replace(" ", NBSP)


def reference(texts, value):
    return f"[{number(texts, value)}]"


def percent(texts, share):
    value = round(share * 100, 1)
    text = f"{value:.1f}"
    return text.replace(".", ",") if export_locale(texts).startswith("de") else text


def dots(texts, value):
    return texts["votes_hidden_short"] if value is None else str(value)


def quote_line(texts, quote, with_votes=False, with_workshop=False):
    """„Mehr Busse am Abend“ (5 Punkte) · aus: Auftakt [A 17]"""
    parts = [texts["quote"] % {"text": shortened(quote.text)}]
    if with_votes and quote.votes is not None:
        parts.append(f"({texts['votes']}: {quote.votes})")
    if with_workshop and quote.workshop:
        parts.append("· " + texts["from_workshop"] % {"workshop": quote.workshop})
    parts.append(reference(texts, quote.number))
    return " ".join(parts)


def field_sentence(texts, section, total):
    values = {"count": section.count, "total": total, "share": percent(texts, section.share), "votes": section.votes}
    return texts["field_count_hidden" if section.votes is None else "field_count"] % values


def idea_details(texts, idea):
    """"Punkte: 3 (2 digital, 1 Papier) · Leitfrage: … · Quelle: Papier"."""
    line = f"{texts['question']}: {idea.question}"
    if idea.votes is not None:
        line = f"{texts['votes']}: {votes_text(idea.votes, idea.paper_votes, texts)} · {line}"
    if idea.source != PHONE:
        line += f" · {texts['source']}: {source_label(idea.source, None, texts)}"
    return line


def merged_lines(texts, idea):
    return [f"+ {texts['merged']}: {text}" for text in idea.merged]


def when_where(texts, report):
    """The cover's dates and places: each workshop's, in order."""
    locale = export_locale(texts)
    lines = []
    for event in report.events:
        parts = [local_date(event.date, locale), event.place]
        if report.kind == "process":
            parts.insert(0, event.title)
        line = " · ".join(part for part in parts if part)
        if line:
            lines.append(line)
    return lines


def facts_rows(texts, report):
    """The facts table, a column per workshop (and the totals for a process): a header row,
    then date, place, people, paper cards, ideas, dots."""
    locale = export_locale(texts)
    events = list(report.events)
    header = [""] + [event.title or "" for event in events]
    columns = [[local_date(event.date, locale), event.place, str(event.people), str(event.paper_cards),
                str(event.ideas), dots(texts, event.dots)] for event in events]
    if report.totals is not None:
        total = report.totals
        header.append(texts["process_total"])
        columns.append(["", "", str(total.people), str(total.paper_cards), str(total.ideas), dots(texts, total.dots)])
    labels = [texts["date"], texts["place"], texts["people"], texts["paper_cards"], texts["visible_ideas"], texts["dots"]]
    rows = [[label] + [column[number] for column in columns] for number, label in enumerate(labels)]
    return header, rows


def group_heading(texts, group):
    return group.field if group.field is not None else texts["unassigned"]
