"""A fingerprint of everything the dashboard reads, so its computed standings can be reused until a figure,
target, deadline or plan row changes — whichever process made the change.

Figures, targets and indicators keep a history row for every save, delete and import, so the newest history
id moves with each of their changes. The small plan tables without history contribute their row count and
newest id (load_plan replaces department links rather than editing them); a rename made in the admin, which
moves neither, is picked up within REFRESH_SECONDS.
"""

import time
from functools import cache

from django.db import connection

from departments.models import Department
from indicators.models import Category, Figure, Indicator, IndicatorDepartment, ReportingDeadline, Target
from plans.models import Plan

REFRESH_SECONDS = 60


def _newest_history_id(model) -> str:
    history = model.history.model._meta
    return f"(SELECT MAX({_q(history.pk.column)}) FROM {_q(history.db_table)})"


def _count_and_newest(model) -> list[str]:
    table, pk = _q(model._meta.db_table), _q(model._meta.pk.column)
    return [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({pk}) FROM {table})"]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _stamp_sql() -> str:
    """Built once: reaching a model's history manager builds a manager class each time (simple-history)."""
    deadlines = ReportingDeadline._meta
    columns = [
        *(_newest_history_id(model) for model in (Figure, Target, Indicator)),
        *(
            c
            for model in (Plan, Category, Department, IndicatorDepartment, ReportingDeadline)
            for c in _count_and_newest(model)
        ),
        f"(SELECT MAX({_q(deadlines.get_field('updated_at').column)}) FROM {_q(deadlines.db_table)})",
    ]
    return "SELECT " + ", ".join(columns)


def data_stamp() -> tuple:
    """One query; equal stamps mean the dashboard's inputs did not change (within REFRESH_SECONDS)."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        row = cursor.fetchone()
    return (*row, int(time.time() // REFRESH_SECONDS))
