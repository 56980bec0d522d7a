"""HIPAA de-identification by the Safe Harbor method, and the Breach Notification Rule's deadlines.

**Safe Harbor** (45 CFR 164.514(b)(2)) treats health information as de-identified when 18 kinds of identifiers of
the patient and of the patient's relatives, employers and household members are removed, and the covered entity has
no actual knowledge that what is left could identify the person. ``deidentify(text, names=..., places=...)`` removes
the identifiers that can be found in free text by rules: names from a roster the caller supplies, geography smaller
than a state (street addresses, places from the roster, ZIP codes cut to their first three digits), every date element
except the year, ages over 89, telephone and fax numbers, email addresses, Social Security numbers, medical record,
health plan, account, licence, vehicle and device numbers, URLs, IP addresses, and any other long number. It is a
teaching tool: rules miss what they were not written for (a nickname, a misspelled name, a town not on the roster), so
real de-identification needs a human check or an expert determination (164.514(b)(1)).

**Breach notification** (45 CFR 164.400-414): ``breach_notices(discovered, residents_by_state)`` works out who must be
told about a breach of unsecured protected health information and by when: the individuals within 60 calendar days
of discovery; prominent media serving any state with more than 500 affected residents, on the same clock; and HHS at
the same time as the individuals when 500 or more people are affected, otherwise in the annual log due 60 days after
the end of the calendar year. The 60 days are an outer limit: the rule asks for notice without unreasonable delay.

Every note made here is synthetic: names are invented words ("Testpatient"), phone numbers use the fictional 555-01xx
range, and member IDs start with SYN.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


# --------------------------------------------------------------------------------------------------------------------
# The 18 Safe Harbor identifiers
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identifier:
    """One of the 18 Safe Harbor identifiers, 45 CFR 164.514(b)(2)(i)(A)-(R)."""

    letter: str
    key: str
    name: str
    found_in_text: bool
    how: str


#: The 18 identifiers in the regulation's order, with what ``deidentify`` does about each.
SAFE_HARBOR: tuple[Identifier, ...] = (
    Identifier("A", "name", "Names", True, "roster names and Mr./Mrs./Ms. + surname become [NAME]"),
    Identifier("B", "geography", "Geography smaller than a state", True,
               "street addresses and roster places become [LOCATION]; a ZIP code keeps its first 3 digits, "
               "or 000 where those digits cover 20,000 people or fewer"),
    Identifier("C", "date", "Dates (except year) and ages over 89", True,
               "dates keep only the year; ages over 89 become '90 or older'"),
    Identifier("D", "phone", "Telephone numbers", True, "become [PHONE]"),
    Identifier("E", "fax", "Fax numbers", True, "numbers labelled fax become [FAX]"),
    Identifier("F", "email", "Email addresses", True, "become [EMAIL]"),
    Identifier("G", "ssn", "Social Security numbers", True, "become [SSN]"),
    Identifier("H", "mrn", "Medical record numbers", True, "labelled MRN or chart numbers become [MRN]"),
    Identifier("I", "health_plan", "Health plan beneficiary numbers", True,
               "member, subscriber, Medicare (MBI) and Medicaid numbers become [MEMBER ID]"),
    Identifier("J", "account", "Account numbers", True, "labelled account numbers become [ACCOUNT]"),
    Identifier("K", "license", "Certificate/license numbers", True, "labelled licence numbers become [LICENSE]"),
    Identifier("L", "vehicle", "Vehicle identifiers and serial numbers", True,
               "licence plates and 17-character VINs become [VEHICLE]"),
    Identifier("M", "device", "Device identifiers and serial numbers", True,
               "labelled serial numbers and UDIs become [DEVICE]"),
    Identifier("N", "url", "Web URLs", True, "become [URL]"),
    Identifier("O", "ip", "IP addresses", True, "IPv4 and IPv6 addresses become [IP]"),
    Identifier("P", "biometric", "Biometric identifiers (finger and voice prints)", False,
               "not text: remove the files themselves"),
    Identifier("Q", "photo", "Full-face photographs and comparable images", False,
               "not text: remove the images themselves"),
    Identifier("R", "other_id", "Any other unique identifying number, characteristic or code", True,
               "any other number of 6 or more digits becomes [ID]"),
)
_BY_KEY = {i.key: i for i in SAFE_HARBOR}

#: Three-digit ZIP prefixes whose areas held 20,000 people or fewer in the 2000 Census, per HHS's de-identification
#: guidance (2012). Safe Harbor requires "000" for them. The rule is about current Census data: check for an update
#: before relying on this list.
RESTRICTED_ZIP3: frozenset[str] = frozenset(
    {"036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884", "890",
     "893"}
)

#: Ages above this are identifiers; Safe Harbor allows them only as one group, "90 or older".
MAX_AGE_SHOWN = 89


def zip3(zip_code: str, restricted: Iterable[str] = RESTRICTED_ZIP3) -> str:
    """The Safe Harbor form of a ZIP code: its first three digits, or "000" for a sparsely populated prefix.

    >>> zip3("62704"), zip3("05901-1234")
    ('627', '000')
    """
    if not isinstance(zip_code, str):
        raise InputError(f"A ZIP code must be text such as '62704', not {type(zip_code).__name__}.")
    digits = zip_code.strip()
    if not re.fullmatch(r"[0-9]{5}(?:-?[0-9]{4})?", digits):
        raise InputError(f"{zip_code!r} is not a ZIP code: write 5 digits (62704) or ZIP+4 (62704-1234).")
    prefix = digits[:3]
    return "000" if prefix in set(restricted) else prefix


def safe_age(age: int) -> str:
    """An age as Safe Harbor lets it be shown: the number up to 89, "90 or older" above that."""
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise InputError(f"An age must be a whole number of years, 0 or more, not {age!r}.")
    return str(age) if age <= MAX_AGE_SHOWN else "90 or older"


# --------------------------------------------------------------------------------------------------------------------
# Finding identifiers in text
# --------------------------------------------------------------------------------------------------------------------

_MONTH_WORDS = ("Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April", "May", "Jun", "June", "Jul",
                "July", "Aug", "August", "Sep", "Sept", "September", "Oct", "October", "Nov", "November", "Dec",
                "December")
# Title case or capitals only: "may" and "march" in lower case are usually verbs.
_MONTH = "(?:" + "|".join(sorted({w for m in _MONTH_WORDS for w in (m, m.upper())}, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|2[01][0-9]{2})"
_BIRTH_CUE = re.compile(r"(?:\bDOB|\bD\.O\.B\.|\bborn(?: on)?|\bdate of birth|\bbirth ?date|\bbirthday)\W{0,3}$",
                        re.IGNORECASE)
_NO_YEAR_CUE = re.compile(r"\b(?:on|since|from|until|till|by|dated|DOS|seen|admitted|discharged)\W{0,2}$",
                          re.IGNORECASE)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|"
    "PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|"
    "Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
    "Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|"
    "Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
_STREET_TYPE = r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Terrace|" \
               r"Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail)\.?"
_ID = r"(?=[A-Z-]*[0-9])[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9]"  # an identifier token with at least one digit
_LABEL_GAP = r"(?:\s*(?:#|no\.?|number|num|ID)?\s*(?:[:#]|is|was)?\s*)"  # "serial number is GLM-1", "MRN: 123"


def _labelled(label: str) -> re.Pattern[str]:
    """A label followed by an identifier token; group "value" is the identifier."""
    return re.compile(rf"\b(?:{label})\b{_LABEL_GAP}(?P<value>{_ID})\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Rule:
    key: str
    pattern: re.Pattern[str]
    replacement: str


# Rules are tried in this order; a span claimed by an earlier rule is not taken by a later one.
_RULES: tuple[_Rule, ...] = (
    _Rule("email", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), "[EMAIL]"),
    _Rule("url", re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"').,;:\]]", re.IGNORECASE), "[URL]"),
    _Rule("ip", re.compile(r"(?<!\d)(?<!\d\.)(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)"
                           r"(?!\d|\.\d)"), "[IP]"),
    _Rule("ip", re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])"), "[IP]"),
    _Rule("ssn", re.compile(r"(?<![\d-])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![\d-])"), "[SSN]"),
    _Rule("ssn", re.compile(r"\b(?:SSN|social security(?: number| no\.?)?)\W{0,3}(?P<value>[0-9]{9})\b",
                            re.IGNORECASE), "[SSN]"),
    _Rule("fax", re.compile(r"\bfax\W{0,4}(?P<value>(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4})\b",
                            re.IGNORECASE), "[FAX]"),
    _Rule("phone", re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])"),
          "[PHONE]"),
    _Rule("phone", re.compile(r"(?<![\w/.-])\d{3}-\d{4}(?![\w/-])"), "[PHONE]"),
    _Rule("mrn", _labelled(r"MRN|medical record|chart|record"), "[MRN]"),
    _Rule("health_plan", _labelled(r"member|subscriber|policy|insurance|Medicare|Medicaid|MBI|beneficiary|HICN|"
                                   r"health plan"), "[MEMBER ID]"),
    _Rule("health_plan", re.compile(r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]"
                                    r"[AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2}\b"), "[MEMBER ID]"),
    _Rule("account", _labelled(r"account|acct"), "[ACCOUNT]"),
    _Rule("vehicle", _labelled(r"license plate|licence plate|plate|VIN"), "[VEHICLE]"),
    _Rule("license", _labelled(r"driver'?s license|driver'?s licence|license|licence|DL|certificate|DEA"),
          "[LICENSE]"),
    _Rule("vehicle", re.compile(r"\b(?=[A-HJ-NPR-Z0-9]*[0-9])(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b"),
          "[VEHICLE]"),
    _Rule("device", _labelled(r"serial|S/N|SN|UDI|device"), "[DEVICE]"),
    _Rule("geography", re.compile(rf"\b\d{{1,6}}(?:\s+[A-Z][A-Za-z]*\.?){{1,4}}\s+{_STREET_TYPE}"
                                  r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*[A-Za-z0-9-]+)?"), "[ADDRESS]"),
    _Rule("geography", re.compile(r"\b(?:P\.?\s?O\.?\s?Box|Box)\s+\d{1,6}\b", re.IGNORECASE), "[ADDRESS]"),
    _Rule("geography", re.compile(r"\b(?:[A-Z][a-z]+\s){1,2}County\b"), "[LOCATION]"),
)
_ZIP = re.compile(rf"(?:\b(?:ZIP|zip code|ZIP code|postal code)\W{{0,3}}|\b(?:{_US_STATES}|{_STATE_NAMES}),?\s+)"
                  r"(?P<value>[0-9]{5}(?:-[0-9]{4})?)\b")
_DATES = (
    re.compile(rf"\b(?P<m>[01]?[0-9])[/-](?P<d>[0-3]?[0-9])[/-](?P<y>{_YEAR}|[0-9]{{2}})\b"),
    re.compile(rf"\b(?P<y>{_YEAR})[/-](?P<m>[01]?[0-9])[/-](?P<d>[0-3]?[0-9])\b"),
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b"),
    re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<y>{_YEAR})\b"),
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})\b(?!\s*(?:mg|ml|mL|units?|%))"),
    re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH})(?![A-Za-z])"),
    re.compile(r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])\b(?![/\d])"),  # 3/14: only after a cue
)
_AGES = (
    re.compile(r"\b(?P<n>\d{2,3})(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)old\b", re.IGNORECASE),
    re.compile(r"\b(?P<n>\d{2,3})\s*(?:y/o|y\.o\.|yo)\b", re.IGNORECASE),
    re.compile(r"\b(?:age|aged|age:)\s*(?P<n>\d{2,3})\b", re.IGNORECASE),
    re.compile(r"\b(?P<n>\d{2,3})(?:-year-old|\s+year old)\b", re.IGNORECASE),
)
_LONG_NUMBER = re.compile(r"(?<!\w)(?<!\d[.,])\d[\d-]{4,}\d(?!\w)(?![.,]\d)")
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?P<value>[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?)")
# Words too common to treat as names even when a roster contains them.
_STOPWORDS = {"the", "and", "for", "with", "will", "may", "june", "april", "august", "march", "patient", "dr", "mr",
              "mrs", "ms", "miss"}


@dataclass(frozen=True)
class Finding:
    """One identifier found in the text: which Safe Harbor category, where, and what replaced it."""

    key: str
    text: str
    start: int
    end: int
    replacement: str

    @property
    def category(self) -> str:
        """The identifier's name as the regulation lists it, e.g. "Telephone numbers"."""
        return _BY_KEY[self.key].name

    @property
    def letter(self) -> str:
        """The identifier's letter in 45 CFR 164.514(b)(2)(i), A to R."""
        return _BY_KEY[self.key].letter


@dataclass(frozen=True)
class Deidentified:
    """The result of ``deidentify``: the original, the de-identified text and every replacement made."""

    original: str
    text: str
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        """How many identifiers of each category were removed, in the regulation's order (categories found only)."""
        counts: dict[str, int] = {}
        for ident in SAFE_HARBOR:
            n = sum(1 for f in self.findings if f.key == ident.key)
            if n:
                counts[ident.name] = n
        return counts

    def to_frame(self) -> pd.DataFrame:
        """One row per replacement: letter, category, what was found, what replaced it."""
        import pandas as pd

        return pd.DataFrame(
            [{"letter": f.letter, "category": f.category, "found": f.text, "replaced with": f.replacement}
             for f in self.findings],
            columns=["letter", "category", "found", "replaced with"],
        )

    def summary_frame(self) -> pd.DataFrame:
        """All 18 categories with how many of each were removed from this text."""
        import pandas as pd

        counts = self.counts()
        return pd.DataFrame(
            [{"letter": i.letter, "category": i.name, "removed": counts.get(i.name, 0),
              "found by rules": "yes" if i.found_in_text else "no"} for i in SAFE_HARBOR]
        )


@dataclass
class _Claims:
    """Spans already claimed, so a later rule cannot replace part of an earlier replacement."""

    text: str
    found: list[Finding] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= f.start or start >= f.end for f in self.found)

    def add(self, key: str, start: int, end: int, replacement: str) -> None:
        if start < end and self.free(start, end):
            self.found.append(Finding(key, self.text[start:end], start, end, replacement))


def _clean_names(values: Iterable[str], what: str) -> list[str]:
    if isinstance(values, str):
        raise InputError(f"{what} must be a list of strings, e.g. ['Maria Testpatient'], not one string.")
    out = []
    for v in values:
        if not isinstance(v, str):
            raise InputError(f"{what} must hold strings; got {type(v).__name__} {v!r}.")
        v = " ".join(v.split())
        if v:
            out.append(v)
    return out


def _year_of(match: re.Match[str]) -> int | None:
    y = match.groupdict().get("y")
    if y is None:
        return None
    year = int(y)
    if len(y) == 2:
        year += 1900 if year > 30 else 2000
    return year


def _valid_date(match: re.Match[str]) -> bool:
    g = match.groupdict()
    if g.get("m") is not None and not 1 <= int(g["m"]) <= 12:
        return False
    d = g.get("d")
    return d is None or 1 <= int(re.sub(r"\D", "", d)) <= 31


def deidentify(
    text: str,
    *,
    names: Iterable[str] = (),
    places: Iterable[str] = (),
    as_of: date | None = None,
    restricted_zip3: Iterable[str] = RESTRICTED_ZIP3,
) -> Deidentified:
    """Remove the Safe Harbor identifiers that rules can find in ``text``.

    ``names`` is the roster of people in the record (patient, relatives, household members, employers): each full name
    and each of its words is removed wherever it appears as a whole word. ``places`` lists towns, cities or facilities
    smaller than a state. ``as_of`` is the date the note describes; it decides whether a birth date belongs to someone
    over 89 (then even its year goes). Without it the latest year in the note is used, and failing that the birth year
    is removed too. The result keeps every replacement, so you can see what was removed and why.
    """
    if not isinstance(text, str):
        raise InputError(f"deidentify() needs the note as text (a str), not {type(text).__name__}.")
    roster = _clean_names(names, "names")
    place_list = _clean_names(places, "places")
    restricted = set(restricted_zip3)
    claims = _Claims(text)

    # Names: full names first (longest first), then their single words, then Mr./Ms. + surname.
    words = sorted({w for n in roster for w in re.split(r"[\s,]+", n) if len(w) > 1 and w.lower() not in _STOPWORDS},
                   key=len, reverse=True)
    for phrase in sorted(set(roster), key=len, reverse=True) + words:
        for m in re.finditer(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text):
            claims.add("name", m.start(), m.end(), "[NAME]")
    for m in _HONORIFIC.finditer(text):
        claims.add("name", m.start("value"), m.end("value"), "[NAME]")
    for place in sorted(set(place_list), key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w]){re.escape(place)}(?![\w])", text):
            claims.add("geography", m.start(), m.end(), "[LOCATION]")

    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            group = "value" if "value" in m.groupdict() else 0
            claims.add(rule.key, m.start(group), m.end(group), rule.replacement)

    for m in _ZIP.finditer(text):
        claims.add("geography", m.start("value"), m.end("value"), f"{zip3(m.group('value'), restricted)}**")

    # Ages over 89 (ages up to 89 stay).
    for pattern in _AGES:
        for m in pattern.finditer(text):
            if int(m.group("n")) > MAX_AGE_SHOWN:
                claims.add("date", m.start(), m.end(), "[AGE 90 or older]")

    # Dates: the year may stay, except a birth year that shows an age over 89.
    date_matches: list[tuple[re.Match[str], bool]] = []
    for i, pattern in enumerate(_DATES):
        for m in pattern.finditer(text):
            if not _valid_date(m):
                continue
            if i == len(_DATES) - 1 and not _NO_YEAR_CUE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            birth = bool(_BIRTH_CUE.search(text[max(0, m.start() - 16):m.start()]))
            date_matches.append((m, birth))
    other_years = [y for m, birth in date_matches if not birth and (y := _year_of(m)) is not None]
    reference = as_of.year if as_of is not None else (max(other_years) if other_years else None)
    for m, birth in date_matches:
        year = _year_of(m)
        if year is None:
            replacement = "[DATE]"
        elif birth and (reference is None or reference - year > MAX_AGE_SHOWN):
            replacement = "[BIRTH DATE: 90 or older]" if reference is not None else "[BIRTH DATE]"
        elif birth:
            replacement = f"[BIRTH DATE {year}]"
        else:
            replacement = f"[DATE {year}]"
        claims.add("date", m.start(), m.end(), replacement)

    # The catch-all: any other number of 6 or more digits.
    for m in _LONG_NUMBER.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 6:
            claims.add("other_id", m.start(), m.end(), "[ID]")

    found = sorted(claims.found, key=lambda f: f.start)
    pieces, last = [], 0
    for f in found:
        pieces.append(text[last:f.start])
        pieces.append(f.replacement)
        last = f.end
    pieces.append(text[last:])
    return Deidentified(text, "".join(pieces), tuple(found))


# --------------------------------------------------------------------------------------------------------------------
# Synthetic notes to practise on
# --------------------------------------------------------------------------------------------------------------------

_FEMALE = ("Maria", "Aiyana", "Fatima", "Lena", "Rosa", "Ingrid", "Mei", "Amara")
_MALE = ("James", "Wei", "Robert", "Samuel", "Ahmed", "Kofi", "Diego", "Tomas")
_LAST = ("Testpatient", "Sampleperson", "Fakename", "Notreal", "Madeup", "Exampleton", "Noone", "Imaginary")
_TOWNS = (("Testville", "IL", "62704"), ("Sampleton Falls", "VT", "05901"), ("Placeholder Springs", "TX", "78626"),
          ("Exampleburg", "WI", "53703"), ("Fictionton", "WY", "82501"))
_STREETS = ("Sample Lane", "Placeholder Road", "Example Avenue", "Fictional Court", "Testing Street")
_CONDITIONS = (("type 2 diabetes", "E11.9"), ("essential hypertension", "I10"), ("hyperlipidemia", "E78.5"),
               ("chronic kidney disease, stage 3a", "N18.31"))


@dataclass(frozen=True)
class SyntheticNote:
    """A seeded synthetic clinic note, its roster, and every identifier planted in it (by category key)."""

    text: str
    names: tuple[str, ...]
    places: tuple[str, ...]
    visit: date
    planted: dict[str, tuple[str, ...]]


def _fmt_date(d: date, style: int) -> str:
    return (f"{d:%m/%d/%Y}", f"{d:%B} {d.day}, {d.year}", f"{d.isoformat()}", f"{d.day} {d:%B} {d.year}")[style % 4]


def synthetic_note(seed: int = 0, *, age: int | None = None) -> SyntheticNote:
    """A short synthetic clinic note full of identifiers, for de-identification practice (same seed, same note)."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(f"seed must be a whole number, not {seed!r}.")
    rng = random.Random(seed)
    female = rng.random() < 0.5
    first, last = rng.choice(_FEMALE if female else _MALE), rng.choice(_LAST)
    daughter = rng.random() < 0.5
    rel_first = rng.choice(_FEMALE if daughter else _MALE)
    rel_first = rel_first if rel_first != first else rng.choice(_FEMALE if daughter else _MALE)
    rel_last = rng.choice([n for n in _LAST if n != last])
    patient, relative = f"{first} {last}", f"{rel_first} {rel_last}"
    town, state, zip_code = rng.choice(_TOWNS)
    street = f"{rng.randint(10, 9899)} {rng.choice(_STREETS)}"
    visit = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
    years = age if age is not None else rng.choice((rng.randint(40, 89), rng.randint(90, 101)))
    dob = date(visit.year - years, rng.randint(1, 12), rng.randint(1, 28))
    if dob > visit.replace(year=dob.year):  # birthday still to come this year: one year older at birth
        dob = dob.replace(year=dob.year - 1)
    followup = visit + timedelta(days=rng.choice((14, 28, 42, 90)))
    phone = f"555-01{rng.randint(0, 99):02d}"
    phone2 = f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}"
    fax = f"{rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}"
    ssn = f"9{rng.randint(0, 99):02d}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"  # 9xx: never issued
    mrn = f"{rng.randint(0, 99_999_999):08d}"
    member = f"SYN{rng.randint(0, 999_999_999):09d}"
    email = f"{first.lower()}.{last.lower()}@example.com"
    url = f"https://portal.example.org/patients/{rng.randint(1000, 9999)}"
    ip = f"192.0.2.{rng.randint(1, 254)}"  # documentation range (RFC 5737)
    serial = f"GLM-{rng.randint(100000, 999999)}"
    condition, _code = rng.choice(_CONDITIONS)
    pronoun, possessive = ("She", "her") if female else ("He", "his")
    s1, s2, s3 = rng.sample(range(4), 3)
    visit_text, dob_text, followup_text = _fmt_date(visit, s1), _fmt_date(dob, s2), _fmt_date(followup, s3)
    text = (
        f"Patient: {patient}    DOB: {dob_text}    MRN: {mrn}\n"
        f"Address: {street}, {town}, {state} {zip_code}\n"
        f"Phone: {phone}    Fax: {fax}    Email: {email}\n"
        f"Member ID: {member}    SSN: {ssn}\n\n"
        f"Seen {visit_text} for follow-up of {condition}. {first} is a {years}-year-old who lives with "
        f"{possessive} {'daughter' if daughter else 'son'}, {relative}, reachable at {phone2}. "
        f"{pronoun} uploads home readings from meter serial {serial} to {url} "
        f"(last login from IP {ip}). Plan: continue current treatment; return on {followup_text}.\n"
    )
    planted = {
        "name": (patient, relative, first, last, rel_first, rel_last),
        "geography": (street, town, zip_code),
        "date": (visit_text, dob_text, followup_text) + ((f"{years}-year-old",) if years > MAX_AGE_SHOWN else ()),
        "phone": (phone, phone2),
        "fax": (fax,),
        "email": (email,),
        "ssn": (ssn,),
        "mrn": (mrn,),
        "health_plan": (member,),
        "device": (serial,),
        "url": (url,),
        "ip": (ip,),
    }
    return SyntheticNote(text, (patient, relative), (town,), visit, planted)


def leaks(note: SyntheticNote, result: Deidentified) -> list[tuple[str, str]]:
    """Planted identifiers still present in the de-identified text, as (category key, text); [] means none."""
    out = []
    for key, values in note.planted.items():
        for value in values:
            if re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", result.text):
                out.append((key, value))
    return out


# --------------------------------------------------------------------------------------------------------------------
# Breach notification deadlines (45 CFR 164.404-164.408)
# --------------------------------------------------------------------------------------------------------------------

#: Individuals, media and (for large breaches) HHS: no later than this many calendar days after discovery.
NOTICE_DAYS = 60
#: Media notice is required for a state with MORE than this many affected residents (164.406).
MEDIA_THRESHOLD = 500
#: HHS is told with the individual notices when this many OR MORE people are affected (164.408(b)).
HHS_THRESHOLD = 500


def annual_log_deadline(year: int) -> date:
    """When breaches of fewer than 500 people discovered in ``year`` must reach HHS: 60 days after December 31."""
    if isinstance(year, bool) or not isinstance(year, int) or not 2009 <= year <= 2200:
        raise InputError(f"year must be a calendar year such as 2026, not {year!r}.")
    return date(year, 12, 31) + timedelta(days=NOTICE_DAYS)


@dataclass(frozen=True)
class BreachNotices:
    """Who must be notified of a breach of unsecured PHI, and the latest date for each notice."""

    discovered: date
    residents: dict[str, int]
    individuals_by: date
    media_states: tuple[str, ...]
    hhs_by: date
    hhs_with_individuals: bool

    @property
    def affected(self) -> int:
        """Everyone affected, across all states."""
        return sum(self.residents.values())

    @property
    def media_by(self) -> date | None:
        """The media deadline (the same 60 days), or None when no state has more than 500 affected residents."""
        return self.individuals_by if self.media_states else None

    def explain(self) -> list[str]:
        """The reasoning, one sentence per notice, with the regulation each rests on."""
        lines = [
            f"Discovered {self.discovered:%B} {self.discovered.day}, {self.discovered.year}; {self.affected:,} "
            f"{'person' if self.affected == 1 else 'people'} affected.",
            f"Individuals: written notice without unreasonable delay and no later than "
            f"{self.individuals_by:%B} {self.individuals_by.day}, {self.individuals_by.year} "
            f"(60 calendar days after discovery; 45 CFR 164.404).",
        ]
        if self.media_states:
            states = ", ".join(f"{s} ({self.residents[s]:,})" for s in self.media_states)
            lines.append(f"Media: prominent outlets serving {states}, each with more than {MEDIA_THRESHOLD} affected "
                         f"residents, by the same date (45 CFR 164.406).")
        else:
            lines.append(f"Media: not required, because no state has more than {MEDIA_THRESHOLD} affected residents "
                         f"(45 CFR 164.406).")
        if self.hhs_with_individuals:
            lines.append(f"HHS: 500 or more affected, so report through the HHS breach portal at the same time as the "
                         f"individual notices, no later than {self.hhs_by:%B} {self.hhs_by.day}, {self.hhs_by.year} "
                         f"(45 CFR 164.408(b)).")
        else:
            lines.append(f"HHS: fewer than 500 affected, so log the breach and report it with the year's other small "
                         f"breaches no later than {self.hhs_by:%B} {self.hhs_by.day}, {self.hhs_by.year} "
                         f"(60 days after the end of {self.discovered.year}; 45 CFR 164.408(c)).")
        return lines

    def to_frame(self) -> pd.DataFrame:
        """The notices as a table: who, whether required, the latest date, the rule."""
        import pandas as pd

        rows = [
            {"notify": "each affected individual", "required": "yes", "no later than": self.individuals_by,
             "rule": "45 CFR 164.404"},
            {"notify": "prominent media in " + (", ".join(self.media_states) or "(no state)"),
             "required": "yes" if self.media_states else "no", "no later than": self.media_by,
             "rule": "45 CFR 164.406"},
            {"notify": "HHS (with the individual notices)" if self.hhs_with_individuals else "HHS (annual log)",
             "required": "yes", "no later than": self.hhs_by,
             "rule": "45 CFR 164.408(b)" if self.hhs_with_individuals else "45 CFR 164.408(c)"},
        ]
        return pd.DataFrame(rows)


def breach_notices(discovered: date | str, residents: Mapping[str, int] | int, state: str = "") -> BreachNotices:
    """The notices a covered entity owes after discovering a breach of unsecured protected health information.

    ``residents`` maps each state to the number of its residents affected, e.g. ``{"OH": 610, "IN": 30}``; a plain
    number with ``state=`` is the same as one entry. The discovery date is day 0: the first day the breach was known,
    or would have been known with reasonable diligence, to anyone in the workforce other than the person who caused
    it (45 CFR 164.404(a)(2)). A law-enforcement request can delay notice (164.412); this calculator does not model it.
    """
    discovered = parse_date(discovered, "discovered")
    if isinstance(residents, int) and not isinstance(residents, bool):
        residents = {state or "(state not given)": residents}
    if not isinstance(residents, Mapping) or not residents:
        raise InputError("residents must map each state to how many of its residents were affected, e.g. {'OH': 610}.")
    clean: dict[str, int] = {}
    for st, n in residents.items():
        if not isinstance(st, str) or not st.strip():
            raise InputError(f"State names must be non-empty text; got {st!r}.")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InputError(f"The number affected in {st} must be a whole number, 0 or more; got {n!r}.")
        clean[st.strip()] = clean.get(st.strip(), 0) + n
    total = sum(clean.values())
    if total == 0:
        raise InputError("No one is affected: a breach notice needs at least one affected person.")
    individuals_by = discovered + timedelta(days=NOTICE_DAYS)
    media = tuple(s for s, n in clean.items() if n > MEDIA_THRESHOLD)
    large = total >= HHS_THRESHOLD
    hhs_by = individuals_by if large else annual_log_deadline(discovered.year)
    return BreachNotices(discovered, clean, individuals_by, media, hhs_by, large)
