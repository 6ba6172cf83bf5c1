"""The 政务公开 pages, open without login (@login_not_required: the only pages besides the login page and the
API's own authentication): published plans, a published year's table, an indicator, the downloads. A plan or a
year not published answers 404. The coordinator's publish and withdraw buttons are in actions.py of this app."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core import freshness
from public import selectors
from public.exports import PublicExporter, csv_download, file_name

BROWSER_SECONDS = 60  # an anonymous reader's browser (or a proxy) may keep a page this long


def public_page(view):
    """No login; GET and HEAD only; a page seen anonymously may be cached briefly, one seen signed in is not
    (core.security.NoStoreMiddleware)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
        return response

    return login_not_required(require_safe(wrapped))


def page_key(*parts) -> str:
    """The rendered page's cache key: the data version (a publication counts too), the day and the page."""
    return repr((freshness.cache_version(), timezone.localdate(), *parts))


@public_page
def index(request):
    return render(
        request, "public/index.html", {"plans": selectors.published_plans(), "key": page_key("index")}
    )


@public_page
def plan_page(request, code: str):
    plan, years = selectors.public_plan(code)
    year = selectors.public_year(years, request.GET.get("year"))
    table = selectors.public_table(plan, year, today=timezone.localdate())
    return render(
        request,
        "public/plan.html",
        {"plan": plan, "years": years, "table": table, "key": page_key("plan", plan.pk, year)},
    )


@public_page
def indicator_page(request, code: str, number: int):
    plan, years = selectors.public_plan(code)
    data = selectors.public_indicator(plan, years, number, today=timezone.localdate())
    return render(
        request,
        "public/indicator.html",
        {"plan": plan, "years": years, "data": data, "indicator": data.indicator},
    )


@public_page
def table_xlsx(request, code: str, year: int):
    plan, years = selectors.public_plan(code)
    table = selectors.public_table(plan, selectors.public_year(years, str(year)), today=timezone.localdate())
    return PublicExporter(table).download(file_name(table, "xlsx"))


@public_page
def table_csv(request, code: str, year: int):
    plan, years = selectors.public_plan(code)
    table = selectors.public_table(plan, selectors.public_year(years, str(year)), today=timezone.localdate())
    return csv_download(table)
