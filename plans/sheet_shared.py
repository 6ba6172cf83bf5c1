"""An indicator two overlapping plans share (issue 22): the same name and unit as an indicator of another plan
covering some of the same years (规上工业增加值增速 in a 数字经济 plan beside the seed). It is entered once, in
the plan that had it first, and the new plan's indicator links to it (Indicator.shared_with): every page,
document and standing of the new plan reads the same figure."""

from indicators.models import Indicator
from plans.models import Plan


def link_shared(items: list[dict], *, code: str, baseline_year: int, target_years: list[int]) -> list[str]:
    """Set item["shared_with"] (an Indicator) on each item matching another overlapping plan's indicator by
    name and unit; return one line per link for the load report."""
    if not target_years:
        return []
    years = set(range(baseline_year + 1, max(target_years) + 1))
    others = [p for p in Plan.objects.exclude(code=code) if years & set(p.years)]
    if not others:
        return []
    found: dict[tuple[str, str], Indicator] = {}
    candidates = (
        Indicator.objects.filter(plan__in=others, heading=False, shared_with__isnull=True)
        .select_related("plan")
        .order_by("plan__baseline_year", "plan_id", "number", "sub", "code")
    )
    for indicator in candidates:
        found.setdefault((indicator.name, indicator.unit), indicator)
    lines = []
    for item in items:
        if item.get("heading"):
            continue
        source = found.get((item["name"], item["unit"]))
        item["shared_with"] = source
        if source is not None:
            label = f"指标 {source.display_number}" if source.number else "配套数据"
            lines.append(
                f"共用指标：{item.get('label') or '配套数据'} {item['name']}（{item['unit'] or '无单位'}）与规划 {source.plan.code}"
                f"（{source.plan.name}）的{label}同名同单位，两个规划读取同一数据，只在 {source.plan.code} 填报一次。"
            )
    return lines
