"""Packaging: every third-party import is declared, one version, the `workbook` command, data that ships.

`pip install .` must give a working `workbook` command and library: these tests read pyproject.toml and walk
the imports of src/ with ast, so adding an import without declaring its distribution fails here, not in a
classroom.
"""

from __future__ import annotations

import ast
import contextlib
import fnmatch
import importlib
import importlib.metadata
import io
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import revcycle
import workbook

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGES = ("revcycle", "workbook", "careers")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]

# Modules that exist only for an extra (they import it at the top); every other module must import an
# optional dependency inside the function that needs it, so the core works without the extras.
OPTIONAL_MODULES = {
    "workbook.ui.widgets": "notebook",
    "workbook.ui.encoder": "notebook",
    "workbook.ui.modifier_walker": "notebook",
    "workbook.ui.explorers": "notebook",
    "workbook.explorers": "notebook",  # the name learners import for workbook.ui.explorers
}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return normalize(match.group(1))


CORE = {requirement_name(r) for r in PROJECT["dependencies"]}
EXTRAS = {extra: {requirement_name(r) for r in reqs} for extra, reqs in PROJECT["optional-dependencies"].items()}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def third_party_imports(path: Path) -> list[tuple[str, int, bool]]:
    """(top-level module, line, imported when the module loads) for each non-stdlib, non-project import."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, eager: bool) -> None:
        for child in ast.iter_child_nodes(node):
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            elif (isinstance(child, ast.Call) and child.args and isinstance(child.args[0], ast.Constant)
                  and isinstance(child.args[0].value, str) and (
                      (isinstance(child.func, ast.Attribute) and child.func.attr == "import_module")
                      or (isinstance(child.func, ast.Name) and child.func.id in ("import_module", "__import__")))):
                names = [child.args[0].value]  # importlib.import_module("name")
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in PACKAGES and top != "__future__":
                    found.append((top, child.lineno, eager))
            lazy = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) or (
                isinstance(child, ast.If) and _is_type_checking(child))
            visit(child, eager and not lazy)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), True)
    return found


def source_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (SRC / package).rglob("*.py"))


def test_the_import_walk_sees_eager_lazy_and_type_checking_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nimport yaml.nodes\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    import pandas\ndef f():\n    import matplotlib.pyplot\nfrom revcycle import core\n"
                      "def g():\n    return importlib.import_module('simple_icd_10_cm')\n", encoding="utf-8")
    assert third_party_imports(sample) == [("yaml", 2, True), ("pandas", 5, False), ("matplotlib", 7, False),
                                           ("simple_icd_10_cm", 10, False)]


def test_every_third_party_import_in_src_is_a_declared_dependency():
    distributions = {module: {normalize(d) for d in dists}
                     for module, dists in importlib.metadata.packages_distributions().items()}
    problems: list[str] = []
    imported: set[str] = set()
    for path in source_files():
        module = module_name(path)
        for top, line, eager in third_party_imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {top}"
            dists = distributions.get(top)
            if not dists:
                problems.append(f"{where}, which no installed distribution provides (install it, then declare it)")
                continue
            imported |= dists
            if dists & CORE:
                continue
            extra = revcycle.OPTIONAL_IMPORTS.get(top)
            if extra is None or not dists & EXTRAS.get(extra, set()):
                problems.append(f"{where} ({' or '.join(sorted(dists))}), declared in neither [project.dependencies] "
                                f"nor an extra listed for it in revcycle.OPTIONAL_IMPORTS")
            elif eager and OPTIONAL_MODULES.get(module) != extra:
                problems.append(f"{where} when the module loads, but it comes only with the [{extra}] extra: "
                                f"import it inside the function that needs it")
    assert not problems, "\n".join(problems)
    unused = CORE - imported
    assert not unused, f"declared in [project.dependencies] but imported nowhere in src/: {sorted(unused)}"


def test_every_optional_import_names_an_extra_that_exists():
    for module, extra in {**revcycle.OPTIONAL_IMPORTS, **OPTIONAL_MODULES}.items():
        assert extra in EXTRAS, f"{module}: no [{extra}] in [project.optional-dependencies]"


def test_the_core_imports_and_runs_without_any_extra():
    """Every module but the extras' own imports with matplotlib, ipywidgets and IPython missing."""
    modules = [module_name(p) for p in source_files()
               if module_name(p) not in OPTIONAL_MODULES and not module_name(p).endswith(".__main__")]
    code = (
        "import importlib, sys\n"
        f"missing = {sorted(revcycle.OPTIONAL_IMPORTS)!r}\n"
        "class Missing:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in missing:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r} (hidden by the test)', name=name)\n"
        "sys.meta_path.insert(0, Missing())\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from workbook.cli import main\n"
        "sys.exit(main(['chapters']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "revenue-cycle" in result.stdout


def test_a_missing_extra_is_named_in_the_error(tmp_path):
    """Without site-packages (so no matplotlib, no ipywidgets), our imports say which extra to install;
    anyone else probing for the module still gets the ordinary "not found"."""
    code = (
        f"import importlib.util, sys\nsys.path.insert(0, {str(SRC)!r})\n"
        "from revcycle.viz import charts\n"
        "try:\n    charts.plot_aging(None)\nexcept ModuleNotFoundError as e:\n    print('charts:', e)\n"
        "try:\n    import workbook.ui.widgets\nexcept ModuleNotFoundError as e:\n    print('widgets:', e)\n"
        "print('probe:', importlib.util.find_spec('matplotlib'))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "charts: No module named 'matplotlib'. It comes with the optional 'plots' extra: " \
           "pip install 'medcode-workbook[plots]'" in lines
    assert "widgets: No module named 'ipywidgets'. It comes with the optional 'notebook' extra: " \
           "pip install 'medcode-workbook[notebook]'" in lines
    assert "probe: None" in lines


# ---------------------------------------------------------------------------------------------------- version

VERSION_ASSIGNMENT = re.compile(r"""(?m)^\s*(__version__|version)\s*[:=]\s*(\{[^}]*\}|["'][^"']*["'])""")


def test_there_is_exactly_one_version_string():
    found = [f"{path.relative_to(ROOT)}: {m.group(0).strip()}"
             for path in [ROOT / "pyproject.toml", *source_files()]
             for m in VERSION_ASSIGNMENT.finditer(path.read_text(encoding="utf-8"))
             if not m.group(2).startswith("{")]
    assert found == [f'src/revcycle/__init__.py: __version__ = "{revcycle.__version__}"'], found
    assert "version" not in PROJECT and "version" in PROJECT["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "revcycle.__version__"}
    assert workbook.__version__ == revcycle.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", revcycle.__version__)


# ---------------------------------------------------------------------------------------------------- command

def test_the_workbook_console_script_is_declared_and_callable():
    target = PROJECT["scripts"]["workbook"]
    module, _, attr = target.partition(":")
    main = getattr(importlib.import_module(module), attr)
    assert callable(main)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--help"]) == 0
    assert "assign" in out.getvalue() and "grade" in out.getvalue()
    # `python -m workbook` runs the same function.
    assert "from workbook.cli import main" in (SRC / "workbook" / "__main__.py").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------- data

def test_every_data_file_in_the_packages_ships():
    """Each non-Python file under src/<package> matches that package's package-data, so a wheel carries it."""
    package_data = PYPROJECT["tool"]["setuptools"]["package-data"]
    missing = []
    for package in PACKAGES:
        for path in sorted((SRC / package).rglob("*")):
            if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(SRC / package).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in package_data.get(package, [])):
                missing.append(f"src/{package}/{relative}")
    assert not missing, f"not in [tool.setuptools.package-data], so not in the wheel: {missing}"
    for package in PACKAGES:
        assert (SRC / package / "py.typed").is_file()
    assert (SRC / "careers" / "data" / "careers_outlook.csv").is_file()


@pytest.mark.parametrize("extra", ["plots", "notebook", "book", "dev"])
def test_extras_are_declared(extra):
    assert EXTRAS[extra]
