"""Which column of an imported table means what, a first guess from the header names, and
every row checked against the workshop before anything is stored.

A ``Mapping`` comes from the preview's form (or ``guess``); ``plan`` turns the table's rows
into cards grouped by question, and lists every problem with its row numbers. Problems
(an empty or too long text, an unknown question, dots that are no number, a formula
without a value) block the import unless the moderator skips those rows; a category that
is no Handlungsfeld of the workshop only gets a notice: that idea comes without a field.
"""

import hashlib
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..core.text import is_blank
from ..ideas.cards import Card, card_problem
from ..voting.paper import PaperVotesRejected, parse_paper_votes
from .reading import FORMULA

ROLES = ("text", "question", "author", "votes", "category")

# Header names (compared without case, brackets, punctuation) and their first word
# ("body/de" of a Decidim export, "Punkte (verdeckt)" of this app's own export).
NAMES = {
    "text": ("text", "idee", "idea", "ideen", "ideas", "beitrag", "beiträge", "content", "body", "message",
             "nachricht", "antwort", "antworten", "response", "responses", "answer", "answers", "vorschlag",
             "vorschläge", "kommentar", "comment", "inhalt", "post", "anliegen", "text der idee", "opinion"),
    "question": ("frage", "leitfrage", "question", "fragestellung", "folie", "slide", "prompt"),
    "author": ("name", "autor", "autorin", "author", "nickname", "spitzname", "verfasser", "verfasserin",
               "teilnehmer", "teilnehmerin", "teilnehmende", "participant", "user", "username", "benutzer",
               "creator", "erstellt von", "posted by"),
    # this app's own export has "Punkte digital", "Punkte Papier", "Punkte gesamt": the total
    # is found in the exact pass, before the first word "punkte" of the others
    "votes": ("punkte gesamt", "total dots", "gesamtpunkte", "total votes", "votes", "stimmen", "punkte", "likes", "upvotes", "klebepunkte", "dots", "zustimmung",
              "unterstützungen", "supports", "endorsements", "reactions", "reaktionen", "bewertung"),
    "category": ("kategorie", "category", "handlungsfeld", "section", "abschnitt", "bereich", "themenfeld",
                 "thema", "topic", "spalte", "gruppe", "group", "tag", "tags", "label", "cluster", "column"),
}
KEY_PREFIX = "import:"
PREVIEW_ROWS = 10
ROWS_LISTED = 30  # row numbers shown per problem; "and 12 more" after them


def header_name(header):
    text = re.sub(r"\([^)]*\)", " ", header.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def normalised(text):
    """For comparing a question's or a field's name: no case, spaces or end punctuation."""
    return " ".join((text or "").casefold().split()).rstrip(" ?!.:")


@dataclass(frozen=True)
class Mapping:
    table: int = 0
    text: int | None = None
    question_column: int | None = None
    question_id: int | None = None  # one question for all rows
    author: int | None = None
    votes: int | None = None
    category: int | None = None
    skip_problems: bool = False

    def column(self, role):
        return self.question_column if role == "question" else getattr(self, role)

    @property
    def question_choice(self):
        """The value of the question select: ``c<column>``, ``q<question id>`` or ""."""
        if self.question_column is not None:
            return f"c{self.question_column}"
        return f"q{self.question_id}" if self.question_id is not None else ""

    def role_of(self, column):
        return next((role for role in ROLES if self.column(role) == column), None)


def guess(reading, workshop):
    """The table and columns the header names suggest; questions and Handlungsfelder
    compared with the sheet names where sheets were read as one table."""
    tables = reading.tables
    chosen = max(range(len(tables)), key=lambda index: (_guess_column(tables[index], "text", set()) is not None,
                                                        len(tables[index].rows), -index))
    table, used, columns = tables[chosen], set(), {}
    for role in ROLES:
        columns[role] = _guess_column(table, role, used)
        if columns[role] is not None:
            used.add(columns[role])
    if table.sheet_column:
        sheet_column = table.width - 1
        sheets = {normalised(sheet) for sheet in table.sheets}
        if columns["question"] is None and sheets & {normalised(question.text) for question in workshop.questions}:
            columns["question"] = sheet_column
        elif columns["category"] is None and sheets & {normalised(item.name) for item in workshop.fields}:
            columns["category"] = sheet_column
    question_id = None
    if columns["question"] is None and workshop.questions:
        question_id = workshop.questions[0].id
    return Mapping(table=chosen, text=columns["text"], question_column=columns["question"], question_id=question_id,
                   author=columns["author"], votes=columns["votes"], category=columns["category"])


def _guess_column(table, role, used):
    names = [header_name(header) for header in table.headers]
    if table.sheet_column:
        names[-1] = ""
    for exact in (True, False):
        for column, name in enumerate(names):
            if column in used or not name:
                continue
            candidate = name if exact else name.split()[0]
            if candidate in NAMES[role]:
                return column
    return None


def from_form(form, reading, workshop):
    """``(mapping, errors)`` from the preview's form; ``errors`` maps a role to the German
    message for its select (a choice that does not exist is dropped, not trusted)."""
    errors = {}
    table_index = _index(form.get("table"), len(reading.tables)) or 0
    width = reading.tables[table_index].width
    columns = {role: _index(form.get(role), width) for role in ("text", "author", "votes", "category")}
    question_column = question_id = None
    choice = form.get("question", "")
    if choice.startswith("c"):
        question_column = _index(choice[1:], width)
    elif choice.startswith("q") and choice[1:].isdigit():
        question_id = int(choice[1:]) if any(q.id == int(choice[1:]) for q in workshop.questions) else None
    if columns["text"] is None:
        errors["text"] = _("Bitte wählen Sie die Spalte mit dem Text der Ideen.")
    if question_column is None and question_id is None:
        errors["question"] = _("Bitte wählen Sie die Spalte mit der Frage oder eine Frage für alle Zeilen.")
    chosen = [("text", columns["text"]), ("question", question_column),
              *((role, columns[role]) for role in ("author", "votes", "category"))]
    seen = {}
    for role, column in chosen:
        if column is None:
            continue
        if column in seen:
            errors[role] = _("Diese Spalte ist schon „%(role)s“ zugeordnet; jede Spalte hat nur eine Bedeutung.",
                             role=role_labels()[seen[column]])
        else:
            seen[column] = role
    mapping = Mapping(table=table_index, text=columns["text"], question_column=question_column,
                      question_id=question_id, author=columns["author"], votes=columns["votes"],
                      category=columns["category"], skip_problems=form.get("skip") == "1")
    return mapping, errors


def _index(raw, width):
    raw = (raw or "").strip()
    if not raw.isdigit() or int(raw) >= width:
        return None
    return int(raw)


def role_labels():
    return {
        "text": _("Text der Idee"),
        "question": _("Frage"),
        "author": _("Name"),
        "votes": _("Punkte"),
        "category": _("Handlungsfeld"),
    }


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_label(table, index):
    """"B: Idee", "C (ohne Überschrift)", or "F: Tabellenblatt" for the sheet names."""
    if table.sheet_column and index == table.width - 1:
        return _("Tabellenblatt")
    header = " ".join(table.headers[index].split())
    if not header:
        return _("%(column)s (ohne Überschrift)", column=column_letter(index))
    return f"{column_letter(index)}: {header[:60]}"


def row_label(row, table):
    """The row as the moderator finds it in the file: "12", or "Mobilität, 12" for sheets."""
    if table.sheet_column and row.sheet:
        return _("%(sheet)s, Zeile %(row)d", sheet=row.sheet, row=row.number)
    return str(row.number)


@dataclass
class Problem:
    message: str
    rows: list = field(default_factory=list)

    @property
    def listed(self):
        return self.rows[:ROWS_LISTED]

    @property
    def more(self):
        return max(0, len(self.rows) - ROWS_LISTED)


@dataclass
class Plan:
    """The rows of one table checked against the workshop under one mapping."""

    cards: dict = field(default_factory=dict)  # question id -> [Card], rows in order
    problems: list = field(default_factory=list)  # Problem, blocking
    notices: list = field(default_factory=list)  # Problem, the row is imported anyway
    problem_rows: set = field(default_factory=set)  # row numbers (index in the table)
    total: int = 0

    @property
    def ready(self):
        return sum(len(cards) for cards in self.cards.values())

    @property
    def keys(self):
        return [card.key for cards in self.cards.values() for card in cards]


def row_key(file_hash, row):
    """The row's own key: the same file imported again finds its rows known."""
    digest = hashlib.sha256(f"{file_hash}\x1f{row.sheet or ''}\x1f{row.number}".encode()).hexdigest()
    return KEY_PREFIX + digest[:48]


def plan(table, mapping, workshop, file_hash):
    """The cards the rows become, grouped by question, and what keeps rows out."""
    questions = {normalised(question.text): question.id for question in workshop.questions}
    numbered = {str(position): question.id for position, question in enumerate(workshop.questions, start=1)}
    fields = {normalised(item.name): item.id for item in workshop.fields}
    unassigned = {normalised("Noch nicht zugeordnet"), normalised(_("Noch nicht zugeordnet"))}
    result = Plan(total=len(table.rows))
    problems, notices = {}, {}

    def report(group, message, index, label):
        group.setdefault(message, Problem(message)).rows.append(label)
        if group is problems:
            result.problem_rows.add(index)

    for index, row in enumerate(table.rows):
        label = row_label(row, table)
        before = len(result.problem_rows)
        for role in ROLES:
            column = mapping.column(role)
            if column is not None and row.flag(column) == FORMULA:
                report(problems, _("Formel ohne berechneten Wert (die Datei wurde nie in einer Tabellenkalkulation "
                                   "berechnet und gespeichert)"), index, label)
                break
        text = row.cell(mapping.text)
        if is_blank(text):
            report(problems, _("Kein Text"), index, label)
        else:
            problem = card_problem(workshop, text)
            if problem and len(text.strip()) > workshop.idea_max_length:
                report(problems, _("Text zu lang (erlaubt sind höchstens %(limit)d Zeichen)",
                                   limit=workshop.idea_max_length),
                       index, _("%(row)s (%(length)d Zeichen)", row=label, length=len(text.strip())))
            elif problem:
                report(problems, problem, index, label)
        question_id = mapping.question_id
        if mapping.question_column is not None:
            value = row.cell(mapping.question_column)
            question_id = questions.get(normalised(value)) or numbered.get(value.strip())
            if is_blank(value):
                report(problems, _("Keine Frage angegeben"), index, label)
            elif question_id is None:
                report(problems, _("Die Frage „%(question)s“ gibt es in diesem Workshop nicht",
                                   question=" ".join(value.split())[:120]), index, label)
        votes = 0
        if mapping.votes is not None:
            value = row.cell(mapping.votes).strip()
            try:
                votes = parse_paper_votes(re.sub(r"[.,]0+$", "", value))
            except PaperVotesRejected:
                report(problems, _("Punkte sind keine ganze Zahl von 0 bis 10.000"), index,
                       f"{label} („{value[:20]}“)")
        field_id = None
        if mapping.category is not None:
            value = row.cell(mapping.category)
            name = normalised(value)
            field_id = fields.get(name)
            if name and field_id is None and name not in unassigned:
                report(notices, _("Das Handlungsfeld „%(field)s“ gibt es in diesem Workshop nicht: diese Ideen "
                                  "kommen ohne Handlungsfeld an, die Textanalyse ordnet sie zu",
                                  field=" ".join(value.split())[:80]), index, label)
        if len(result.problem_rows) > before:
            continue
        author = row.cell(mapping.author) if mapping.author is not None else None
        card = Card(text=text, key=row_key(file_hash, row), author=author or None, paper_votes=votes,
                    field_id=field_id)
        result.cards.setdefault(question_id, []).append(card)
    result.problems = list(problems.values())
    result.notices = list(notices.values())
    return result
