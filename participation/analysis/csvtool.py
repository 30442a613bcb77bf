"""The core of ``flask cluster-csv``: run the analysis on ideas from any CSV file.

Reads a CSV file (delimiter sniffed; UTF-8 with or without BOM, Windows-1252 as a
fallback for old spreadsheet exports), and either

* assigns every row to a field of a fields file (a JSON list of objects with ``name``,
  optional ``description``, ``keywords`` and ``catch_all``: a field that receives the rows
  fitting no other field; "Sonstiges", "Andere", "Weiteres", "Allgemeines" are one anyway), optionally taking the labels of a
  deterministic fraction of rows as confirmed moderator decisions, or
* discovers groups among the rows (``k`` of them, or automatically) when there is neither
  a fields file nor a label column (``k`` is ignored otherwise).

It writes every input column plus ``field``, ``score`` and ``terms`` (existing columns of
these names are overwritten), with the input's delimiter and BOM. Problems a person can
fix (missing column, unreadable file, bad JSON) raise :class:`CsvToolError` with a
message meant to be shown as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from .discovery import cluster_ideas
from .fields import FieldSpec, assign_to_fields

__all__ = ["CsvToolError", "CsvResult", "cluster_csv", "read_fields", "read_table", "training_rows"]

OUTPUT_COLUMNS = ("field", "score", "terms")
TRAINING_SEED = 0


class CsvToolError(Exception):
    """A problem with the input that the person running the tool can fix."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    delimiter: str
    bom: bool


@dataclass
class CsvResult:
    """What :func:`cluster_csv` did, for the command to report."""

    rows: int
    mode: str  # "fields" or "groups"
    counts: dict[str, int] = field(default_factory=dict)  # rows per field or group ("" = none)
    training_rows: int = 0
    evaluated_rows: int = 0
    macro_f1: float | None = None


def read_table(path: Path | str, delimiter: str | None = None) -> Table:
    """The header and rows of a CSV file (see module docstring)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CsvToolError(f"Cannot read {path}: {error.strerror or error}.") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise CsvToolError(f"{path} is empty: expected a header row with column names.")
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise CsvToolError(f"{path} is not a readable CSV file: {error}.") from None
    header, *rows = [record for record in records if record]
    width = len(header)
    rows = [(row + [""] * width)[:width] if len(row) < width else row for row in rows]
    return Table([name.strip() for name in header], rows, delimiter, bom)


def read_fields(path: Path | str) -> list[FieldSpec]:
    """Fields from a JSON file: a list of ``{"name", "description"?, "keywords"?}``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise CsvToolError(f"Cannot read the fields file {path}: {error.strerror or error}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CsvToolError(f"The fields file {path} is not valid JSON: {error}.") from None
    if not isinstance(data, list) or not data:
        raise CsvToolError(
            f"The fields file {path} must contain a non-empty JSON list of objects with "
            '"name", optional "description" and "keywords".'
        )
    fields: list[FieldSpec] = []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise CsvToolError(f'Field {position} in {path} needs a "name" (a non-empty text).')
        description = item.get("description", "")
        keywords = item.get("keywords", [])
        if not isinstance(description, str):
            raise CsvToolError(f'The "description" of field {position} in {path} must be a text.')
        if not isinstance(keywords, list) or not all(isinstance(word, str) for word in keywords):
            raise CsvToolError(f'The "keywords" of field {position} in {path} must be a list of texts.')
        catch_all = item.get("catch_all", False)
        if not isinstance(catch_all, bool):
            raise CsvToolError(f'The "catch_all" of field {position} in {path} must be true or false.')
        name = item["name"].strip()
        if any(existing.name == name for existing in fields):
            raise CsvToolError(f'The field name "{name}" occurs twice in {path}.')
        fields.append(FieldSpec(name, name, description, tuple(keywords), catch_all))
    return fields


def training_rows(labelled: Sequence[int], fraction: float) -> list[int]:
    """A deterministic ``fraction`` of the labelled row numbers (fixed seed), sorted."""
    count = int(round(fraction * len(labelled)))
    order = np.random.RandomState(TRAINING_SEED).permutation(len(labelled))
    return sorted(labelled[int(index)] for index in order[:count])


def cluster_csv(
    in_path: Path | str,
    out_path: Path | str,
    text_column: str,
    fields_path: Path | str | None = None,
    k: int | None = None,
    labels_from: str | None = None,
    train_fraction: float | None = None,
    delimiter: str | None = None,
) -> CsvResult:
    """Analyse the ``text_column`` of ``in_path`` and write ``out_path`` (see module docstring)."""
    if train_fraction is not None and not labels_from:
        raise CsvToolError("--train-fraction needs --labels-from: the column with the known fields.")
    if train_fraction is not None and not 0.0 <= train_fraction <= 1.0:
        raise CsvToolError("--train-fraction must be between 0 and 1.")
    if k is not None and k < 1:
        raise CsvToolError("--k must be at least 1.")
    table = read_table(in_path, delimiter)
    text_index = _column(table, text_column, in_path)
    label_index = _column(table, labels_from, in_path) if labels_from else None
    ideas = {row: record[text_index] for row, record in enumerate(table.rows)}
    fields = read_fields(fields_path) if fields_path is not None else None

    if fields is None and label_index is None:
        result = CsvResult(len(table.rows), "groups")
        output = {}
        for group, closeness in cluster_ideas(ideas, k):
            for row in group.idea_keys:
                output[row] = (group.label, closeness[row], ", ".join(group.terms))
            result.counts[group.label] = len(group.idea_keys)
    else:
        labels = {row: record[label_index].strip() for row, record in enumerate(table.rows)} if label_index is not None else {}
        labelled = [row for row, label in labels.items() if label]
        if fields is None:
            fields = [FieldSpec(name, name) for name in sorted(set(labels[row] for row in labelled))]
        known = {spec.name for spec in fields}
        # Labels that name no field of the file become fields of their own (name only).
        fields = list(fields) + [FieldSpec(name, name) for name in sorted({labels[row] for row in labelled} - known)]
        training = training_rows(labelled, train_fraction) if train_fraction else []
        confirmed = {row: labels[row] for row in training}
        assignments = assign_to_fields(ideas, fields, confirmed)
        result = CsvResult(len(table.rows), "fields", training_rows=len(training))
        output = {}
        for row, assignment in assignments.items():
            name = "" if assignment.field_key is None else str(assignment.field_key)
            output[row] = (name, assignment.score, ", ".join(assignment.terms))
            result.counts[name] = result.counts.get(name, 0) + 1
        evaluated = [row for row in labelled if row not in confirmed]
        if evaluated:
            gold = [labels[row] for row in evaluated]
            predicted = [output[row][0] for row in evaluated]
            result.evaluated_rows = len(evaluated)
            result.macro_f1 = float(
                f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0)
            )
    _write(out_path, table, output)
    return result


def _column(table: Table, name: str, path: Path | str) -> int:
    if name in table.header:
        return table.header.index(name)
    folded = [column.casefold() for column in table.header]
    if name.casefold() in folded:
        return folded.index(name.casefold())
    available = ", ".join(f'"{column}"' for column in table.header) or "none"
    raise CsvToolError(f'Column "{name}" not found in {path}. Available columns: {available}.')


def _write(path: Path | str, table: Table, output: dict[int, tuple[str, float, str]]) -> None:
    header = list(table.header)
    positions = []
    for name in OUTPUT_COLUMNS:
        if name not in header:
            header.append(name)
        positions.append(header.index(name))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=table.delimiter)
    writer.writerow(header)
    for row, record in enumerate(table.rows):
        values = list(record) + [""] * (len(header) - len(record))
        name, score, terms = output.get(row, ("", 0.0, ""))
        values[positions[0]], values[positions[1]], values[positions[2]] = name, f"{score:.4f}", terms
        writer.writerow(values)
    try:
        Path(path).write_text(buffer.getvalue(), encoding="utf-8-sig" if table.bom else "utf-8", newline="")
    except OSError as error:
        raise CsvToolError(f"Cannot write {path}: {error.strerror or error}.") from None
