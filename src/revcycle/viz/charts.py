"""Charts of the library's tables, drawn with matplotlib (an optional extra: ``pip install medcode-workbook[plots]``).

Each function takes the table a library function returns and an optional ``ax``, and returns the ``Axes``:
A/R aging (:func:`revcycle.ar.aging.aging`), denial rates (:func:`revcycle.ar.aging.denial_rates`), denied
dollars by stage (:func:`revcycle.ar.denials.by_stage`), one fee across localities
(:func:`revcycle.payment.fee_tables.across_localities`), patient balances by age
(:func:`revcycle.patient_financial.balances.patient_aging`), and the HIPAA penalty tiers by year
(:func:`revcycle.compliance.penalties.tier_table`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def plot_aging(table: pd.DataFrame, ax: Axes | None = None, *, title: str = "A/R aging") -> Axes:
    """Stacked bars of insurance and patient balances per aging bucket (takes ``aging()`` output)."""
    import matplotlib.pyplot as plt

    rows = table[table["bucket"] != "total"]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    insurance = [float(v) for v in rows["insurance"]]
    patient = [float(v) for v in rows["patient"]]
    ax.bar(rows["bucket"], insurance, label="insurance", color="#2b6cb0")
    ax.bar(rows["bucket"], patient, bottom=insurance, label="patient", color="#dd8452")
    for x, (i, p) in enumerate(zip(insurance, patient, strict=True)):
        ax.annotate(f"${i + p:,.0f}", (x, i + p), ha="center", va="bottom", fontsize=9)
    ax.set_xlabel("days since the date of service")
    ax.set_ylabel("open balance")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    ax.set_title(title)
    ax.legend()
    ax.margins(y=0.12)
    return ax


def plot_denials(table: pd.DataFrame, ax: Axes | None = None, *, top: int = 8,
                 title: str = "Denial rate by reason code") -> Axes:
    """Horizontal bars of the percent of claims denied for each CARC (``denial_rates()``)."""
    import matplotlib.pyplot as plt

    rows = table.head(top).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.5 * max(3, len(rows)) + 1))
    labels = [f"{g}-{c}: {textwrap.shorten(m, width=44, placeholder='...')}"
              for g, c, m in zip(rows["group"], rows["carc"], rows["meaning"], strict=True)]
    values = [float(v) for v in rows["percent_of_claims"]]
    ax.barh(labels, values, color="#c53030")
    for y, v in enumerate(values):
        ax.annotate(f"{v:.1f}%", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_xlabel("percent of adjudicated claims")
    ax.set_title(title)
    ax.margins(x=0.15)
    return ax

def plot_by_stage(table: pd.DataFrame, ax: Axes | None = None, *, title: str = "Where denials begin") -> Axes:
    """Horizontal bars of denied dollars by the stage where the error began (``by_stage()``)."""
    import matplotlib.pyplot as plt

    rows = table.iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.5 * max(3, len(rows)) + 1))
    values = [float(v) for v in rows["denied"]]
    ax.barh(list(rows["stage"]), values, color="#c05621")
    for y, (v, n) in enumerate(zip(values, rows["claims"], strict=True)):
        ax.annotate(f"${v:,.0f} ({n} claims)", (v, y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=9)
    ax.set_xlabel("denied charges")
    ax.xaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    ax.set_title(title)
    ax.margins(x=0.3)
    return ax

def plot_across_localities(frame: pd.DataFrame, *, national: Decimal | None = None, label: Iterable[str] = (),
                           ax: Axes | None = None, title: str = "") -> Axes:
    """Sorted bars of ``across_localities()`` output; ``label`` names localities (ids) to annotate."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    values = [float(v) for v in frame["payment"]]
    xs = range(len(values))
    marked = set(label)
    colors = ["#c05621" if loc in marked else "#2b6cb0" for loc in frame["locality"]]
    ax.bar(xs, values, color=colors, width=0.85)
    n = len(values)
    picked = [(x, f"{name} ({state}) ${v:,.2f}", v) for x, (loc, name, state, v) in enumerate(
        zip(frame["locality"], frame["name"], frame["state"], values, strict=True)) if loc in marked]
    bottom, top = min(values) * 0.9, max(values) * 1.15
    step = (top - bottom) * 0.075
    left = [p for p in picked if p[0] < n / 2]
    right = [p for p in picked if p[0] >= n / 2][::-1]
    base = max((v for _x, _t, v in left), default=bottom) + 2 * step
    for k, (x, text, v) in enumerate(left):
        ax.annotate(text, (x, v), xytext=(n * 0.06, base + k * step), textcoords="data", ha="left", va="center",
                    fontsize=8, arrowprops={"arrowstyle": "-", "color": "#666666", "linewidth": 0.7})
    for k, (x, text, v) in enumerate(right):
        ax.annotate(text, (x, v), xytext=(n * 0.78, top - (k + 1) * step), textcoords="data", ha="right",
                    va="center", fontsize=8, arrowprops={"arrowstyle": "-", "color": "#666666", "linewidth": 0.7})
    if national is not None:
        ax.axhline(float(national), color="#444444", linestyle="--", linewidth=1)
        ax.annotate(f"national ${national:,.2f}", (n * 0.3, float(national)), xytext=(0, 3),
                    textcoords="offset points", fontsize=8, color="#444444")
    ax.set_ylim(bottom, top)
    ax.set_xticks([])
    ax.set_xlabel(f"the {len(values)} localities of the CY2026 GPCI file shipped with revcycle, lowest to highest")
    ax.set_ylabel("fee schedule amount")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    if title:
        ax.set_title(title)
    return ax


def plot_due_by_day(table: pd.DataFrame, ax: Axes | None = None, *, as_of: object = None,
                    title: str = "Prior authorization decisions due, by day") -> Axes:
    """Stacked bars of expedited and standard requests by the last day to decide (takes
    :func:`revcycle.payment.prior_auth.due_by_day` output); ``as_of`` (a date) draws a line at that day."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    days = list(table.index)
    labels = [f"{d:%a}\n{d:%b} {d.day}" for d in days]
    xs = range(len(days))
    expedited = [int(v) for v in table["expedited"]]
    standard = [int(v) for v in table["standard"]]
    ax.bar(xs, expedited, label="expedited (72 hours)", color="#c05621")
    ax.bar(xs, standard, bottom=expedited, label="standard (7 calendar days)", color="#2b6cb0")
    for x, total in zip(xs, table["total"], strict=True):
        ax.annotate(str(int(total)), (x, int(total)), ha="center", va="bottom", fontsize=9)
    if as_of is not None and as_of in days:
        at = days.index(as_of)
        ax.axvline(at, color="#444444", linestyle="--", linewidth=1)
        ax.annotate("today", (at, max(table["total"]) * 1.05), ha="center", fontsize=8, color="#444444")
    ax.set_xticks(list(xs), labels, fontsize=8)
    ax.set_ylabel("requests")
    ax.set_xlabel("last day the payer may decide")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9)
    ax.margins(y=0.15)
    return ax


def plot_patient_aging(table: pd.DataFrame, ax: Axes | None = None, *,
                       title: str = "Patient balances by age") -> Axes:
    """Bars of open patient balances per aging bucket, each labelled with its dollars and accounts
    (takes :func:`revcycle.patient_financial.balances.patient_aging` output)."""
    import matplotlib.pyplot as plt

    rows = table[table["bucket"] != "total"]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    amounts = [float(v) for v in rows["balance"]]
    ax.bar(rows["bucket"], amounts, color="#dd8452")
    for x, (amount, n) in enumerate(zip(amounts, rows["accounts"], strict=True)):
        ax.annotate(f"${amount:,.0f}\n{n} accounts", (x, amount), ha="center", va="bottom", fontsize=9)
    ax.set_xlabel("days since the first statement")
    ax.set_ylabel("open patient balance")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    ax.set_title(title)
    ax.margins(y=0.2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def plot_due_calendar(table: pd.DataFrame, ax: Axes | None = None, *, months: int = 12,
                      title: str = "Enrollment and credentialing dates due, by month") -> Axes:
    """Stacked bars of due dates per month, one colour per kind of item (takes
    :func:`revcycle.compliance.enrollment.calendar_frame` output), for ``months`` months from the earliest one."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    kinds = {"Medicare": "Medicare revalidation or filing", "CAQH": "CAQH re-attestation",
             "recredentialing": "plan recredentialing", "opt-out": "opt-out renewal"}
    first = min(table["due"]) if len(table) else None
    start = (first.year, first.month) if first is not None else (2026, 1)
    labels = [f"{(start[0] * 12 + start[1] - 1 + k) // 12}-{(start[1] - 1 + k) % 12 + 1:02d}" for k in range(months)]
    bottom = [0] * months
    colors = ("#1f5fa8", "#dd8452", "#2e7d32", "#8e44ad")
    for (word, label), color in zip(kinds.items(), colors, strict=True):
        counts = [0] * months
        for item, due in zip(table["item"], table["due"], strict=True):
            k = (due.year - start[0]) * 12 + due.month - start[1]
            ours = word.lower() in item.lower() or (word == "Medicare" and item.startswith("file"))
            if ours and 0 <= k < months:
                counts[k] += 1
        ax.bar(labels, counts, bottom=bottom, label=label, color=color)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("items due")
    ax.set_xlabel("month due")
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def plot_penalty_tiers(table: pd.DataFrame, ax: Axes | None = None, *,
                       title: str = "HIPAA penalty tiers by adjustment year") -> Axes:
    """Each tier's minimum per violation and the calendar-year cap across the years, on a log scale
    (takes :func:`revcycle.compliance.penalties.tier_table` output)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    years = sorted(table["year"].unique())
    labels = ["HITECH" if y == min(years) else str(y) for y in years]
    for tier, rows in table.groupby("tier"):
        rows = rows.sort_values("year")
        ax.plot(labels, [float(v) for v in rows["minimum"]], marker="o",
                label=f"tier {tier} minimum ({rows['culpability'].iloc[0]})")
    caps = table[table["tier"] == 1].sort_values("year")
    ax.plot(labels, [float(v) for v in caps["annual_cap"]], color="black", linewidth=2, label="calendar-year cap")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(lambda value, _pos: f"${value:,.0f}")
    ax.set_ylabel("dollars (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax
