"""The 年度通报 paragraph: the year's standings counted, the indicators missed and not handed in named."""

from collections import Counter
from typing import TYPE_CHECKING

from indicators.models import Period

if TYPE_CHECKING:
    from indicators.standings import DashboardRow


def annual_summary(rows: list["DashboardRow"], year: int, period: str) -> str:
    """年度通报 draft: one paragraph, ready to paste."""
    counts = Counter(r.standing for r in rows)
    slot = f"{year}年" + ("" if period == Period.YEAR else Period(period).label)
    parts = [
        f"{s}{counts[s]}项"
        for s in ["已达标", "基本达标", "力争未达", "未达标", "待评估", "待审核"]
        if counts[s]
    ]
    text = f"{slot}，{len(rows)}项主要指标中" + ("、".join(parts) if parts else "尚无审核通过的数据")
    missing = counts["未报送"]
    if missing:
        text += f"，尚有{missing}项未报送"
    text += "。"
    misses = [r for r in rows if r.standing == "未达标"]
    if misses:
        items = "；".join(f"{_name(r)}（责任部门：{r.lead.name if r.lead else '待分配'}）" for r in misses)
        text += f"未达标的有：{items}。"
    late = [r for r in rows if r.standing == "未报送"]
    if late:
        text += (
            "未报送的有："
            + "；".join(f"{_name(r)}（{r.lead.name if r.lead else '待分配'}）" for r in late)
            + "。"
        )
    return text


def _name(row: "DashboardRow") -> str:
    return f"{row.indicator.number}.{row.indicator.name}"
