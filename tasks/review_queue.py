"""What waits for the coordinator: the counts of submitted figures and task reports (the menu's 审核 N) and the queue
of task reports, filtered by unit, year, period and status."""

from django.db import connection
from django.db.models import Count, QuerySet, Value

from core import freshness
from indicators.models import Figure
from tasks.models import ProgressReport


def _scalars(*querysets) -> list:
    """The single values of several querysets, read in one round trip: SELECT (q1), (q2), …"""
    parts, params = [], []
    for queryset in querysets:
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params += query_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def _total(queryset, field="id", function=Count):
    """One value over the whole queryset, as a subquery (grouping by a constant groups nothing)."""
    return queryset.order_by().annotate(g=Value(1)).values("g").annotate(n=function(field)).values("n")


def review_counts() -> dict[str, int]:
    """What waits for the coordinator: submitted figures and submitted task reports, in one query, kept until
    the data changes."""
    return freshness.memo("review_counts", _review_counts)


def _review_counts() -> dict[str, int]:
    figures, reports = _scalars(
        _total(Figure.objects.filter(status=Figure.Status.SUBMITTED)),
        _total(ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)),
    )
    return {"figures": figures or 0, "reports": reports or 0}


REVIEW_TABS = [
    ProgressReport.Status.SUBMITTED,
    ProgressReport.Status.RETURNED,
    ProgressReport.Status.ACCEPTED,
    ProgressReport.Status.DRAFT,
]


def reports_for_review(*, department=None, year=None, period=None) -> QuerySet[ProgressReport]:
    """Task reports for the coordinator's queue, oldest submission first, filtered by unit, year and period."""
    reports = ProgressReport.objects.select_related("task__chapter__plan", "department")
    if department:
        reports = reports.filter(department__code=department)
    if year:
        reports = reports.filter(year=year)
    if period:
        reports = reports.filter(period=period)
    return reports.order_by("submitted_at", "task__chapter__number", "task__seq", "department__sort_order")


def report_status_counts(reports: QuerySet[ProgressReport]) -> dict[str, int]:
    return dict(reports.order_by().values_list("status").annotate(n=Count("id")))
