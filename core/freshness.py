"""One version for the data the pages read, shared by every worker and every instance because it lives in the
database: each write adds a row to core.DataChange, and the newest row's id is the version that cached
standings, pages and the small answers of `memo` are keyed by.

Saves and deletes of the tracked models add it through their signals, so an edit in the admin counts at once;
writes that send no signal (QuerySet.update, bulk inserts, the import's COPY) call changed() themselves. The row
is written in the same transaction as the data: readers see both or neither.

A request reads the version once: the first read is kept until the request ends or the request itself writes.
"""

import threading
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.models import DataChange

_request = (
    threading.local()
)  # `version` while a request is being served (gunicorn's sync workers: one a thread)
_memo: dict[
    Hashable, tuple[int, Any]
] = {}  # key → (version, answer): this process's, good while the version is


def version(*, fresh: bool = False) -> int:
    """The current version: one indexed read, once a request (`fresh`: read again, e.g. under locks just taken)."""
    if not getattr(_request, "serving", False):
        return _read()
    if _request.version is None or fresh:
        _request.version = _read()
    return _request.version


def _read() -> int:
    with connection.cursor() as cursor:
        cursor.execute(_max_sql())
        return cursor.fetchone()[0] or 0


@cache
def _max_sql() -> str:
    """Written out: compiling the ORM's aggregate cost more than running it, on every page."""
    q = connection.ops.quote_name
    return f"SELECT MAX({q('id')}) FROM {q(DataChange._meta.db_table)}"


def memo(key: Hashable, compute: Callable[[], Any]) -> Any:
    """compute(), or its answer from an earlier request of this process if nothing has been written since.
    For small answers read on every page (the plan list, the menu's counts, a user's roles) that depend only on
    tracked data; callers must not change what they get."""
    current = version()
    kept = _memo.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    answer = compute()
    _memo[key] = (current, answer)
    return answer


def forget() -> None:
    """Drop this process's memos (the tests do between tests: a rolled-back write's version can come again)."""
    _memo.clear()
    _request.version = None


def changed(model) -> None:
    """Record a write to `model` (a model class) that sent no signal."""
    DataChange.objects.create(model=model._meta.label)
    _request.version = None


def _on_change(sender, **kwargs) -> None:
    changed(sender)


def _on_m2m_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        changed(sender)


def track(*models) -> None:
    """Record every save and delete of these models."""
    for model in models:
        uid = f"freshness_{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}_save", weak=False)
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}_delete", weak=False)


def track_links(*through_models) -> None:
    """Record every change of these many-to-many links (e.g. User.groups.through)."""
    for through in through_models:
        uid = f"freshness_{through._meta.label_lower}_m2m"
        m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=uid, weak=False)


def _request_begins(**kwargs) -> None:
    _request.serving, _request.version = True, None


def _request_ends(**kwargs) -> None:
    _request.serving, _request.version = False, None


request_started.connect(_request_begins, dispatch_uid="freshness_request_started")
request_finished.connect(_request_ends, dispatch_uid="freshness_request_finished")
