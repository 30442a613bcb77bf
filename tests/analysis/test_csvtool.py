"""The cluster-csv command: CSV in, CSV out, friendly errors."""

import csv
import json

import pytest
from click.testing import CliRunner

from participation.analysis.cli import cluster_csv_command
from participation.analysis.csvtool import CsvToolError, cluster_csv, read_table, training_rows

ROWS = [
    ("1", "Rufbus per App bestellen 🚌", "Mobilität"),
    ("2", "Mehr Busse am Wochenende", "Mobilität"),
    ("3", "Radweg nach Heide", "Mobilität"),
    ("4", "Bus fährt zu selten", "Mobilität"),
    ("5", "Glasfaser für alle Dörfer", "Breitband"),
    ("6", "Funklöcher an der B5", "Breitband"),
    ("7", "Schnelles Internet", "Breitband"),
    ("8", "Glasfaserausbau jetzt", "Breitband"),
    ("9", "=HYPERLINK(\"x\")", ""),
]
FIELDS = [
    {"name": "Mobilität", "description": "Bus und Bahn", "keywords": ["bus", "radweg", "rufbus"]},
    {"name": "Breitband", "keywords": ["glasfaser", "internet", "funkloch"]},
]


@pytest.fixture
def files(tmp_path):
    source = tmp_path / "ideen.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "Idee", "Feld"])
        writer.writerows(ROWS)
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps(FIELDS), encoding="utf-8")
    return source, fields, tmp_path / "out.csv"


def read_output(path):
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    return raw.startswith(b"\xef\xbb\xbf"), list(csv.reader(text.splitlines(), delimiter=";"))


def invoke(*arguments):
    return CliRunner().invoke(cluster_csv_command, [str(argument) for argument in arguments])


def test_round_trip_with_fields(files):
    source, fields, out = files
    result = invoke(source, "--text-column", "Idee", "--fields", fields, "--out", out)
    assert result.exit_code == 0, result.output
    assert "9 rows written" in result.output
    bom, rows = read_output(out)
    assert bom  # the input had a BOM and semicolons: so does the output
    assert rows[0] == ["id", "Idee", "Feld", "field", "score", "terms"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["1"][1] == "Rufbus per App bestellen 🚌"
    assert by_id["1"][3] == "Mobilität" and "Rufbus" in by_id["1"][5]
    assert by_id["8"][3] == "Breitband" and float(by_id["8"][4]) > 0
    assert by_id["9"][1] == '=HYPERLINK("x")'  # input cells are passed through unchanged
    assert by_id["9"][3] == ""


def test_groups_without_fields(files):
    source, _, out = files
    result = invoke(source, "--text-column", "Idee", "--k", "2", "--out", out)
    assert result.exit_code == 0, result.output
    _, rows = read_output(out)
    groups = {row[0]: row[3] for row in rows[1:]}
    assert groups["5"] == groups["8"] != groups["2"]
    assert all(groups[key] for key in groups if key != "9")


def test_labels_as_moderator_decisions_print_macro_f1(files):
    source, fields, out = files
    result = invoke(
        source, "--text-column", "Idee", "--fields", fields, "--out", out, "--labels-from", "Feld", "--train-fraction", "0.25"
    )
    assert result.exit_code == 0, result.output
    assert "2 labelled rows used as moderator decisions" in result.output
    assert "Macro-F1 on the 6 other labelled rows: 1.000" in result.output


def test_labels_without_a_fields_file_become_the_fields(files):
    source, _, out = files
    result = invoke(source, "--text-column", "Idee", "--out", out, "--labels-from", "Feld", "--train-fraction", "0.5")
    assert result.exit_code == 0, result.output
    assert "Macro-F1" in result.output


def test_training_rows_are_deterministic():
    assert training_rows(list(range(100)), 0.1) == training_rows(list(range(100)), 0.1)
    assert len(training_rows(list(range(100)), 0.1)) == 10
    assert training_rows([], 0.5) == []


def test_sniffs_comma_and_reads_utf8_without_bom_and_cp1252(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("text,x\nGlasfaser,1\n\"Bus, Bahn\",2\n", encoding="utf-8")
    table = read_table(plain)
    assert (table.delimiter, table.bom, table.header) == (",", False, ["text", "x"])
    assert table.rows[1] == ["Bus, Bahn", "2"]
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("text;x\nMüll;1\n".encode("cp1252"))
    assert read_table(legacy).rows == [["Müll", "1"]]


def test_missing_column_names_the_available_ones(files):
    source, _, out = files
    result = invoke(source, "--text-column", "text", "--out", out)
    assert result.exit_code != 0
    assert 'Column "text" not found' in result.output
    assert '"id", "Idee", "Feld"' in result.output


def test_unreadable_file(tmp_path):
    result = invoke(tmp_path / "nope.csv", "--text-column", "text", "--out", tmp_path / "out.csv")
    assert result.exit_code != 0
    assert "Cannot read" in result.output and "nope.csv" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"name": "x"}', "non-empty JSON list"),
        ("[]", "non-empty JSON list"),
        ('[{"description": "no name"}]', 'needs a "name"'),
        ('[{"name": "A", "keywords": "bus"}]', "must be a list of texts"),
        ('[{"name": "A"}, {"name": "A"}]', "occurs twice"),
    ],
)
def test_bad_fields_files(files, content, message):
    source, fields, out = files
    fields.write_text(content, encoding="utf-8")
    result = invoke(source, "--text-column", "Idee", "--fields", fields, "--out", out)
    assert result.exit_code != 0
    assert message in result.output


def test_train_fraction_needs_labels(files):
    source, _, out = files
    with pytest.raises(CsvToolError, match="needs --labels-from"):
        cluster_csv(source, out, "Idee", train_fraction=0.1)
    result = invoke(source, "--text-column", "Idee", "--out", out, "--train-fraction", "1.5")
    assert result.exit_code != 0


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CsvToolError, match="is empty"):
        cluster_csv(empty, tmp_path / "out.csv", "text")


def test_header_only_file(tmp_path):
    source = tmp_path / "header.csv"
    source.write_text("text\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = invoke(source, "--text-column", "text", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == ["text,field,score,terms"]


def test_catch_all_field_in_a_fields_file(tmp_path):
    ideas = tmp_path / "ideas.csv"
    ideas.write_text("text\nDer Bus fährt zu selten\nMehr Bänke im Park\n", encoding="utf-8")
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps([
        {"name": "Mobilität", "keywords": ["bus", "bahn"]},
        {"name": "Offene Punkte", "keywords": ["bus"], "catch_all": True},
    ]), encoding="utf-8")
    out = tmp_path / "out.csv"
    cluster_csv(ideas, out, "text", fields)
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=csv.Sniffer().sniff(text.splitlines()[0]).delimiter))
    assert [row["field"] for row in rows] == ["Mobilität", "Offene Punkte"]
    assert list(rows[0]) == ["text", "field", "score", "terms"]
    fields.write_text(json.dumps([{"name": "X", "catch_all": "ja"}]), encoding="utf-8")
    with pytest.raises(CsvToolError, match="catch_all"):
        cluster_csv(ideas, out, "text", fields)
