"""The analysis package is pure computation: no web framework, no database."""

import ast
from pathlib import Path

import participation.analysis

FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug", "participation.extensions", "participation.database")


def test_no_module_of_the_package_imports_flask_or_a_database():
    package = Path(participation.analysis.__file__).parent
    for module in sorted(package.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{module.name} imports {name}"


def test_public_api():
    assert set(participation.analysis.__all__) >= {
        "Assignment", "FieldSpec", "Group", "assign_to_fields", "discover_groups", "project_2d", "top_terms"
    }
