"""数据质量 rules as stored: one series' ranges and traits, and a plan's cross-indicator conditions. The checks
themselves are pure Python in indicators/quality.py."""

from django.db import models
from simple_history.models import HistoricalRecords

from indicators.models.indicator import VALUE_FIELD, Indicator
from plans.models import Plan


class QualityLevel(models.TextChoices):
    HARD = "hard", "拒收"
    SOFT = "soft", "提示"


class QualityRule(models.Model):
    """数据质量规则 of one series: the valid range (refuse), the usual range (warn) and the series' traits."""

    indicator = models.OneToOneField(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="quality_rule"
    )
    valid_min = models.DecimalField("有效范围下限", null=True, blank=True, **VALUE_FIELD)
    valid_max = models.DecimalField("有效范围上限", null=True, blank=True, **VALUE_FIELD)
    plausible_min = models.DecimalField("常见范围下限", null=True, blank=True, **VALUE_FIELD)
    plausible_max = models.DecimalField("常见范围上限", null=True, blank=True, **VALUE_FIELD)
    whole = models.BooleanField("须为整数", default=False)
    signed = models.BooleanField("可正可负的比率", default=False, help_text="增速、降幅：变化按百分点计")
    cannot_fall = models.CharField(
        "存量不应减少",
        max_length=4,
        choices=QualityLevel.choices,
        blank=True,
        help_text="空=不检查；提示；拒收",
    )
    ratio = models.DecimalField(
        "异常倍数",
        max_digits=6,
        decimal_places=2,
        default=3,
        help_text="与上年之比超过此倍数或不足其倒数即提示",
    )
    history = HistoricalRecords()

    # The rule itself, in the order the checks read it (the form, the admin list and QualityBook use it).
    RULE_FIELDS = (
        "valid_min",
        "valid_max",
        "plausible_min",
        "plausible_max",
        "whole",
        "signed",
        "cannot_fall",
        "ratio",
    )

    class Meta:
        verbose_name = "数据质量规则"
        verbose_name_plural = "数据质量规则"
        ordering = ["indicator"]

    def __str__(self):
        return f"{self.indicator} 的数据质量规则"


class CrossRule(models.Model):
    """A cross-indicator 数据质量 rule of a plan: a condition over indicator codes ("#14 <= #16")."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="cross_rules")
    code = models.SlugField("规则编号", max_length=40)
    expression = models.CharField("条件", max_length=500, help_text="如 #14 <= #16；不成立时给出提示")
    message = models.CharField("提示语", max_length=300, help_text="{#14} 显示该指标的数值")
    level = models.CharField("级别", max_length=4, choices=QualityLevel.choices, default=QualityLevel.SOFT)
    periods = models.CharField(
        "适用期间",
        max_length=20,
        default="q1,h1,q3,year",
        help_text="q1、h1、q3、year 中的一项或几项，逗号分隔",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "跨指标数据质量规则"
        verbose_name_plural = "跨指标数据质量规则"
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_cross_rule_plan_code")]

    def __str__(self):
        return f"{self.code}：{self.expression}"
