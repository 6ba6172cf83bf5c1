"""The figure entry form: reporters enter, save and submit their department's figures."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import save_versioned
from indicators import permissions, selectors, services
from indicators.evaluation import assess
from indicators.forms import CommentForm, ReasonForm
from indicators.history import figure_history
from indicators.models import Figure, Indicator, Period
from indicators.quality_forms import QualityFigureForm, quality_shown
from indicators.rules import fmt
from plans.selectors import plan_query, year_plan

# The service names the catch-up's year and period; the form has one field for both.
FIELD_OF_ERROR = {"catch_up_year": "catch_up", "catch_up_period": "catch_up"}


def _slot(request, code: str, year: int, period: str) -> tuple[Indicator, str]:
    """The indicator `code` of the plan `?plan=` names, which must cover the year, else of the newest plan
    covering it."""
    plan = year_plan(request, year)
    if period not in Period.values:
        raise Http404("没有这个年度或期间")
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan").prefetch_related(selectors.TARGETS, selectors.DEPARTMENTS),
        plan=plan,
        code=code,
    )
    if indicator.heading:
        raise Http404(f"“{indicator.name}”是子指标的分组标题，本身没有数据，请填报其子指标。")
    return indicator, period


@require_http_methods(["GET", "HEAD", "POST"])
def entry(request, year: int, code: str, period: str = Period.YEAR):
    """GET shows the figure with its target and history; POST saves a draft or submits it."""
    indicator, period = _slot(request, code, year, period)
    if indicator.shared_with_id:  # entered once, at the indicator of the plan it shares
        return redirect(indicator.entry_url(year, period))
    target = next((t for t in indicator.plan_targets if t.year == year), None)
    figure = Figure.objects.filter(indicator=indicator, year=year, period=period).first()
    can_edit = permissions.can_edit_indicator(request.user, indicator)
    previous = selectors.previous_miss(indicator, year, period)
    form_kwargs = {"indicator": indicator, "target": target, "year": year, "period": period}
    conflict = None
    status = 200

    if request.method == "POST":
        if indicator.lead is None:
            raise PermissionDenied(permissions.UNASSIGNED)
        if not can_edit or (figure is not None and figure.is_locked):
            raise PermissionDenied("只能修改本单位牵头、尚未报送的指标数据。")
        form = QualityFigureForm(request.POST, **form_kwargs)
        save = partial(services.figure_save, user=request.user, indicator=indicator, year=year, period=period)
        response, conflict, status = save_versioned(
            request,
            form,
            save,
            services.FigureConflict,
            lambda submit: "已提交审核。" if submit else "草稿已保存。",
            FIELD_OF_ERROR,
        )
        if response is not None:
            return response
        if conflict is not None:
            figure = conflict.figure
    else:
        form = QualityFigureForm(initial=QualityFigureForm.initial_for(figure), **form_kwargs)
    if previous is None:
        del form.fields["catch_up_result"]

    context = {
        "indicator": indicator,
        "year": year,
        "period": period,
        "period_label": Period(period).label,
        "target": target,
        "figure": figure,
        "form": form,
        "can_edit": can_edit and (figure is None or not figure.is_locked),
        "conflict": conflict,
        "previous_miss": previous,
        "last_year": _last_year(indicator, year),
        "assessment": posted_assessment(form, target, year, period)
        if request.method == "POST"
        else figure_assessment(target, period, figure),
        "history": figure_history(figure) if figure else [],
        "comments": figure.comments.select_related("author") if figure else [],
        "can_comment": figure is not None
        and permissions.indicators_commentable_by(request.user).filter(pk=indicator.pk).exists(),
        "can_review": permissions.can_review(request.user),
        "comment_form": CommentForm(),
        "reason_form": ReasonForm(),
        "periods": [(p, Period(p).label) for p in Period.values],
        "preview_url": indicator.entry_url(year, period, preview=True),
        "plan_query": plan_query(indicator.plan_id, year),
        "quality": quality_shown(form, figure),
    }
    return render(request, "indicators/entry.html", context, status=status)


def _last_year(indicator: Indicator, year: int) -> str:
    """Last year's annual figure as text, or the plan's baseline for its first year."""
    baseline_year = indicator.plan.baseline_year
    if year - 1 == baseline_year:
        return f"{indicator.baseline_text}（{baseline_year}年基数）"
    figure = Figure.objects.filter(indicator=indicator, year=year - 1, period=Period.YEAR).first()
    if figure is None or figure.value is None:
        return "（尚无）"
    return f"{fmt(figure.value)}{indicator.unit}（{figure.get_status_display()}）"


def figure_assessment(target, period, figure):
    if figure is None:
        return None
    reference = services.reference_value(target, figure.year, period)
    return assess(target, period, figure.value, rank=figure.rank, reference=reference)


def posted_assessment(form, target, year: int, period: str):
    """The evaluation of the value typed in a bound form (none while the value does not parse)."""
    form.is_valid()
    value = getattr(form, "cleaned_data", {}).get("value")
    if "value" in form.errors or value is None:
        return None
    reference = services.reference_value(target, year, period)
    return assess(target, period, value, rank=form.cleaned_data.get("rank"), reference=reference)


@require_POST
def entry_preview(request, year: int, code: str, period: str = Period.YEAR):
    """htmx: the evaluation and 数据质量 warnings of the value being typed, before anything is saved. A row of
    the batch page (`row=1`) posts its fields under the row's prefix and gets the row's cell back."""
    indicator, period = _slot(request, code, year, period)
    target = next((t for t in indicator.plan_targets if t.year == year), None)
    row = request.POST.get("row") == "1"
    form = QualityFigureForm(
        request.POST,
        prefix=batch_prefix(indicator) if row else None,
        indicator=indicator,
        target=target,
        year=year,
        period=period,
    )
    assessment = posted_assessment(form, target, year, period)
    context = {"assessment": assessment, "error": form.errors.get("value"), "period": period, "preview": True}
    if row:
        context |= {"indicator": indicator, "warnings": [f.message for f in form.soft]}
        return render(request, "indicators/_batch_assessment.html", context)
    return render(request, "indicators/_assessment.html", context | {"quality": form.soft})


def batch_prefix(indicator: Indicator) -> str:
    """The prefix of an indicator's fields on the batch page."""
    return f"i{indicator.pk}"


@require_POST
def comment_add(request, figure_id: int):
    figure = get_object_or_404(Figure.objects.select_related("indicator"), pk=figure_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.figure_comment_add(user=request.user, figure_id=figure.pk, text=form.cleaned_data["text"])
        messages.success(request, "意见已发表。")
    else:
        messages.error(request, "请填写意见内容。")
    return redirect(figure)
