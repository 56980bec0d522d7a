"""The ICD-10-CM releases the project ships, each with the dates of service it governs, and the cache key of
the database built for it (found without importing simple-icd-10-cm, whose import costs ~2 s).

FY2026 is CDC's April 1, 2026 update as simple-icd-10-cm carries it. FY2027 is that release with the
official FY2027 addenda applied (`revcycle/data/icd10cm_addenda_fy2027.csv`; see PROVENANCE.md).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from revcycle import __version__ as _revcycle_version

# Bump when the layout or content rules of the search database change, so caches rebuild.
SCHEMA_VERSION = "icd10cm-db-26"

# Files shipped in revcycle/data that feed the database (the derived index and the CDC tables).
INDEX_FILES = (
    "icd10cm_index_2025_derived.csv.gz",
    "icd10cm_eindex_2025.xml.gz",
    "icd10cm_drug_2025.xml.gz",
    "icd10cm_neoplasm_2025.xml.gz",
)
ADDENDA_FY2027 = "icd10cm_addenda_fy2027.csv"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_TABULAR = re.compile(r"tabular-(?P<month>[A-Za-z]+)-(?P<day>\d{1,2})-(?P<year>\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Release:
    """One release: its id ('FY2027'), a name for people, the dates of service it governs, how it was made.

    `effective_to` is None for the newest release shipped: it is used until a newer one is added.
    """

    id: str
    name: str
    effective_from: date
    effective_to: date | None
    basis: str
    addenda: tuple[str, ...] = ()

    def governs(self, day: date) -> bool:
        """True when `day` falls within the release's dates of service."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def dates(self) -> str:
        """'October 1, 2026 to September 30, 2027' (or '... onward' for the newest release shipped)."""
        start = long_date(self.effective_from)
        return f"{start} onward" if self.effective_to is None else f"{start} to {long_date(self.effective_to)}"


def long_date(day: date) -> str:
    """'October 1, 2026'."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


FY2026 = Release(
    "FY2026",
    "ICD-10-CM FY2026 (April 1, 2026 update)",
    date(2025, 10, 1),
    date(2026, 9, 30),
    "CDC/NCHS tabular list, April 1, 2026 update (as carried by simple-icd-10-cm). It is used for the whole "
    "fiscal year from October 1, 2025: the October 2025 release is not shipped, so codes the April update "
    "added are accepted for October 2025 to March 2026 too. Dates of service before October 1, 2025 are "
    "judged by this release as well, for want of an older one.",
)
FY2027 = Release(
    "FY2027",
    "ICD-10-CM FY2027 (October 1, 2026 release)",
    date(2026, 10, 1),
    None,
    "CDC/NCHS FY2027 addenda (190 codes added, 30 deleted, 4 titles revised) applied to the FY2026 April 1, "
    "2026 update. New codes carry their official titles; their own tabular notes are not in the shipped data.",
    (ADDENDA_FY2027,),
)

RELEASES: tuple[Release, ...] = (FY2026, FY2027)
"""Oldest first; each governs the dates of service from its effective date to the next one's."""

PRIMARY = FY2027
"""The release the book teaches (and the default where a date of service is unknown)."""


def in_force(day: date) -> Release:
    """The release governing a date of service (the oldest shipped for earlier dates, the newest for later)."""
    for rel in reversed(RELEASES):
        if day >= rel.effective_from:
            return rel
    return RELEASES[0]


def by_id(release_id: str) -> Release | None:
    """The release named 'FY2026' or 'FY2027' (any case), else None."""
    wanted = release_id.strip().upper()
    return next((r for r in RELEASES if r.id == wanted), None)


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _package_version(folder: Path | None) -> str:
    """The version in the package's dist-info folder name (importlib.metadata would cost ~40 ms)."""
    if folder is not None:
        for info in sorted(folder.parent.parent.glob("simple_icd_10_cm-*.dist-info")):
            return info.name[len("simple_icd_10_cm-") : -len(".dist-info")]
    return "unknown"


def name_from_file(filename: str) -> str | None:
    """'icd10c-tabular-April-1-2026.xml' -> 'ICD-10-CM FY2026 (April 1, 2026 update)'."""
    m = _TABULAR.search(filename)
    if not m or m["month"].capitalize() not in _MONTHS:
        return None
    month = _MONTHS.index(m["month"].capitalize()) + 1
    year, day = int(m["year"]), int(m["day"])
    fiscal = year + 1 if month >= 10 else year
    kind = "release" if month == 10 else "update"
    return f"ICD-10-CM FY{fiscal} ({_MONTHS[month - 1]} {day}, {year} {kind})"


@dataclass(frozen=True)
class Installed:
    """What the database of a release is built from: the installed base data and a key that changes with it."""

    release: Release
    base_name: str
    key: str
    data_dir: Path | None


def detect(release: Release = PRIMARY) -> Installed:
    """The installed base data (simple-icd-10-cm's files) and the cache key of `release`'s database."""
    folder = _data_dir()
    files: list[str] = []
    name = None
    if folder is not None and folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".xml", ".txt"):
                files.append(f"{path.name}:{path.stat().st_size}")
                name = name or name_from_file(path.name)
    version = _package_version(folder)
    here = Path(__file__).resolve().parent.parent.parent / "data"
    shipped = [f"{f}:{(here / f).stat().st_size if (here / f).exists() else 0}"
               for f in (*INDEX_FILES, *release.addenda)]
    key = "|".join([SCHEMA_VERSION, release.id, _revcycle_version, f"simple_icd_10_cm={version}", *files, *shipped])
    return Installed(release, name or f"ICD-10-CM (simple-icd-10-cm {version})", key, folder)
