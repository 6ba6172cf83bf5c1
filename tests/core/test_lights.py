"""红黄绿 (core/lights.py): every rule and its edges, as a table — the facts, today, the colour and the reasons."""

from datetime import date

import pytest

from core import lights
from core.lights import GREEN, RED, YELLOW, Facts

H1 = date(2025, 6, 30)  # 上半年 ends; the default deadline (core.due) is 31 July
SET = date(2025, 7, 15)  # a deadline the coordinator set


def facts(**kw) -> Facts:
    return Facts(**{"period_end": H1, "set_deadline": None, "handed_in": False, **kw})


CASES = [
    # 绿: met, on pace, or nothing to warn of
    ("met", facts(handed_in=True, outcome=lights.MET), date(2025, 9, 1), GREEN, ["已达标"]),
    ("nearly met", facts(handed_in=True, outcome=lights.NEARLY_MET), date(2025, 9, 1), GREEN, ["基本达标"]),
    ("pending", facts(handed_in=True, outcome=lights.PENDING), date(2025, 9, 1), GREEN, ["已审核，待评估"]),
    ("task done", facts(handed_in=True, outcome=lights.DONE), date(2025, 9, 1), GREEN, ["已完成"]),
    ("on pace", facts(handed_in=True, on_pace=True), date(2025, 9, 1), GREEN, ["按序时进度"]),
    ("awaiting review", facts(handed_in=True), date(2025, 9, 1), GREEN, ["已报送，待审核"]),
    ("not due: the period runs", facts(), date(2025, 6, 30), GREEN, ["未到期"]),
    ("due, 8 days left", facts(), date(2025, 7, 23), GREEN, ["待报（截止7月31日）"]),
    (
        "handed in late is no longer overdue",
        facts(handed_in=True),
        date(2025, 12, 1),
        GREEN,
        ["已报送，待审核"],
    ),
    ("returned once", facts(returns=1), date(2025, 7, 10), GREEN, ["待报（截止7月31日）"]),
    (
        "expected indicator, on pace",
        facts(handed_in=True, on_pace=True, binding=True),
        H1,
        GREEN,
        ["按序时进度"],
    ),
    # 黄: behind pace, forecast to miss, 力争未达, due within WARN_DAYS and not handed in
    ("behind pace", facts(handed_in=True, behind_pace=True), date(2025, 9, 1), YELLOW, ["落后序时进度"]),
    (
        "forecast miss",
        facts(handed_in=True, forecast_miss=True),
        date(2025, 9, 1),
        YELLOW,
        ["预计全年未达标"],
    ),
    (
        "behind and forecast miss",
        facts(handed_in=True, behind_pace=True, forecast_miss=True),
        date(2025, 9, 1),
        YELLOW,
        ["落后序时进度", "预计全年未达标"],
    ),
    (
        "strive missed",
        facts(handed_in=True, outcome=lights.STRIVE_MISSED),
        date(2025, 9, 1),
        YELLOW,
        ["力争未达"],
    ),
    ("7 days left (edge)", facts(), date(2025, 7, 24), YELLOW, ["7天后截止，尚未报送"]),
    ("deadline today", facts(), date(2025, 7, 31), YELLOW, ["今日截止，尚未报送"]),
    ("set deadline, 1 day left", facts(set_deadline=SET), date(2025, 7, 14), YELLOW, ["1天后截止，尚未报送"]),
    ("draft near the deadline", facts(returns=1), date(2025, 7, 30), YELLOW, ["1天后截止，尚未报送"]),
    (
        "handed in near the deadline: no warning",
        facts(handed_in=True),
        date(2025, 7, 30),
        GREEN,
        ["已报送，待审核"],
    ),
    # 红: missed, overdue, returned twice, a 约束性 indicator behind pace
    ("missed", facts(handed_in=True, outcome=lights.MISSED), date(2026, 2, 1), RED, ["未达标"]),
    ("overdue (default deadline)", facts(), date(2025, 8, 1), RED, ["逾期未报（截止7月31日）"]),
    ("overdue (set deadline)", facts(set_deadline=SET), date(2025, 7, 16), RED, ["逾期未报（截止7月15日）"]),
    ("returned twice", facts(returns=2), date(2025, 7, 10), RED, ["已退回2次"]),
    (
        "returned twice, handed in again",
        facts(handed_in=True, returns=3),
        date(2025, 9, 1),
        RED,
        ["已退回3次"],
    ),
    (
        "binding behind pace",
        facts(handed_in=True, behind_pace=True, binding=True),
        date(2025, 9, 1),
        RED,
        ["约束性指标落后序时进度"],
    ),
    (
        "binding, forecast miss but on pace is yellow",
        facts(handed_in=True, forecast_miss=True, binding=True),
        date(2025, 9, 1),
        YELLOW,
        ["预计全年未达标"],
    ),
    (
        "overdue and returned twice",
        facts(returns=2),
        date(2025, 8, 2),
        RED,
        ["逾期未报（截止7月31日）", "已退回2次"],
    ),
]


@pytest.mark.parametrize(("name", "given", "today", "colour", "reasons"), CASES, ids=[c[0] for c in CASES])
def test_light(name, given, today, colour, reasons):
    result = lights.light(given, today)
    assert (result.colour, list(result.reasons)) == (colour, reasons)


def test_warn_days_is_a_parameter():
    assert lights.light(facts(), date(2025, 7, 21), warn_days=10).colour == YELLOW
    assert lights.light(facts(), date(2025, 7, 21), warn_days=7).colour == GREEN


def test_label_names_the_colour_in_words():
    assert lights.light(facts(), date(2025, 8, 1)).label == "● 红 逾期未报（截止7月31日）"
    assert lights.light(facts(handed_in=True, outcome=lights.MET), H1).label == "● 绿 已达标"


def test_worst_and_tally():
    red = lights.light(facts(), date(2025, 8, 1))
    green = lights.light(facts(), H1)
    assert lights.worst([green, red]) is red
    assert lights.worst([]) is None
    assert lights.tally([red, green, green, None]) == {"红": 1, "黄": 0, "绿": 2}
