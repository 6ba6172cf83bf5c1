"""notice_counts, what the 考核 scores read: per unit, 督办单 issued whose reply was due, and those answered on time."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from departments.models import Department
from indicators.models import Indicator
from plans.models import Plan
from supervision.models import Notice
from supervision.selectors import notice_counts
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def notice(seq, code, reply_by, answered=None, *, year=2025, plan="mfg2023"):
    user = make_user(f"c{seq}-{year}", None)
    return Notice.objects.create(
        year=year,
        seq=seq,
        department=Department.objects.get(code=code),
        plan=Plan.objects.get(code=plan),
        kind=Notice.Kind.FIGURE,
        indicator=Indicator.objects.get(plan__code=plan, number=4),
        item_year=2024,
        item_period="year",
        item_title="4. 测试",
        light_reason="逾期未报",
        facts="f",
        requirement="r",
        reply_by=reply_by,
        issued_by=user,
        first_answered_at=datetime.combine(answered, time(23, 30), SHANGHAI) if answered else None,
    )


def test_counts_by_unit(plan):
    notice(1, "swj", date(2025, 3, 10), answered=date(2025, 3, 10))  # on the last day: on time
    notice(2, "swj", date(2025, 3, 10), answered=date(2025, 3, 11))  # late
    notice(3, "swj", date(2025, 3, 10))  # unanswered after the deadline: due, not on time
    notice(4, "swj", date(2025, 3, 20))  # still within its deadline: not counted yet
    notice(5, "kjj", date(2025, 3, 20), answered=date(2025, 3, 12))  # answered early: counted
    notice(1, "kjj", date(2024, 3, 1), answered=date(2024, 3, 1), year=2024)  # another year
    swj, kjj = (Department.objects.get(code=c).pk for c in ("swj", "kjj"))
    today = date(2025, 3, 15)
    assert notice_counts(year=2025, today=today) == {swj: (3, 1), kjj: (1, 1)}
    assert notice_counts(year=2024, today=today) == {kjj: (1, 1)}
    assert notice_counts(year=2025, plan=Plan.objects.get(code="mfg2023"), today=today) == {
        swj: (3, 1),
        kjj: (1, 1),
    }
    assert notice_counts(year=2023, today=today) == {}
