"""The run of the evening as the Fokusgruppen-Mappe tells it ("Ablauf des Abends"): each
step of the run sheet with its questions, its planned and its real time, and what it left
(ideas, dots, people done). Pure: no Flask, no database.
"""

from .pdf_base import export_locale, local_date_time


def _minutes(seconds):
    minutes = seconds / 60
    return f"{minutes:g}" if minutes != int(minutes) else str(int(minutes))


def step_lines(step, texts):
    """The lines under a step's heading, as (label, value) pairs."""
    locale = export_locale(texts)
    lines = [(texts["step_questions"], "; ".join(step.questions) if step.questions else texts["all_questions"])]
    if step.duration_seconds:
        lines.append((texts["step_duration"], _minutes(step.duration_seconds)))
    if step.started_at is None:
        lines.append((texts["step_started"], texts["step_not_run"]))
        return lines
    lines.append((texts["step_started"], local_date_time(step.started_at, locale)))
    lines.append((texts["step_ended"], local_date_time(step.ended_at, locale) if step.ended_at else texts["step_running"]))
    if step.record:
        lines.append((texts["step_ideas"], str(step.number("ideas") or 0)))
        lines.append((texts["step_dots"], str(step.number("dots") or 0)))
        lines.append((texts["step_done"], texts["step_done_of"] % {
            "done": step.number("done") or 0, "people": step.number("people") or 0}))
    return lines


def run_sheet_section(pdf, snapshot, texts, start_section):
    """The section "Ablauf des Abends" (only for a workshop with a run sheet)."""
    start_section(pdf, texts["run_sheet_title"])
    for step in snapshot.steps:
        if pdf.will_page_break(40):
            pdf.add_page()
        heading = f"{step.position}. {step.kind_label}" + (f": {step.title}" if step.title else "")
        pdf.paragraph(heading, size=12, bold=True)
        for label, value in step_lines(step, texts):
            pdf.label_line(label, value)
        pdf.ln(3)
