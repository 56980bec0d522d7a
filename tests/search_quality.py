"""The held-out search query set (tests/fixtures/search_queries.csv) and its hit rates, by code set and kind.

The queries were written apart from the search vocabulary, as learners and coders type them; `expected` lists
acceptable codes, a trailing `*` meaning any code under that prefix. Used by the tests and the benchmark.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

QUERIES = Path(__file__).parent / "fixtures" / "search_queries.csv"
DEV_QUERIES = Path(__file__).parent / "fixtures" / "search_dev_queries.csv"  # the vocabulary was grown against these
DEV_QUERIES_CPT = Path(__file__).parent / "fixtures" / "search_dev_queries_cpt.csv"
KINDS = ("lay", "abbreviation", "misspelling", "wordform", "wordorder", "index")


@dataclass(frozen=True)
class Query:
    system: str
    kind: str
    text: str
    expected: tuple[str, ...]

    def accepts(self, code: str) -> bool:
        return any(code.startswith(e[:-1]) if e.endswith("*") else code == e for e in self.expected)


def queries(path: Path = QUERIES) -> list[Query]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Query(r["system"], r["kind"], r["query"], tuple(r["expected"].split("|"))) for r in csv.DictReader(f)]


def searchers() -> dict[str, Callable[[str, int], list[str]]]:
    """Each code set's search as a function from a query to the codes it returns."""
    from revcycle import cpt, hcpcs, icd10cm

    return {
        "icd10cm": lambda q, n: [h.code for h in icd10cm.search(q, n)],
        "hcpcs": lambda q, n: [h.code for h in hcpcs.search(q, n)],
        "cpt": lambda q, n: [c.code for c in cpt.search(q, n)],
    }


def rates(found: dict[Query, list[str]]) -> dict[tuple[str, str], tuple[int, float, float]]:
    """(system, kind) -> (queries, top-1 share, top-5 share)."""
    groups: dict[tuple[str, str], list[tuple[bool, bool]]] = {}
    for q, codes in found.items():
        groups.setdefault((q.system, q.kind), []).append(
            (bool(codes[:1]) and q.accepts(codes[0]), any(q.accepts(c) for c in codes[:5])))
    return {k: (len(v), sum(a for a, _ in v) / len(v), sum(b for _, b in v) / len(v))
            for k, v in sorted(groups.items())}
