"""The documentation as a file: one place decides content, format and name."""

from ..exports.services import MIMETYPES, ExportFile, file_name, slug
from ..exports.snapshot import workshop_snapshot
from .charts import process_charts, workshop_charts
from .content import process_report, workshop_report
from .texts import report_texts

KINDS = ("docx", "pdf")


def _write(report, texts, kind):
    if kind == "docx":
        from .docx_file import report_docx  # python-docx only when asked for

        return report_docx(report, texts)
    from .pdf_file import report_pdf

    return report_pdf(report, texts)


def workshop_report_file(workshop, kind):
    if kind not in KINDS:
        raise KeyError(kind)
    texts = report_texts()
    charts = workshop_charts(workshop, workshop_snapshot(workshop, with_terms=False), texts)
    report = workshop_report(workshop, charts)
    return ExportFile(_write(report, texts, kind), MIMETYPES[kind], file_name(workshop, "dokumentation", kind))


def process_report_file(process, kind):
    if kind not in KINDS:
        raise KeyError(kind)
    texts = report_texts()
    report = process_report(process, process_charts(process, texts))
    name = f"prozess-{slug(process.title)}-dokumentation.{kind}"
    return ExportFile(_write(report, texts, kind), MIMETYPES[kind], name)
