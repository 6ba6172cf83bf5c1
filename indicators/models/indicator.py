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
from indicators.models.target_rule import target_rule
from plans.models import Plan
from plans.selectors import plan_query

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


def binding_first(items, indicator=lambda item: item.indicator) -> list:
    """约束性 indicators first, the rest in their own order (a stable sort): how a list of misses is read."""
    return sorted(items, key=lambda item: not indicator(item).is_binding)


class IndicatorQuerySet(models.QuerySet):
    def main(self, *, headings: bool = False):
        """The numbered indicators of the appendix (sub-indicators 10.1 included), without companion series;
        a sub-indicators' heading (a parent with no target of its own) only when asked for."""
        found = self.filter(number__isnull=False)
        return found if headings else found.filter(heading=False)


class Indicator(models.Model):
    """One of the appendix's indicators, or a companion series (no number) that a target refers to."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField("序号", null=True, blank=True)
    # Sub-indicators ("10.1", or a number the table repeats): the parent's number and their place under it.
    sub = models.PositiveSmallIntegerField("子序号", default=0, help_text="子指标 10.1 的 1；其他指标为 0")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级指标",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    heading = models.BooleanField(
        "分组标题", default=False, help_text="有子指标而本身没有目标：只作标题，不填报"
    )
    shared_with = models.ForeignKey(
        "self",
        verbose_name="共用指标",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_by",
        help_text="与另一规划同名同单位的指标：数据只在那里填报一次，本规划读取同一数据",
    )
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
        ordering = [models.F("number").asc(nulls_last=True), "sub", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number", "sub"], name="unique_indicator_plan_number_sub"
            ),
            models.UniqueConstraint(fields=["plan", "code"], name="unique_indicator_plan_code"),
        ]

    def __str__(self):
        return f"{self.display_number}. {self.name}" if self.number else f"{self.name}（配套数据）"

    def get_absolute_url(self) -> str:
        """The indicator's page, in its own plan (a number repeats across plans); a sub-indicator by its code."""
        if self.sub:
            return f"{reverse('indicator_detail_code', args=[self.code])}?plan={self.plan.code}"
        return f"{reverse('indicator_detail', args=[self.number])}?plan={self.plan.code}"

    @property
    def display_number(self) -> str:
        """The 序号 as the table prints it: "10", or "10.1" for a sub-indicator."""
        if self.number is None:
            return ""
        return f"{self.number}.{self.sub}" if self.sub else str(self.number)

    @property
    def figures_of(self) -> int:
        """The indicator whose figures this one shows: the shared one of another plan, else itself."""
        return self.shared_with_id or self.pk

    @property
    def name_with_unit(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def is_companion(self) -> bool:
        return self.number is None

    @property
    def is_binding(self) -> bool:
        """A 约束性 indicator: its misses are named first."""
        return self.attribute == self.Attribute.BINDING

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
        """The figure form of this indicator for a year and period (the annual one has the short path); it names
        the plan (`?plan=`) when another plan covering the year is the one a bare path opens. A shared indicator
        is entered once, at the indicator of the other plan it shares."""
        if self.shared_with_id:
            return self.shared_with.entry_url(year, period, preview=preview)
        if period == "year":
            path = reverse("entry_preview" if preview else "entry", args=[year, self.code])
        else:
            path = reverse(
                "entry_period_preview" if preview else "entry_period", args=[year, self.code, period]
            )
        return path + plan_query(self.plan_id, year)


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
        GREATER = rules.Kind.GREATER.value, "大于（不含）"
        LESS = rules.Kind.LESS.value, "小于（不含）"
        EQUAL = rules.Kind.EQUAL.value, "等于"
        RANGE = rules.Kind.RANGE.value, "区间（含两端）"
        ALL = rules.Kind.ALL.value, "多个条件同时满足"
        CHANGE = rules.Kind.CHANGE.value, "比基数变化"
        PACE = rules.Kind.PACE.value, "与参照序列保持同步"
        DIRECTION = rules.Kind.DIRECTION.value, "逐年向好"
        ASSIGNED = rules.Kind.ASSIGNED.value, "完成上级下达目标"
        JUDGED = rules.Kind.JUDGED.value, "定性（协调员评估）"

    class ChangeMode(models.TextChoices):
        TIMES = "times", "基数的倍数"
        PCT_UP = "pct_up", "比基数提高（%）"
        PCT_DOWN = "pct_down", "比基数下降（%）"
        PP_UP = "pp_up", "比基数提高（个百分点或指标单位）"
        PP_DOWN = "pp_down", "比基数下降（个百分点或指标单位）"

    class Direction(models.TextChoices):
        UP = "up", "越高越好"
        DOWN = "down", "越低越好"

    class Judgement(models.TextChoices):
        MET = rules.Status.MET.value, "已达标"
        NEARLY_MET = rules.Status.NEARLY_MET.value, "基本达标"
        NOT_MET = rules.Status.NOT_MET.value, "未达标"

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
    # The target language's numbers beyond `value` (see indicators/rules.py Rule).
    upper_value = models.DecimalField("区间上限", null=True, blank=True, **VALUE_FIELD)
    change_mode = models.CharField("变化方式", max_length=10, choices=ChangeMode.choices, blank=True)
    margin = models.DecimalField(
        "高出幅度", null=True, blank=True, help_text="“高于……3个百分点以上”的 3；空=严格高于", **VALUE_FIELD
    )
    direction = models.CharField("方向", max_length=4, choices=Direction.choices, default=Direction.UP)
    parts = models.JSONField(
        "多个条件", default=list, blank=True, help_text="[{kind, value, upper}]，同时满足"
    )
    # 完成上级下达目标: the number a superior assigns, when it arrives (kept in the history like every change).
    assigned_value = models.DecimalField("下达目标值", null=True, blank=True, **VALUE_FIELD)
    assigned_source = models.CharField("下达文件", max_length=100, blank=True)
    assigned_date = models.DateField("下达日期", null=True, blank=True)
    # 定性目标: the coordinator's judgement and why.
    judgement = models.CharField("定性评估", max_length=10, choices=Judgement.choices, blank=True)
    judgement_reason = models.TextField("评估理由", blank=True)
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

    @property
    def reference_name(self) -> str:
        return self.reference.name if self.reference_id else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.rule()
        except (ValueError, TypeError, KeyError) as e:
            raise ValidationError(f"目标“{self.source_text}”的设置不完整：{e}") from None

    def rule(self, *, adjusted: bool = False, default_tolerance: Decimal | None = None) -> rules.Rule:
        """The rule of the plan's target, or of the adjusted target when asked for and recorded."""
        return target_rule(self, adjusted=adjusted, default_tolerance=default_tolerance)
