"""Plausible demo figures for every year of the first plan (`seed_demo --figures`): most near target, some
misses; in the year before the last some missing and some awaiting review, and the last year complete and
approved, so the dashboard, the review queue and the final assessment all have something to show. Entered
through the same services as the web forms, so history is real."""

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import freshness
from departments import roles
from departments.models import User
from departments.services import demo_accounts
from indicators import selectors, services
from indicators.models import Figure, Indicator, Period, ReportingDeadline, Target
from indicators.services import FigureInput
from plans.models import Plan

# Left unreported in the year before the last so the dashboard shows 未报送 and reminders have work to do.
MISSING = {8, 16}
# Submitted but not yet approved in that year: the review queue has work.
AWAITING_REVIEW = {3, 11, 14}
# The companion series (规上工业增加值增速), year by year.
GROWTH = (Decimal("6.4"), Decimal("7.5"), Decimal("6.8"), Decimal("6.1"), Decimal("5.9"))


def _reporter(indicator: Indicator) -> User:
    lead = indicator.department_links.get(order=0).department
    return User.objects.filter(department=lead, groups__name=roles.REPORTER).first()


def _value(target: Target, rng: random.Random, previous: Decimal | None) -> Decimal:
    base = target.value if target.value is not None else (previous or Decimal("5"))
    factor = Decimal(str(round(rng.uniform(0.965, 1.04), 3)))
    places = Decimal(1).scaleb(-target.indicator.precision)
    return (base * factor).quantize(places)


@transaction.atomic
def demo_figures_create(*, coordinator: User, seed: int = 2025) -> int:
    """Create the demo figures unless any figure exists; returns how many were created."""
    plan = Plan.objects.filter(indicators__isnull=False).order_by("baseline_year").first()
    if plan is None or Figure.objects.exists():
        return 0
    rng = random.Random(seed)
    *years, last = plan.years
    quirks = years[-1] if years else last  # the year with missing figures and figures awaiting review
    for year in plan.years:
        services.deadline_set(user=coordinator, year=year, period=Period.YEAR, due_date=date(year + 1, 1, 31))
    services.deadline_set(user=coordinator, year=quirks, period=Period.H1, due_date=date(quirks, 7, 31))
    indicators = Indicator.objects.filter(plan=plan)
    companion = indicators.get(number__isnull=True)
    growth = {year: GROWTH[i % len(GROWTH)] for i, year in enumerate(plan.years)}
    count = 0
    for year in plan.years:
        _enter(companion, year, FigureInput(value=growth[year]), coordinator, approve=True)
        count += 1
    main = list(indicators.main().prefetch_related("targets").order_by("number"))
    for indicator in main:
        previous = indicator.baseline
        for year in years:
            if year == quirks and indicator.number in MISSING:
                continue
            target = next(t for t in indicator.plan_targets if t.year == year)
            value, rank = _value(target, rng, previous), None
            if target.kind == Target.Kind.RELATIVE:
                value = growth[year] + Decimal(str(round(rng.uniform(-1.0, 3.0), 1)))
            if target.kind == Target.Kind.LEADING:
                first = year == plan.first_year
                value, rank = Decimal("35.2") if first else Decimal("34.6"), 1 if first else 2
            approve = not (year == quirks and indicator.number in AWAITING_REVIEW)
            _enter(indicator, year, FigureInput(value=value, rank=rank), coordinator, approve=approve)
            previous, count = value, count + 1
        if indicator.ytd_mode == Indicator.YtdMode.FLOW:
            annual = next(t for t in indicator.plan_targets if t.year == quirks).value
            half = (annual * Decimal("0.46")).quantize(Decimal(1))
            _enter(indicator, quirks, FigureInput(value=half), coordinator, approve=True, period=Period.H1)
            count += 1
    count += _final_year(main, last, growth[last], rng, coordinator) if years else 0
    _backdate(rng)
    _accounts_backdate(plan)
    return count


def _accounts_backdate(plan: Plan) -> None:
    """The demo accounts as if opened when the plan came out, as their figures go back to its first year: they
    owe task reports from its first period on (tasks/owed.py counts from a unit's first account)."""
    opened = datetime.combine(
        plan.issued_on or date(plan.first_year, 1, 1), time(9), tzinfo=timezone.get_current_timezone()
    )
    names = [account.username for account in demo_accounts()]
    User.objects.filter(username__in=names, date_joined__gt=opened).update(date_joined=opened)


def _final_year(indicators, year: int, growth: Decimal, rng: random.Random, coordinator: User) -> int:
    """The plan's last year, every figure reported and approved (after the earlier years, so their values stay
    as they were before the last year was added)."""
    for indicator in indicators:
        target = next(t for t in indicator.plan_targets if t.year == year)
        value, rank = _value(target, rng, indicator.baseline), None
        if target.kind == Target.Kind.RELATIVE:
            value = growth + Decimal(str(round(rng.uniform(-1.0, 3.0), 1)))
        if target.kind == Target.Kind.LEADING:
            value, rank = Decimal("35.0"), 1
        _enter(indicator, year, FigureInput(value=value, rank=rank), coordinator, approve=True)
    return len(indicators)


# Share of demo figures handed in by the deadline; the rest arrive a few days late.
ON_TIME = 0.8


def _backdate(rng: random.Random) -> None:
    """Move each demo figure — its timestamps and its history together — from now to a day near its deadline,
    as if reported when it was due: most on time, some late, so 及时率 on the dashboard means something."""
    due = {(d.year, d.period): d.due_date for d in ReportingDeadline.objects.all()}
    now = timezone.now()
    for figure in Figure.objects.order_by("pk"):
        deadline = due.get((figure.year, figure.period))
        if deadline is None:
            continue
        days = -rng.randint(1, 20) if rng.random() < ON_TIME else rng.randint(1, 10)
        moment = datetime.combine(
            deadline + timedelta(days=days), time(10), tzinfo=timezone.get_current_timezone()
        )
        shift = now - moment
        Figure.objects.filter(pk=figure.pk).update(
            **{name: F(name) - shift for name in ("updated_at", "submitted_at", "reviewed_at")}
        )
        Figure.history.filter(id=figure.pk).update(
            **{
                name: F(name) - shift
                for name in ("history_date", "updated_at", "submitted_at", "reviewed_at")
            }
        )
    freshness.changed(Figure)  # QuerySet.update sends no signal


def _enter(indicator, year, data: FigureInput, coordinator, *, approve: bool, period=Period.YEAR) -> None:
    """Submit as the lead department's reporter would — explaining a miss when the value misses — and
    approve as the coordinator."""
    reporter = _reporter(indicator)
    if selectors.previous_miss(indicator, year, period) is not None:
        data = replace(data, catch_up_result=Figure.CatchUp.PARTLY)
    save = partial(
        services.figure_save, user=reporter, indicator=indicator, year=year, period=period, version=0
    )
    try:
        figure = save(data=data, submit=True)
    except ValidationError:
        explained = replace(
            data,
            explanation="受外部需求波动影响，略低于目标",
            miss_cause=Figure.MissCause.EXTERNAL,
            remedy="加强监测调度，逐月跟踪重点企业，落实稳增长政策",
            catch_up_year=year + 1,
            catch_up_period=Period.YEAR,
        )
        figure = save(data=explained, submit=True)
    if approve:
        services.figure_approve(user=coordinator, figure_id=figure.pk)
