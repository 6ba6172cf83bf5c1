"""A plan sheet worded in the target language loads with each target's numbers (range bounds, the change's mode,
several conditions), and the dashboard's bridge judges them (indicators.evaluation.assess)."""

from decimal import Decimal

from indicators.evaluation import assess
from indicators.models import Period, Target
from indicators.rules import Status
from tests.plans.conftest import load_sheet
from tests.plans.sheets import CODE, ROWS, write

D = Decimal


def test_a_sheet_in_the_target_language_loads_with_every_number(plan, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[9][4:9] = ["1500-1600家", ">1800", "翻一番", "完成市下达目标", "≥2000/≤2800"]
    load_sheet(write(tmp_path / "language.xlsx", rows=rows), "--create-departments")
    targets = {
        t.year: t
        for t in Target.objects.filter(indicator__plan__code=CODE, indicator__number=10).select_related(
            "indicator__plan"
        )
    }
    assert [targets[y].kind for y in range(2026, 2031)] == ["range", "greater", "change", "assigned", "all"]
    assert (targets[2026].value, targets[2026].upper_value) == (D("1500"), D("1600"))
    assert (targets[2028].value, targets[2028].change_mode) == (D("2"), "times")
    assert len(targets[2030].parts) == 2
    judged = {
        (year, value): assess(targets[year], Period.YEAR, D(value)).current.status
        for year, value in [(2026, "1600"), (2026, "1601"), (2027, "1800"), (2027, "1801"), (2028, "2400"),
                            (2028, "2399"), (2029, "9999"), (2030, "2800"), (2030, "2801")]
    }  # fmt: skip
    assert judged == {
        (2026, "1600"): Status.MET,
        (2026, "1601"): Status.NOT_MET,
        (2027, "1800"): Status.NOT_MET,
        (2027, "1801"): Status.MET,
        (2028, "2400"): Status.MET,  # the baseline 1200 doubled
        (2028, "2399"): Status.NOT_MET,
        (2029, "9999"): Status.PENDING,
        (2030, "2800"): Status.MET,
        (2030, "2801"): Status.NOT_MET,
    }
