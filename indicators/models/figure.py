"""The figures reported against the indicators: periods, figures with their review workflow, comments on them,
and the reporting deadlines."""

from django.conf import settings
from django.db import models

from core.models import BulkHistory, ReviewedRecord
from indicators.models.indicator import VALUE_FIELD, Indicator


class Period(models.TextChoices):
    """Reporting periods: the annual figure and the optional year-to-date ones."""

    Q1 = "q1", "一季度"
    H1 = "h1", "上半年"
    Q3 = "q3", "前三季度"
    YEAR = "year", "全年"


PERIOD_ORDER = [Period.Q1, Period.H1, Period.Q3, Period.YEAR]
PERIOD_END = {Period.Q1: (3, 31), Period.H1: (6, 30), Period.Q3: (9, 30), Period.YEAR: (12, 31)}


class Figure(ReviewedRecord):
    """A department's figure for one indicator, year and period, moving through draft → submitted → approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"

    class Source(models.TextChoices):
        WEB = "web", "网页填报"
        IMPORT = "import", "Excel 导入"

    class MissCause(models.TextChoices):
        EXTERNAL = "external", "外部环境"
        POLICY = "policy", "政策调整"
        STATISTICS = "statistics", "统计口径"
        PROGRESS = "progress", "项目进度"
        OTHER = "other", "其他"

    class CatchUp(models.TextChoices):
        ACHIEVED = "achieved", "已赶上"
        PARTLY = "partly", "部分赶上"
        NOT_YET = "not_yet", "仍未赶上"

    # No index of its own: the unique (indicator, year, period) index starts with it.
    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="figures", db_index=False
    )
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("期间", max_length=4, choices=Period.choices, default=Period.YEAR)
    value = models.DecimalField("完成值", null=True, blank=True, **VALUE_FIELD)
    rank = models.PositiveSmallIntegerField(
        "排名", null=True, blank=True, help_text="在无锡各市（县）区中的名次"
    )
    explanation = models.TextField("说明", blank=True)
    miss_cause = models.CharField("未达标原因类别", max_length=12, choices=MissCause.choices, blank=True)
    remedy = models.TextField("整改措施", blank=True)
    catch_up_year = models.PositiveSmallIntegerField("预计赶上年度", null=True, blank=True)
    catch_up_period = models.CharField("预计赶上期间", max_length=4, choices=Period.choices, blank=True)
    catch_up_result = models.CharField(
        "上期整改是否见效",
        max_length=8,
        choices=CatchUp.choices,
        blank=True,
        help_text="回答上一期未达标时的预计",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField("审核意见", blank=True, help_text="退回或重新打开的原因")
    source = models.CharField("来源", max_length=6, choices=Source.choices, default=Source.WEB)
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    source_sheet = models.CharField("来源工作表", max_length=100, blank=True)
    source_row = models.PositiveIntegerField("来源行", null=True, blank=True)
    # 数据质量: the soft findings shown when the figure was submitted, and the reporter's 已核实 with a note.
    quality_findings = models.TextField("数据质量提示", blank=True)
    quality_note = models.CharField("核实说明", max_length=200, blank=True)
    quality_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # as ReviewedRecord's updated_by and reviewed_by
        db_constraint=False,
    )
    quality_confirmed_at = models.DateTimeField("核实时间", null=True, blank=True)
    # The history is written in bulk by the import and read by figure or indicator: no index on the reviewers
    # nobody looks history up by either.
    history = BulkHistory(no_db_index=["updated_by", "reviewed_by", "quality_confirmed_by"])

    class Meta:
        verbose_name = "填报数据"
        verbose_name_plural = "填报数据"
        ordering = ["indicator__number", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="unique_figure_indicator_year_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}年{self.get_period_display()}"

    def get_absolute_url(self) -> str:
        return self.indicator.entry_url(self.year, self.period)

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)

    @property
    def source_label(self) -> str:
        if self.source == self.Source.IMPORT:
            sheet = f" 工作表 {self.source_sheet}" if self.source_sheet else ""
            return f"{self.source_file}{sheet} 第 {self.source_row} 行"
        return self.get_source_display()


class FigureComment(models.Model):
    """A remark by a co-responsible department or the coordinator on a figure."""

    figure = models.ForeignKey(
        Figure, verbose_name="填报数据", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作者", on_delete=models.PROTECT)
    text = models.TextField("意见")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author}：{self.text[:20]}"


class ReportingDeadline(models.Model):
    """When the figures of a year and period are due; set by the coordinator."""

    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("期间", max_length=4, choices=Period.choices, default=Period.YEAR)
    due_date = models.DateField("截止日期")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, on_delete=models.PROTECT
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = "报送截止日期"
        verbose_name_plural = "报送截止日期"
        ordering = ["year", "period"]
        constraints = [models.UniqueConstraint(fields=["year", "period"], name="unique_deadline_year_period")]

    def __str__(self):
        return f"{self.year}年{self.get_period_display()}：{self.due_date:%Y-%m-%d}"
