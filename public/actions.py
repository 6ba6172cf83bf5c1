"""The coordinator publishes a plan year to the public pages, or withdraws it, with the buttons of the plan page
(POST with the CSRF token; the publish_plan command does the same from the shell)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from departments import roles
from plans.models import Plan
from public import services


def _act(request, code: str, action) -> tuple[Plan, int | None]:
    if not roles.is_coordinator(request.user):
        raise PermissionDenied("只有协调员可以公开或撤回规划数据")
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise Http404("没有这个规划")
    asked = request.POST.get("year", "")
    year = int(asked) if asked.isascii() and asked.isdigit() and len(asked) == 4 else None
    if year is None:
        messages.error(request, "请选择要公开或撤回的年度")
        return plan, None
    try:
        action(plan=plan, year=year, user=request.user)
    except services.PublicationError as e:
        messages.error(request, str(e))
        return plan, None
    return plan, year


def back(plan: Plan):
    return redirect(f"{reverse('plan')}?plan={plan.code}#public")


@require_POST
def publish(request, code: str):
    plan, year = _act(request, code, services.publish)
    if year is not None:
        messages.success(
            request, f"已公开 {plan.short_name} {year} 年的审核数据（政务公开页：/public/{plan.code}/）"
        )
    return back(plan)


@require_POST
def withdraw(request, code: str):
    plan, year = _act(request, code, services.withdraw)
    if year is not None:
        messages.success(request, f"已撤回 {plan.short_name} {year} 年的公开数据，公开页不再显示该年度")
    return back(plan)
