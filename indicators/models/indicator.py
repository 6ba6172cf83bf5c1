"""The plan's indicators as the appendix lists them: categories, indicators and their responsible departments,
and the yearly targets."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property  # Prefetch(to_attr=) knows Django's, not functools'
from simple_history.models import HistoricalRecords

from departments.models import Department
from indicators import rules
from plans.models import Plan

VALUE_FIELD = {"max_digits": 16, "decimal_places": 4}


class Category(models.Model):
    """一级指标: 质量效益, 产业结构, … in the appendix's order."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("名称", max_length=20)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "一级指标"
        verbose_name_plural = "一级指标"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="unique_category_plan_name")]

    def __str__(self):
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def main(self):
        """The 18 numbered indicators of the appendix, without companion series."""
        return self.filter(number__isnull=False)


class Indicator(models.Model):
    """One of the appendix's indicators, or a companion series (no number) that a target refers to."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField("序号", null=True, blank=True)
    code = models.SlugField("代码", max_length=30, help_text="序号指标即其序号；配套数据为拼音缩写")
    category = models.ForeignKey(
        Category,
        verbose_name="一级指标",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    name = models.CharField("指标", max_length=100)
    unit = models.CharField("单位", max_length=20, blank=True)
    mark = models.CharField("标记", max_length=2, blank=True, help_text="附件指标名后的“△”，原文未解释，照录")

    class Attribute(models.TextChoices):
        EXPECTED = "expected", "预期性"
        BINDING = "binding", "约束性"

    attribute = models.CharField(
        "属性",
        max_length=8,
        choices=Attribute.choices,
        blank=True,
        help_text="表格“属性”列的预期性 / 约束性；表格没有该列则空",
    )

    class YtdMode(models.TextChoices):
        LEVEL = "level", "水平值（比重、增速、存量）"
        FLOW = "flow", "年内累计（总量、新增数）"

    precision = models.PositiveSmallIntegerField("小数位数", default=1)
    ytd_mode = models.CharField(
        "年中数据口径",
        max_length=5,
        choices=YtdMode.choices,
        default=YtdMode.LEVEL,
        help_text="年内累计的指标（如营业收入总量）年中数从 0 起算；水平值指标从上年值起算",
    )
    baseline = models.DecimalField("基数", null=True, blank=True, help_text="规划基数年的值", **VALUE_FIELD)
    baseline_text = models.CharField("基数（原文）", max_length=30, blank=True)
    note = models.TextField("备注", blank=True)
    departments = models.ManyToManyField(
        Department, through="IndicatorDepartment", verbose_name="责任部门", related_name="indicators"
    )
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = [models.F("number").asc(nulls_last=True), "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_indicator_plan_number"),
            models.UniqueConstraint(fields=["plan", "code"], name="unique_indicator_plan_code"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}" if self.number else f"{self.name}（配套数据）"

    def get_absolute_url(self) -> str:
        """The indicator's page, in its own plan (a number repeats across plans)."""
        return f"{reverse('indicator_detail', args=[self.number])}?plan={self.plan.code}"

    @property
    def name_with_unit(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def is_companion(self) -> bool:
        return self.number is None

    # Lists filled by the selectors' Prefetch(to_attr=…) in one query for many indicators; read on demand for
    # a single one. Plain lists, unlike `.targets.all()`, cost no queryset per indicator on a 1,000-row page.
    @cached_property
    def plan_targets(self) -> list["Target"]:
        """The yearly targets, by year."""
        return list(self.targets.select_related("reference").order_by("year"))

    @cached_property
    def responsible_links(self) -> list["IndicatorDepartment"]:
        """The responsible departments' links in the plan's order; the first leads and submits."""
        return list(self.department_links.select_related("department").order_by("order"))

    @property
    def lead(self) -> Department | None:
        """The department that submits the indicator's figures: the one listed first (order 0)."""
        return next((link.department for link in self.responsible_links if link.order == 0), None)

    def entry_url(self, year: int, period: str = "year", *, preview: bool = False) -> str:
        """The figure form of this indicator for a year and period (the annual one has the short path)."""
        if period == "year":
            return reverse("entry_preview" if preview else "entry", args=[year, self.code])
        return reverse("entry_period_preview" if preview else "entry_period", args=[year, self.code, period])


class IndicatorDepartment(models.Model):
    """An indicator's responsible department; the first (order 0) leads and submits the figure."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="department_links")
    department = models.ForeignKey(
        Department, verbose_name="责任部门", on_delete=models.PROTECT, related_name="indicator_links"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "指标责任部门"
        verbose_name_plural = "指标责任部门"
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "department"], name="unique_indicator_department"),
            models.UniqueConstraint(fields=["indicator", "order"], name="unique_indicator_department_order"),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.department}"


class Target(models.Model):
    """An indicator's target for one year: the normalised rule and the appendix cell as written."""

    class Kind(models.TextChoices):
        AT_LEAST = rules.Kind.AT_LEAST.value, "不低于"
        APPROX = rules.Kind.APPROX.value, "左右"
        STRIVE = rules.Kind.STRIVE.value, "力争"
        RELATIVE = rules.Kind.RELATIVE.value, "高于参照序列"
        LEADING = rules.Kind.LEADING.value, "全市领先"
        AT_MOST = rules.Kind.AT_MOST.value, "不高于"

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("目标类型", max_length=10, choices=Kind.choices, default=Kind.AT_LEAST)
    value = models.DecimalField("目标值", null=True, blank=True, **VALUE_FIELD)
    tolerance = models.DecimalField(
        "容差",
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="“左右”目标可低于目标值的比例，空=默认 1%",
    )
    reference = models.ForeignKey(
        Indicator,
        verbose_name="参照序列",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referencing_targets",
    )
    source_text = models.CharField("目标（原文）", max_length=50)
    note = models.TextField("备注", blank=True)
    # 调整目标: recorded by the coordinator; the plan's original value above is never overwritten.
    adjusted_value = models.DecimalField("调整后目标值", null=True, blank=True, **VALUE_FIELD)
    adjustment_reason = models.TextField("调整原因", blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调整人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjusted_at = models.DateTimeField("调整时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["indicator__number", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_target_indicator_year")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}年目标：{self.source_text}"

    @property
    def is_plain_number(self) -> bool:
        """A target written as a bare number (the appendix's usual cell), exported as a number."""
        return (
            self.kind == rules.Kind.AT_LEAST
            and self.value is not None
            and self.source_text == rules.fmt(self.value)
        )

    @property
    def is_adjustable(self) -> bool:
        """Only targets with a number can be adjusted (not "全市领先" or "高于规上工业增速")."""
        return self.value is not None

    def rule(self, *, adjusted: bool = False, default_tolerance: Decimal | None = None) -> rules.Rule:
        """The rule of the plan's target, or of the adjusted target when asked for and recorded."""
        value = self.adjusted_value if adjusted and self.adjusted_value is not None else self.value
        return rules.Rule(
            kind=rules.Kind(self.kind),
            target=value,
            tolerance=self.tolerance if self.tolerance is not None else default_tolerance,
            unit=self.indicator.unit,
            source_text=self.source_text,
        )
