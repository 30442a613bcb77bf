"""Ideas as the Fokusgruppen-Mappe lists them: number, text, merged texts, details line
(dots, split into digital and paper when some were given on paper; the source when it was
not a phone; the question; the name; its group, and "Im Plenum" first when its group
promoted it to the plenary).

Each idea is one block that is never split over a page break (unless it is taller than a
page): a details line "· von Hauke" alone at the top of a page belongs to nobody.
"""

from fpdf.enums import MethodReturnValue, XPos, YPos

from ..charts.specs import source_label
from .pdf_base import FAMILY, LINE, MUTED
from .rows import PHONE

NUMBER_WIDTH = 9  # mm for "12." left of an idea
MERGED_LINE = 4.6  # mm per line of a text merged into an idea
META_LINE = 4.2  # mm per line of an idea's details ("Punkte: 3 · Leitfrage: … · von …")


def idea_list(pdf, ideas, texts, show_group=True):
    """``show_group``: name each idea's group in its details (not in a group's own list)."""
    for number, idea in enumerate(ideas, start=1):
        _idea(pdf, number, idea, texts, show_group)


def _idea(pdf, number, idea, texts, show_group=True):
    width = pdf.epw - NUMBER_WIDTH
    body = pdf.clean(idea.text)
    merged = [pdf.clean(f"+ {texts['merged']}: {item.text}") for item in idea.merged]
    meta = [f"{texts['votes']}: {idea_votes(idea, texts)}", f"{texts['question']}: {idea.question}"]
    if idea.source != PHONE:
        meta.append(f"{texts['source']}: {source_label(idea.source, idea.source_name, texts)}")
    if show_group and idea.group_id is not None:
        meta.append(f"{texts['group']}: {idea.group_label}")
    if idea.nickname:
        meta.append(texts["by_nickname"] % {"nickname": idea.nickname})
    if idea.promoted:
        meta.insert(0, texts["promoted"].upper())
    meta = pdf.clean(" · ".join(meta))
    _keep_together(pdf, body, merged, meta, width)
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(NUMBER_WIDTH, LINE, f"{number}.")
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(pdf.l_margin + NUMBER_WIDTH, top)
    pdf.multi_cell(width, LINE, body, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 9)
        for text in merged:
            pdf.set_x(pdf.l_margin + NUMBER_WIDTH)
            pdf.multi_cell(width, MERGED_LINE, text, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_x(pdf.l_margin + NUMBER_WIDTH)
        pdf.multi_cell(width, META_LINE, meta, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(2.5)


def idea_votes(idea, texts):
    """"3", "3 (2 digital, 1 Papier)" when some of its dots were given on paper, or "verdeckt"."""
    if idea.votes is None:
        return texts["votes_hidden_short"]
    return votes_text(idea.votes, idea.paper_votes, texts)


def votes_text(total, paper, texts):
    """A number of dots, with its split when some were given on paper."""
    if not paper:
        return str(total)
    return texts["votes_split"] % {"total": total, "digital": total - paper, "paper": paper}


def _keep_together(pdf, body, merged, meta, width):
    """Break before an idea that does not fit the rest of the page, so its text, the texts
    merged into it and its details ("Punkte · Leitfrage · von …") are read on one page.

    The cheap estimate only finds the ideas near the bottom of a page; those are measured
    exactly with fpdf2's dry run (as costly as drawing, so not for every idea). An idea
    taller than a whole page starts on a fresh page and runs on from there.
    """
    room = pdf.page_break_trigger - pdf.get_y()
    parts = [(body, 10, LINE), *((text, 9, MERGED_LINE) for text in merged), (meta, 8, META_LINE)]
    guess = 0
    for text, size, height in parts:
        pdf.set_font(FAMILY, "", size)
        guess += pdf.estimate_lines(text, width) * height
    # Word wrapping wastes more than the estimate allows for (long compounds), and the
    # estimate may count a line too many per part: only between these bounds is it unsure.
    if 1.5 * guess + 2 * LINE < room:
        return
    if 0.75 * guess - len(parts) * LINE <= room:
        exact = 0
        for text, size, height in parts:
            pdf.set_font(FAMILY, "", size)
            lines = pdf.multi_cell(width, height, text, align="L", dry_run=True, output=MethodReturnValue.LINES)
            exact += len(lines) * height
        if exact <= room:
            return
    if pdf.get_y() > pdf.t_margin + 0.01:
        pdf.add_page()
