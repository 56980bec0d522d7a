"""The vectorized scrubber behind :func:`revcycle.claims.scrub_frame`: the same edits as ``scrubber.scrub``.

Each edit works on whole numpy/pandas columns. Look-ups that need Python (is this ICD-10-CM code billable?
is this NPI's check digit right?) run once per distinct value, never per row; messages are written only for
the rows that fail, by the same functions the one-claim scrubber uses, so both paths say the same words.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from revcycle.claims.frame import COLUMNS, DX_COLUMNS, MOD_COLUMNS
from revcycle.claims.model import DX_LETTERS, MAX_DIAGNOSES, MAX_MODIFIERS, MAX_POINTERS, ClaimError
from revcycle.claims.procedures import is_em, is_known_procedure, takes_modifier_25
from revcycle.claims.scrubber import (
    _DISTINCT_MODS,
    _MOD,
    _NON_EM_BYPASS,
    _ORDER,
    _POS,
    _REASON_XP,
    _REASON_XS,
    _X_MODS,
    EDIT_BY_ID,
    FINDING_COLUMNS,
    _dx_message,
    _mod_format_message,
    _mue_day_message,
    _mue_line_message,
    _npi_problem,
    _ptp_message,
    _ptr_empty_message,
    _ptr_format_message,
    _timely_message,
    _units_text,
    _usd,
    _x_message,
    dx_status,
    is_pregnancy_code,
)
from revcycle.codes import ncci

_STATUS = {"ok": 0, "invalid": 1, "seventh": 2, "header": 3}
_STATUS_EDIT = {1: "DX-INVALID", 2: "DX-7TH", 3: "DX-HEADER"}
_EPOCH = 719163  # date(1970, 1, 1).toordinal()


class _Col:
    """A text column as integer codes and the distinct values they index ('' for missing).

    Categorical columns (as claims_frame makes them) are used as they are; other columns are factorized once.
    Every per-value question (is this code billable?) is then asked once per distinct value.
    """

    __slots__ = ("codes", "values")

    def __init__(self, series: pd.Series) -> None:
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy()
            values = np.asarray(series.cat.categories, dtype=object)
        else:
            codes, values = pd.factorize(series.to_numpy(dtype=object))
            values = np.asarray(values, dtype=object)
        if codes.size and codes.min() < 0:
            values = np.append(values, "")
            codes = np.where(codes < 0, len(values) - 1, codes)
        self.codes = codes
        self.values = np.array([v if isinstance(v, str) else ("" if v is None or v != v else str(v))
                                for v in values] + [""], dtype=object)

    def nonempty(self) -> np.ndarray:
        return (self.values != "")[self.codes]

    def flags(self, fn) -> np.ndarray:
        """fn(value) as a bool per distinct value (index it with codes)."""
        return np.array([fn(v) for v in self.values], dtype=bool)

    def map(self, fn, dtype=object) -> np.ndarray:
        """fn(value) for every row, computed once per distinct value."""
        return np.array([fn(v) for v in self.values], dtype=dtype)[self.codes]

    def equals(self, text: str) -> np.ndarray:
        hit = np.flatnonzero(self.values == text)
        if not hit.size:
            return np.zeros(len(self.codes), dtype=bool)
        out = self.codes == hit[0]
        for h in hit[1:]:
            out |= self.codes == h
        return out

    def at(self, rows) -> np.ndarray:
        return self.values[self.codes[rows]]


def _days(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(whole days since 1970 as int64, is-missing mask) for a datetime column."""
    arr = np.asarray(series.to_numpy(), dtype="datetime64[D]")
    missing = np.isnat(arr)
    days = arr.astype(np.int64)
    if missing.any():
        days = np.where(missing, 0, days)
    return days, missing


def _date_keys(days: np.ndarray) -> np.ndarray:
    """yyyymmdd integers, so 'one calendar year later' is key + 10000 (as scrubber._date_key)."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + day


def _repeated(claim: np.ndarray, code: np.ndarray, together: bool) -> np.ndarray:
    """True where a code appears on more than one row of the same claim."""
    if not claim.size:
        return np.zeros(0, dtype=bool)
    longest = int(np.bincount(claim).max())
    if not together or longest > 16:
        return pd.DataFrame({"c": claim, "p": code}).duplicated(keep=False).to_numpy()
    out = np.zeros(len(claim), dtype=bool)
    for shift in range(1, longest):  # rows of a claim are adjacent: compare each row with the next few
        same = (claim[shift:] == claim[:-shift]) & (code[shift:] == code[:-shift])
        out[shift:] |= same
        out[:-shift] |= same
    return out


def _join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with left[i] == right[j], for int64 keys (a sort-based equi-join)."""
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    lo = np.searchsorted(ordered, left, "left")
    counts = np.searchsorted(ordered, left, "right") - lo
    total = int(counts.sum())
    i = np.repeat(np.arange(len(left)), counts)
    j = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)]
    return i, j


def _iso(days: np.ndarray) -> np.ndarray:
    """ISO dates ('2026-03-02') for day numbers, as date.isoformat() writes them."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), unit="D")


def _to_date(day) -> date:
    return date.fromordinal(int(day) + _EPOCH)


def _cents(cents) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def _usd_cents(cents: int) -> str:
    """Whole cents as scrubber._usd writes the same Decimal amount ("$1,250.00", "$-5.00")."""
    sign, whole = ("-" if cents < 0 else ""), abs(cents)
    return f"${sign}{whole // 100:,}.{whole % 100:02d}"


class _Mods:
    """The four modifier columns plus any extra modifiers, asked 'does this line carry modifier m?'."""

    def __init__(self, df: pd.DataFrame, rows: np.ndarray) -> None:
        self.cols = [_Col(df[c]) for c in MOD_COLUMNS]
        for col in self.cols:
            col.codes = col.codes[rows]
        extra = _Col(df["mod_extra"])
        extra.codes = extra.codes[rows]
        self.extra = extra
        self.extra_rows = np.flatnonzero(extra.codes != np.flatnonzero(extra.values == "")[0])
        self.n = len(extra.codes)

    def has(self, modifier: str) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for col in self.cols:
            out |= col.equals(modifier)
        for i in self.extra_rows:
            if modifier in self.extra.at(i).split(","):
                out[i] = True
        return out

    def has_any(self, modifiers: frozenset[str]) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for col in self.cols:
            out |= col.map(lambda m: m in modifiers, bool)
        for i in self.extra_rows:
            if set(self.extra.at(i).split(",")) & modifiers:
                out[i] = True
        return out

    def bits(self, modifiers: tuple[str, ...]) -> np.ndarray:
        """One bit per modifier in ``modifiers`` that the line carries."""
        out = np.zeros(self.n, dtype=np.int64)
        bit = {m: 1 << i for i, m in enumerate(modifiers)}
        for col in self.cols:
            out |= col.map(lambda m: bit.get(m, 0), np.int64)
        for i in self.extra_rows:
            for m in self.extra.at(i).split(","):
                out[i] |= bit.get(m, 0)
        return out

    def row(self, i: int) -> list[str]:
        mods = [m for m in (col.at(i) for col in self.cols) if m]
        extra = self.extra.at(i)
        return mods + extra.split(",") if extra else mods


def _claim_index(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """(claim number of each row in order of first appearance, first row of each claim, claim ids, whether
    each claim's rows sit together)."""
    series = df["claim_id"]
    if isinstance(series.dtype, pd.CategoricalDtype):
        raw = series.cat.codes.to_numpy().astype(np.int64)
        values = np.asarray(series.cat.categories, dtype=object)
    else:
        raw, values = pd.factorize(series.to_numpy(dtype=object))
        values = np.asarray(values, dtype=object)
    if raw.min() < 0:
        values = np.append(values, "")
        raw = np.where(raw < 0, len(values) - 1, raw)
    step = np.diff(raw)
    if raw[0] == 0 and ((step == 0) | (step == 1)).all():  # claims_frame output: contiguous, in order
        first = np.flatnonzero(np.r_[True, step != 0])
        ci = raw
        together = True
    else:
        uniq, first = np.unique(raw, return_index=True)
        order = np.argsort(first, kind="stable")
        remap = np.full(int(raw.max()) + 1, -1, dtype=np.int64)
        remap[uniq[order]] = np.arange(len(uniq))
        first = first[order]
        ci = remap[raw]
        together = bool((np.diff(ci) >= 0).all())
    return ci, first, values[raw[first]], together


def scrub_frame(df: pd.DataFrame, *, as_of: date | None = None) -> pd.DataFrame:
    """See :func:`revcycle.claims.scrubber.scrub_frame`."""
    if not isinstance(df, pd.DataFrame):
        raise ClaimError(f"scrub_frame() takes a DataFrame made by claims_frame(), not {type(df).__name__}.")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ClaimError(
            f"The frame lacks the column(s) {', '.join(missing)}; build it with revcycle.claims.claims_frame()."
        )
    if len(df) == 0:
        return _empty()

    found: list[tuple[np.ndarray, np.ndarray, str, list[str]]] = []

    def emit(claims: np.ndarray, lines: np.ndarray, edit_id: str, messages: list[str]) -> None:
        if len(messages):
            found.append((np.asarray(claims, dtype=np.int64), np.asarray(lines, dtype=np.int64), edit_id,
                          messages))

    ci, first, claim_ids, together = _claim_index(df)
    nc = len(first)
    line_no = df["line"].to_numpy(dtype=np.int64)
    is_line = line_no > 0
    # rows that are real service lines (a plain slice when every row is one: no copies)
    lr = slice(None) if is_line.all() else np.flatnonzero(is_line)
    lci, lline = ci[lr], line_no[lr]
    zeros = np.zeros

    # ---- claim level ----------------------------------------------------------------------------
    no_lines = ci[~is_line]
    emit(no_lines, zeros(len(no_lines)), "CLM-NO-LINES",
         ["The claim has no service lines (item 24): there is nothing to bill."] * len(no_lines))

    # item 21, slot by slot: look each distinct code up once, keep only the slots that need a message
    any_filled = np.zeros(nc, dtype=bool)
    occupied = np.zeros(nc, dtype=np.int64)  # bit k set when slot k (A=0) holds a code
    flagged = []
    for k, name in enumerate(DX_COLUMNS):
        col = _Col(df[name])
        codes = col.codes[first]
        info = [dx_status(v) if v else ("ok", "") for v in col.values]
        table = np.array([_STATUS[st] | (8 if st != "invalid" and d and is_pregnancy_code(d) else 0)
                          for st, d in info], dtype=np.int8)
        nonempty = (col.values != "")[codes]
        any_filled |= nonempty
        occupied |= nonempty.astype(np.int64) << k
        slot_flags = table[codes]
        rows = np.flatnonzero(slot_flags)
        if rows.size:
            flagged.append((k, rows, slot_flags[rows], codes[rows], col.values, info))
    none = np.flatnonzero(~any_filled)
    emit(none, zeros(len(none)), "DX-NONE",
         ["Item 21 is empty: a claim needs at least one diagnosis that explains the services."] * len(none))
    n_dx = df["n_diagnoses"].to_numpy(dtype=np.int64)[first]
    hit = np.flatnonzero(n_dx > MAX_DIAGNOSES)
    emit(hit, zeros(len(hit)), "DX-TOO-MANY",
         [f"Item 21 lists {n_dx[i]} diagnoses; the form and the 837P hold at most 12 (A-L). Keep the ones the "
          "lines point to." for i in hit])
    indicator = _Col(df["icd_indicator"])
    hit = np.flatnonzero(~indicator.equals("0")[first])
    emit(hit, zeros(len(hit)), "DX-INDICATOR",
         [f"The ICD indicator in item 21 is {indicator.at(first[i])!r}; it must be 0 (ICD-10-CM) for services "
          "since October 1, 2015." for i in hit])

    mods = _Mods(df, lr)
    has_kx = np.zeros(nc, dtype=bool)
    has_kx[lci[mods.has("KX")]] = True
    male = _Col(df["patient_sex"]).equals("M")[first]
    for k, rows, slot_flags, codes, values, info in flagged:
        status = slot_flags & 7
        for value, edit_id in _STATUS_EDIT.items():
            hit = np.flatnonzero(status == value)
            emit(rows[hit], zeros(len(hit)), edit_id,
                 [_dx_message(edit_id, DX_LETTERS[k], values[g], info[g][1]) for g in codes[hit].tolist()])
        hit = np.flatnonzero((slot_flags & 8).astype(bool) & male[rows] & ~has_kx[rows])
        emit(rows[hit], zeros(len(hit)), "DX-SEX",
             [_dx_message("DX-SEX", DX_LETTERS[k], values[g], info[g][1]) for g in codes[hit].tolist()])

    billing = _Col(df["billing_npi"])
    hit = np.flatnonzero(billing.flags(lambda v: _npi_problem(v) is not None)[billing.codes[first]])
    emit(hit, zeros(len(hit)), "NPI-BILLING",
         [f"Item 33a (billing provider): {_npi_problem(billing.at(first[i]))}" for i in hit])
    referring = _Col(df["referring_npi"])
    hit = np.flatnonzero(referring.flags(lambda v: bool(v) and _npi_problem(v) is not None)[referring.codes[first]])
    emit(hit, zeros(len(hit)), "NPI-REFERRING",
         [f"Item 17b (referring provider): {_npi_problem(referring.at(first[i]))}" for i in hit])

    charge = df["charge_cents"].to_numpy(dtype=np.int64)[lr]
    line_sum = np.bincount(lci, weights=charge, minlength=nc)  # exact: whole cents far below 2**53
    has_lines = np.bincount(lci, minlength=nc) > 0
    total = df["total_charge_cents"].to_numpy(dtype=np.int64)[first]
    hit = np.flatnonzero(has_lines & (total != line_sum))
    emit(hit, zeros(len(hit)), "TOTAL",
         [f"Item 28 says {_usd_cents(t)} but the lines add up to {_usd_cents(int(u))}. Make the total equal the sum "
          "of the line charges." for t, u in zip(total[hit].tolist(), line_sum[hit].tolist(), strict=True)])

    # ---- line level (arrays below are indexed by position in lr) --------------------------------
    proc = _Col(df["procedure"])
    proc.codes = proc.codes[lr]
    known = proc.map(is_known_procedure, bool)
    em = proc.map(is_em, bool)
    hit = np.flatnonzero(~known)
    emit(lci[hit], lline[hit], "PROC-UNKNOWN",
         [f"Line {lline[k]}: {proc.at(k)!r} is not a CPT or HCPCS code this book knows (it is not in the CY2026 "
          "fee schedule, the MUE table or HCPCS Level II). Check it for a typo." for k in hit])

    n_mods = df["n_modifiers"].to_numpy(dtype=np.int64)[lr]
    hit = np.flatnonzero(n_mods > MAX_MODIFIERS)
    emit(lci[hit], lline[hit], "MOD-COUNT",
         [f"Line {lline[k]}: {n_mods[k]} modifiers; item 24D and the 837P take at most 4." for k in hit])
    bad_mod = np.zeros(len(lci), dtype=bool)
    for col in mods.cols:
        bad_mod |= col.map(lambda m: bool(m) and not _MOD.match(m), bool)
    for i in mods.extra_rows:
        bad_mod[i] |= any(not _MOD.match(m) for m in mods.extra.at(i).split(","))
    hit = np.flatnonzero(bad_mod)
    emit(lci[hit], lline[hit], "MOD-FORMAT",
         [_mod_format_message(int(lline[k]), [m for m in mods.row(k) if not _MOD.match(m)]) for k in hit])

    takes25 = proc.map(takes_modifier_25, bool)
    hit = np.flatnonzero(known & mods.has("25") & ~takes25)
    emit(lci[hit], lline[hit], "MOD-25",
         [f"Line {lline[k]}: modifier 25 is on {proc.at(k)}, which is not an evaluation and management (E/M) "
          "code. Modifier 25 goes on the E/M visit billed with a procedure, never on the procedure." for k in hit])
    has59 = mods.has("59")
    any_x = np.logical_or.reduce([mods.has(m) for m in sorted(_X_MODS)])
    hit = np.flatnonzero((has59 | any_x) & em)
    emit(lci[hit], lline[hit], "MOD-59-EM",
         [f"Line {lline[k]}: modifier {next(m for m in mods.row(k) if m in _DISTINCT_MODS)} is on the E/M code "
          f"{proc.at(k)}. 59 and the X modifiers are never used on E/M services; a separately identifiable visit "
          "takes 25 (or 57)." for k in hit])

    rendering = _Col(df["rendering_npi"])
    rendering.codes = rendering.codes[lr]
    npi_ids: dict[str, int] = {}
    billing_ids = np.array([npi_ids.setdefault(v, len(npi_ids)) for v in billing.values], dtype=np.int64)
    rendering_ids = np.array([npi_ids.setdefault(v, len(npi_ids)) for v in rendering.values], dtype=np.int64)
    eff_npi = np.where(rendering.nonempty(), rendering_ids[rendering.codes], billing_ids[billing.codes[lr]])
    n_proc = len(proc.values)
    proc_index = {v: i for i, v in enumerate(proc.values)}
    ptp = np.full((n_proc, n_proc), -1, dtype=np.int8)  # modifier indicator of (column 1, column 2), or -1
    from_days = _days(df["from_date"])[0][lr]
    to_days = _days(df["to_date"])[0][lr]
    pairs = ncci.ptp_index()
    for (c1, c2), pair in pairs.items():
        if c1 in proc_index and c2 in proc_index:
            ptp[proc_index[c1], proc_index[c2]] = pair.modifier_indicator
    pc = proc.codes
    day0 = from_days - (from_days.min() if len(from_days) else 0)
    same_day = lci * (int(day0.max(initial=0)) + 1) + day0  # claim and date of service as one integer
    n_npi = len(npi_ids) + 1
    if len(same_day) and int(same_day.max()) < (1 << 62) // n_npi:
        provider_day = same_day * n_npi + eff_npi  # ... and the rendering provider
    else:  # astronomically large frames: fall back to pandas' own join keys
        provider_day = pd.factorize(pd.MultiIndex.from_arrays([same_day, eff_npi]))[0].astype(np.int64)

    candidates = np.flatnonzero(has59 & ~any_x & ~em)
    if candidates.size:
        # pair every candidate with the other lines of its claim on the same day
        in_claim = np.zeros(nc, dtype=bool)
        in_claim[lci[candidates]] = True
        right = np.flatnonzero(in_claim[lci])
        i, j = _join(same_day[candidates], same_day[right])
        k, j = candidates[i], right[j]
        keep = k != j
        k, j = k[keep], j[keep]
        slot = np.searchsorted(candidates, k)
        anat = mods.bits(tuple(sorted(ncci.ANATOMIC_MODIFIERS)))
        same = pc[j] == pc[k]
        partner = (ptp[pc[k], pc[j]] >= 0) | (ptp[pc[j], pc[k]] >= 0)
        xs_ok = (anat[k] != 0) & (anat[j] != 0) & ((anat[j] & anat[k]) == 0)
        xp_ok = eff_npi[j] != eff_npi[k]
        nc_ = len(candidates)

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(slot[mask], minlength=nc_)

        n_same, n_partner, n_all = count(same), count(partner), count(np.ones(len(k), dtype=bool))
        tier = np.where(n_same > 0, 0, np.where(n_partner > 0, 1, 2))
        considered = np.where(tier[slot] == 0, same, np.where(tier[slot] == 1, partner, True))
        n_considered = np.choose(tier, [n_same, n_partner, n_all])
        xs = (n_considered > 0) & (count(considered & xs_ok) == n_considered)
        xp = (n_considered > 0) & ~xs & (count(considered & xp_ok) == n_considered)
        hit = candidates[xs | xp]
        emit(lci[hit], lline[hit], "MOD-59-X",
             [_x_message(int(lline[c]), proc.at(c), "XS" if xs[i] else "XP", _REASON_XS if xs[i] else _REASON_XP)
              for i, c in zip(np.flatnonzero(xs | xp), hit, strict=True)])

    pointers = _Col(df["pointers"])
    pointers.codes = pointers.codes[lr]
    ptr_missing = pointers.map(lambda u: u == "", bool)
    ptr_bad = pointers.map(
        lambda u: bool(u) and (any(p not in DX_LETTERS for p in u) or len(u) > MAX_POINTERS or len(set(u)) != len(u)),
        bool)
    ptr_bits = pointers.map(lambda u: sum(1 << DX_LETTERS.index(p) for p in set(u) if p in DX_LETTERS), np.int64)
    empty_bits = ptr_bits & ~occupied[lci]
    hit = np.flatnonzero(ptr_missing)
    emit(lci[hit], lline[hit], "PTR-MISSING",
         [f"Line {lline[k]}: no diagnosis pointer in item 24E. Point the line at the diagnosis (A-L) that explains "
          "it." for k in hit])
    hit = np.flatnonzero(ptr_bad)
    emit(lci[hit], lline[hit], "PTR-FORMAT", [_ptr_format_message(int(lline[k]), pointers.at(k)) for k in hit])
    hit = np.flatnonzero(empty_bits)
    letters: dict[int, list[str]] = {}
    for bits in np.unique(empty_bits[hit]).tolist():
        letters[bits] = [DX_LETTERS[b] for b in range(MAX_DIAGNOSES) if bits >> b & 1]
    emit(lci[hit], lline[hit], "PTR-EMPTY",
         [_ptr_empty_message(n, letters[bits]) for n, bits in zip(lline[hit].tolist(), empty_bits[hit].tolist(),
                                                                    strict=True)])

    pos = _Col(df["place_of_service"])
    pos.codes = pos.codes[lr]
    hit = np.flatnonzero(~pos.map(lambda v: bool(_POS.match(v)), bool))
    emit(lci[hit], lline[hit], "POS-FORMAT",
         [f"Line {lline[k]}: place of service {pos.at(k)!r} is not a two-digit code such as 11 (office)."
          for k in hit])

    hit = np.flatnonzero(to_days < from_days)
    emit(lci[hit], lline[hit], "DATE-ORDER",
         [f"Line {n}: the service ends ({t}) before it starts ({f})."
          for n, t, f in zip(lline[hit], _iso(to_days[hit]), _iso(from_days[hit]), strict=True)])
    birth = _days(df["patient_birth_date"])[0][lr]
    hit = np.flatnonzero(from_days < birth)
    emit(lci[hit], lline[hit], "DATE-BIRTH",
         [f"Line {n}: the service date {f} is before the patient's birth date {b} (item 3)."
          for n, f, b in zip(lline[hit], _iso(from_days[hit]), _iso(birth[hit]), strict=True)])
    if as_of is not None:
        filed = np.full(len(lci), as_of.toordinal() - _EPOCH, dtype=np.int64)
        filed_known = np.ones(len(lci), dtype=bool)
    else:
        filed, filed_missing = _days(df["submitted_on"])
        filed, filed_known = filed[lr], ~filed_missing[lr]
    latest = np.maximum(from_days, to_days)
    hit = np.flatnonzero(filed_known & (latest > filed))
    emit(lci[hit], lline[hit], "DATE-FUTURE",
         [f"Line {n}: the service date {a} is after the claim date {b}; bill a service only after it is given."
          for n, a, b in zip(lline[hit], _iso(latest[hit]), _iso(filed[hit]), strict=True)])
    medicare = _Col(df["payer_kind"]).equals("medicare")[lr]
    # a claim dated within 365 days of the service is never late; only the rest need the calendar check
    idx = np.flatnonzero(filed_known & medicare & (filed - from_days > 364))
    if idx.size:
        hit = idx[_date_keys(filed[idx]) > _date_keys(from_days[idx]) + 10000]
        emit(lci[hit], lline[hit], "TIMELY",
             [_timely_message(int(lline[k]), _to_date(from_days[k]), _to_date(filed[k])) for k in hit])

    hit = np.flatnonzero(charge < 0)
    emit(lci[hit], lline[hit], "CHARGE",
         [f"Line {lline[k]}: the charge {_usd(_cents(charge[k]))} is negative; item 24F takes the practice's full "
          "charge, zero or more." for k in hit])
    units = df["units"].to_numpy(dtype=np.float64)[lr]
    hit = np.flatnonzero(units <= 0)
    emit(lci[hit], lline[hit], "UNITS",
         [f"Line {lline[k]}: {_units_text(units[k])} units; units in item 24G must be more than zero." for k in hit])

    mue_value = proc.map(lambda c: (m.value if (m := ncci.mue(c)) else -1), np.int64)
    mue_mai = proc.map(lambda c: (m.mai if (m := ncci.mue(c)) else 0), np.int64)
    hit = np.flatnonzero(medicare & (mue_mai == 1) & (units > mue_value))
    emit(lci[hit], lline[hit], "MUE",
         [_mue_line_message(int(lline[k]), units[k], proc.at(k), int(mue_value[k])) for k in hit])
    per_day = np.flatnonzero(medicare & (mue_mai >= 2) & (units > 0))
    if per_day.size:
        # only a code billed on two lines of one claim can add up past the limit, unless one line does alone
        repeated = _repeated(lci[per_day], pc[per_day], together)
        cand = per_day[repeated | (units[per_day] > mue_value[per_day])]
        groups2: dict[tuple, list[int]] = {}
        for k in cand:
            groups2.setdefault((int(lci[k]), proc.codes[k], int(from_days[k]), eff_npi[k]), []).append(int(k))
        out_ci, out_line, out_msg = [], [], []
        for members in groups2.values():
            members.sort(key=lambda k: lline[k])
            total_units = sum(Decimal(str(units[k])) for k in members)
            k0 = members[0]
            if total_units > int(mue_value[k0]):
                out_ci.append(lci[k0])
                out_line.append(lline[k0])
                out_msg.append(_mue_day_message([int(lline[k]) for k in members], total_units, proc.at(k0),
                                                _to_date(from_days[k0]), int(mue_value[k0]), int(mue_mai[k0])))
        emit(np.array(out_ci), np.array(out_line), "MUE", out_msg)

    hit = np.flatnonzero(rendering.map(lambda v: bool(v) and _npi_problem(v) is not None, bool))
    emit(lci[hit], lline[hit], "NPI-RENDERING",
         [f"Line {lline[k]}, item 24J (rendering provider): {_npi_problem(rendering.at(k))}" for k in hit])

    role1 = (ptp >= 0).any(axis=1)[pc]
    role2 = (ptp >= 0).any(axis=0)[pc]
    if role1.any() and role2.any():
        a = np.flatnonzero(role1)
        in_claim = np.zeros(nc, dtype=bool)
        in_claim[lci[a]] = True
        b = np.flatnonzero(role2 & in_claim[lci])
        i, j = _join(provider_day[a], provider_day[b])
        k1, k2 = a[i], b[j]
        indicator = ptp[pc[k1], pc[k2]]
        em_bypass = mods.has_any(ncci.EM_BYPASS_MODIFIERS)
        other_bypass = mods.has_any(_NON_EM_BYPASS)
        bypass = (indicator == 1) & np.where(em[k2], em_bypass[k2], other_bypass[k1] | other_bypass[k2])
        bad = (indicator >= 0) & (k1 != k2) & ~bypass
        k1, k2 = k1[bad], k2[bad]
        emit(lci[k2], lline[k2], "NCCI-PTP",
             [_ptp_message(int(lline[x]), proc.at(x), int(lline[y]), proc.at(y)) for x, y in zip(k1, k2, strict=True)])

    return _assemble(found, claim_ids)


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})
    frame["line"] = frame["line"].astype("Int64")
    return frame


def _assemble(found: list, claim_ids: np.ndarray) -> pd.DataFrame:
    """Findings in scrub()'s order: claim (as in the frame), line (claim-level first), edit, message."""
    if not found:
        return _empty()
    ci = np.concatenate([f[0] for f in found])
    line = np.concatenate([f[1] for f in found])
    rank = np.concatenate([np.full(len(f[3]), _ORDER[f[2]], dtype=np.int64) for f in found])
    message = np.concatenate([np.asarray(f[3], dtype=object) for f in found])
    key = (ci * (int(line.max()) + 1) + line) * len(_ORDER) + rank
    order = np.argsort(key, kind="stable")
    key = key[order]
    ties = np.flatnonzero(key[1:] == key[:-1])
    if ties.size:  # same claim, line and edit: order by message, as scrub() does
        starts = ties[np.r_[True, ties[1:] != ties[:-1] + 1]]
        for start in starts:
            stop = start + 1
            while stop < len(key) and key[stop] == key[start]:
                stop += 1
            run = order[start:stop]
            order[start:stop] = run[np.argsort(message[run], kind="stable")]
    lines = line[order]
    ranks = rank[order]
    table = list(_ORDER)  # edit ids by rank
    edits = np.array(table, dtype=object)[ranks]
    ids = claim_ids[ci[order]].astype(str).astype(object)
    return pd.DataFrame({
        "claim_id": ids,
        "line": pd.arrays.IntegerArray(lines, lines == 0),
        "edit_id": edits,
        "severity": np.array([EDIT_BY_ID[e].severity for e in table], dtype=object)[ranks],
        "item": np.array([EDIT_BY_ID[e].item for e in table], dtype=object)[ranks],
        "message": message[order],
        "source": np.array([EDIT_BY_ID[e].source for e in table], dtype=object)[ranks],
    })
