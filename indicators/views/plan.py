from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from indicators import permissions, selectors
from indicators.charts import indicator_outlook, indicator_series
from indicators.history import indicator_history
from indicators.models import FigureComment, Indicator, Period, Target
from indicators.standings import indicator_rows
from plans.selectors import plan_list, plan_pick


def plans_asked(request):
    """Every plan, and the one asked for (?plan=CODE) or the current one."""
    plans = plan_list()
    plan = plan_pick(request.GET.get("plan"), today=timezone.localdate(), plans=plans)
    if plan is None:
        raise Http404("尚未载入任何规划")
    return plans, plan


@require_safe
def indicator_detail(request, number: int | None = None, code: str = ""):
    _, plan = plans_asked(request)
    try:
        indicator = selectors.indicator_get(plan, number, code=code)
    except Indicator.DoesNotExist:
        raise Http404("没有这个序号的指标") from None
    indicator.plan = plan  # the same row: spares the charts and outlook a query
    targets = indicator.plan_targets
    target_history = Target.history.filter(indicator_id=indicator.pk).select_related("history_user")
    today = timezone.localdate()
    every_period = [(year, period) for year in plan.years for period in Period.values]
    rows = selectors.figure_rows([indicator], today=today, slots=every_period, plans=[plan])
    figures = [r.figure for r in rows if r.figure is not None]
    board_rows = indicator_rows(indicator, rows, figures)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "targets": targets,
            "rows": [r for r in board_rows if r.row.figure is not None or r.row.period == Period.YEAR],
            "series": indicator_series(indicator, figures),
            "outlook": indicator_outlook(indicator, figures),
            "target_history": target_history[:50],
            "figure_history": indicator_history(indicator)[:100],
            "comments": FigureComment.objects.filter(figure__indicator=indicator)
            .select_related("author__department", "figure")
            .order_by("-created_at"),
            "can_adjust": permissions.can_review(request.user),
            "assigned_targets": [t for t in targets if t.kind == Target.Kind.ASSIGNED],
            "judged_targets": [t for t in targets if t.kind == Target.Kind.JUDGED],
            "judgements": Target.Judgement.choices,
            "can_edit": permissions.can_edit_indicator(request.user, indicator),
        },
    )
