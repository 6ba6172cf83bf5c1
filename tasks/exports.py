"""《制造强市建设工作任务推进情况表》: one row per task × responsible unit for a reporting period."""

from datetime import date

from core.xlsx import XlsxExporter
from indicators.rules import fmt
from plans.models import Plan
from tasks import selectors
from tasks.selectors import Slot, TaskRow, UnitRow


class TaskProgressExporter(XlsxExporter):
    """任务, 责任单位, 量化目标, 完成情况 and the unit's 工作进展, 存在问题, 下步打算. A collective's row sums its
    members' numbers; its members follow on their own rows, unless the task names them by themselves."""

    sheet_name = "任务推进情况"
    headers = [
        ("任务", 22),
        ("责任单位", 16),
        ("量化目标", 40),
        ("完成情况", 36),
        ("工作进展", 50),
        ("存在问题", 30),
        ("下步打算", 30),
    ]

    def __init__(self, plan: Plan, slot: Slot, *, today: date):
        self.plan, self.slot, self.today = plan, slot, today
        self.title = f"{plan.short_name}工作任务推进情况表（{slot.label}）"

    @property
    def filename(self) -> str:
        return f"{self.plan.short_name}工作任务推进情况表-{self.slot.label}.xlsx"

    def title_lines(self) -> list[str]:
        d = self.today
        return [self.title, f"导出日期：{d.year}年{d.month}月{d.day}日"]

    def rows(self):
        for chapter in selectors.tree(plan=self.plan, slot=self.slot, today=self.today):
            for row in chapter.tasks:
                targets = "\n".join(
                    f"{c.commitment.name}：{c.commitment.target_text}" for c in row.commitments
                )
                for unit, name in _units(row):
                    yield [f"{row.task.number} {row.task.title}", name, targets, *_unit_cells(row, unit)]


def _units(row: TaskRow):
    """(unit row, name as shown) in the task's order, each collective followed by its unlisted members."""
    for unit in row.units:
        yield unit, unit.department.name
        for member in unit.unlisted_members:
            yield member, f"{member.department.name}（{unit.department.name}）"


def _unit_cells(row: TaskRow, unit: UnitRow) -> list:
    """完成情况, 工作进展, 存在问题, 下步打算 of one unit; only submitted and accepted reports are shown."""
    if unit.is_collective:
        done = sum(m.reported for m in unit.members)
        lines = [f"成员单位已报送 {done}/{len(unit.members)}"] + _number_lines(row, unit)
        return ["\n".join(lines), None, None, None]
    report = unit.report
    if not unit.reported:
        state = f"未报送（{report.get_status_display()}）" if report else "未报送"
        return [state, None, None, None]
    lines = [f"{unit.status.label}（{report.get_status_display()}）"] + _number_lines(row, unit)
    return ["\n".join(lines), report.progress or None, report.problems or None, report.next_steps or None]


def _number_lines(row: TaskRow, unit: UnitRow) -> list[str]:
    lines = []
    for cr in row.commitments:
        value = unit.numbers.get(cr.commitment)
        if value is None:
            continue
        line = f"{cr.commitment.name}：{fmt(value)}{cr.commitment.unit}"
        if cr.commitment.lead_id == unit.department.pk:
            line += f"（{cr.progress.reason}）"
        lines.append(line)
    return lines
