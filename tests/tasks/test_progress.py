"""tasks/progress.py: the arithmetic of per-year and cumulative commitments, and the status rules, by table."""

from decimal import Decimal as D
from fractions import Fraction as F

import pytest

from tasks.progress import Goal, Progress, State, TaskStatus, expected_share, measure, status

ANNUAL_100 = Goal(
    kind="at_least", scope="annual", target=D(100), unit="个"
)  # 5.1 每年实施重点技术改造项目100个
BY_2025_30 = Goal(
    kind="at_least", scope="cumulative", target=D(30), unit="家", due_year=2025, start_year=2023
)  # 3.2 企业技术中心
BY_2030_45 = Goal(
    kind="approx", scope="cumulative", target=D(45), unit="%", due_year=2030, start_year=2023
)  # 第一章 2030 年目标
APPROX_20 = Goal(
    kind="approx", scope="cumulative", target=D(20), unit="家", due_year=2025, start_year=2023
)  # 2.2 龙头企业20家左右
STRIVE_6 = Goal(
    kind="strive", scope="cumulative", target=D(6), unit="项", due_year=2025, start_year=2023
)  # 3.3 力争…6项
ANNUAL_15 = Goal(kind="approx", scope="annual", target=D(15), unit="项")  # 第三章 每年…15项左右


@pytest.mark.parametrize(
    ("goal", "year", "period", "share"),
    [
        # Per year: that year's number, half of it due by mid-year, whatever the year.
        (ANNUAL_100, 2024, "h1", F(1, 2)),
        (ANNUAL_100, 2024, "year", F(1)),
        (ANNUAL_100, 2026, "h1", F(1, 2)),
        # Cumulative by 2025: evenly over 2023-01-01 … 2025-12-31 (three years).
        (BY_2025_30, 2024, "h1", F(1, 2)),
        (BY_2025_30, 2024, "year", F(2, 3)),
        (BY_2025_30, 2025, "h1", F(5, 6)),
        (BY_2025_30, 2025, "year", F(1)),
        (BY_2025_30, 2026, "h1", F(1)),  # after the due year the whole target is due
        # Cumulative by 2030: eight years from 2023.
        (BY_2030_45, 2024, "year", F(2, 8)),
        (BY_2030_45, 2025, "h1", F(5, 16)),
    ],
)
def test_expected_share(goal, year, period, share):
    assert expected_share(goal, year, period) == share


@pytest.mark.parametrize(
    ("goal", "value", "year", "period", "state", "percent", "expected"),
    [
        (ANNUAL_100, "50", 2025, "h1", State.ON_TRACK, 50, 50),
        (ANNUAL_100, "49", 2025, "h1", State.BEHIND, 49, 50),
        (ANNUAL_100, "99", 2025, "year", State.BEHIND, 99, 100),
        (ANNUAL_100, "100", 2025, "year", State.REACHED, 100, 100),
        (ANNUAL_100, "120", 2024, "h1", State.REACHED, 120, 50),
        # The same 60 is on pace for a per-year target in June, behind for the whole year.
        (ANNUAL_100, "60", 2024, "h1", State.ON_TRACK, 60, 50),
        (ANNUAL_100, "60", 2024, "year", State.BEHIND, 60, 100),
        # Cumulative: the total so far against the share of the plan's time elapsed.
        (BY_2025_30, "15", 2024, "h1", State.ON_TRACK, 50, 50),
        (BY_2025_30, "14", 2024, "h1", State.BEHIND, 47, 50),
        (BY_2025_30, "20", 2024, "year", State.ON_TRACK, 67, 67),
        (BY_2025_30, "19", 2024, "year", State.BEHIND, 63, 67),
        (BY_2025_30, "25", 2025, "h1", State.ON_TRACK, 83, 83),
        (BY_2025_30, "29", 2025, "year", State.BEHIND, 97, 100),
        (BY_2025_30, "30", 2025, "year", State.REACHED, 100, 100),
        (BY_2025_30, "29", 2026, "h1", State.BEHIND, 97, 100),
        (BY_2030_45, "20", 2025, "year", State.ON_TRACK, 44, 38),
        # 左右: within 1% below the target counts as reached.
        (APPROX_20, "19.8", 2025, "year", State.REACHED, 99, 100),
        (APPROX_20, "19.7", 2025, "year", State.BEHIND, 99, 100),
        (ANNUAL_15, "14.85", 2025, "year", State.REACHED, 99, 100),
        # 力争: behind pace is shown, never counted as lagging.
        (STRIVE_6, "3", 2025, "year", State.STRIVE_BEHIND, 50, 100),
        (STRIVE_6, "6", 2025, "h1", State.REACHED, 100, 83),
    ],
)
def test_measure(goal, value, year, period, state, percent, expected):
    p = measure(goal, D(value), year, period)
    assert (p.state, p.percent, p.expected_percent) == (state, percent, expected)
    assert p.reason == f"完成 {percent}%，应达 {expected}%"


def test_measure_without_value_or_target():
    assert measure(BY_2025_30, None, 2025, "h1").state == State.NO_VALUE
    leading = Goal(kind="leading", scope="cumulative", target=None, due_year=2025, start_year=2023)
    assert measure(leading, D("34"), 2025, "h1").state == State.NOT_MEASURED


def test_bar_is_clamped():
    assert measure(ANNUAL_100, D(250), 2025, "year").bar_percent == 100
    assert Progress(State.NO_VALUE).bar_percent == 0


REACHED, ON_TRACK, BEHIND = Progress(State.REACHED), Progress(State.ON_TRACK), Progress(State.BEHIND)
STRIVE_BEHIND, NO_VALUE = Progress(State.STRIVE_BEHIND), Progress(State.NO_VALUE)


@pytest.mark.parametrize(
    ("reported", "due", "progress", "expected"),
    [
        (False, True, [REACHED], TaskStatus.NOT_REPORTED),
        (False, False, [], TaskStatus.NOT_DUE),
        (True, True, [], TaskStatus.ON_TRACK),  # a task without numbers, reported
        (True, True, [REACHED, REACHED], TaskStatus.DONE),
        (True, True, [REACHED, ON_TRACK], TaskStatus.ON_TRACK),
        (True, True, [REACHED, BEHIND], TaskStatus.BEHIND),
        (True, True, [REACHED, STRIVE_BEHIND], TaskStatus.ON_TRACK),
        (True, True, [REACHED, NO_VALUE], TaskStatus.ON_TRACK),
        (True, False, [BEHIND], TaskStatus.BEHIND),  # reported early for a running period
    ],
)
def test_status(reported, due, progress, expected):
    assert status(reported=reported, due=due, progress=progress) == expected


def test_labels_are_chinese():
    assert [s.label for s in TaskStatus] == ["按进度推进", "滞后", "已完成", "未报送", "未到期"]
    assert State.STRIVE_BEHIND.label == "力争偏慢"
