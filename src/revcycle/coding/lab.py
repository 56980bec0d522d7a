"""Pathology and laboratory coding rules: panels, drug tests, surgical pathology levels and CLIA.

- :func:`bundle_panels` reports a panel only when every component test was done, and the other tests one by one.
  CPT's panel definitions are the AMA's, so the book teaches the rule with :data:`ILLUSTRATIVE_PANELS`, made-up
  panels clearly labelled as such (Medicare Claims Processing Manual, Pub. 100-04, ch. 16).
- :func:`presumptive_code` and :func:`definitive_code`: a presumptive drug screen by how it is read (80305-80307),
  and Medicare's definitive drug testing by the number of drug classes, read from the CMS HCPCS file's own long
  descriptors of G0480-G0483 (:func:`definitive_bands`).
- :func:`pathology_lines`: surgical pathology levels I-VI (88300-88309), one unit per specimen, checked against the
  practitioner MUE table, and priced from the CY2026 fee schedule file (:func:`pathology_payment`).
- :func:`clia_check`: whether a laboratory's CLIA certificate allows a test (42 CFR 493), and whether a Medicare line
  needs QW (the CMS waived-test lists name the few waived codes that need no QW).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from revcycle.codes import hcpcs, ncci
from revcycle.core.errors import DataError, InputError, RuleError

__all__ = [
    "CERTIFICATES", "COMPLEXITIES", "DEFINITIVE_CODES", "ILLUSTRATIVE_PANELS", "PATHOLOGY_LEVELS", "PRESUMPTIVE",
    "QW_EXEMPT", "CliaVerdict", "DrugBand", "Panel", "PanelResult", "PathologyLine", "Specimen", "bundle_panels",
    "clia_check", "definitive_bands", "definitive_code", "pathology_lines", "pathology_payment", "presumptive_code",
]

# ------------------------------------------------------------------------------------------------------ panels


@dataclass(frozen=True)
class Panel:
    """A panel: a name, the code it is billed under, and the tests it is made of."""

    name: str
    code: str
    components: frozenset[str]


#: Made-up panels for teaching the rule (NOT CPT panels: CPT's component lists are the AMA's).
ILLUSTRATIVE_PANELS: tuple[Panel, ...] = (
    Panel("Illustrative Panel B (made up)", "PANEL-B", frozenset({"TEST-W", "TEST-X", "TEST-Y", "TEST-Z"})),
    Panel("Illustrative Panel A (made up)", "PANEL-A", frozenset({"TEST-X", "TEST-Y", "TEST-Z"})),
    Panel("Illustrative Panel C (made up)", "PANEL-C", frozenset({"TEST-Q", "TEST-R"})),
)


@dataclass(frozen=True)
class PanelResult:
    """The lines to bill for the tests done: panels whose every component was done, then single tests."""

    panels: tuple[Panel, ...]
    single: tuple[str, ...]
    missing: dict[str, tuple[str, ...]]  # panel code -> its components that were not done (for panels not billed)

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.panels) + self.single


def _test_names(done: Iterable[str]) -> list[str]:
    if isinstance(done, str):
        raise InputError("Give the tests done as a list of names, such as ['TEST-X', 'TEST-Y'], not one string.")
    names = []
    for t in done:
        if not isinstance(t, str) or not t.strip():
            raise InputError(f"Each test is a name such as 'TEST-X', not {t!r}.")
        names.append(t.strip().upper())
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(f"{', '.join(repeated)} listed twice: a test repeated the same day for a new result is a "
                         "separate line with modifier 91; list each test once here.")
    return names


def bundle_panels(done: Iterable[str], panels: Sequence[Panel] = ILLUSTRATIVE_PANELS) -> PanelResult:
    """The panels to bill for the tests ``done`` (largest panel first, no test used twice) and the tests left over.

    A panel is billed only when every one of its components was done; otherwise its tests are billed one by one,
    and tests beyond a panel's list are billed beside it (Medicare Claims Processing Manual, ch. 16)."""
    left = _test_names(done)
    chosen: list[Panel] = []
    missing: dict[str, tuple[str, ...]] = {}
    for panel in sorted(panels, key=lambda p: (-len(p.components), p.code)):
        if panel.components <= set(left):
            chosen.append(panel)
            left = [t for t in left if t not in panel.components]
        elif panel.components & set(left):
            missing[panel.code] = tuple(sorted(panel.components - set(left)))
    return PanelResult(tuple(chosen), tuple(left), missing)


# ------------------------------------------------------------------------------------------------- drug testing

#: Presumptive drug class screening, by how the result is read (the book's own words; one line per day).
PRESUMPTIVE: dict[str, str] = {
    "eye": "80305",  # read by eye: a cup, card or dipstick
    "instrument_read": "80306",  # the same kind of device, read by an instrument
    "analyzer": "80307",  # a chemistry analyzer in the laboratory (immunoassay, chromatography and the like)
}
DEFINITIVE_CODES = ("G0480", "G0481", "G0482", "G0483")


@dataclass(frozen=True)
class DrugBand:
    """A Medicare definitive drug testing code and the range of drug classes it covers (``high`` None: no top)."""

    code: str
    low: int
    high: int | None


def presumptive_code(method: str) -> str:
    """The presumptive drug screen code for how the result was read: 'eye', 'instrument_read' or 'analyzer'."""
    key = method.strip().lower() if isinstance(method, str) else method
    if key not in PRESUMPTIVE:
        raise InputError(f"method must be one of {', '.join(PRESUMPTIVE)}, not {method!r}.")
    return PRESUMPTIVE[key]


@cache
def definitive_bands() -> tuple[DrugBand, ...]:
    """The class ranges of G0480-G0483, read from the CMS HCPCS file's long descriptors ('1-7 drug class(es)')."""
    bands = []
    for code in DEFINITIVE_CODES:
        text = hcpcs.describe(code).description
        span = re.search(r"(\d+)-(\d+) drug class", text)
        top = re.search(r"(\d+) or more drug class", text)
        if span:
            bands.append(DrugBand(code, int(span.group(1)), int(span.group(2))))
        elif top:
            bands.append(DrugBand(code, int(top.group(1)), None))
        else:
            raise DataError(f"The HCPCS file's description of {code} names no range of drug classes.")
    return tuple(bands)


def definitive_code(classes: int, *, medicare: bool = True) -> str:
    """Medicare's definitive drug testing code for the number of drug classes tested that day (G0480-G0483)."""
    if isinstance(classes, bool) or not isinstance(classes, int):
        raise InputError(f"classes must be a whole number of drug classes, not {classes!r}.")
    if classes < 1:
        raise InputError(f"A definitive test covers at least one drug class, not {classes}.")
    if not medicare:
        raise RuleError("The book models Medicare's G0480-G0483; other payers may take CPT's definitive drug codes "
                        "instead: check the payer's policy.")
    for band in definitive_bands():
        if classes >= band.low and (band.high is None or classes <= band.high):
            return band.code
    raise DataError(f"No definitive drug testing band covers {classes} classes.")  # pragma: no cover


# ------------------------------------------------------------------------------------------- surgical pathology

#: Surgical pathology level -> code: level I is a look with the naked eye only; II to VI add the microscope and rise
#: with the work the specimen usually takes (which specimen belongs to which level is CPT's list, not shipped here).
PATHOLOGY_LEVELS: dict[int, str] = {1: "88300", 2: "88302", 3: "88304", 4: "88305", 5: "88307", 6: "88309"}


@dataclass(frozen=True)
class Specimen:
    """One specimen sent to pathology: a label, its level (1-6), and whether it was identified on its own."""

    label: str
    level: int
    separately_identified: bool = True

    def __post_init__(self) -> None:
        if self.level not in PATHOLOGY_LEVELS:
            raise InputError(f"Specimen {self.label!r}: level must be 1 to 6 (I to VI), not {self.level!r}.")


@dataclass(frozen=True)
class PathologyLine:
    """A surgical pathology claim line: the code, units (one per specimen), and the MUE check."""

    code: str
    units: int
    specimens: tuple[str, ...]
    mue: int | None
    over_mue: bool


def pathology_lines(specimens: Sequence[Specimen]) -> list[PathologyLine]:
    """One unit per specimen at its level, grouped by code; specimens sent together without separate identification
    count as one specimen (at the highest level among them)."""
    if not specimens:
        raise InputError("Give at least one specimen.")
    pooled = [s for s in specimens if not s.separately_identified]
    units: list[Specimen] = [s for s in specimens if s.separately_identified]
    if pooled:
        top = max(pooled, key=lambda s: s.level)
        units.append(Specimen(" + ".join(s.label for s in pooled), top.level))
    out = []
    for level in sorted({s.level for s in units}):
        code = PATHOLOGY_LEVELS[level]
        labels = tuple(s.label for s in units if s.level == level)
        edit = ncci.mue(code)
        limit = edit.value if edit else None
        out.append(PathologyLine(code, len(labels), labels, limit, limit is not None and len(labels) > limit))
    return out


def pathology_payment(code: str, part: str = "global", *, locality: str | None = None) -> Decimal:
    """The CY2026 fee schedule amount of one unit of a pathology code: 'global', 'professional' (26) or 'technical'
    (TC), in the non-facility setting (a pathology laboratory), at ``locality`` (national when None)."""
    from revcycle.payment import fees

    modifiers = {"global": None, "professional": "26", "technical": "TC"}
    if part not in modifiers:
        raise InputError(f"part must be one of {', '.join(modifiers)}, not {part!r}.")
    return fees.pfs_payment(code, locality=locality, modifier=modifiers[part]).payment


# ------------------------------------------------------------------------------------------------------- CLIA

COMPLEXITIES = ("waived", "ppm", "moderate", "high")
#: CLIA certificate -> the test complexities it allows (42 CFR 493: waiver 493.35, PPM 493.43, registration,
#: compliance and accreditation for moderate and high complexity testing). PPM = provider-performed microscopy.
CERTIFICATES: dict[str, frozenset[str]] = {
    "waiver": frozenset({"waived"}),
    "ppm": frozenset({"waived", "ppm"}),
    "registration": frozenset(COMPLEXITIES),
    "compliance": frozenset(COMPLEXITIES),
    "accreditation": frozenset(COMPLEXITIES),
}
#: Waived tests whose codes need no QW on a Medicare claim (named on the first page of CMS's waived-test lists,
#: e.g. CR 11747): the code itself is waived in every version of the test.
QW_EXEMPT = frozenset({"81002", "81025", "82270", "82272", "82962", "83026", "84830", "85013", "85651"})


@dataclass(frozen=True)
class CliaVerdict:
    """May this laboratory bill this test, and with which CLIA modifier (QW or none)?"""

    code: str
    allowed: bool
    modifiers: tuple[str, ...]
    reason: str


def clia_check(code: str, certificate: str, complexity: str, *, medicare: bool = True) -> CliaVerdict:
    """Whether a laboratory holding ``certificate`` may bill ``code`` of this CLIA ``complexity``, and whether a
    Medicare line needs QW (a waived test billed under a certificate of waiver or PPM, unless the code is exempt)."""
    cert = certificate.strip().lower() if isinstance(certificate, str) else certificate
    level = complexity.strip().lower() if isinstance(complexity, str) else complexity
    if cert not in CERTIFICATES:
        raise InputError(f"certificate must be one of {', '.join(CERTIFICATES)}, not {certificate!r}.")
    if level not in COMPLEXITIES:
        raise InputError(f"complexity must be one of {', '.join(COMPLEXITIES)}, not {complexity!r}.")
    if not isinstance(code, str) or not re.fullmatch(r"[0-9]{5}|[A-Z][0-9]{4}", code.strip().upper()):
        raise InputError(f"code must be a five-character laboratory code such as '87880', not {code!r}.")
    code = code.strip().upper()
    if level not in CERTIFICATES[cert]:
        return CliaVerdict(code, False, (), f"A certificate of {cert} does not cover {level}-complexity testing: "
                           "the line is denied, and the patient may not be billed for it.")
    if level == "waived" and medicare and cert in ("waiver", "ppm") and code not in QW_EXEMPT:
        return CliaVerdict(code, True, ("QW",), "A waived test under a certificate of waiver or PPM: Medicare needs "
                           "QW to recognize the waived version of the test.")
    if level == "waived" and code in QW_EXEMPT:
        return CliaVerdict(code, True, (), "A waived test whose code CMS lists as needing no QW.")
    return CliaVerdict(code, True, (), "The certificate covers the test; no CLIA modifier is needed.")
