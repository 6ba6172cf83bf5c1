from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.fields import PackedJSONField


class ImportBatchQuerySet(models.QuerySet):
    def expired(self):
        """Uploads never confirmed whose preview is too old to trust: they are refused and purged."""
        return self.exclude(status=ImportBatch.Status.IMPORTED).filter(expires_at__lte=timezone.now())


def default_expiry():
    return timezone.now() + timedelta(hours=settings.IMPORT_PENDING_HOURS)


class ImportBatch(models.Model):
    """One uploaded Excel file: kept in the database (not a worker's temp folder) with its parsed preview until
    it is confirmed or expires; once imported it stays as the import history, with the original file."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        REJECTED = "rejected", "有错误，未导入"
        IMPORTED = "imported", "已导入"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField("文件名", max_length=255)
    file_data = models.BinaryField("原始文件")
    file_size = models.PositiveIntegerField("文件大小")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    expires_at = models.DateTimeField("预览失效时间", default=default_expiry)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    new_count = models.PositiveIntegerField("新增", default=0)
    changed_count = models.PositiveIntegerField("修改", default=0)
    unchanged_count = models.PositiveIntegerField("未变", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    skipped_count = models.PositiveIntegerField("无完成值（跳过）", default=0)
    # The preview: the data rows with a value as columns (imports.rows.Rows.to_json).
    rows = PackedJSONField("预览", default=list)
    # What the preview was planned against (imports.plan.stamp): confirming plans again only when it moved.
    planned_on = models.CharField("预览依据", max_length=100, blank=True, default="")

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("imports:batch", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.status != self.Status.IMPORTED and self.expires_at <= timezone.now()

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired and self.error_count == 0
