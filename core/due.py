"""逾期, decided once: whether something reported for a period is not yet due, due, or overdue.

Every page that says 未到期 / 待报 / 逾期 — 我的待办, a unit's page, the 催报 preview and email, the 截止日期 page,
the review queue, the dashboard and the 通报 — asks this module, so one item reads the same everywhere.

The rule, for a period (上半年 ends 30 June, 全年 ends 31 December) and today's date:

- 未到期: the period has not ended yet (today is on or before its last day);
- 待报: the period has ended and its deadline has not passed (today is on or before the deadline);
- 逾期: today is after the deadline.

The deadline is the coordinator's 截止日期 for that year and period when one is set; otherwise the default,
DEFAULT_DAYS days after the period ends (31 July for 上半年, 31 January of the next year for 全年). Something is
逾期 only against a deadline that exists, set or default, and every page shows that deadline (a default one
marked 默认), never “未设置” beside 逾期. Whether the item was handed in is the caller's part: only what is still
owed (not reported, draft, returned) can be 待报 or 逾期. See docs/due.md.
"""

from datetime import date, timedelta

DEFAULT_DAYS = 31
DUE_SOON_DAYS = 14  # a deadline this close (and not passed) reads 即将到期

NOT_DUE = "未到期"
DUE = "待报"
OVERDUE = "逾期"


def default_deadline(period_end: date) -> date:
    """The deadline of a period the coordinator has not set one for."""
    return period_end + timedelta(days=DEFAULT_DAYS)


def deadline(period_end: date, set_deadline: date | None) -> date:
    """The deadline that applies: the one set, else the default."""
    return set_deadline if set_deadline is not None else default_deadline(period_end)


def state(period_end: date, set_deadline: date | None, today: date) -> str:
    """未到期 / 待报 / 逾期 of something still owed for the period ending on `period_end`."""
    if today <= period_end:
        return NOT_DUE
    return OVERDUE if today > deadline(period_end, set_deadline) else DUE


def is_overdue(period_end: date, set_deadline: date | None, today: date) -> bool:
    return state(period_end, set_deadline, today) == OVERDUE


def is_due_soon(applies: date, today: date) -> bool:
    """即将到期: the deadline that applies (set or default) has not passed and comes within DUE_SOON_DAYS."""
    return today <= applies <= today + timedelta(days=DUE_SOON_DAYS)


def in_time(handed_in: date, applies: date) -> bool:
    """按时: handed in on or before the deadline that applies (set or default); its last day still counts."""
    return handed_in <= applies
