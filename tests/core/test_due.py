"""core.due: the one rule of 未到期 / 待报 / 逾期, against a set deadline or the documented default."""

from datetime import date

from core import due

H1_END = date(2025, 6, 30)


def test_before_the_period_ends_nothing_is_due():
    assert due.state(H1_END, None, date(2025, 6, 30)) == "未到期"
    assert due.state(H1_END, date(2025, 6, 1), date(2025, 6, 30)) == "未到期"  # even with an early deadline


def test_without_a_deadline_the_default_applies_31_days_after_the_period():
    assert due.default_deadline(H1_END) == date(2025, 7, 31)
    assert due.default_deadline(date(2025, 12, 31)) == date(2026, 1, 31)
    assert due.deadline(H1_END, None) == date(2025, 7, 31)
    assert due.state(H1_END, None, date(2025, 7, 31)) == "待报"
    assert due.state(H1_END, None, date(2025, 8, 1)) == "逾期"


def test_a_set_deadline_wins_over_the_default():
    assert due.deadline(H1_END, date(2025, 7, 10)) == date(2025, 7, 10)
    assert due.state(H1_END, date(2025, 7, 10), date(2025, 7, 11)) == "逾期"
    assert due.state(H1_END, date(2025, 9, 30), date(2025, 8, 15)) == "待报"  # extended past the default
    assert not due.is_overdue(H1_END, date(2025, 9, 30), date(2025, 8, 15))


def test_due_soon_is_the_last_two_weeks_before_the_deadline():
    assert due.is_due_soon(date(2025, 7, 31), date(2025, 7, 17))
    assert not due.is_due_soon(date(2025, 7, 31), date(2025, 7, 16))
    assert not due.is_due_soon(date(2025, 7, 31), date(2025, 8, 1))  # passed: 逾期, not 即将到期
