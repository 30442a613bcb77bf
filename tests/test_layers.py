"""The import graph follows the layers in ``participation/layers.py``, features register in
the factory, and importing a feature's models stays cheap.

Imports are read from the source with ``ast``: module-level and function-level, relative
and absolute, so an import hidden inside a function counts like any other.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import participation
from participation.layers import LAYERS, OUTSIDE, layer_of

PACKAGE = Path(participation.__file__).parent
BASE = layer_of("core")  # the highest of the base layers

# Packages whose ``__init__.py`` is more than a docstring and a blueprint, and why.
INIT_WITH_CODE = {
    "analysis": "pure computation, not a web feature: its __init__ names the public API",
    "limits": "the rate-limit store itself, not a web feature",
}


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path):
    """``(line, imported module)`` for every import of ``participation`` in the file."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = base + (node.module.split(".") if node.module else [])
                # "from . import views" imports the module participation.<feature>.views
                targets = [".".join(module + [alias.name]) for alias in node.names] if not node.module else [
                    ".".join(module)
                ]
            else:
                targets = [node.module]
        else:
            continue
        for target in targets:
            if target == "participation" or target.startswith("participation."):
                yield node.lineno, target


def _feature(module):
    """The top-level package (or module) below ``participation`` that ``module`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _all_modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_package_has_a_layer():
    features = {_feature(_module_name(path)) for path in _all_modules()} - OUTSIDE
    unplaced = []
    for feature in sorted(features):
        try:
            layer_of(feature)
        except KeyError as missing:
            unplaced.append(str(missing))
    assert not unplaced, "\n".join(unplaced)
    listed = set().union(*(packages for _name, packages in LAYERS))
    assert listed <= features, f"layers.py names packages that do not exist: {sorted(listed - features)}"


def _against_the_layers(source, imports):
    """What is wrong with module ``source`` importing ``imports`` (``(line, module)`` pairs)."""
    own = _feature(source)
    if own in OUTSIDE:
        return []
    problems = []
    for line, target in imports:
        other = _feature(target)
        if other == own:
            continue
        if other in OUTSIDE:
            problems.append(f"{source} imports {target} (line {line}; outside the layers)")
            continue
        mine, theirs = layer_of(own), layer_of(other)
        if theirs >= mine:
            problems.append(
                f"{source} imports {target} (line {line}; layer {mine} '{LAYERS[mine][0]}' imports "
                f"{'the same' if theirs == mine else 'higher'} layer {theirs} '{LAYERS[theirs][0]}')"
            )
    return problems


def test_no_import_against_the_layers():
    problems = [
        problem
        for path in _all_modules()
        for problem in _against_the_layers(_module_name(path), _imports(path))
    ]
    assert not problems, "imports against participation/layers.py:\n" + "\n".join(problems)


def test_the_check_sees_upward_sideways_and_factory_imports():
    """The check itself: a lower layer importing a higher one, two packages of one layer, and
    a feature importing the factory are each reported; importing downwards is fine."""
    assert _against_the_layers("participation.ideas.views", [(3, "participation.workshops.models")]) == []
    upward = _against_the_layers("participation.core.web", [(7, "participation.ideas.models")])
    assert len(upward) == 1 and "higher layer" in upward[0] and "line 7" in upward[0]
    sideways = _against_the_layers("participation.fields.views", [(9, "participation.live.views")])
    assert len(sideways) == 1 and "the same layer" in sideways[0]
    assert _against_the_layers("participation.ideas.views", [(1, "participation.layers")])


def test_no_package_imports_the_app_factory():
    problems = [
        f"{_module_name(path)} imports participation itself (line {line})"
        for path in _all_modules()
        if path.parent != PACKAGE
        for line, target in _imports(path)
        if target == "participation"
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("init", sorted(PACKAGE.glob("*/__init__.py")), ids=lambda path: path.parent.name)
def test_package_init_holds_only_its_blueprint(init):
    """Registration happens in the factory: an ``__init__.py`` imports no view and sets nothing up."""
    if init.parent.name in INIT_WITH_CODE:
        return
    tree = ast.parse(init.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.ImportFrom) and node.module == "flask" and [a.name for a in node.names] == [
            "Blueprint"
        ]:
            continue
        if isinstance(node, ast.Assign) and not isinstance(node.value, (ast.Lambda,)):
            if isinstance(node.value, ast.Call):
                assert getattr(node.value.func, "id", None) == "Blueprint", f"{init}: only bp = Blueprint(...)"
            continue  # bp = Blueprint(...), or a constant such as i18n's LANGUAGES
        pytest.fail(f"{init}:{node.lineno} holds more than a docstring and a blueprint ({type(node).__name__})")


MODELS = sorted(PACKAGE.glob("*/models.py"))


@pytest.mark.parametrize("models", MODELS, ids=lambda path: path.parent.name)
def test_importing_a_models_module_is_cheap(models):
    """``import participation.<feature>.models`` loads no views and only a handful of modules."""
    name = _module_name(models)
    script = (
        "import json, sys\n"
        f"import {name}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'participation' or m.startswith('participation.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent)
    loaded = json.loads(result.stdout)
    views = [module for module in loaded if module.rsplit(".", 1)[-1].endswith("views")]
    assert not views, f"importing {name} loaded views: {views}"
    feature = _feature(name)
    # The factory's own imports, the base layers, the feature's package and models, and the
    # models of lower features it refers to (a foreign key, a signal of the owning table).
    others = [
        module for module in loaded
        if _feature(module) not in ("", feature) and layer_of(_feature(module)) > BASE
        and module.rsplit(".", 1)[-1] != "models" and module != f"participation.{_feature(module)}"
    ]
    assert not others, f"importing {name} loaded modules of other features: {others}"
    own = [module for module in loaded if _feature(module) == feature]
    assert set(own) <= {f"participation.{feature}", name}, f"importing {name} loaded {own}"
    assert len(loaded) <= 15, f"importing {name} loaded {len(loaded)} modules: {loaded}"
