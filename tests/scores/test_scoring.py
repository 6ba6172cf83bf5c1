"""scores/scoring.py by a table of cases: rates, weights that apply, deductions and their cap, adjustments, the
0–100 bounds, rounding and ranking."""

from decimal import Decimal as D

import pytest

from scores import scoring
from scores.scoring import Facts, Weights


def weights(**changes) -> Weights:
    return Weights(**{**scoring.DEFAULTS, **changes})


@pytest.mark.parametrize(
    ("facts", "w", "adjustment", "base", "deductions", "total"),
    [
        # Nothing due at all: no component applies, no score.
        (Facts(), weights(), D(0), None, D(0), None),
        # Only timeliness applies (3 of 4 on time): its rate is the score.
        (Facts(due=4, on_time=3, owed=1), weights(), D(0), D("75.0"), D(0), D("75.0")),
        # Timeliness 2/3, completion 1/1, progress 1/1: (30×2/3 + 30 + 20) / 80 = 87.5; a return −2, an
        # unconfirmed hint −1.
        (
            Facts(
                due=3,
                on_time=2,
                late=1,
                returns=1,
                quality_unconfirmed=1,
                indicators_due=1,
                indicators_met=1,
                tasks_on_pace=1,
            ),
            weights(),
            D(0),
            D("87.5"),
            D(3),
            D("84.5"),
        ),
        # A confirmed hint costs its own (default 0) points.
        (Facts(due=1, on_time=1, quality_confirmed=2), weights(), D(0), D("100.0"), D(0), D("100.0")),
        (
            Facts(due=1, on_time=1, quality_confirmed=2),
            weights(per_confirmed=D("0.5")),
            D(0),
            D("100.0"),
            D(1),
            D("99.0"),
        ),
        # Deductions stop at the cap.
        (Facts(due=1, on_time=1, returns=30), weights(), D(0), D("100.0"), D(20), D("80.0")),
        # The adjustment adds; the total stays within 0–100.
        (Facts(due=2, on_time=1), weights(), D("1.5"), D("50.0"), D(0), D("51.5")),
        (Facts(due=1, on_time=1), weights(), D(5), D("100.0"), D(0), D("100.0")),
        (Facts(due=1, on_time=0, returns=3), weights(), D(-2), D("0.0"), D(6), D("0.0")),
        # Base rounded half up to 0.1 before deductions: 1/16 × 30 / 80 = 2.34375 → 2.3.
        (
            Facts(due=16, on_time=1, indicators_due=2, tasks_behind=1),
            weights(),
            D(0),
            D("2.3"),
            D(0),
            D("2.3"),
        ),
        # 2/3 → 66.666… → 66.7.
        (Facts(due=3, on_time=2), weights(), D(0), D("66.7"), D(0), D("66.7")),
        # A weight of 0 takes the component out; 督办单 counts once its input is there.
        (
            Facts(due=2, on_time=1, indicators_due=1, indicators_met=1),
            weights(timeliness=D(0)),
            D(0),
            D("100.0"),
            D(0),
            D("100.0"),
        ),
        (
            Facts(due=1, on_time=1, notices_due=2, notices_on_time=1),
            weights(),
            D(0),
            D("80.0"),
            D(0),
            D("80.0"),
        ),
        # Supervision present but nothing due: no weight (30×1 / 30).
        (
            Facts(due=1, on_time=1, notices_due=0, notices_on_time=0),
            weights(),
            D(0),
            D("100.0"),
            D(0),
            D("100.0"),
        ),
        # Every weight 0: nothing applies.
        (
            Facts(due=1, on_time=1),
            weights(timeliness=D(0), completion=D(0), progress=D(0), supervision=D(0)),
            D(0),
            None,
            D(0),
            None,
        ),
    ],
)
def test_score(facts, w, adjustment, base, deductions, total):
    result = scoring.score(facts, w, adjustment)
    assert (result.base, result.deductions, result.total) == (base, deductions, total)


def test_rates_and_percent():
    result = scoring.score(Facts(due=3, on_time=1, tasks_on_pace=1, tasks_behind=2), weights())
    assert result.rates["completion"] is None and result.rates["supervision"] is None
    assert result.percent("timeliness") == D("33.3") and result.percent("progress") == D("33.3")
    assert result.percent("completion") is None


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ([], []),
        ([D(90), D(80), D(70)], [1, 2, 3]),
        ([D(80), D(90), D(80), D(70)], [2, 1, 2, 4]),
        ([None, D(50), None, D(50)], [None, 1, None, 1]),
    ],
)
def test_ranks(totals, expected):
    assert scoring.ranks(totals) == expected
