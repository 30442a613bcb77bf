"""``cluster-csv``: the analysis on ideas from any CSV file, as a click command.

Registered with the Flask CLI (``flask --app wsgi cluster-csv IN.csv --text-column text
--out OUT.csv``); it needs no application context and no database.
"""

from __future__ import annotations

from pathlib import Path

import click

from .csvtool import CsvToolError, cluster_csv

__all__ = ["cluster_csv_command"]


@click.argument("in_csv", metavar="IN_CSV", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-column", required=True, help="Column with the idea texts.")
@click.option(
    "--fields",
    "fields_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help='JSON list of fields: {"name", "description", "keywords"}.',
)
@click.option("--k", type=click.IntRange(min=1), help="Number of groups (default: automatic).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Output CSV file.")
@click.option("--labels-from", help="Column with known fields (for training and evaluation).")
@click.option(
    "--train-fraction",
    type=click.FloatRange(0.0, 1.0),
    help="Share of labelled rows used as moderator decisions.",
)
@click.option("--delimiter", help="CSV delimiter (default: detected).")
def cluster_csv_cli(
    in_csv: Path,
    text_column: str,
    fields_path: Path | None,
    k: int | None,
    out_path: Path,
    labels_from: str | None,
    train_fraction: float | None,
    delimiter: str | None,
) -> None:
    """Sort the ideas in IN_CSV into fields (--fields) or discover groups among them.

    Writes all input columns plus "field", "score" and "terms" to --out. With
    --labels-from COLUMN --train-fraction F, the labels of a fixed fraction F of the rows
    are used as moderator decisions and the macro-F1 on the other rows is printed.
    """
    try:
        result = cluster_csv(in_csv, out_path, text_column, fields_path, k, labels_from, train_fraction, delimiter)
    except CsvToolError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{result.rows} rows written to {out_path}.")
    for name, count in sorted(result.counts.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {count:6d}  {name or '(no field: Noch nicht zugeordnet)'}")
    if result.training_rows:
        click.echo(f"{result.training_rows} labelled rows used as moderator decisions.")
    if result.macro_f1 is not None:
        click.echo(f"Macro-F1 on the {result.evaluated_rows} other labelled rows: {result.macro_f1:.3f}")


cluster_csv_command = click.command("cluster-csv")(cluster_csv_cli)
