from django.http import Http404
from django.shortcuts import render

from indicators import selectors
from indicators.models import PLAN_YEARS, Indicator
from tasks.selectors import chapter_list


def plan(request):
    """The plan as published: the appendix table and the chapters with their tasks and responsible units."""
    indicators = list(selectors.indicator_list())
    rows = [(indicator, selectors.target_cells(indicator)) for indicator in indicators]
    return render(
        request,
        "indicators/plan.html",
        {"rows": rows, "chapters": chapter_list(), "years": PLAN_YEARS, "indicator_count": len(indicators)},
    )


def indicator_detail(request, number: int):
    try:
        indicator = selectors.indicator_get(number)
    except Indicator.DoesNotExist:
        raise Http404("没有这个序号的指标") from None
    targets = list(indicator.targets.all())
    history = indicator.targets.model.history.filter(indicator_id=indicator.pk).select_related("history_user")
    return render(
        request,
        "indicators/indicator_detail.html",
        {"indicator": indicator, "targets": targets, "target_history": history[:50]},
    )
