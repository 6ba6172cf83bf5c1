"""The coordinator's side of the workflow: review queue, approve / return / reopen, deadlines, adjusted targets."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import due
from core.params import id_params, int_param, year_param
from core.values import ValueParseError, parse_value
from indicators import permissions, review_selectors, services
from indicators.forms import MAX_PLACES, ReviewQuery
from indicators.models import PERIOD_ORDER, Figure, Period, Target
from indicators.rules import fmt
from indicators.selectors import period_end
from plans.selectors import years_all

Status = Figure.Status
ALL = "all"
QUEUE_TABS = [Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.DRAFT]  # what waits for review first


def _require_coordinator(request) -> None:
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以审核数据、调整目标和设置截止日期。")


def _back(request):
    """Back to where the form was (a safe local `next`), else to the queue."""
    next_url = request.POST.get("next", "")
    # A path on this site only: redirect() would take any other text for a URL name to look up.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("review_queue")


def _error(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))


@require_safe
def queue(request):
    """Figures to review, filtered by lead department, year, period and status (default: submitted)."""
    _require_coordinator(request)
    departments = review_selectors.lead_departments()
    query = ReviewQuery(request.GET, departments=departments, all_statuses=ALL).values()
    department, period, status = query["department"], query["period"], query["status"]
    years = years_all()
    year = query["year"] if query["year"] in years else None

    figures = review_selectors.figures_for_review(department=department, year=year, period=period)
    quality = request.GET.get("quality") == "1"  # 有数据质量提示
    if quality:
        figures = figures.exclude(quality_findings="")
    counts = review_selectors.figure_status_counts(figures)
    if status != ALL:
        figures = figures.filter(status=status)
    rows = review_selectors.review_rows(figures, today=timezone.localdate())
    context = {
        "rows": [(row, row.indicator.lead) for row in rows],
        "status_counts": [(s.value, s.label, counts.get(s.value, 0)) for s in QUEUE_TABS],
        "total": sum(counts.values()),
        "departments": departments,
        "years": years,
        "periods": [(p, Period(p).label) for p in PERIOD_ORDER],
        "filters": {"department": department, "year": year, "period": period, "status": status}
        | {"quality": quality},
    }
    return render(request, "indicators/review_queue.html", context)


def _review(request, action, done: str):
    """Run a review service; report success or the refusal in Chinese, then go back."""
    try:
        figure = action()
    except Figure.DoesNotExist:
        raise Http404("没有这条数据") from None
    except services.FigureConflict as e:
        messages.error(request, e.message)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, f"{done}：{figure}")
    return _back(request)


@require_POST
def approve(request, figure_id: int):
    _require_coordinator(request)
    version = int_param(request.POST.get("version"))
    return _review(
        request,
        lambda: services.figure_approve(user=request.user, figure_id=figure_id, version=version),
        "已审核通过",
    )


@require_POST
def return_(request, figure_id: int):
    _require_coordinator(request)
    reason, version = request.POST.get("reason", ""), int_param(request.POST.get("version"))
    return _review(
        request,
        lambda: services.figure_return(
            user=request.user, figure_id=figure_id, reason=reason, version=version
        ),
        "已退回",
    )


@require_POST
def reopen(request, figure_id: int):
    _require_coordinator(request)
    reason, version = request.POST.get("reason", ""), int_param(request.POST.get("version"))
    return _review(
        request,
        lambda: services.figure_reopen(
            user=request.user, figure_id=figure_id, reason=reason, version=version
        ),
        "已重新打开",
    )


@require_POST
def bulk_approve(request):
    _require_coordinator(request)
    ids = id_params(request.POST.getlist("figure_ids"))
    if not ids:
        messages.error(request, "请先勾选要审核通过的数据。")
        return _back(request)
    count = services.figures_bulk_approve(user=request.user, figure_ids=ids)
    skipped = len(set(ids)) - count
    note = f"；另有 {skipped} 条不是已报送状态，未处理" if skipped else ""
    messages.success(request, f"批量审核通过 {count} 条{note}")
    return _back(request)


@require_POST
def target_adjust(request, target_id: int):
    """Record or (empty value) withdraw an adjusted target, then back to the indicator page."""
    _require_coordinator(request)
    target = get_object_or_404(Target.objects.select_related("indicator"), pk=target_id)
    indicator = target.indicator
    back = redirect("indicator_detail", indicator.number) if indicator.number else redirect("plan")
    try:
        value = parse_value(request.POST.get("value", ""))
    except ValueParseError as e:
        messages.error(request, f"调整后目标值{e}，请填写数字，如 35.2")
        return back
    if value is not None and -value.as_tuple().exponent > MAX_PLACES:
        messages.error(request, f"调整后目标值最多保留 {MAX_PLACES} 位小数")
        return back
    try:
        services.target_adjust(
            user=request.user, target_id=target.pk, value=value, reason=request.POST.get("reason", "")
        )
    except ValidationError as e:
        _error(request, e)
    else:
        if value is None:
            messages.success(request, f"已撤销 {target.year} 年目标的调整：{indicator}")
        else:
            messages.success(
                request, f"已将 {indicator} 的 {target.year} 年目标调整为 {fmt(value)}{indicator.unit}"
            )
    return back


@require_POST
def target_assign(request, target_id: int):
    """完成上级下达目标: the assigned number with its document and date (empty value withdraws it)."""
    _require_coordinator(request)
    target = get_object_or_404(Target.objects.select_related("indicator__plan"), pk=target_id)
    back = redirect(target.indicator.get_absolute_url())
    try:
        value = parse_value(request.POST.get("value", ""))
    except ValueParseError as e:
        messages.error(request, f"下达目标值{e}，请填写数字，如 6.5")
        return back
    if value is not None and -value.as_tuple().exponent > MAX_PLACES:
        messages.error(request, f"下达目标值最多保留 {MAX_PLACES} 位小数")
        return back
    on_text = request.POST.get("on", "").strip()
    try:
        on = date.fromisoformat(on_text) if on_text else None
    except ValueError:
        messages.error(request, "下达日期格式应如 2026-03-15")
        return back
    try:
        services.target_assign(
            user=request.user, target_id=target.pk, value=value, source=request.POST.get("source", ""), on=on
        )
    except ValidationError as e:
        _error(request, e)
    else:
        done = (
            f"已录入 {target.year} 年下达目标 {fmt(value)}{target.indicator.unit}"
            if value is not None
            else (f"已撤销 {target.year} 年的下达目标")
        )
        messages.success(request, f"{done}：{target.indicator}")
    return back


@require_POST
def target_judge(request, target_id: int):
    """定性目标: the coordinator's judgement with the reason."""
    _require_coordinator(request)
    target = get_object_or_404(Target.objects.select_related("indicator__plan"), pk=target_id)
    try:
        services.target_judge(
            user=request.user,
            target_id=target.pk,
            judgement=request.POST.get("judgement", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, f"已保存 {target.year} 年目标的定性评估：{target.indicator}")
    return redirect(target.indicator.get_absolute_url())


def _deadline_input(data) -> tuple[int, str, date]:
    year, period, years = year_param(data.get("year")), data.get("period", ""), years_all()
    if year not in years or period not in Period.values:
        raise ValidationError(
            f"请选择规划年度（{years[0]}—{years[-1]}）和期间。" if years else "尚未载入规划。"
        )
    try:
        due_date = date.fromisoformat(data.get("due_date", ""))
    except ValueError:
        raise ValidationError("请填写截止日期，格式如 2025-01-20。") from None
    return year, period, due_date


@require_http_methods(["GET", "HEAD", "POST"])
def deadlines(request):
    """GET: deadlines and who is late; POST: set or change the deadline of a year and period."""
    _require_coordinator(request)
    if request.method == "POST":
        try:
            year, period, due_date = _deadline_input(request.POST)
            deadline = services.deadline_set(user=request.user, year=year, period=period, due_date=due_date)
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, f"已设置截止日期：{deadline}")
        return redirect("deadlines")

    today = timezone.localdate()
    years = years_all()
    backlogs = review_selectors.backlog_by_department(today=today)
    context = {
        "slots": [
            (y, Period(p).label, p, d, due.default_deadline(period_end(y, p)))
            for y, p, d in review_selectors.deadline_slots(years)
        ],
        "default_days": due.DEFAULT_DAYS,
        "backlogs": [b for b in backlogs if b.rows],
        "clear": [b.department for b in backlogs if not b.rows],
        "overdue_total": sum(len(b.overdue) for b in backlogs),
        "pending_total": sum(len(b.pending) for b in backlogs),
        "today": today,
        "years": years,
        "default_year": min(today.year, max(years, default=today.year)),
        "periods": [(p, Period(p).label) for p in PERIOD_ORDER],
    }
    return render(request, "indicators/deadlines.html", context)
