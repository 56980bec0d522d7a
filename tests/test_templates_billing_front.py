"""The revenue-cycle, registration-verification and claims-submission templates give RIGHT keys.

Each test draws many variants and recomputes the key from the facts printed in the prompt, with the rule as the
chapter states it (stage order, Medicare Secondary Payer thresholds, the birthday rule, the ABN table, one calendar
year for timely filing, cost-sharing arithmetic) written out here independently of the template's own code.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbook.exercises.templates import templates

SEEDS = range(40)
MONEY = r"\\\$([\d,]+\.\d\d)"


def draws(tid: str, seeds=SEEDS):
    for seed in seeds:
        ex, key = templates()[tid].make(random.Random(f"{seed}:billing-front:{tid}"), f"t{seed}-001")
        yield ex, key


def found(pattern: str | re.Pattern[str], text: str) -> re.Match[str]:
    """The first match of ``pattern`` in ``text``, which must be there."""
    match = re.search(pattern, text)
    assert match is not None, (pattern, text)
    return match


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def one_year_later(d: date) -> date:
    """Medicare's limit as the chapter states it: same day a calendar year later; February 29 -> February 28."""
    return date(d.year + 1, d.month, 28 if (d.month, d.day) == (2, 29) else d.day)


def spelled(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def test_the_chapters_own_three_templates_each():
    by = {}
    for t in templates().values():
        by.setdefault(t.chapter, []).append(t.id)
    for chapter in ("revenue-cycle", "registration-verification", "claims-submission"):
        assert len(by[chapter]) >= 3, chapter


# --------------------------------------------------------------------------- revenue-cycle

#: The chapter's nine stages in its table's order, each with words that identify a task or traced event of it.
BOOK_STAGES = [
    ("Registration", ("books a visit", "calls to book a first visit", "scans both sides")),
    ("Eligibility and authorization", ("eligibility check", "270 inquiry", "prior authorization")),
    ("Charge capture", ("sees the patient in the office", "with its price from the practice's chargemaster",
                        "compares the appointment schedule")),
    ("Coding", ("The coder reads", "A coder reads", "a coder checks")),
    ("Claim submission", ("sends an 837P claim", "through the scrubber", "builds an 837P")),
    ("Adjudication", ("contractor allows", "prices the service from its fee schedule", "applies its rules")),
    ("Payment posting", ("835 remittance is posted", "An 835 arrives", "A payment poster enters")),
    ("Denial management", ("No line was denied", "files an appeal", "sorts last month's denied")),
    ("Patient collections", ("A statement for the", "mails", "payment plan")),
]


def book_stage(text: str) -> int:
    """The stage number (1-9) a task or event belongs to, by the words that mark it."""
    found = {n for n, (_name, marks) in enumerate(BOOK_STAGES, 1) for m in marks if m in text}
    assert len(found) == 1, (text, found)
    return found.pop()


def test_the_book_lists_these_nine_stages_in_this_order():
    from pathlib import Path

    table = Path(__file__).resolve().parent.parent.joinpath("book", "revenue-cycle.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| (.+?) \|", table, re.M)
    names = [re.sub(r"\{term\}`([^<`]+?)(?: <[^>]+>)?`", r"\1", name).strip() for _n, name in rows]
    assert [n.lower() for n in names] == [s.lower() for s, _ in BOOK_STAGES]


def test_rc_trace_order_key_follows_the_books_stage_order():
    for ex, key in draws("rc-trace-order"):
        assert sorted(key.answer) == sorted(ex.options) and len(ex.options) == 5
        stages = [book_stage(text) for text in key.answer]
        assert stages == sorted(stages) and len(set(stages)) == 5
        assert list(ex.options) != key.answer


def test_rc_task_stage_names_the_stage_the_task_belongs_to():
    for ex, key in draws("rc-task-stage"):
        task = ex.prompt.split("\n\n")[0]
        assert key.answer == BOOK_STAGES[book_stage(task) - 1][0], task
        assert key.answer in ex.options and len(set(ex.options)) == 4


def test_rc_front_back_uses_stages_1_2_front_3_4_middle_5_to_9_back():
    for ex, key in draws("rc-front-back"):
        n = book_stage(ex.prompt.split("\n\n")[0])
        part = "Front end" if n <= 2 else "Middle" if n <= 4 else "Back end"
        assert key.answer.startswith(part), (ex.prompt, key.answer)


def test_rc_transaction_is_the_hipaa_transaction_for_the_exchange():
    marks = {"X12 270/271": ("coverage is active", "still active"),
             "X12 837P": ("the claim for", "bills", "sessions"),
             "X12 837I": ("inpatient stay",),
             "X12 276/277": ("where the claim stands", "pending, paid or denied"),
             "X12 835": ("what it paid", "remittance advice")}
    seen = set()
    for ex, key in draws("rc-transaction", range(60)):
        situation = ex.prompt.split("\n\n")[0]
        if "inpatient stay" in situation:
            expected = "X12 837I"
        else:
            hits = {t for t, words in marks.items() if t != "X12 837I" and any(w in situation for w in words)}
            hits -= {"X12 837P"} if len(hits) > 1 else set()
            assert len(hits) == 1, (situation, hits)
            expected = hits.pop()
        assert key.answer == expected, situation
        seen.add(expected)
    assert seen == set(marks)


def test_rc_medicare_share_is_80_20_of_allowed_after_the_deductible():
    from revcycle.payment.fees import pfs_payment
    from revcycle.synthetic import CHARGE_PER_UNIT

    asked = set()
    for ex, key in draws("rc-medicare-share", range(60)):
        code = re.search(r"with code (\w+)\.", ex.prompt).group(1)
        charge, allowed = (dollars(m) for m in re.findall(MONEY, ex.prompt)[:2])
        assert charge == CHARGE_PER_UNIT[code] and allowed == pfs_payment(code).payment
        unmet = re.search(MONEY + " of the Part B deductible is still unmet", ex.prompt)
        deductible = min(dollars(unmet.group(1)) if unmet else Decimal(0), allowed)
        coinsurance = cents((allowed - deductible) * Decimal("0.20"))
        medicare = allowed - deductible - coinsurance
        if "**Medicare**" in ex.prompt:
            expected, asked = medicare, asked | {"medicare"}
        elif "**the patient**" in ex.prompt:
            expected, asked = deductible + coinsurance, asked | {"patient"}
        else:
            expected, asked = charge - allowed, asked | {"adjustment"}
        assert Decimal(key.answer) == expected, ex.prompt
    assert asked == {"medicare", "patient", "adjustment"}


# --------------------------------------------------------------------------- registration-verification


def group_plan_first(text: str) -> bool:
    """The chapter's MSP table, applied to one patient's situation as the prompt states it."""
    size = int(found(r"(\d[\d,]*) employees", text).group(1).replace(",", ""))
    if "ESRD" in text:
        return int(found(r"month (\d+) of Medicare", text).group(1)) <= 30
    current = "still works" in text or "where the spouse works now" in text
    if "because of a disability" in text:
        return current and size >= 100
    return current and size >= 20


PARENTS = re.compile(r"mother, [^,]+, born (\w+ \d+, \d{4}), has the (.+?), which has covered her since (\w+ \d{4}); "
                     r"the father, [^,]+, born (\w+ \d+, \d{4}), has the (.+?), which has covered him since "
                     r"(\w+ \d{4})\.")


def birthday_first(text: str) -> tuple[str, str, bool]:
    """(the plan that pays first, the other plan, decided by a tie?) under the birthday rule."""
    m_born, m_plan, m_since, f_born, f_plan, f_since = found(PARENTS, text).groups()
    mother, father = day(m_born), day(f_born)
    if (mother.month, mother.day) != (father.month, father.day):
        mother_first = (mother.month, mother.day) < (father.month, father.day)
        return (m_plan, f_plan, False) if mother_first else (f_plan, m_plan, False)
    since = {plan: datetime.strptime(s, "%B %Y") for plan, s in ((m_plan, m_since), (f_plan, f_since))}
    first = min(since, key=since.__getitem__)
    return first, (f_plan if first == m_plan else m_plan), True


def test_reg_cob_order_follows_msp_naic_tricare_and_medicaid_rules():
    kinds = set()
    for ex, key in draws("reg-cob-order", range(80)):
        text, labels = ex.prompt.split("\n\n")[0], list(ex.options)
        assert sorted(key.answer) == sorted(labels) and len(labels) == 3
        if "both parents' plans" in text:
            first, second, _tie = birthday_first(text)
            expected = [first, second, "State Medicaid"]
            kinds.add("birthday")
        elif "TRICARE Select" in text:
            plan = next(x for x in labels if x.endswith("group health plan"))
            expected = [plan, "TRICARE Select", "State Medicaid"]
            kinds.add("tricare child")
        else:
            plan = next(x for x in labels if x not in ("Medicare", "State Medicaid", "TRICARE For Life")
                        and not x.startswith("Workers' compensation"))
            pair = [plan, "Medicare"] if group_plan_first(text) else ["Medicare", plan]
            wc = [x for x in labels if x.startswith("Workers' compensation")]
            tail = [x for x in ("TRICARE For Life", "State Medicaid") if x in labels]
            expected = wc + pair + tail
            kinds.add("wc" if wc else tail[0])
        assert key.answer == expected, text
    assert kinds == {"birthday", "tricare child", "wc", "TRICARE For Life", "State Medicaid"}


def test_reg_msp_select_picks_exactly_the_group_plan_primary_patients():
    for ex, key in draws("reg-msp-select"):
        expected = [option for option in ex.options if group_plan_first(option)]
        assert sorted(key.answer) == sorted(expected) and 0 < len(expected) < 5, ex.options


def test_reg_birthday_rule_compares_month_and_day_then_length_of_coverage():
    ties = 0
    for ex, key in draws("reg-birthday-rule", range(60)):
        first, second, tie = birthday_first(ex.prompt)
        ties += tie
        assert key.answer.startswith(f"The {first}"), ex.prompt
        assert all(not o.startswith(f"The {first}") for o in ex.options if o != key.answer)
    assert 0 < ties < 60


def test_reg_checkin_share_is_deductible_then_coinsurance_or_the_copay_capped_by_oop():
    seen = set()
    for ex, key in draws("reg-checkin-share", range(60)):
        allowed = dollars(re.search(r"allowed amount for the service is " + MONEY, ex.prompt).group(1))
        copay = re.search(MONEY + " copay for office visits", ex.prompt)
        if copay:
            expected = min(dollars(copay.group(1)), allowed)
            seen.add("copay")
        else:
            rate = Decimal(re.search(r"(\d+)% coinsurance", ex.prompt).group(1)) / 100
            unmet = re.search(MONEY + " of the deductible is still unmet", ex.prompt)
            oop = re.search(MONEY + " is left before the out-of-pocket maximum", ex.prompt)
            deductible = min(dollars(unmet.group(1)) if unmet else Decimal(0), allowed)
            expected = deductible + cents((allowed - deductible) * rate)
            if oop:
                expected = min(expected, dollars(oop.group(1)))
                seen.add("capped" if expected == dollars(oop.group(1)) else "oop")
            seen.add("deductible" if deductible else "met")
        assert Decimal(key.answer) == expected, ex.prompt
    assert {"copay", "capped", "deductible", "met"} <= seen


def test_reg_abn_applies_the_chapters_modifier_table():
    seen = set()
    for ex, key in draws("reg-abn", range(80)):
        text = ex.prompt
        option = re.search(r"checked option (\d)", text)
        n = int(option.group(1)) if option else None
        if "expected to pay" in text:
            expected = ("no ABN modifier",)
        elif n == 2:
            expected = ("Do not bill Medicare",)
        elif n == 3:
            expected = ("Bill nothing",)
        elif "never covers" in text:
            expected = ("modifiers GX and GY", "patient pays") if n == 1 else ("modifier GY;", "patient pays")
        else:
            assert "not reasonable and necessary" in text
            expected = ("modifier GA", "patient pays") if n == 1 else ("modifier GZ", "practice absorbs")
        assert all(part in key.answer for part in expected), (text, key.answer)
        seen.add(expected[0])
    assert len(seen) == 7


# --------------------------------------------------------------------------- claims-submission

POS = {"in the practice's office": "11", "by video, with the patient at home": "10",
       "on-campus outpatient department": "22", "emergency department": "23", "ambulatory surgical center": "24"}
SERVICE = re.compile(r"^\d+\. code (\w+)(?: with modifier [^,]+)?, (\d+) units? at the chargemaster price of "
                     + MONEY + r" a unit, for (.+)$", re.M)


def test_clm_claim_fill_items_come_from_the_visit_as_described():
    from revcycle.codes import icd10cm

    on = icd10cm.PRIMARY.effective_from
    for ex, key in draws("clm-claim-fill"):
        p, a = ex.prompt, key.answer
        assert a["1a"] == re.search(r"member ID (SYN\d{8})", p).group(1)
        assert datetime.strptime(a["3"], "%m/%d/%Y").date() == day(re.search(r"born (\w+ \d+, \d{4})", p).group(1))
        rel = "self" if "The patient is the policyholder" in p else "child" if "patient's parent" in p else "spouse"
        assert a["6"] == rel
        dx = re.findall(r"`([^`]+)` \(", re.search(r"in this order: (.+?)\. The services", p).group(1))
        for letter, code in zip("AB", dx, strict=False):
            assert a[f"21{letter}"] == code
        for code in dx:
            assert icd10cm.is_valid(code, on=on) and icd10cm.is_billable(code, on=on), code
            assert f"`{code}` ({icd10cm.describe(code, on=on).title})" in p
        service_day = day(re.search(r" on (\w+ \d+, \d{4}), ", p).group(1))
        assert datetime.strptime(a["24A"], "%m/%d/%Y").date() == service_day
        assert a["24B"] == next(code for words, code in POS.items() if words in p)
        lines = SERVICE.findall(p)
        code, units, price, why = lines[0]
        assert (a["24D"], a["24G"], Decimal(a["24F"])) == (code, units, int(units) * dollars(price))
        pointed = "".join("AB"[dx.index(d)] for d in re.findall(r"`([^`]+)`", why))
        assert a.get("24E", pointed) == pointed and ("24E" in a) == (len(pointed) == 1)
        total = sum(int(u) * dollars(pr) for _c, u, pr, _w in lines)
        assert Decimal(a.get("28", total)) == total and ("28" in a) == (len(lines) > 1)


def test_clm_filing_deadline_is_one_calendar_year_from_the_from_date():
    leap = 0
    for ex, key in draws("clm-filing-deadline", range(80)):
        start = day(re.search(r"(?:from|service on) (\w+ \d+, \d{4})", ex.prompt).group(1))
        leap += (start.month, start.day) == (2, 29)
        assert key.answer == spelled(one_year_later(start)), ex.prompt
        assert len(set(ex.options)) == len(ex.options) >= 3
    assert leap


def test_clm_filing_days_left_counts_to_the_deadline():
    for ex, key in draws("clm-filing-days-left"):
        today, service = (day(m) for m in re.findall(r"(\w+ \d+, \d{4})", ex.prompt)[:2])
        assert int(key.answer) == (one_year_later(service) - today).days >= 0


def _claim_facts(prompt: str) -> dict:
    items, _sep, table = prompt.partition("| Line |")
    rows = dict(re.findall(r"^\| (1|3|21|28|31|33a) \| (.*?) \|$", items, re.M))
    born, sex = found(r"^born (\S+), sex (\w)", rows["3"]).groups()
    lines = [dict(zip(("n", "from", "to", "pos", "code", "ptr", "charge", "units", "npi"),
                      (c.strip() for c in row), strict=True))
             for row in re.findall(r"^\| (\d) \|" + r"(.*?)\|" * 8 + "$", table, re.M)]
    mdy = lambda s: datetime.strptime(s, "%m/%d/%Y").date()  # noqa: E731
    return {"payer": rows["1"], "born": mdy(born), "sex": sex, "dx": re.findall(r"[A-L]\. (\S+)", rows["21"]),
            "total": dollars(rows["28"].lstrip("\\$")), "sent": mdy(rows["31"].split()[1]),
            "npis": [rows["33a"], *(x["npi"] for x in lines)],
            "lines": [{**x, "from": mdy(x["from"]), "to": mdy(x["to"]), "charge": dollars(x["charge"].lstrip("\\$")),
                       "mods": x["code"].split()[1:], "code": x["code"].split()[0]} for x in lines]}


def _what_is_wrong(f: dict) -> dict[str, bool]:
    """Each finding the scrubber template offers, decided from the printed claim by the rule itself."""
    from stdnum import luhn

    from revcycle.codes import hcpcs, icd10cm, ncci
    from revcycle.payment.fees import listed_codes
    from revcycle.synthetic import CHARGE_PER_UNIT

    when = f["lines"][0]["from"]

    def dx_state(code: str) -> str:
        if not icd10cm.is_valid(code, on=when):
            return "unknown"
        if icd10cm.is_billable(code, on=when):
            return "billable"
        return "7th" if icd10cm.describe(code, on=when).seventh_options else "heading"

    states = [dx_state(d) for d in f["dx"]]
    codes = {x["code"] for x in f["lines"]}
    em = [x for x in f["lines"] if x["code"].startswith("99")]
    pairs = ncci.ptp_index()
    freeing = {"25", "59", "XE", "XS", "XP", "XU"}
    bundled = any((a["code"], b["code"]) in pairs and a["from"] == b["from"]
                  and (pairs[(a["code"], b["code"])].modifier_indicator == 0
                       or not freeing & set(a["mods"] + b["mods"]))
                  for a in f["lines"] for b in f["lines"])
    return {
        "DX-INVALID": "unknown" in states, "DX-HEADER": "heading" in states, "DX-7TH": "7th" in states,
        "DX-SEX": f["sex"] == "M" and any(d.startswith(("O", "Z33", "Z34", "Z3A")) for d in f["dx"]),
        "PTR-EMPTY": any(p and max("ABCDEFGHIJKL".index(c) for c in p) >= len(f["dx"])
                         for p in (x["ptr"] for x in f["lines"])),
        "PTR-MISSING": any(not x["ptr"] for x in f["lines"]),
        "PROC-UNKNOWN": any(c not in listed_codes() and c not in CHARGE_PER_UNIT and not hcpcs.is_valid(c)
                            for c in codes),
        "MOD-25": any("25" in x["mods"] and not x["code"].startswith("99") for x in f["lines"]),
        "NCCI-PTP": bool(em) and bundled,
        "NPI": any(not luhn.is_valid("80840" + n) for n in f["npis"]),
        "TOTAL": sum(x["charge"] for x in f["lines"]) != f["total"],
        "TIMELY": f["payer"].startswith("Medicare") and f["sent"] > one_year_later(min(x["from"] for x in f["lines"])),
        "DATE-ORDER": any(x["to"] < x["from"] for x in f["lines"]),
        "DATE-BIRTH": any(x["from"] < f["born"] for x in f["lines"]),
    }


#: What each offered finding says, by the words that say it (read here, not from the template's table).
SAYS = {"does not exist in ICD-10-CM": "DX-INVALID", "a heading with codes below it": "DX-HEADER",
        "missing its required 7th character": "DX-7TH", "pregnancy code": "DX-SEX", "empty slot": "PTR-EMPTY",
        "no diagnosis pointer": "PTR-MISSING", "not a valid CPT or HCPCS code": "PROC-UNKNOWN",
        "Modifier 25 is on a line that is not an E/M": "MOD-25", "NCCI pair": "NCCI-PTP",
        "fails the check-digit test": "NPI", "Item 28 does not equal the sum": "TOTAL",
        "more than one calendar year after": "TIMELY", "'to' date is earlier than its 'from' date": "DATE-ORDER",
        "before the patient's birth date": "DATE-BIRTH"}


def says(option: str) -> str:
    meant = {edit for words, edit in SAYS.items() if words in option}
    assert len(meant) == 1, option
    return meant.pop()


def test_clm_scrub_finding_is_the_one_problem_the_printed_claim_has():
    seen = set()
    for ex, key in draws("clm-scrub-finding", range(60)):
        wrong = _what_is_wrong(_claim_facts(ex.prompt))
        right = says(key.answer)
        assert wrong[right], (right, ex.prompt)
        for option in ex.options:
            if option != key.answer:
                assert not wrong[says(option)], (option, ex.prompt)
        seen.add(right)
    assert len(seen) >= 10


def test_clm_837_segment_holds_the_value_in_the_written_837p():
    from revcycle import synthetic
    from revcycle.x12.writer837 import to_837p

    loops = {"CLM": "2300", "HI": "2300", "SV1": "2400"}
    seen = set()
    for ex, key in draws("clm-837-segment"):
        claim_id = re.search(r"claim (S(\d+)-\d{6})", ex.prompt)
        claim = next(c for c in synthetic.claims(40, seed=int(claim_id.group(2))) if c.claim_id == claim_id.group(1))
        segment, loop = re.fullmatch(r"(\w+) segment, loop (\w+)", key.answer).groups()
        assert loops[segment] == loop
        written = [s.split("*") for s in to_837p([claim]).split("~\n") if s.startswith(segment + "*")]
        value = re.findall(r"\*\*(.+?)\*\*", ex.prompt)[1].replace("\\$", "").replace(",", "")
        line = claim.lines[0]
        if segment == "CLM":
            assert value in (claim.claim_id, f"{claim.total_charge}")
            assert written[0][1] == claim.claim_id and Decimal(written[0][2]) == claim.total_charge
        elif segment == "HI":
            assert [c.split(":")[1] for c in written[0][1:]] == [d.replace(".", "") for d in value.split(" and ")]
        else:
            sv1 = written[0]
            words = {sv1[1].split(":")[1], " ".join(sv1[1].split(":")[2:]),
                     "".join("ABCDEFGHIJKL"[int(p) - 1] for p in sv1[7].split(":"))}
            numbers = {Decimal(sv1[2]), Decimal(sv1[4])}
            assert value in words or (re.fullmatch(r"[\d.]+", value) and Decimal(value) in numbers), (value, sv1)
            assert sv1[1].split(":")[1] == line.procedure
        seen.add(segment)
    assert seen == set(loops)


@pytest.mark.parametrize("tid", ["rc-trace-order", "reg-cob-order", "clm-claim-fill", "clm-837-segment"])
def test_people_in_the_prompts_are_synthetic(tid):
    made_up = ("Testpatient", "Sampleperson", "Fakename", "Notreal", "Madeup", "Exampleton", "Imaginary", "Noone")
    for ex, _key in draws(tid, range(10)):
        assert any(word in ex.prompt for word in made_up), ex.prompt
