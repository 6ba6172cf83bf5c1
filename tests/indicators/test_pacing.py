from decimal import Decimal as D

import pytest

from indicators.pacing import goal_level, pace, required_growth


def test_level_indicator_paces_from_last_year_toward_the_target():
    # Indicator 3 (比重 %): 2023 actual 39.5, 2024 target 40; by mid-year 39.75 is on pace.
    result = pace(mode="level", period="h1", value=D("39.8"), target=D("40"), start=D("39.5"), unit="%")
    assert result.expected == D("39.75")
    assert result.on_track and not result.projected_miss
    assert result.projection == D("40.10")
    assert result.reason == "按序时进度应达 39.75%，实际 39.8%，超出 0.05 个百分点；预计全年 40.1%"


def test_flow_indicator_paces_from_zero():
    # Indicator 6 (营业收入总量 亿元): 2024 target 5200; by the first quarter 1300 is on pace.
    result = pace(mode="flow", period="q1", value=D("1200"), target=D("5200"), unit="亿元")
    assert result.expected == D("1300.00")
    assert not result.on_track
    assert result.projection == D("4800.00")
    assert result.projected_miss
    assert result.reason.endswith("预计全年 4800亿元，按当前进度预计未达标")


def test_seasonal_pattern_from_earlier_years():
    # Earlier years reached 40% and 44% of the annual total by mid-year: expect 42% of the target.
    history = [(D("1920"), D("4800")), (D("2200"), D("5000"))]
    result = pace(mode="flow", period="h1", value=D("2250"), target=D("5200"), history=history, unit="亿元")
    assert result.seasonal == D("2184.00")
    assert result.on_track  # behind the linear 2600, ahead of the seasonal 2184
    assert result.reason.startswith("按往年季节规律应达 2184亿元")
    assert result.projection == D("5357.14")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"mode": "level", "period": "year", "value": D("40"), "target": D("40"), "start": D("39")}, None),
        ({"mode": "level", "period": "h1", "value": D("40"), "target": D("40"), "start": None}, None),
    ],
)
def test_nothing_to_pace(kwargs, expected):
    assert pace(**kwargs) is expected


def test_required_growth_in_points_for_percentages():
    text = required_growth(latest=D("16.2"), latest_year=2023, target=D("18"), target_year=2025, unit="%")
    assert text == "距2025年目标还差 1.8 个百分点，每年需提高 0.9 个百分点"


def test_required_growth_as_a_compound_rate():
    text = required_growth(latest=D("720"), latest_year=2023, target=D("870"), target_year=2025, unit="亿元")
    assert text == "距2025年目标还差 150亿元，年均需增长 9.9%"


def test_required_growth_when_already_reached():
    text = required_growth(latest=D("2600"), latest_year=2024, target=D("2500"), target_year=2025, unit="家")
    assert text == "2024年已完成 2600家，达到2025年目标 2500家"


# Issue 22: 上级下达 numbers and changes against the baseline are paced toward the level they mean.
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"kind": "assigned", "value": None}, None),  # not assigned yet: nothing to pace toward
        ({"kind": "assigned", "value": None, "assigned": D("7")}, (D("7"), False)),
        ({"kind": "assigned", "value": None, "assigned": D("7"), "adjusted": D("6.5")}, (D("6.5"), False)),
        ({"kind": "assigned", "value": None, "assigned": D("3"), "direction": "down"}, (D("3"), True)),
        ({"kind": "change", "value": D("2"), "mode": "times", "baseline": D("12")}, (D("24"), False)),
        (
            {"kind": "change", "value": D("13.5"), "mode": "pct_down", "baseline": D("0.4")},
            (D("0.346"), True),
        ),
        ({"kind": "change", "value": D("5"), "mode": "pp_up", "baseline": D("30")}, (D("35"), False)),
        ({"kind": "change", "value": D("2"), "mode": "times", "baseline": None}, None),
        ({"kind": "at_least", "value": D("40")}, (D("40"), False)),
        ({"kind": "at_most", "value": D("8")}, (D("8"), True)),
        ({"kind": "direction", "value": None}, None),
        ({"kind": "judged", "value": None}, None),
    ],
)
def test_the_level_each_kind_is_paced_toward(kwargs, expected):
    assert goal_level(**kwargs) == expected


def test_a_reduction_is_on_pace_below_the_expectation():
    # 累计下降13.5% from 0.4: 0.346 by the year; starting at 0.36, by mid-year 0.353 is expected.
    result = pace(
        mode="level", period="h1", value=D("0.35"), target=D("0.346"), start=D("0.36"), lower_is_better=True
    )
    assert result.expected == D("0.35")
    assert result.on_track and not result.projected_miss
    behind = pace(
        mode="level", period="h1", value=D("0.358"), target=D("0.346"), start=D("0.36"), lower_is_better=True
    )
    assert not behind.on_track and behind.projected_miss
    assert "落后" in behind.reason and "按当前进度预计未达标" in behind.reason
