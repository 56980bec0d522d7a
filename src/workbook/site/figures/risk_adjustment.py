"""Figures of the risk-adjustment chapter: the steps from codes to a risk score, and the worked example's score
line by line, before and after the unsupported diagnosis is removed."""

from __future__ import annotations

from workbook.site.figures import charts, figure
from workbook.site.figures.svg import Step, flow

PAGE = "coding/risk-adjustment"


@figure("risk-adjustment-steps", PAGE,
        "Six boxes in order show how a CMS-HCC V28 risk score is built: diagnosis codes from the year's "
        "face-to-face encounters are mapped to payment HCCs; the hierarchies drop a lower HCC when a higher one of "
        "its family is present; each HCC left adds its relative factor to the demographic factor of the age and "
        "sex cell; interactions and the count of payment HCCs add more; the sum is the raw score, which CMS then "
        "divides by a normalization factor and cuts by the MA coding pattern adjustment.")
def risk_adjustment_steps() -> str:
    return flow("From a year's diagnoses to a risk score (CMS-HCC V28)", [
        Step("1. Diagnoses", "ICD-10-CM codes from the year's qualifying encounters, supported in the record"),
        Step("2. Map to HCCs", "each code to none, one or two payment HCCs (CMS's V28 mapping)", 1),
        Step("3. Hierarchies", "a higher HCC of a family drops the lower ones (37 drops 38)", 1),
        Step("4. Add the factors", "demographic cell + each HCC left + interactions + the HCC count", 2),
        Step("5. Raw risk score", "the sum: about 1.0 is an average beneficiary", 2),
        Step("6. Payment score", "divided by the normalization factor, cut by the coding pattern adjustment", 3),
    ], columns=3, box_w=230)


@figure("risk-adjustment-contributions", PAGE,
        "Two horizontal stacked bars compare worked example 1's raw risk score as submitted and after the "
        "COPD code without support is removed. Each bar is split into the demographic factor, the diabetes, heart "
        "failure, kidney and COPD HCC factors and the interaction factors; the COPD factor and the heart "
        "failure and chronic lung interaction disappear from the second bar, which is shorter by the difference.")
def risk_adjustment_contributions() -> str:
    from workbook.site import book_values as bv

    cases = [("as submitted", bv.risk_case("submitted")), ("MEAT-supported only", bv.risk_case("supported"))]
    variables: list[str] = []
    for _, case in cases:
        for c in case.contributions:
            if c.factor and c.variable not in variables:
                variables.append(c.variable)
    colours = ["#4a5568", "#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#d69e2e", "#e53e3e", "#319795", "#718096"]
    fig = charts.new(8.5, 3.2)
    ax = fig.add_subplot()
    for name_i, (label, case) in enumerate(cases[::-1]):
        left = 0.0
        factors = {c.variable: float(c.factor) for c in case.contributions}
        for i, variable in enumerate(variables):
            value = factors.get(variable, 0.0)
            if value:
                ax.barh(label, value, left=left, color=colours[i % len(colours)],
                        label=variable if name_i == 1 else None)
                left += value
        ax.text(left + 0.02, name_i, f"{case.raw:.3f}", va="center", fontsize=9)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=5, frameon=False, fontsize=8)
    ax.set_xlabel("raw risk score (V28 community, non-dual, aged factors)")
    ax.set_xlim(0, float(cases[0][1].raw) * 1.15)
    charts.unframed(ax)
    return charts.titled(fig, ax, "One unsupported code: the COPD factor and an interaction fall away")
