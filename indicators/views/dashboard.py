"""The dashboard (coordinator and leaders), the department page and the report and 通报 downloads."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from indicators import dashboard as board
from indicators.bulletin import bulletin_document, bulletin_filename, bulletin_gather, serial_valid
from indicators.charts import by_category, by_department
from indicators.exports import ReportExporter
from indicators.forms import DashboardQuery, PeriodQuery
from indicators.models import Period
from indicators.standings import STANDINGS
from plans.models import Plan
from plans.selectors import plan_list, plan_pick


def plan_query(request, form=PeriodQuery) -> tuple[Plan, dict]:
    """The plan and the query parameters of a page: the plan named (?plan=) or covering the year asked for, and
    a year outside that plan replaced by its latest year with figures."""
    today = timezone.localdate()
    query = form(request.GET).values()
    plans = plan_list()
    plan = plan_pick(query["plan"] or None, query["year"], today=today, plans=plans)
    if plan is None:
        raise Http404("尚未载入任何规划")
    if query["year"] is None or not plan.covers(query["year"]):
        query["year"] = board.default_year(plan, today=today)
    request.plans = plans  # the plan selector's choices, without another query
    return plan, query


@require_safe
def dashboard(request):
    plan, query = plan_query(request, DashboardQuery)
    filters = {
        "department": query["department"],
        "category": query["category"],
        "standing_filter": query["standing"],
    }
    data = board.dashboard_build(
        plan=plan,
        year=query["year"],
        period=query["period"],
        today=timezone.localdate(),
        page=query["page"],
        **filters,
    )
    # Called by the template only when the page's cached HTML is missing or stale.
    charts = {
        "category": lambda: by_category(data),
        "department": lambda: by_department(data),
        "trend": data.trend,
    }
    return render(
        request,
        "indicators/dashboard.html",
        {
            "board": data,
            "charts": charts,
            "plan": plan,
            "plans": request.plans,
            "years": plan.years,
            "periods": Period.choices,
            "standings": STANDINGS,
            "categories": data.filter_categories,
            "departments": data.filter_departments,
            "filters": filters,
        },
    )


@require_safe
def report_download(request):
    plan, query = plan_query(request)
    year, period = query["year"], query["period"]
    name = f"{plan.table_title}（{year}年{'' if period == Period.YEAR else Period(period).label}）.xlsx"
    return ReportExporter(plan, year, period=period).download(name)


@require_safe
def bulletin_download(request):
    """The 通报 of the year and period as a Word document (GB/T 9704 layout), for the same readers as the report."""
    plan, query = plan_query(request)
    year, period = query["year"], query["period"]
    serial = request.GET.get("number", "").strip()
    if serial and not serial_valid(serial):
        message = f"发文字号序号“{serial[:20]}”无效，应为不以 0 开头的 1～5 位数字（如 12）。"
        return render(request, "400.html", {"exception": message}, status=400)
    bulletin = bulletin_gather(plan=plan, year=year, period=period, today=timezone.localdate(), serial=serial)
    return bulletin_document(bulletin).download(bulletin_filename(bulletin))
