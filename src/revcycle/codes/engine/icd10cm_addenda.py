"""The official ICD-10-CM addenda the project ships: which codes a release added, deleted or retitled.

A row per line of CDC's order-file addenda (`icd10cm_addenda_fy2027.csv`, see PROVENANCE.md). A code that
turned from billable into a header appears twice, as a billable delete and a header add.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from revcycle.core.errors import DataError

ACTIONS = ("add", "delete", "revise_from", "revise_to")


@dataclass(frozen=True)
class Change:
    """One line of the addenda: `billable` False for a header (category or subcategory)."""

    action: str
    billable: bool
    code: str
    title: str


@dataclass(frozen=True)
class Addenda:
    """The changes of one release, in the order of the official file."""

    file: str
    changes: tuple[Change, ...]

    def of(self, action: str, billable: bool | None = None) -> list[Change]:
        return [c for c in self.changes if c.action == action and (billable is None or c.billable == billable)]

    @property
    def became_headers(self) -> set[str]:
        """Codes deleted as billable codes and added back as headers (I42.0 in FY2027)."""
        return {c.code for c in self.of("delete", True)} & {c.code for c in self.of("add", False)}

    @property
    def removed(self) -> set[str]:
        """Codes and headers that no longer exist at all."""
        return {c.code for c in self.of("delete")} - {c.code for c in self.of("add")}


@lru_cache(maxsize=4)
def load(name: str) -> Addenda:
    """Read a shipped addenda file; DataError if it is missing or malformed."""
    try:
        text = resources.files("revcycle.data").joinpath(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"The ICD-10-CM addenda file {name} is missing from revcycle/data: reinstall it.") from exc
    changes = []
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if row.get("action") not in ACTIONS or row.get("billable") not in ("0", "1") or not row.get("code"):
            raise DataError(f"{name}, line {n}: expected action,billable,code,long_title; got {row!r:.120}.")
        changes.append(Change(row["action"], row["billable"] == "1", row["code"].strip(), row["long_title"].strip()))
    return Addenda(name, tuple(changes))
