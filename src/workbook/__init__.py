"""workbook: the teaching machinery (exercise specs, widgets, static renderer, progress, assign, grade)."""

__version__ = "0.1.0"


def __getattr__(name: str):  # noqa: ANN202 - lazy exports keep `import workbook` cheap
    if name == "encoder":  # workbook.encoder(): ipywidgets and the code-set engine load on first use
        import importlib

        return importlib.import_module("workbook.encoder")  # a callable module: encoder(...) builds one
    raise AttributeError(f"module 'workbook' has no attribute {name!r}")
