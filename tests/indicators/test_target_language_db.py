"""The new target kinds stored on Target and judged where figures are judged (indicators.evaluation.assess and the
final assessment): the baseline comes from the indicator, the previous year's value from its handed-in figure."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.evaluation import assess
from indicators.models import Figure, Indicator, Period, Target
from indicators.rules import Status
from indicators.target_text import parse

D = Decimal


def _retarget(text: str, year: int = 2024) -> Target:
    indicator = Indicator.objects.main().filter(unit="%").order_by("number").first()
    target = Target.objects.get(indicator=indicator, year=year)
    parsed = parse(text, indicator.unit, indicator.name)
    for name, value in parsed.fields().items():
        setattr(target, name, value)
    target.source_text = text
    target.reference = None
    target.full_clean()
    target.save()
    return Target.objects.select_related("indicator__plan").get(pk=target.pk)


@pytest.mark.django_db
def test_a_change_against_the_baseline_reads_the_indicators_baseline(plan):
    target = _retarget("比2022年提高5个百分点")
    baseline = target.indicator.baseline
    assert baseline is not None
    assert assess(target, Period.YEAR, baseline + 5).current.status is Status.MET
    missed = assess(target, Period.YEAR, baseline + D("4.9")).current
    assert missed.status is Status.NOT_MET and f"基数 {baseline.normalize():f}" in missed.reason.replace(
        ".0%", "%"
    )


@pytest.mark.django_db
def test_direction_only_compares_with_last_years_handed_in_figure(plan):
    target = _retarget("稳步提升", year=2025)
    assert assess(target, Period.YEAR, D("50")).current.status is Status.PENDING  # no 2024 figure yet
    Figure.objects.create(
        indicator=target.indicator,
        year=2024,
        period=Period.YEAR,
        value=D("50"),
        status=Figure.Status.APPROVED,
    )
    assert assess(target, Period.YEAR, D("50")).current.status is Status.NOT_MET
    assert assess(target, Period.YEAR, D("50.1")).current.status is Status.MET


@pytest.mark.django_db
def test_an_assigned_target_waits_for_its_number_then_is_judged_on_it(plan):
    target = _retarget("完成市下达目标")
    pending = assess(target, Period.YEAR, D("30")).current
    assert pending.status is Status.PENDING and "尚未下达具体数值" in pending.reason
    target.assigned_value, target.assigned_source = D("31"), "澄政发〔2024〕12号"
    target.save()
    assert assess(target, Period.YEAR, D("30")).current.status is Status.NOT_MET
    assert assess(target, Period.YEAR, D("31")).current.status is Status.MET
    assert target.history.filter(assigned_value=D("31")).exists()  # kept in the target's history


@pytest.mark.django_db
def test_a_qualitative_target_is_pending_until_judged(plan):
    target = _retarget("保持在合理区间")
    assert assess(target, Period.YEAR, D("3")).current.status is Status.PENDING
    target.judgement, target.judgement_reason = "met", "处于合理区间"
    assert assess(target, Period.YEAR, D("3")).current.reason == "协调员评估：处于合理区间"


@pytest.mark.django_db
def test_several_conditions_and_ranges_round_trip_through_the_model(plan):
    target = _retarget("<4/<5.5")
    assert target.parts == [
        {"kind": "less", "value": "4", "upper": None},
        {"kind": "less", "value": "5.5", "upper": None},
    ]
    assert assess(target, Period.YEAR, D("3.9")).current.status is Status.MET
    assert assess(target, Period.YEAR, D("4")).current.status is Status.NOT_MET
    target = _retarget("6%—7%")
    assert assess(target, Period.YEAR, D("7")).current.status is Status.MET
    assert assess(target, Period.YEAR, D("7.01")).current.status is Status.NOT_MET


@pytest.mark.django_db
def test_an_incomplete_target_is_refused_in_chinese(plan):
    target = _retarget("6-7")
    target.upper_value = None
    with pytest.raises(ValidationError, match="目标“6-7”的设置不完整"):
        target.full_clean()
