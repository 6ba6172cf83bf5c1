"""〔YYYY〕N号 taken safely: two coordinators issuing at the same moment, each through their own database connection,
get two different numbers, the first of a year being 1 (the year's counter row is created once and locked).

PostgreSQL only, like tests/security/test_concurrency.py: SQLite locks the whole database file."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from departments import roles
from supervision import selectors, services
from supervision.models import Notice
from tests.conftest import make_user
from tests.security.test_concurrency import race

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Marked transactional only where it runs: a skipped transactional test would still count as having emptied the
# database (tests/conftest.py) and send the next test to reload the plan before any test database exists.
pytestmark = [
    pytest.mark.skipif(
        not POSTGRES,
        reason="并发写入需要 PostgreSQL（SQLite 对整个库加锁）：设置 DATABASE_URL=postgres://… 后运行",
    ),
    *([pytest.mark.django_db(transaction=True)] if POSTGRES else []),
]
TODAY = date(2025, 3, 3)


def test_two_notices_issued_at_once_get_two_numbers(plan):
    coordinator = make_user("charlie", roles.COORDINATOR, "gxj")
    first, second = selectors.red_items(today=TODAY)[:2]

    def issue(item):
        return lambda: services.notice_issue(
            user=coordinator,
            item=item,
            facts="逾期未报。",
            requirement="请报送。",
            reply_by=TODAY + timedelta(days=7),
            today=TODAY,
        )

    results = race(issue(first), issue(second))
    assert all(isinstance(r, Notice) for r in results), results
    assert sorted(n.number for n in Notice.objects.all()) == ["〔2025〕1号", "〔2025〕2号"]
