"""workbook: the teaching machinery (exercise specs, widgets, static renderer, progress, assign, grade)."""

from revcycle import __version__ as __version__  # the one version; pyproject.toml reads it there too


def __getattr__(name: str):  # noqa: ANN202 - lazy exports keep `import workbook` cheap
    if name == "encoder":  # workbook.ui.encoder(): ipywidgets and the code-set engine load on first use
        import importlib

        return importlib.import_module("workbook.ui.encoder")  # a callable module: encoder(...) builds one
    raise AttributeError(f"module 'workbook' has no attribute {name!r}")
