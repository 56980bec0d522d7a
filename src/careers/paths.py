"""Career paths: from a role (or a credential just earned), the next credential and the role it leads to.

Each move in :data:`MOVES` pairs a role with a credential from :data:`careers.credentials.CREDENTIALS` and the role the
credential's own page describes it for (the ``source`` is that page's references.bib key). The moves are the book's
map of typical directions, not a count of what employers require: titles and asks vary by employer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from careers import ceu
from careers.credentials import CREDENTIALS, credential, normalize
from revcycle.core.errors import InputError

__all__ = ["MOVES", "ROLES", "Move", "Path", "ceus_for", "draw", "frame", "layout", "paths_from", "resolve"]

#: Roles by key: the title and the employer types where the role usually sits.
ROLES: dict[str, tuple[str, str]] = {
    "learner": ("Learner", "a training program"),
    "patient-access": ("Patient access representative", "hospitals and practices"),
    "entry-coder": ("Entry-level coder", "any setting"),
    "him-tech": ("Health information technician", "hospitals, clinics, long-term care"),
    "biller": ("Billing specialist", "practices, hospitals, billing companies"),
    "practice-coder": ("Physician-practice coder", "physician practices, billing companies"),
    "hospital-coder": ("Hospital coder", "hospital HIM departments"),
    "revenue-cycle-rep": ("Revenue-cycle representative", "hospitals, health systems, revenue-cycle vendors"),
    "payer-reviewer": ("Payer claims and coding reviewer", "health plans"),
    "outpatient-coder": ("Outpatient facility coder", "hospital outpatient departments, surgery centers"),
    "inpatient-coder": ("Inpatient facility coder", "hospital HIM departments"),
    "risk-coder": ("Risk adjustment coder", "payers, provider groups, consulting firms"),
    "auditor": ("Coding auditor", "practices, hospitals, consulting and audit firms"),
    "cdi": ("CDI specialist", "mostly hospitals"),
}


@dataclass(frozen=True)
class Move:
    """From one role, earn a credential, to another role."""

    start: str
    credential: str
    end: str
    source: str  #: references.bib key of the page that describes the credential for the end role


MOVES: tuple[Move, ...] = (
    Move("learner", "CPC", "practice-coder", "aapc-cpc-exam"),
    Move("learner", "CCA", "entry-coder", "ahima-cca"),
    Move("learner", "CPB", "biller", "aapc-cpb-exam"),
    Move("learner", "CBCS", "biller", "nha-cbcs"),
    Move("learner", "RHIT", "him-tech", "ahima-rhit"),
    Move("learner", "CRCR", "patient-access", "hfma-crcr-faq"),
    Move("patient-access", "CPB", "biller", "aapc-cpb-exam"),
    Move("entry-coder", "CCS", "hospital-coder", "ahima-ccs"),
    Move("entry-coder", "CCS-P", "practice-coder", "ahima-ceu-table"),
    Move("him-tech", "CCS", "hospital-coder", "ahima-ccs"),
    Move("practice-coder", "COC", "outpatient-coder", "aapc-coc"),
    Move("practice-coder", "CIC", "inpatient-coder", "aapc-cic-exam"),
    Move("practice-coder", "CRC", "risk-coder", "aapc-crc-exam"),
    Move("practice-coder", "CPC-P", "payer-reviewer", "aapc-cpc-p"),
    Move("practice-coder", "CPMA", "auditor", "aapc-cpma-exam"),
    Move("biller", "CPC-P", "payer-reviewer", "aapc-cpc-p"),
    Move("biller", "CRCR", "revenue-cycle-rep", "hfma-crcr-faq"),
    Move("hospital-coder", "CDIP", "cdi", "ahima-ceu-table"),
    Move("him-tech", "CDIP", "cdi", "ahima-ceu-table"),
)


@dataclass(frozen=True)
class Path:
    """A start role, the credentials already held, and the moves taken from it in order."""

    start: str
    held: tuple[str, ...]
    moves: tuple[Move, ...]

    @property
    def end(self) -> str:
        return self.moves[-1].end if self.moves else self.start

    @property
    def earned(self) -> tuple[str, ...]:
        return tuple(m.credential for m in self.moves)

    def text(self) -> str:
        """'Physician-practice coder -> [CPMA] -> Coding auditor'."""
        parts = [ROLES[self.start][0]]
        for m in self.moves:
            parts += [f"[{m.credential}]", ROLES[m.end][0]]
        return " -> ".join(parts)


def resolve(start: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The start roles and the credentials held for a role (key or title) or a credential code.

    A credential starts from the roles it leads to, with that credential held:
    >>> resolve("cpc-a")
    (('practice-coder',), ('CPC',))
    """
    if not isinstance(start, str) or not start.strip():
        raise InputError(f"Start from a role such as 'Billing specialist' or a credential such as 'CPC', "
                         f"not {start!r}.")
    wanted = " ".join(start.split()).casefold()
    for key, (title, _where) in ROLES.items():
        if wanted in (key, title.casefold()):
            return (key,), ()
    code = normalize(start)
    if code in CREDENTIALS:
        ends = tuple(dict.fromkeys(m.end for m in MOVES if m.credential == code))
        if not ends:
            raise InputError(f"No move in this book's map leads through {code}; start from a role instead.")
        return ends, (code,)
    titles = "; ".join(t for t, _ in ROLES.values())
    raise InputError(f"{start!r} is neither a role nor a credential in this book's map. Roles: {titles}. "
                     f"Credentials: {', '.join(CREDENTIALS)}.")


def paths_from(start: object, steps: int = 2, held: Iterable[str] = ()) -> list[Path]:
    """Every path of 1 to ``steps`` moves from ``start`` that visits no role twice and earns no credential already
    held (``held`` adds to what ``start`` implies), shortest first, then in the map's order."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 4:
        raise InputError(f"steps must be a whole number from 1 to 4, not {steps!r}.")
    roles, implied = resolve(start)
    have = tuple(dict.fromkeys([*implied, *(credential(c).code for c in held)]))
    found: list[Path] = []

    def walk(path: Path) -> None:
        if len(path.moves) == steps:
            return
        seen = {path.start, *(m.end for m in path.moves)}
        owned = set(path.held) | set(path.earned)
        for move in MOVES:
            if move.start == path.end and move.end not in seen and move.credential not in owned:
                longer = Path(path.start, path.held, (*path.moves, move))
                found.append(longer)
                walk(longer)

    for role in roles:
        walk(Path(role, have, ()))
    order = {m: i for i, m in enumerate(MOVES)}
    return sorted(found, key=lambda p: (len(p.moves), [order[m] for m in p.moves]))


def ceus_for(credentials: Iterable[str]) -> dict[str, str]:
    """What keeping these credentials asks every two years, by body: CEUs where the sourced tables give them,
    else the body's own rule or 'see the body's page'."""
    rows = [credential(c) for c in credentials]
    out: dict[str, str] = {}
    counted = [c.code for c in rows if c.ceus is not None]
    for body, n in (ceu.required_ceus(counted) if counted else {}).items():
        out[body] = f"{n} CEUs"
    for c in rows:
        if c.ceus is None:
            out.setdefault(c.body, c.renewal_text())
    return out


def frame(paths: list[Path]):
    """One row per path: the route, the credentials it adds, and what keeping everything held asks."""
    import pandas as pd

    rows = []
    for i, p in enumerate(paths, 1):
        keep = ceus_for([*p.held, *p.earned])
        rows.append({"path": i, "route": p.text(), "moves": len(p.moves), "adds": ", ".join(p.earned),
                     "ends as": ROLES[p.end][0], "where": ROLES[p.end][1],
                     "keeping it all": "; ".join(f"{b}: {v}" for b, v in keep.items())})
    return pd.DataFrame(rows).set_index("path")


def layout(paths: list[Path]) -> tuple[dict[str, tuple[float, float]], list[tuple[str, str, str]]]:
    """Node positions and labelled edges for a drawing: a role's column is the most moves any path takes to reach
    it (so every arrow points right), rows spread evenly in the map's order."""
    depth: dict[str, int] = {}
    edges: list[tuple[str, str, str]] = []
    for p in paths:
        depth.setdefault(p.start, 0)
        for m in p.moves:
            if (m.start, m.end, m.credential) not in edges:
                edges.append((m.start, m.end, m.credential))
    for _ in range(len(ROLES)):  # longest path in a small acyclic map: relax until nothing moves
        for start, end, _cred in edges:
            depth[end] = max(depth.get(end, 0), depth.get(start, 0) + 1)
    columns: dict[int, list[str]] = {}
    for role in ROLES:  # the map's order keeps the drawing stable
        if role in depth:
            columns.setdefault(depth[role], []).append(role)
    pos: dict[str, tuple[float, float]] = {}
    for col, roles in columns.items():
        for row, role in enumerate(roles):
            pos[role] = (float(col), (len(roles) - 1) / 2 - row)
    return pos, edges


def draw(paths: list[Path], ax: object) -> None:
    """Draw the paths on a matplotlib Axes: role boxes in columns, one arrow per pair of roles labelled with the
    credential(s) that make the move; an arrow that would cross a box bends around it, its label at the bend."""
    pos, edges = layout(paths)
    a: Any = ax  # a matplotlib Axes, typed loosely so careers needs no matplotlib to import
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    a.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    a.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    a.axis("off")
    labels: dict[tuple[str, str], list[str]] = {}
    for start, end, cred in edges:
        labels.setdefault((start, end), []).append(cred)
    to_screen, to_data = a.transData.transform, a.transData.inverted().transform
    for (start, end), creds in labels.items():
        (x0, y0), (x1, y1) = pos[start], pos[end]
        p0, p1 = (x0 + 0.28, y0), (x1 - 0.28, y1)
        crossed = [(cx, cy) for cx, cy in pos.values() if x0 < cx < x1 and abs(cy - y0 - (y1 - y0) * (cx - x0) /
                                                                          (x1 - x0)) < 0.3]
        rad = -0.15 if crossed else 0.0  # bend only an arrow that would run through a box, by about half a row
        a.annotate("", xy=p1, xytext=p0, arrowprops={"arrowstyle": "->", "color": "#52606d", "lw": 1,
                                                     "connectionstyle": f"arc3,rad={rad}"})
        if rad:  # the apex of matplotlib's arc3 curve, worked out on screen where the curve is drawn
            (sx0, sy0), (sx1, sy1) = to_screen(p0), to_screen(p1)
            cx, cy = (sx0 + sx1) / 2 + rad * (sy1 - sy0), (sy0 + sy1) / 2 - rad * (sx1 - sx0)
            lx, ly = to_data(((sx0 + 2 * cx + sx1) / 4, (sy0 + 2 * cy + sy1) / 4))
        else:
            lx, ly = x0 + 0.5, y0 + (y1 - y0) * 0.5 / (x1 - x0)
        a.text(lx, ly, " / ".join(creds), ha="center", va="center", fontsize=8, color="#1565c0",
               bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    for role, (x, y) in pos.items():
        title = ROLES[role][0]
        a.text(x, y, title.replace(" ", "\n", 1) if len(title) > 16 else title, ha="center", va="center",
               fontsize=8, bbox={"boxstyle": "round,pad=0.3", "fc": "#e8f0fe", "ec": "#1565c0"})
