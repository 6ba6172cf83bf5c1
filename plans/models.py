from django.db import models


class Plan(models.Model):
    """A plan document (《江阴制造强市建设工作任务》 …): its baseline year and the years its appendix sets targets for.

    The plan owns its categories, indicators, targets, chapters and tasks; departments and users are shared.
    It covers the years after its baseline up to its last target year: a figure of such a year belongs to it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "执行中"
        CLOSED = "closed", "已结束"

    code = models.SlugField("代码", max_length=30, unique=True, help_text="如 mfg2023")
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField(
        "简称", max_length=50, help_text="用于报表标题，如“制造强市建设”（→“制造强市建设主要指标完成情况”）"
    )
    issuer = models.CharField("印发机关", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("基数年")
    target_years = models.JSONField(
        "目标年度", default=list, help_text="附件中列出目标的年度，如 [2023, 2024, 2025]"
    )
    status = models.CharField("状态", max_length=6, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = "规划"
        verbose_name_plural = "规划"
        ordering = ["-baseline_year", "code"]

    def __str__(self):
        return self.name

    @property
    def first_year(self) -> int:
        return self.baseline_year + 1

    @property
    def last_year(self) -> int:
        return max(self.target_years, default=self.baseline_year)

    @property
    def years(self) -> list[int]:
        """Every year the plan covers: after its baseline, up to its last target year."""
        return list(range(self.first_year, self.last_year + 1))

    @property
    def span_label(self) -> str:
        return f"{self.first_year}—{self.last_year}年"

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    @property
    def first_report_year(self) -> int:
        """Task progress is reported from the first year that begins after the plan was issued."""
        return max(self.first_year, self.issued_on.year + 1) if self.issued_on else self.first_year

    @property
    def table_title(self) -> str:
        """ "制造强市建设主要指标完成情况": the report's title, without saying 主要指标 twice when the short name
        already ends in it ("…主要目标" → "…主要目标完成情况")."""
        stem = self.short_name
        return f"{stem}完成情况" if stem.endswith(("指标", "目标")) else f"{stem}主要指标完成情况"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED
