"""The review workflow of what a department submits and the coordinator reviews — figures and task progress
reports (core.models.ReviewedRecord): saved as a draft or submitted, then approved or returned with a reason.
Each step checks the version the form was loaded with under a row lock, counts the version up and leaves a
history row naming who did it and why. The apps say what their statuses and steps are called; the steps
themselves are written once, here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from core import bulk, freshness

_SUBMITTED = ("status", "version", "updated_by_id", "updated_at", "submitted_at")


class Conflict(Exception):
    """The record changed since the form was loaded (or was created meanwhile): carries the current one, so the
    form can show it."""

    message = "该数据已被他人修改，请核对下方的最新数据后再保存。"

    def __init__(self, record: Model | None):
        super().__init__(self.message)
        self.record = record


@dataclass(frozen=True)
class Step:
    """A reviewer's step: from which statuses to which, its name in the history and what a refusal says."""

    sources: tuple[str, ...]
    target: str
    history: str  # "审核通过", "退回", "重新打开", "采纳"
    refusal: str  # "只能审核已报送的数据": the current status is added
    reason_prompt: str = ""  # when a written reason is required: "请填写退回原因。"
    reopens: bool = False  # 重新打开 of an approved (accepted) record, shown as such, not as 已退回


@dataclass(frozen=True)
class Workflow:
    """One kind of reviewed record: the statuses a department's save leads to, how a save is named in the history,
    how the record is called in a refusal, and its conflict."""

    draft: str
    submitted: str
    submit_history: str  # "提交审核" for a figure, "提交" for a report
    noun: str  # "该数据", "该报告"
    conflict: type[Conflict]

    def editable(self, records: QuerySet, version: int) -> Model | None:
        """The department's record (None when new), locked; refused when stale or handed in."""
        record = records.select_for_update().first()
        if record is None and version != 0 or record is not None and record.version != version:
            raise self.conflict(record)
        if record is not None and record.is_locked:
            raise ValidationError(
                f"{self.noun}{record.get_status_display()}，不能修改；如需修改请联系协调员退回。"
            )
        return record

    def save(self, record, *, user, submit: bool, records: QuerySet) -> Model:
        """A department's save or submission; a concurrent first save of the same record is a conflict."""
        record.status = self.submitted if submit else self.draft
        if submit:
            record.submitted_at = timezone.now()
        record.updated_by = user
        record.version += 1
        record._change_reason = self.submit_history if submit else "保存草稿"
        record._history_user = user  # recorded also outside a web request (commands, imports)
        try:
            with transaction.atomic():  # the unique constraint trips the second of two first saves
                record.save()
        except IntegrityError:
            raise self.conflict(records.first()) from None
        return record

    def submit_many(
        self, model, rows: list[tuple[dict | None, dict]], *, key: tuple[str, ...], user, reason: str
    ):
        """Submit many records at once, as save(submit=True) submits one, with a statement per table (core.bulk)
        instead of a save each: the bulk write of the Excel import.

        rows: (the record as a dict by attname, or None for a new one; the columns to set). The caller holds the
        existing records' row locks and has checked each as save's callers do (versions, locks, permissions);
        `key` names the natural key that finds a new record's id. Each record gets a history row ("+" / "~")
        with `reason`, as a save leaves one; no signal is sent, so freshness is told here."""
        now = timezone.now()
        blank = bulk.defaults(model)
        created, updated = [], []
        for record, changes in rows:
            version = record["version"] if record else 0
            written = {
                **changes,
                "status": self.submitted,
                "version": version + 1,
                "updated_by_id": user.pk,
                "updated_at": now,
                "submitted_at": now,
            }
            if record is None:
                created.append({**blank, **written})
            else:
                updated.append({**record, **written})
        bulk.insert(model, created)
        if created:  # their ids, for the history rows
            found = model.objects.filter(
                **{f"{name}__any_of": {r[name] for r in created} for name in key[:2]}
            )
            ids = {tuple(values[:-1]): values[-1] for values in bulk.select(found.order_by(), (*key, "pk"))}
            for record in created:
                record["id"] = ids[tuple(record[name] for name in key)]
        changed = sorted({name for _, changes in rows for name in changes} - {"id", *_SUBMITTED})
        bulk.update(model, [{name: r[name] for name in ("id", *changed, *_SUBMITTED)} for r in updated])
        history = {"user": user, "reason": reason, "date": now}
        bulk.history_copy(model, [r["id"] for r in created], history_type="+", **history)
        bulk.history_copy(model, [r["id"] for r in updated], history_type="~", **history)
        freshness.changed(model)

    def locked(self, records: QuerySet, pk: int, version: int | None) -> Model:
        """A record to review, locked for the rest of the transaction; a conflict when its version moved on."""
        record = records.select_for_update().get(pk=pk)
        if version is not None and record.version != version:
            raise self.conflict(record)
        return record

    def take(self, record, step: Step, *, user, reason: str = "") -> Model:
        """A reviewer's step on a locked record: its status and the written reason checked, then saved."""
        reason = reason.strip()
        if step.reason_prompt and not reason:
            raise ValidationError({"reason": step.reason_prompt})
        if record.status not in step.sources:
            raise ValidationError(f"{step.refusal}，当前状态：{record.get_status_display()}。")
        record.status = step.target
        record.reopened = step.reopens
        record.review_note = reason
        record.reviewed_by = user
        record.reviewed_at = timezone.now()
        record.updated_by = user
        record.version += 1
        record._change_reason = f"{step.history}：{reason}" if reason else step.history
        record._history_user = user
        record.save()
        return record
