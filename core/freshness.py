"""One version for the data the pages read, shared by every worker and every instance because it lives in the
database: the one row of core.DataVersion, counted up by each transaction that writes tracked data, is the version
that cached standings, pages and the small answers of `memo` are keyed by.

Saves and deletes of the tracked models count it through their signals, so an edit in the admin counts at once;
writes that send no signal (QuerySet.update, bulk inserts, the import's COPY) call changed() themselves. The count
is written in the same transaction as the data: readers see both or neither. Its row stays locked until that
transaction ends, so writers take their turn there — versions come in the order the writes are committed in, which
an id handed out at insert (PostgreSQL's sequences) does not. A transaction counts once, however many rows it writes
(one core.DataChange row logs it), and again only when it read the version since: what it then writes is seen by
its own next read.

A request reads the version once: the first read is kept until the request ends or the request itself writes.
What is kept beyond a request — standings, counts, rendered pages — is keyed by cache_version(), which a
transaction that counted and may yet roll back marks as its own.
"""

import itertools
import os
import threading
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.models import DataChange, DataVersion

_request = (
    threading.local()
)  # `version` while a request is being served (gunicorn's sync workers: one a thread)
_memo: dict[Hashable, tuple[int | str, Any]] = {}  # key → (cache_version, answer): this process's


_marks = itertools.count(1)


class _Count:
    """The version counted by the transaction now open on this thread's connection (transaction.on_commit keeps
    it: a rollback of the transaction, or of the savepoint that counted, drops it). `read`: the version was read
    since it was counted. `mark`: new at every write the transaction makes, counted or not — what was kept under
    the version before that write, or under a version a savepoint's rollback undid, is not kept under the new."""

    def __init__(self):
        self.read = False
        self.mark = next(_marks)

    def __call__(self) -> None:  # committed: from now on the version alone names what it holds
        pass


def _open_count() -> "_Count | None":
    if not connection.in_atomic_block:
        return None
    return next((f for _, f, _ in connection.run_on_commit if isinstance(f, _Count)), None)


def version(*, fresh: bool = False) -> int:
    """The current version: one indexed read, once a request (`fresh`: read again, e.g. under locks just taken)."""
    if not getattr(_request, "serving", False):
        return _read()
    if _request.version is None or fresh:
        _request.version = _read()
    return _request.version


def cache_version() -> int | str:
    """The version to key an answer kept beyond this request by (in a shared cache, or this process's): the
    version; or, while this transaction has counted a version it has not committed, that version marked as this
    transaction's, which no key outside it can equal — so that an answer computed here is never served for the
    same number counted again after a rollback."""
    current = version()
    count = _open_count()
    if count is None:
        return current
    return f"{current}-uncommitted-{os.getpid()}-{count.mark}"


def _read() -> int:
    count = _open_count()
    if count is not None:
        count.read = True
    with connection.cursor() as cursor:
        cursor.execute(_sql()[0])
        row = cursor.fetchone()
        return row[0] if row else 0


@cache
def _sql() -> tuple[str, str]:
    """Written out: compiling the ORM's queries cost more than running them, on every page. The count is an
    upsert, so an emptied table (a transactional test's flush) starts again at 1."""
    q = connection.ops.quote_name
    table, value = q(DataVersion._meta.db_table), q("value")
    return (
        f"SELECT {value} FROM {table} WHERE {q('id')} = 1",
        f"INSERT INTO {table} ({q('id')}, {value}) VALUES (1, 1) "
        f"ON CONFLICT ({q('id')}) DO UPDATE SET {value} = {table}.{value} + 1",
    )


def memo(key: Hashable, compute: Callable[[], Any]) -> Any:
    """compute(), or its answer from an earlier request of this process if nothing has been written since.
    For small answers read on every page (the plan list, the menu's counts, a user's roles) that depend only on
    tracked data; callers must not change what they get. Kept by cache_version(): an answer computed in a
    transaction that counted is good there until its next write, and never after its rollback."""
    current = cache_version()
    kept = _memo.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    answer = compute()
    _memo[key] = (current, answer)
    return answer


def forget() -> None:
    """Drop this process's memos (the tests do between tests)."""
    _memo.clear()
    _request.version = None


def changed(model) -> None:
    """Record a write to `model` (a model class) that sent no signal."""
    _request.version = None
    count = _open_count()
    if count is not None:
        count.mark = next(_marks)
        if not count.read:
            return  # counted already, and nobody has read the count since
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_sql()[1])
        if count is None:
            transaction.on_commit(_Count())
            DataChange.objects.create(model=model._meta.label)
        else:
            count.read = False


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
