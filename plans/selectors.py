"""Which plan a year, a request or a command is about."""

from datetime import date

from django.db.models import Count, Q
from django.http import Http404

from core import freshness
from plans.models import Plan


def plan_list() -> list[Plan]:
    """Every plan, newest first (a later baseline first); kept until the data changes (read on every page)."""
    return list(freshness.memo("plans", lambda: tuple(Plan.objects.all())))


def plan_list_with_counts() -> list[Plan]:
    """Every plan, newest first, with `indicator_count` (numbered indicators) and `task_count`."""
    return list(
        Plan.objects.annotate(
            indicator_count=Count(
                "indicators",
                filter=Q(
                    indicators__number__isnull=False, indicators__heading=False
                ),  # a heading is no indicator
                distinct=True,
            ),
            task_count=Count("chapters__tasks", distinct=True),
        )
    )


def plan_for_year(year: int, plans: list[Plan] | None = None) -> Plan | None:
    """The plan whose years include `year`; the newest one when several do."""
    return next((p for p in plans or plan_list() if p.covers(year)), None)


def plan_query(plan_id: int, year: int) -> str:
    """ "?plan=CODE" for a page of a year about a plan other than the default one of that year (the newest
    covering it), which a bare path opens; "" for the default plan."""
    plans = plan_list()
    default = plan_for_year(year, plans)
    if default is None or default.pk == plan_id:
        return ""
    code = next((p.code for p in plans if p.pk == plan_id), None)
    return f"?plan={code}" if code else ""


def plan_current(*, today: date, plans: list[Plan] | None = None) -> Plan | None:
    """The plan a page shows when none is asked for: the one covering this year, else the newest one that has
    ended, else the newest."""
    plans = plans or plan_list()
    return (
        plan_for_year(today.year, plans)
        or next((p for p in plans if p.last_year < today.year), None)
        or next(iter(plans), None)
    )


def plan_pick(
    code: str | None, year: int | None = None, *, today: date, plans: list[Plan] | None = None
) -> Plan | None:
    """The plan a request is about: the one named by its code (a `plan` parameter), else the one covering the
    year asked for, else the current one."""
    plans = plans or plan_list()
    return (
        next((p for p in plans if p.code == code), None)
        or (plan_for_year(year, plans) if year is not None else None)
        or plan_current(today=today, plans=plans)
    )


def years_all(plans: list[Plan] | None = None) -> list[int]:
    """Every year some plan covers, in order."""
    return sorted({year for plan in plans or plan_list() for year in plan.years})


class NoPlan(Exception):
    """No plan fits what was asked; the message says so in Chinese."""


def plan_covering(year: int, code: str | None = None) -> Plan:
    """The plan named by `code`, which must cover the year, else the newest plan covering it."""
    plans = plan_list()
    if code:
        plan = next((p for p in plans if p.code == code), None)
        if plan is None:
            known = "、".join(p.code for p in plans) or "无"
            raise NoPlan(f"没有代码为“{code}”的规划（已有：{known}）")
        if not plan.covers(year):
            raise NoPlan(f"规划“{plan.name}”只包含 {plan.span_label}，不含 {year} 年")
        return plan
    plan = plan_for_year(year, plans)
    if plan is None:
        spans = "；".join(f"{p.code} {p.span_label}" for p in plans) or "尚未载入任何规划"
        raise NoPlan(f"没有包含 {year} 年的规划（{spans}）")
    return plan


def year_plan(request, year: int) -> Plan:
    """The plan of a page about a year (an entry form, the batch entry): the one `?plan=CODE` names, which must
    cover the year, else the newest plan covering it; Http404 with the reason otherwise."""
    try:
        return plan_covering(year, request.GET.get("plan") or None)
    except NoPlan as e:
        raise Http404(str(e)) from None


def overlap_notes(code: str) -> list[str]:
    """What a plan loaded beside others should know: each other plan covering some of its years, and which
    plan a path without `?plan=` opens for those years."""
    plans = list(Plan.objects.all())  # not the memo: called right after a load, within its command
    plan = next((p for p in plans if p.code == code), None)
    if plan is None:
        return []
    notes = []
    for other in plans:
        shared = sorted(set(plan.years) & set(other.years)) if other.pk != plan.pk else []
        if shared:
            default = plan_for_year(shared[0], plans)
            notes.append(
                f"注意：规划 {plan.code} 与 {other.code}（{other.name}）同时包含 {shared[0]}—{shared[-1]} 年；"
                f"两个规划的数据各自归属自己的指标，未指明规划的填报、模板和看板默认进入 {default.code}，"
                f"另一规划请在页面上选择（网址加 ?plan=代码）或在命令中用 --plan 指定。"
            )
    return notes
