"""A plan year opened to the public (政务公开): who published it and when, and who withdrew it and when."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from plans.models import Plan


class Publication(models.Model):
    """One publication of a plan's year. Withdrawing keeps the row (withdrawn_by/at set); publishing the year
    again adds a new row, so the rows are the year's whole record. At most one row of a plan year is in force."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="publications", verbose_name="规划")
    year = models.PositiveSmallIntegerField("年度")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="公开人",
        help_text="空：由命令 publish_plan 公开",
    )
    published_at = models.DateTimeField("公开时间")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撤回人",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "政务公开记录"
        ordering = ["plan", "year", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="public_one_publication_in_force",
            )
        ]

    def __str__(self):
        return f"{self.plan.short_name} {self.year}年"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    @staticmethod
    def _who(user) -> str:
        return (user.get_full_name() or user.username) if user else "命令行"

    @property
    def published_by_label(self) -> str:
        return self._who(self.published_by)

    @property
    def withdrawn_by_label(self) -> str:
        return self._who(self.withdrawn_by)
