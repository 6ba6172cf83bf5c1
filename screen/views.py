"""The 领导驾驶舱 (/screen/?plan=): a full-screen page for the 1920×1080 big screen, for leaders and the
coordinator. The page loads once; its panel (/screen/panel/) is fetched again by htmx every few minutes and
swapped in place, so the screen never reloads as a whole."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from departments import roles
from indicators.views.dashboard import plan_query
from screen.board import screen_build

REFRESH_SECONDS = 180


def _context(request) -> dict:
    if not (roles.is_coordinator(request.user) or roles.is_leader(request.user)):
        raise PermissionDenied("领导驾驶舱仅供领导和协调员查看")
    plan, query = plan_query(request)
    screen = screen_build(plan=plan, year=query["year"], period=query["period"], today=timezone.localdate())
    return {
        "screen": screen,
        "plan": plan,
        "now": timezone.localtime(),
        "refresh": REFRESH_SECONDS,
        "query": request.GET.urlencode(),
    }


@require_safe
def screen(request):
    return render(request, "screen/screen.html", _context(request))


@require_safe
def panel(request):
    return render(request, "screen/_panel.html", _context(request))
