"""数据质量 page: every open warning (figures not yet approved whose value had warnings), by lead department."""

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from indicators import permissions
from indicators.quality_inputs import open_warnings


@require_safe
def quality_page(request):
    if not permissions.can_review(request.user):
        raise PermissionDenied("只有协调员可以查看数据质量提示。")
    figures = open_warnings()
    groups = [
        (name, list(rows)) for name, rows in groupby(figures, key=lambda f: f.lead_name or "（未指定）")
    ]
    return render(request, "indicators/quality.html", {"groups": groups, "total": len(figures)})
