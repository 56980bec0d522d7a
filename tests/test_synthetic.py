"""Seeded synthetic people and claims: deterministic, valid where they should be, wrong where asked."""

import re
from collections import Counter

import pytest

from revcycle import synthetic
from revcycle.claims import claims_frame, scrub_frame
from revcycle.claims.procedures import is_known_procedure
from revcycle.claims.scrubber import scrub
from revcycle.codes import icd10cm
from revcycle.codes.npi import is_valid_npi
from revcycle.core.errors import RevcycleError


def test_same_seed_same_claims_other_seed_other_claims():
    a = [c.summary() for c in synthetic.claims(200, seed=4)]
    b = [c.summary() for c in synthetic.claims(200, seed=4)]
    c = [c.summary() for c in synthetic.claims(200, seed=5)]
    assert a == b and a != c
    assert len({x.split(":")[0] for x in a}) == 200  # claim ids are unique


def test_visit_types_use_real_codes():
    for visit in synthetic.VISIT_TYPES:
        for dx_set in visit.diagnoses:
            for code in dx_set:
                assert icd10cm.is_billable(code), (visit.name, code)
        for spec in visit.lines:
            for proc in spec.procedures:
                assert is_known_procedure(proc), (visit.name, proc)
                assert proc in synthetic.CHARGE_PER_UNIT


def test_people_are_obviously_synthetic():
    claims = synthetic.claims(500, seed=8)
    for c in claims:
        assert is_valid_npi(c.billing_provider.npi) and is_valid_npi(c.rendering_provider.npi)
        assert c.insured.member_id.startswith("SYN") and len(c.insured.member_id) == 11
        assert c.billing_provider.tax_id.startswith("00")  # the IRS never issues EIN prefix 00
        assert re.fullmatch(r"\d{3}55501\d\d", c.patient.phone)  # 555-0100..0199 is reserved for fiction
        assert c.payer.payer_id.startswith("SYN")
        assert synthetic.FIRST_SERVICE <= c.first_service_date <= synthetic.LAST_SERVICE
        assert c.first_service_date < c.submitted_on
        assert c.first_service_date >= c.patient.birth_date
    kinds = Counter(c.relationship for c in claims)
    assert kinds["self"] > 0 and kinds["child"] > 0  # dependents exist, so the 837P patient loop gets used
    assert len({c.payer.payer_id for c in claims}) == len(synthetic.PAYERS)


def test_clean_claims_pass_the_scrubber():
    found = scrub_frame(claims_frame(synthetic.claims(3000, seed=21)))
    fatal = found[found["severity"] == "fatal"]
    assert fatal.empty, fatal.head().to_string()


def test_each_deliberate_mistake_trips_its_edit():
    seen = Counter()
    claims = synthetic.claims(3000, seed=3, error_rate=0.5)
    found = scrub_frame(claims_frame(claims))
    by_claim = found.groupby("claim_id")["edit_id"].agg(set).to_dict()
    for c in claims:
        kinds = [n.split(": ", 1)[1] for n in c.notes if n.startswith("deliberate mistake")]
        edits = by_claim.get(c.claim_id, set())
        for kind in kinds:
            seen[kind] += 1
            expected = synthetic.ERROR_KINDS[kind][1]
            assert any(e.startswith(expected) for e in edits), (kind, c.summary(), edits)
    assert set(seen) == set(synthetic.ERROR_KINDS)  # every kind was used at least once
    assert 0.4 < sum(seen.values()) / 3000 < 0.6


def test_a_big_batch_is_quick_enough_to_make():
    claims = synthetic.claims(20000, seed=1)  # 100,000 take a few seconds; see benchmarks/scrub.py
    assert len(claims) == 20000


def test_bad_arguments_are_explained():
    with pytest.raises(RevcycleError, match="whole number"):
        synthetic.claims(-1)
    with pytest.raises(RevcycleError, match="error_rate"):
        synthetic.claims(10, error_rate=2)
    assert synthetic.claims(0) == []


def test_example_claim_is_clean_and_stable():
    claim = synthetic.example_claim()
    assert claim.summary() == synthetic.example_claim().summary()
    assert scrub(claim) == []
    assert [line.procedure for line in claim.lines] == ["99213"] and claim.diagnoses == ["E11.9", "I10"]


@pytest.mark.parametrize("seed", [0, 7, 2026])
@pytest.mark.parametrize("error_rate", [0.0, 0.1, 0.6, 1.0])
def test_the_column_wise_generator_gives_the_very_same_frame(seed, error_rate):
    import pandas as pd

    expected = claims_frame(synthetic.claims(300, seed, error_rate=error_rate))
    got = synthetic.claims_frame(300, seed, error_rate=error_rate)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for name in expected.columns:  # the categoricals too: same categories in the same order, same codes
        if isinstance(expected[name].dtype, pd.CategoricalDtype):
            assert list(got[name].cat.categories) == list(expected[name].cat.categories), name
            assert (got[name].cat.codes == expected[name].cat.codes).all(), name
    assert scrub_frame(got).equals(scrub_frame(expected))


def test_the_column_wise_generator_handles_tiny_batches_and_checks_its_arguments():
    import pandas as pd

    for n in (0, 1, 2):
        pd.testing.assert_frame_equal(synthetic.claims_frame(n, 3, error_rate=1.0),
                                      claims_frame(synthetic.claims(n, 3, error_rate=1.0)), check_exact=True)
    with pytest.raises(RevcycleError):
        synthetic.claims_frame(10, error_rate=2)
    with pytest.raises(RevcycleError):
        synthetic.claims_frame(-1)
