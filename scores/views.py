"""考核 pages: the table of a plan and year (coordinator and leaders), its .xlsx, and the coordinator's
adjustment of a unit's score."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from core.params import year_param
from departments import roles
from plans.selectors import plan_list, plan_pick
from scores import selectors, services
from scores.exports import ScoreExporter
from scores.forms import AdjustmentForm


def _can_read(user) -> bool:
    return roles.is_coordinator(user) or roles.is_leader(user)


def _asked(request, params):
    """The plan (?plan=CODE, else the current one) and the year (?year=, one of the plan's; else the latest that
    has ended) a request is about."""
    if not _can_read(request.user):
        raise PermissionDenied("只有协调员和领导可以查看考核得分。")
    today = timezone.localdate()
    plans = plan_list()
    plan = plan_pick(params.get("plan") or None, today=today, plans=plans)
    if plan is None:
        raise Http404("尚未载入任何规划")
    years = selectors.score_years(plan, today)
    year = year_param(params.get("year"))
    if year not in years:
        year = selectors.default_year(years, today)
    return plans, plan, years, year, today


@require_safe
def index(request):
    plans, plan, years, year, today = _asked(request, request.GET)
    table = selectors.score_table(plan=plan, year=year, today=today)
    form = None
    if roles.is_coordinator(request.user):
        form = AdjustmentForm(initial={"year": year, "plan": plan.code})
        form.fields["department"].choices = [("", "请选择")] + [
            (r.department.code, r.department.name) for r in table.rows
        ]
    return render(
        request,
        "scores/index.html",
        {
            "table": table,
            "headers": list(
                zip([text for text, _ in selectors.HEADERS], selectors.column_classes(), strict=True)
            ),
            "plans": plans,
            "plan": plan,
            "years": years,
            "year": year,
            "form": form,
            "history": selectors.adjustment_history(plan, year)[:50],
            "export_query": urlencode({"plan": plan.code, "year": year}),
        },
    )


@require_safe
def export(request):
    _, plan, _, year, today = _asked(request, request.GET)
    exporter = ScoreExporter(selectors.score_table(plan=plan, year=year, today=today), today=today)
    return exporter.download(exporter.filename)


@require_POST
def adjust(request):
    if not roles.is_coordinator(request.user):
        raise PermissionDenied("只有协调员可以调整得分。")
    _, plan, _, year, _ = _asked(request, request.POST)
    back = f"{reverse('scores:index')}?{urlencode({'plan': plan.code, 'year': year})}"
    if year_param(request.POST.get("year")) != year:
        messages.error(request, f"年度无效：请在 {plan.short_name} 的考核年度中调整。")
        return redirect(back)
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        adjustment = services.adjustment_set(
            user=request.user,
            plan=plan,
            year=year,
            department=data["department"],
            points=data["points"],
            reason=data["reason"],
        )
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect(back)
    messages.success(request, f"已调整 {adjustment.department} {year} 年得分：{adjustment.points:+} 分")
    return redirect(back)
