"""Which ICD-10-CM release simple-icd-10-cm carries, found without importing it (the import costs ~2 s)."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from revcycle import __version__ as _revcycle_version

# Bump when the layout or content rules of the search database change, so caches rebuild.
SCHEMA_VERSION = "icd10cm-db-23"

# Files shipped in revcycle/data that feed the database (the derived index and the CDC tables).
INDEX_FILES = (
    "icd10cm_index_2025_derived.csv.gz",
    "icd10cm_eindex_2025.xml.gz",
    "icd10cm_drug_2025.xml.gz",
    "icd10cm_neoplasm_2025.xml.gz",
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_TABULAR = re.compile(r"tabular-(?P<month>[A-Za-z]+)-(?P<day>\d{1,2})-(?P<year>\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Release:
    """The code-set release: a name for people and a key that changes whenever the data does."""

    name: str
    key: str
    data_dir: Path | None


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


def detect() -> Release:
    """Name and cache key of the installed ICD-10-CM data (package version, data files and their sizes)."""
    folder = _data_dir()
    files: list[str] = []
    name = None
    if folder is not None and folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".xml", ".txt"):
                files.append(f"{path.name}:{path.stat().st_size}")
                name = name or name_from_file(path.name)
    version = _package_version(folder)
    here = Path(__file__).resolve().parent.parent / "data"
    shipped = [f"{f}:{(here / f).stat().st_size if (here / f).exists() else 0}" for f in INDEX_FILES]
    key = "|".join([SCHEMA_VERSION, _revcycle_version, f"simple_icd_10_cm={version}", *files, *shipped])
    return Release(name or f"ICD-10-CM (simple-icd-10-cm {version})", key, folder)
