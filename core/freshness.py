"""One version for the data the dashboard reads, shared by every worker and every instance because it lives
in the database: each write adds a row to core.DataChange, and the newest row's id is the version that cached
standings and pages are keyed by.

Saves and deletes of the tracked models add it through their signals, so an edit in the admin counts at once;
writes that send no signal (QuerySet.update, bulk inserts, the import's COPY) call changed() themselves. The row
is written in the same transaction as the data: readers see both or neither.
"""

from django.db.models import Max
from django.db.models.signals import post_delete, post_save

from core.models import DataChange


def version() -> int:
    """The current version: one indexed read."""
    return DataChange.objects.aggregate(v=Max("id"))["v"] or 0


def changed(model) -> None:
    """Record a write to `model` (a model class) that sent no signal."""
    DataChange.objects.create(model=model._meta.label)


def _on_change(sender, **kwargs) -> None:
    changed(sender)


def track(*models) -> None:
    """Record every save and delete of these models."""
    for model in models:
        uid = f"freshness_{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}_save", weak=False)
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}_delete", weak=False)
