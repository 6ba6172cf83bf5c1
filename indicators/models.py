from decimal import Decimal

from django.db import models
from simple_history.models import HistoricalRecords

from departments.models import Department
from indicators import rules

PLAN_YEARS = (2023, 2024, 2025)
BASELINE_YEAR = 2022

VALUE_FIELD = {"max_digits": 16, "decimal_places": 4}


class Category(models.Model):
    """一级指标: 质量效益, 产业结构, … in the appendix's order."""

    name = models.CharField("名称", max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "一级指标"
        verbose_name_plural = "一级指标"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def main(self):
        """The 18 numbered indicators of the appendix, without companion series."""
        return self.filter(number__isnull=False)


class Indicator(models.Model):
    """One of the appendix's indicators, or a companion series (no number) that a target refers to."""

    class Direction(models.TextChoices):
        UP = "up", "越高越好"
        DOWN = "down", "越低越好"

    number = models.PositiveSmallIntegerField("序号", unique=True, null=True, blank=True)
    code = models.SlugField(
        "代码", max_length=30, unique=True, help_text="序号指标即其序号；配套数据为拼音缩写"
    )
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
    precision = models.PositiveSmallIntegerField("小数位数", default=1)
    direction = models.CharField("方向", max_length=4, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField("2022年基数", null=True, blank=True, **VALUE_FIELD)
    baseline_text = models.CharField("2022年基数（原文）", max_length=30, blank=True)
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

    def __str__(self):
        return f"{self.number}. {self.name}" if self.number else f"{self.name}（配套数据）"

    @property
    def name_with_unit(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def is_companion(self) -> bool:
        return self.number is None


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
            and self.source_text == format_plain(self.value)
        )

    def rule(self, unit: str = "") -> rules.Rule:
        return rules.Rule(
            kind=rules.Kind(self.kind),
            target=self.value,
            tolerance=self.tolerance,
            unit=unit,
            source_text=self.source_text,
        )


def format_plain(value: Decimal) -> str:
    """34.50 → "34.5", 40.0000 → "40": the number as a person writes it."""
    return format(value.normalize(), "f")
