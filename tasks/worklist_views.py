"""The home page (a unit's 待办: figures and task reports) and the coordinator's queue of task reports."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.params import QueryForm, YearField
from departments import roles
from departments.models import Department
from indicators.views.dashboard import dashboard
from tasks import permissions, review_queue, selectors, worklist
from tasks.models import REPORT_PERIODS, ProgressReport

ALL = "all"


@require_safe
def home(request):
    """Reporters land on their unit's 待办; the coordinator, leaders and importers on the dashboard."""
    if not roles.is_reporter(request.user):
        return dashboard(request)
    today = timezone.localdate()
    figures = worklist.figure_items(request.user, today=today)
    items = figures + worklist.task_items(request.user, today=today)
    request.todo_count = worklist.todo_count(request.user, today=today, items=items)  # for the menu too
    todo, done = worklist.arrange(items)
    context = {
        "todo": todo,
        "done_groups": done,
        "outstanding": len(todo),
        "overdue": sum(i.overdue for i in todo),
        "leads_indicators": bool(figures),
        "reports_tasks": any(i.kind == "任务" for i in items),
    }
    return render(request, "tasks/home.html", context)


class ReportReviewQuery(QueryForm):
    """?department=&year=&period=&status= of the task report queue (status "all" shows every status)."""

    department = forms.ChoiceField(required=False, initial="")
    year = YearField(required=False)
    period = forms.ChoiceField(
        choices=[(p.value, p.label) for p in REPORT_PERIODS], required=False, initial=""
    )
    status = forms.ChoiceField(
        choices=[*ProgressReport.Status.choices, (ALL, "全部")],
        required=False,
        initial=ProgressReport.Status.SUBMITTED,
    )

    def __init__(self, data, *, departments):
        super().__init__(data)
        self.fields["department"].choices = [(d.code, d.name) for d in departments]


@require_safe
def report_queue(request):
    """Task progress reports waiting for 采纳, filtered like the figures' queue, and the units that are late."""
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以审核任务推进报告。")
    # Every unit, so that a late unit (no report yet) can be filtered on from the list below.
    departments = list(Department.objects.order_by("sort_order", "pk"))
    query = ReportReviewQuery(request.GET, departments=departments).values()
    today = timezone.localdate()
    years = selectors.task_report_years(today)
    year = query["year"] if query["year"] in years else None
    reports = review_queue.reports_for_review(
        department=query["department"], year=year, period=query["period"]
    )
    counts = review_queue.report_status_counts(reports)
    if query["status"] != ALL:
        reports = reports.filter(status=query["status"])
    context = {
        "reports": reports,
        "status_counts": [(s.value, s.label, counts.get(s.value, 0)) for s in review_queue.REVIEW_TABS],
        "total": sum(counts.values()),
        "departments": departments,
        "years": years,
        "periods": [(p.value, p.label) for p in REPORT_PERIODS],
        "filters": {**query, "year": year},
        # The non-reporters of the period the filter names (its latest ended one), so list and filter agree.
        "late": worklist.late_units(today=today, year=year, period=query["period"]),
        "review_counts": review_queue.review_counts(),
    }
    return render(request, "tasks/report_queue.html", context)
