"""No lost update: two people saving or reviewing the same figure at the same moment, each through their own
database connection. The services lock the row (select_for_update) and compare versions, so exactly one
wins and the other gets FigureConflict [ASVS 15.4.2].

PostgreSQL only: SQLite locks the whole database file, so two connections never write at once there. Run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a scratch database> .venv/bin/pytest tests/security
"""

import threading
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from departments import roles
from indicators.models import Figure, Indicator
from indicators.services import FigureConflict, FigureInput, figure_approve, figure_return, figure_save
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="并发写入需要 PostgreSQL（SQLite 对整个库加锁）：设置 DATABASE_URL=postgres://… 后运行",
    ),
]


def race(*actions) -> list:
    """Run the actions at the same moment, each in its own thread and so its own database connection;
    return each one's result or exception."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as e:
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def slow_save(monkeypatch):
    """Hold each save a moment after its row is read, so the two writers always overlap: without the row
    lock both would read version 1 and both would write (a lost update)."""
    save = Figure.save

    def slow(self, *args, **kwargs):
        time.sleep(0.3)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "save", slow)


def test_two_simultaneous_saves_of_one_figure_one_wins(plan, slow_save):
    alice = make_user("alice", roles.REPORTER, "swj")
    amy = make_user("amy", roles.REPORTER, "swj")
    indicator = Indicator.objects.get(number=4)
    figure = figure_save(
        user=alice, indicator=indicator, year=2024, data=FigureInput(Decimal("16")), version=0, submit=False
    )
    history = figure.history.count()

    def save(user, value):
        return lambda: figure_save(
            user=user,
            indicator=indicator,
            year=2024,
            data=FigureInput(Decimal(value)),
            version=1,
            submit=False,
        )

    results = race(save(alice, "16.6"), save(amy, "17.2"))

    winners = [r for r in results if isinstance(r, Figure)]
    losers = [r for r in results if isinstance(r, FigureConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    figure.refresh_from_db()
    assert figure.value == winners[0].value and figure.version == 2
    assert figure.updated_by == winners[0].updated_by
    assert losers[0].figure.version == 2  # the loser is shown the winner's figure
    assert figure.history.count() == history + 1


def test_approve_and_return_at_the_same_moment_one_wins(plan, slow_save):
    reporter = make_user("alice", roles.REPORTER, "swj")
    one = make_user("charlie", roles.COORDINATOR, "gxj")
    two = make_user("chris", roles.COORDINATOR, "gxj")
    figure = figure_save(
        user=reporter,
        indicator=Indicator.objects.get(number=4),
        year=2024,
        data=FigureInput(Decimal("16.6")),
        version=0,
        submit=True,
    )
    history = figure.history.count()

    results = race(
        lambda: figure_approve(user=one, figure_id=figure.pk, version=1),
        lambda: figure_return(user=two, figure_id=figure.pk, reason="请核对", version=1),
    )

    winners = [r for r in results if isinstance(r, Figure)]
    assert len(winners) == 1 and sum(isinstance(r, FigureConflict) for r in results) == 1, results
    figure.refresh_from_db()
    assert (figure.status, figure.version) == (winners[0].status, 2)
    assert figure.history.count() == history + 1
