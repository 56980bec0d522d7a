"""Command line: python -m workbook <command>. Every failure is a message and an exit status, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from workbook.errors import WorkbookError


def _keys(args: argparse.Namespace) -> int:
    from workbook import keys

    if args.check:
        problems = keys.verify()
        for problem in problems:
            print(f"MISMATCH {problem}", file=sys.stderr)
        if problems:
            print("Run `python -m workbook keys` to regenerate the hashes from solutions/keys.", file=sys.stderr)
            return 1
        print("Every stored hash matches its answer key.")
        return 0
    for name in keys.regenerate():
        print(f"wrote exercises/banks/{name}.checks.json")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from workbook.notebooks import execute

    for path in args.notebooks:
        execute(path)
        print(f"executed {path}")
    return 0


def _bank_notebooks(args: argparse.Namespace) -> int:
    from workbook.display import load
    from workbook.notebooks import solution_notebook, write_exercise_notebook
    from workbook.paths import project_root

    root = project_root()
    for name in args.banks:
        bank, _key = load(name, root)
        write_exercise_notebook(name, bank.title, root / "exercises" / f"{name}.ipynb")
        write_exercise_notebook(name, bank.title, root / "solutions" / f"{name}.ipynb", maker=solution_notebook)
        print(f"wrote and executed exercises/{name}.ipynb and solutions/{name}.ipynb")
    return 0


def _edition(args: argparse.Namespace) -> int:
    from pathlib import Path

    from workbook.editions import write_instructor_files

    for path in write_instructor_files(Path(args.out)):
        print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workbook", description="Exercise and teaching tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    keys = sub.add_parser("keys", help="regenerate the salted answer hashes from solutions/keys")
    keys.add_argument("--check", action="store_true", help="only check; exit 1 naming any mismatch")
    keys.set_defaults(run=_keys)
    ex = sub.add_parser("execute", help="run notebooks in place, deterministically, without widget state")
    ex.add_argument("notebooks", nargs="+")
    ex.set_defaults(run=_execute)
    nb = sub.add_parser("bank-notebooks", help="write and run a bank's exercise notebook and answer-key notebook")
    nb.add_argument("banks", nargs="+", help="bank names, e.g. revenue-cycle")
    nb.set_defaults(run=_bank_notebooks)
    ed = sub.add_parser("edition", help="write the instructor edition's config and toc (used by make book-instructor)")
    ed.add_argument("--out", default="_build/instructor-config")
    ed.set_defaults(run=_edition)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-written.", file=sys.stderr)
        return 130
