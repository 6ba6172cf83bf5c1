"""On the demo data (`seed_demo --figures`): of two units that stood equal in 2025, the one whose figure then
came late after being returned twice scores below the one that stayed on time — read from the 考核 page."""

from collections import defaultdict
from datetime import date

import pytest
from django.utils import timezone

from departments.models import User
from indicators import services
from indicators.models import Figure, Period
from indicators.services import FigureInput
from tests.scores.test_scores import page_rows

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)  # 2025's figures and task reports all due
YEAR = 2025


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def resubmit(figure: Figure, reporter: User) -> Figure:
    data = FigureInput(
        value=figure.value,
        rank=figure.rank,
        explanation=figure.explanation or "受外部需求波动影响",
        miss_cause=figure.miss_cause or Figure.MissCause.EXTERNAL,
        remedy=figure.remedy or "加强调度",
        catch_up_year=figure.catch_up_year or YEAR + 1,
        catch_up_period=figure.catch_up_period or Period.YEAR,
    )
    return services.figure_save(
        user=reporter,
        indicator=figure.indicator,
        year=YEAR,
        data=data,
        version=figure.version,
        submit=True,
    )


def test_late_and_returned_twice_scores_below_on_time(demo, today, client):
    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    before = page_rows(client.get("/scores/", {"year": YEAR}).content.decode())
    # Two units with the same counts, each with an annual figure handed in on time.
    alike = defaultdict(list)
    for code, cells in before.items():
        on_time, indicators = int(cells[3]), cells[11]
        if on_time and indicators not in ("—", "0/0"):
            alike[tuple(cells[2:-1])].append(code)
    on_time, late = next(codes for codes in alike.values() if len(codes) >= 2)[:2]
    assert before[on_time][-2] == before[late][-2]

    reporter = User.objects.get(username=late)
    figure = (
        Figure.objects.filter(
            indicator__department_links__department__code=late,
            indicator__department_links__order=0,
            year=YEAR,
            period=Period.YEAR,
        )
        .order_by("indicator__number")
        .first()
    )
    figure = services.figure_reopen(user=coordinator, figure_id=figure.pk, reason="核对口径")
    for reason in ("请核对统计口径", "仍需补充说明"):
        figure = resubmit(figure, reporter)
        figure = services.figure_return(user=coordinator, figure_id=figure.pk, reason=reason)
    figure = resubmit(figure, reporter)  # now: long after the deadline of 31 January 2026
    services.figure_approve(user=coordinator, figure_id=figure.pk)

    after = page_rows(client.get("/scores/", {"year": YEAR}).content.decode())
    assert after[late][8] == "2"  # 退回次数: the reopening is no return
    assert int(after[late][4]) == int(before[late][4]) + 1  # 迟报
    assert int(after[late][3]) == int(before[late][3]) - 1  # 按时报送
    assert float(after[late][-2]) < float(after[on_time][-2])
    assert int(after[late][0]) > int(after[on_time][0])  # ranked below
