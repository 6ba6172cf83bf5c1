from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class BulkHistory(HistoricalRecords):
    """The history of a model the Excel import writes thousands of rows of at once (core.bulk.history_copy).
    Every row of one import has the same date and user, and this history is read by record, never by date or
    user: no index on history_date and history_user to write per row, and no database foreign-key check of the
    user (history_user stays a foreign key for select_related; a user's deletion finds their rows by a scan)."""

    def __init__(self, **options):
        super().__init__(user_db_constraint=False, **options)

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"] = models.DateTimeField(db_index=False)
        return extra

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        fields["history_user"].db_index = False
        return fields


class ReviewedRecord(models.Model):
    """What a department submits and the coordinator reviews (figures, task progress reports): who changed it
    last, when it was submitted and reviewed, and the version that refuses stale forms."""

    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        # Who changed or reviewed a record: the ORM's PROTECT keeps the user; no index write and no database
        # foreign-key check per row the import writes (looked up only when a user is deleted).
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        # Who changed or reviewed a record: the ORM's PROTECT keeps the user; no index write and no database
        # foreign-key check per row the import writes (looked up only when a user is deleted).
        db_index=False,
        db_constraint=False,
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reopened = models.BooleanField(
        "重新打开",
        default=False,
        help_text="最近一次审核是协调员重新打开已审核（已采纳）的记录，而非退回报送",
    )

    class Meta:
        abstract = True

    @property
    def status_label(self) -> str:
        """The status as the department reads it: a returned record the coordinator reopened is 重新打开."""
        return "重新打开" if self.status == "returned" and self.reopened else self.get_status_display()

    @property
    def note_label(self) -> str:
        """What the coordinator's reason is called: 重新打开原因 or 退回原因."""
        return "重新打开原因" if self.reopened else "退回原因"


class DataVersion(models.Model):
    """The data's version (core/freshness.py): one row, counted up by the writing transaction itself, so its
    order is the order the writes were committed in; every worker keys its cached standings and pages by it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self):
        return str(self.value)


class DataChange(models.Model):
    """One row per transaction that wrote what the dashboard reads (core/freshness.py): which data it was
    (the first written) and when; the log of DataVersion's steps."""

    id = models.BigAutoField(primary_key=True)
    model = models.CharField("数据", max_length=60)
    changed_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据变更"
        verbose_name_plural = "数据变更"

    def __str__(self):
        return f"{self.id} {self.model}"
