"""An import that fails half-way through its writes leaves nothing behind, and can be confirmed again."""

from decimal import Decimal

import pytest
from django.db import OperationalError
from django.test import Client

from core import bulk
from imports import services
from imports.models import ImportBatch
from indicators.models import Figure, Indicator
from tests.imports.conftest import MISS_COLUMNS, MISS_FILLED, figures_table, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(importer, monkeypatch):
    """A previewed upload of 36 new figures and 4 changed ones."""
    for indicator in Indicator.objects.filter(number__in=(1, 2, 3, 4)):
        Figure.objects.create(indicator=indicator, year=2024, value=Decimal(1), status=Figure.Status.DRAFT)
    rows = [["序号", "年度", "期间", "完成值", "说明", *MISS_COLUMNS]]
    rows += [
        [n, 2025, period, n, None, None, None, None]  # whole: counts must be
        for n in range(1, 19)
        for period in ("一季度", "上半年")
    ]
    rows += [
        [n, 2024, "全年", n + 0.25, "按统计快报", *MISS_FILLED] for n in (1, 2, 3, 4)
    ]  # below target: explained
    batch = services.import_preview(user=importer, file_name="中断.xlsx", data=xlsx(rows))
    assert (batch.new_count, batch.changed_count, batch.error_count) == (36, 4, 0)
    return batch


def state(batch: ImportBatch) -> tuple:
    batch = ImportBatch.objects.get(pk=batch.pk)
    history = list(Figure.history.order_by("history_id").values_list())
    return figures_table(), history, (batch.status, batch.imported_at, batch.new_count, batch.changed_count)


def fail_on_write(monkeypatch, model, call: int) -> list:
    """Let core.bulk run its INSERT and UPDATE statements on `model`'s table until the `call`-th, which fails."""
    calls = []

    def failing(write):
        def statement(written, rows):
            if written is model:
                calls.append(len(rows))
                if len(calls) == call:
                    raise OperationalError("模拟中断：数据库连接断开")
            return write(written, rows)

        return statement

    monkeypatch.setattr(bulk, "insert", failing(bulk.insert))
    monkeypatch.setattr(bulk, "update", failing(bulk.update))
    return calls


def fail_on_history(monkeypatch, call: int) -> list:
    """Let core.bulk copy the figures' history rows until the `call`-th statement, which fails."""
    calls, copy = [], bulk.history_copy

    def failing(model, ids, **kwargs):
        calls.append(len(ids))
        if len(calls) == call:
            raise OperationalError("模拟中断：数据库连接断开")
        return copy(model, ids, **kwargs)

    monkeypatch.setattr(bulk, "history_copy", failing)
    return calls


def fail_on_batch_save(monkeypatch) -> list:
    """Every figure and history row written, then marking the batch imported fails."""
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(self.status)
        raise OperationalError("模拟中断：保存导入记录失败")

    monkeypatch.setattr(ImportBatch, "save", failing)
    return calls


FAULTS = {
    "after the new figures were inserted": lambda mp: fail_on_write(mp, Figure, call=2),
    "after the new figures' history was inserted": lambda mp: fail_on_history(mp, call=2),
    "when marking the batch imported": fail_on_batch_save,
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_an_interrupted_confirm_leaves_nothing_and_can_be_retried(fault, pending, importer, monkeypatch):
    before = state(pending)
    with monkeypatch.context() as patch:
        calls = fault(patch)
        with pytest.raises(OperationalError, match="模拟中断"):
            services.import_confirm(user=importer, batch_id=pending.pk)
    assert calls, "the fault was never reached"

    assert state(pending) == before
    assert ImportBatch.objects.get(pk=pending.pk).can_confirm

    batch = services.import_confirm(user=importer, batch_id=pending.pk)
    assert (batch.status, batch.new_count, batch.changed_count) == (ImportBatch.Status.IMPORTED, 36, 4)
    assert Figure.objects.get(indicator__number=4, year=2024, period="year").value == Decimal("4.25")
    assert Figure.history.count() == len(before[1]) + 40


def test_the_uploader_sees_an_error_page_and_the_batch_still_waits(pending, importer, monkeypatch):
    before = state(pending)
    client = Client(raise_request_exception=False)
    client.force_login(importer)
    fail_on_write(monkeypatch, Figure, call=2)

    response = client.post(f"/imports/{pending.pk}/confirm/")

    assert response.status_code == 500
    assert state(pending) == before
    monkeypatch.undo()
    page = client.get(f"/imports/{pending.pk}/")
    assert "确认导入" in page.content.decode()
    assert not Figure.objects.filter(indicator__in=Indicator.objects.main(), year=2025).exists()
