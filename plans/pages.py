"""Pages that show a plan's indicators and its tasks together: the home page (a leader's overview), the plan as
published and a department's page. They sit above both apps (plans may read indicators and tasks; indicators
never read tasks)."""

from dataclasses import replace
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import lights
from departments import roles
from departments.models import Department
from indicators import selectors
from indicators.forms import PeriodQuery
from indicators.models import Indicator
from indicators.standings import paced_rows
from indicators.views.plan import plans_asked
from plans.overview import overview_build
from plans.selectors import plan_list, plan_pick
from supervision.selectors import notices_of_department
from tasks import worklist, worklist_views
from tasks.models import Task
from tasks.selectors import UNITS, chapter_list


@require_safe
def home(request):
    """Leaders land on the overview of a plan; reporters on their unit's 待办, the others on the dashboard."""
    if roles.is_reporter(request.user) or not roles.is_leader(request.user):
        return worklist_views.home(request)
    today = timezone.localdate()
    plans = plan_list()
    plan = plan_pick(PeriodQuery(request.GET).values()["plan"] or None, today=today, plans=plans)
    if plan is None:
        raise Http404("尚未载入任何规划")
    context = {"overview": overview_build(plan, today=today), "plan": plan, "plans": plans}
    return render(request, "plans/home.html", context)


@require_safe
def plan(request):
    """The plan as published: the appendix table and the chapters with their tasks and responsible units."""
    plans, plan = plans_asked(request)
    indicators = list(selectors.indicator_list(plan, headings=True))
    rows = [(indicator, selectors.target_cells(indicator, plan.target_years)) for indicator in indicators]
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "plans": plans,
            "rows": rows,
            "chapters": chapter_list(plan),
            "years": plan.target_years,
            "indicator_count": sum(1 for i in indicators if not i.heading),
        },
    )


def _queue_query(department, item) -> str:
    return urlencode(
        {"department": department.code, "year": item.year, "period": item.period, "status": "all"}
    )


@require_safe
def department_detail(request, code: str):
    """One department: the indicators it leads or shares, its tasks, and its missing figures."""
    department = get_object_or_404(Department, code=code)
    indicators = (
        Indicator.objects.filter(department_links__department=department)
        .select_related("plan")
        .prefetch_related(selectors.TARGETS, selectors.DEPARTMENTS)
        .select_related("category")
        .order_by("number")
    )
    today = timezone.localdate()
    rows = selectors.figure_rows(indicators, today=today)
    led = [r for r in rows if r.indicator.lead == department]
    paced = paced_rows(led, today=today)  # each with its 红黄绿
    missing = [p for p in paced if p.row.is_outstanding and p.row.status != "未到期"]
    # What the unit owes of its task reports, by the same rule (core.due) as its 我的待办 and the 催报 email; a
    # collective reports through its members.
    owed_reports = (
        []
        if department.members.exists()
        else sorted(
            (
                # A period's reports open in the review queue, filtered to this unit and period: the batch
                # page is the unit's own.
                replace(item, url=f"{reverse('task_report_queue')}?{_queue_query(department, item)}")
                for item in worklist.department_task_items(department, today=today)
                if item.is_todo and item.slot.is_due(today)
            ),
            key=lambda i: (not i.overdue, -i.year, i.sort_key()),
        )
    )
    tasks = (
        Task.objects.filter(unit_links__department=department)
        .select_related("chapter")
        .prefetch_related(UNITS)
        .order_by("chapter__number", "seq")
    )
    if department.parent_id:
        tasks = tasks | Task.objects.filter(unit_links__department_id=department.parent_id)
    warnings = [
        (p.light, "指标", f"{p.indicator.name_with_unit} {p.row.year}年{p.row.period_label}", p.row.indicator)
        for p in paced
        if p.light.colour != lights.GREEN
    ] + [
        (i.light, "任务", f"{i.title} {i.slot.label}", None)
        for i in owed_reports
        if i.light.colour != lights.GREEN
    ]
    return render(
        request,
        "plans/department_detail.html",
        {
            "department": department,
            "lights": lights.tally([p.light for p in paced] + [i.light for i in owed_reports]),
            "warnings": sorted(warnings, key=lambda w: lights.ORDER.index(w[0].colour)),
            "notices": notices_of_department(request.user, department),
            "indicators": list(indicators),
            "missing": missing,
            "owed_reports": owed_reports,
            "owed_total": len(missing) + len(owed_reports),
            "overdue": sum(p.row.overdue for p in missing) + sum(i.overdue for i in owed_reports),
            "rows": led,
            "tasks": tasks.distinct(),
        },
    )
