from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from indicators import dashboard as board
from indicators import permissions, selectors
from indicators.models import PLAN_YEARS, FigureComment, Indicator, Period, Target
from tasks.selectors import chapter_list


@require_safe
def plan(request):
    """The plan as published: the appendix table and the chapters with their tasks and responsible units."""
    indicators = list(selectors.indicator_list())
    rows = [(indicator, selectors.target_cells(indicator)) for indicator in indicators]
    return render(
        request,
        "indicators/plan.html",
        {"rows": rows, "chapters": chapter_list(), "years": PLAN_YEARS, "indicator_count": len(indicators)},
    )


@require_safe
def indicator_detail(request, number: int):
    try:
        indicator = selectors.indicator_get(number)
    except Indicator.DoesNotExist:
        raise Http404("没有这个序号的指标") from None
    targets = indicator.plan_targets
    target_history = Target.history.filter(indicator_id=indicator.pk).select_related("history_user")
    today = timezone.localdate()
    every_period = [(year, period) for year in PLAN_YEARS for period in Period.values]
    rows = selectors.figure_rows([indicator], today=today, slots=every_period)
    figures = [r.figure for r in rows if r.figure is not None]
    board_rows = board.indicator_rows(indicator, rows, figures)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "targets": targets,
            "rows": [r for r in board_rows if r.row.figure is not None or r.row.period == Period.YEAR],
            "series": board.indicator_series(indicator, figures),
            "outlook": board.indicator_outlook(indicator, figures),
            "target_history": target_history[:50],
            "figure_history": selectors.indicator_history(indicator)[:100],
            "comments": FigureComment.objects.filter(figure__indicator=indicator)
            .select_related("author__department", "figure")
            .order_by("-created_at"),
            "can_adjust": permissions.can_review(request.user),
            "can_edit": permissions.can_edit_indicator(request.user, indicator),
        },
    )
