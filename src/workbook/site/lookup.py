"""The website's code look-up: a compact, static copy of the code sets the browser searches without a server.

``lookup_data()`` is written next to the site's scripts at build time (``_static/lookup-data.txt``, about 8 MB,
0.7 MB as a server compresses it) and fetched only when a reader first uses a look-up box. One record per line,
fields separated by tabs:

* ``#`` then the release names (a header line);
* ``I``, code (no dot), 1 if billable else 0, title: every ICD-10-CM code and heading of the release the book
  teaches;
* ``H``, code, 1 if billable else 0, CMS long description: every HCPCS Level II code of the shipped file;
* ``V``, system, kind, term, what it means, code: the project's abbreviation and lay-term vocabulary
  (``revcycle/data/search_vocabulary.csv``), so "CHF" or "broken wrist" find their codes.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

FILE = "lookup-data.txt"


def _clean(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


def lookup_data() -> str:
    """The look-up file's text (see the module docstring)."""
    from revcycle.codes import hcpcs, icd10cm

    on = icd10cm.PRIMARY.effective_from
    lines = [f"#\t{icd10cm.RELEASE}\t{hcpcs.RELEASE}"]
    lines += [f"I\t{code.replace('.', '')}\t{int(billable)}\t{_clean(title)}"
              for code, title, billable in icd10cm.listing(on=on)]
    lines += [f"H\t{code}\t{int(active)}\t{_clean(title)}" for code, title, active in hcpcs.listing()]
    vocab = resources.files("revcycle.data").joinpath("search_vocabulary.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(vocab)):
        if row["system"] in ("icd10cm", "hcpcs"):
            lines.append("\t".join(["V", row["system"], row["kind"], _clean(row["term"]).lower(),
                                    _clean(row["means"]).lower(), row["code"].replace(".", "")]))
    return "\n".join(lines) + "\n"


def write_lookup_data(folder: Path) -> Path:
    """Write the look-up file into ``folder`` (the built site's _static), replacing it whole."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FILE
    tmp = folder / f".{FILE}.tmp"
    tmp.write_text(lookup_data(), encoding="utf-8")
    tmp.replace(target)
    return target
