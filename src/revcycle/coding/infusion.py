"""Drug administration in an encounter: which service is the initial one, which are sequential, concurrent or
added hours, and which are not reported at all.

The rules, in the book's words: one initial service per encounter (a second only when a separate IV site was
required), chosen in a facility by the hierarchy chemotherapy > therapeutic, prophylactic or diagnostic >
hydration, then infusion > push > injection; a physician chooses the service that was the main reason for the
encounter (CMS Pub. 100-04, ch. 4 sec. 230.2 and ch. 12 sec. 30.5; CPT's instructions). An infusion of 15 minutes
or less is a push; hydration of 30 minutes or less is not reported; an added hour needs more than 30 minutes past
the last full hour. Concurrent therapeutic infusions are one line per encounter; hydration running beside another
infusion is not reported. :func:`code_encounter` returns the lines; :func:`price_lines` prices them with the CY2026
fee schedule (:mod:`revcycle.payment.fees`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from revcycle.core.errors import InputError

__all__ = ["CODES", "KINDS", "RANK", "ROUTES", "Administration", "Line", "added_hours", "code_encounter",
           "price_lines", "rank"]

KINDS = ("chemotherapy", "therapeutic", "hydration")
ROUTES = ("infusion", "push", "injection")
#: The facility hierarchy: a higher number outranks a lower one.
RANK = {"chemotherapy": 3, "therapeutic": 2, "hydration": 1}
ROUTE_RANK = {"infusion": 3, "push": 2, "injection": 1}
PUSH_MAX = 15  # an "infusion" of 15 minutes or less is reported as a push
HYDRATION_MIN = 31  # hydration must run more than 30 minutes to be reported
#: (kind, route, role) -> code; roles: initial, hour (each added hour), sequential, concurrent, repeat (same drug)
CODES: dict[tuple[str, str, str], str] = {
    ("hydration", "infusion", "initial"): "96360",
    ("hydration", "infusion", "hour"): "96361",
    ("hydration", "infusion", "sequential"): "96361",
    ("therapeutic", "infusion", "initial"): "96365",
    ("therapeutic", "infusion", "hour"): "96366",
    ("therapeutic", "infusion", "sequential"): "96367",
    ("therapeutic", "infusion", "concurrent"): "96368",
    ("therapeutic", "injection", "initial"): "96372",
    ("therapeutic", "injection", "sequential"): "96372",
    ("therapeutic", "push", "initial"): "96374",
    ("therapeutic", "push", "sequential"): "96375",
    ("therapeutic", "push", "repeat"): "96376",
    ("chemotherapy", "injection", "initial"): "96401",
    ("chemotherapy", "injection", "sequential"): "96401",
    ("chemotherapy", "push", "initial"): "96409",
    ("chemotherapy", "push", "sequential"): "96411",
    ("chemotherapy", "infusion", "initial"): "96413",
    ("chemotherapy", "infusion", "hour"): "96415",
    ("chemotherapy", "infusion", "sequential"): "96417",
}


@dataclass(frozen=True)
class Administration:
    """One drug or fluid given: its kind, route, minutes (infusions), the substance, and the IV site it ran in.

    ``concurrent`` marks an infusion that ran at the same time as another one in the same site; ``repeat`` a push
    of the same substance already pushed earlier in the encounter."""

    kind: str
    route: str
    substance: str
    minutes: int = 0
    site: int = 1
    concurrent: bool = False
    repeat: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}.")
        if self.route not in ROUTES:
            raise InputError(f"route must be one of {', '.join(ROUTES)}, not {self.route!r}.")
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or self.minutes < 0:
            raise InputError(f"minutes must be a whole number of minutes (0 or more), not {self.minutes!r}.")
        if self.route == "infusion" and self.minutes == 0:
            raise InputError(f"{self.substance}: an infusion needs its documented minutes (start and stop times).")
        if not isinstance(self.site, int) or self.site < 1:
            raise InputError(f"site must be 1, 2, ... (the IV site), not {self.site!r}.")
        if not isinstance(self.substance, str) or not self.substance.strip():
            raise InputError("Name the substance given (such as 'normal saline' or 'ondansetron').")
        if self.kind == "hydration" and self.route != "infusion":
            raise InputError("Hydration is given by infusion; a fluid push is not a hydration service.")

    @property
    def reported_route(self) -> str:
        """The route the service is coded as: an infusion of 15 minutes or less is a push."""
        return "push" if self.route == "infusion" and self.minutes <= PUSH_MAX else self.route


@dataclass(frozen=True)
class Line:
    """A coded line: code, units, role (initial, sequential, concurrent, hour, repeat, not reported), the
    administration it comes from, and why."""

    code: str
    units: int
    role: str
    substance: str
    reason: str

    @property
    def reported(self) -> bool:
        return self.role != "not reported"


def rank(a: Administration) -> tuple[int, int, int]:
    """The facility hierarchy as a sort key: kind first, then route, then length."""
    return (RANK[a.kind], ROUTE_RANK[a.reported_route], a.minutes)


def added_hours(minutes: int) -> int:
    """Units of 'each additional hour' after the first hour: one per full hour, plus one for a last part over 30
    minutes (90 minutes -> 0, 91 -> 1, 150 -> 1, 151 -> 2)."""
    extra = minutes - 60
    return 0 if extra <= 0 else extra // 60 + (1 if extra % 60 > 30 else 0)


def _not_reported(a: Administration, why: str) -> Line:
    return Line("", 0, "not reported", a.substance, why)


def _lines_for(a: Administration, first: bool, why: str, setting: str) -> list[Line]:
    """The line(s) of one administration: its own line, then any added hours."""
    route = a.reported_route
    if a.kind == "hydration" and a.minutes < HYDRATION_MIN:
        return [_not_reported(a, f"Hydration of {a.minutes} minutes: 30 minutes or less is not reported.")]
    if a.concurrent:
        if a.kind == "hydration":
            return [_not_reported(a, "Hydration running at the same time as another infusion is not reported.")]
        if a.kind == "chemotherapy" or route != "infusion":
            raise InputError(f"{a.substance}: the book models concurrent therapeutic infusions only.")
        return [Line(CODES[(a.kind, route, "concurrent")], 1, "concurrent", a.substance,
                     "A second infusion running at the same time through the same site.")]
    if first:
        role, reason = "initial", f"Initial: {why}"
    elif route == "injection":
        role, reason = "additional", "Each injection is its own line; injections have no initial or sequential code."
    elif a.repeat and route == "push" and a.kind == "therapeutic":
        if setting == "physician":
            return [_not_reported(a, "A repeat push of the same drug is a facility-only code.")]
        role, reason = "repeat", "A repeat push of the same substance, later in the encounter."
    else:
        role, reason = "sequential", "After the initial service, through the same site: a sequential service."
    key = "sequential" if role == "additional" else role
    hours = added_hours(a.minutes) if route == "infusion" and (role == "initial" or a.kind != "chemotherapy") else 0
    if a.kind == "hydration" and role == "sequential":  # a sequential hydration is counted in hours from the start
        return [Line(CODES[(a.kind, route, key)], 1 + hours, role, a.substance,
                     f"Hydration after another initial service, {a.minutes} minutes: {1 + hours} hour unit(s).")]
    out = [Line(CODES[(a.kind, route, key)], 1, role, a.substance, reason)]
    if hours:
        out.append(Line(CODES[(a.kind, "infusion", "hour")], hours, "hour", a.substance,
                        f"{a.minutes} minutes: {hours} added hour(s) past the first."))
    return out


def code_encounter(given: Sequence[Administration], *, setting: str = "facility",
                   primary: int | None = None) -> list[Line]:
    """The lines for one encounter's administrations, the initial service first.

    ``setting`` 'facility' chooses the initial service by the hierarchy; 'physician' uses ``primary`` (the index of
    the administration that was the main reason for the encounter) and falls back to the hierarchy with a note."""
    if setting not in ("facility", "physician"):
        raise InputError(f"setting must be 'facility' or 'physician', not {setting!r}.")
    if not given:
        raise InputError("Give at least one administration.")
    if primary is not None and (isinstance(primary, bool) or not 0 <= primary < len(given)):
        raise InputError(f"primary must be the index (0 to {len(given) - 1}) of the main service, not {primary!r}.")
    lines: list[Line] = []
    concurrent_done = False
    for site in sorted({a.site for a in given}):
        here = [a for a in given if a.site == site]
        if any(a.concurrent for a in here) and not any(not a.concurrent and a.reported_route == "infusion"
                                                       for a in here):
            raise InputError(f"IV site {site}: a concurrent infusion needs another infusion running in that site.")
        candidates = [a for a in here
                      if not a.concurrent and not (a.kind == "hydration" and a.minutes < HYDRATION_MIN)]
        first = max(candidates, key=rank) if candidates else None
        why = ("highest in the hierarchy (chemotherapy, then therapeutic, then hydration; infusion, then push, then "
               "injection)")
        if setting == "physician":
            if primary is not None and any(given[primary] is c for c in candidates):
                first, why = given[primary], "the main reason for the encounter (the physician's choice)"
            else:
                why += "; a physician chooses the main reason for the encounter: pass primary= to say which"
        site_note = "" if site == 1 else (f" A second initial service for IV site {site}: only when a separate "
                                          "site was required, with a distinct-service modifier the payer accepts.")
        for a in sorted(here, key=lambda x: x is not first):
            lines += _lines_for(a, a is first, why + "." + site_note, setting)
            if a.concurrent and lines[-1].reported:
                if concurrent_done:
                    lines[-1] = _not_reported(a, "A concurrent infusion is reported once per encounter.")
                concurrent_done = True
    return lines


def price_lines(lines: Sequence[Line], *, locality: str | None = None,
                setting: str = "non-facility") -> list[tuple[Line, Decimal]]:
    """Each reported line with its CY2026 fee schedule amount times units (a status the PFS does not pay: 0.00)."""
    from revcycle.core.errors import RuleError
    from revcycle.core.money import to_cents
    from revcycle.payment import fees

    out = []
    for line in lines:
        if not line.reported:
            continue
        try:
            each = fees.pfs_payment(line.code, locality=locality, setting=setting).payment  # type: ignore[arg-type]
        except RuleError:
            each = Decimal("0.00")
        out.append((line, to_cents(each * line.units)))
    return out
