"""《制造强市建设工作任务推进情况表》: one row per task × responsible unit for a reporting period."""

from datetime import date

from core.xlsx import XlsxExporter
from indicators.rules import fmt
from plans.models import Plan
from tasks import selectors
from tasks.chapter_goals import GoalRow
from tasks.selectors import ChapterRow, CommitmentRow, Slot, TaskRow, UnitRow


class TaskProgressExporter(XlsxExporter):
    """任务, 责任单位, 量化目标, 完成情况 and the unit's 工作进展, 存在问题, 下步打算. A collective's row sums its
    members' numbers; its members follow on their own rows, unless the task names them by themselves. Each
    chapter opens with a row per goal its lead reports (on the task named in 完成情况)."""

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
            for goal in chapter.goals:
                if goal.progress is not None:
                    yield _goal_row(chapter, goal)
            for row in chapter.tasks:
                targets = "\n".join(_target_line(c) for c in row.commitments)
                for unit, name in _units(row):
                    yield [f"{row.task.number} {row.task.title}", name, targets, *_unit_cells(row, unit)]


def _target_line(row: CommitmentRow) -> str:
    """量化目标 of a task: its target, and for one that restates an indicator what it read and how it stands."""
    line = f"{row.commitment.name}：{row.commitment.target_text}"
    if row.reading is not None:
        line += f"（{row.reading.text}，{row.progress.state.label}）"
    return line


def _goal_row(chapter: ChapterRow, goal: GoalRow) -> list:
    """A chapter goal: its lead, target, and the number from the lead's report on its task."""
    c, p = goal.commitment, goal.progress
    if goal.task is None:
        done = "本章没有该单位负责的任务，无处填报"
    elif not goal.reported:
        state = f"，{goal.report.get_status_display()}" if goal.report else ""
        done = f"未报送（任务 {goal.task.number}{state}）"
    else:
        done = f"{p.state.label}（任务 {goal.task.number}，{goal.report.get_status_display()}）"
        if p.value is not None:
            done += f"\n{fmt(p.value)}{c.unit}（{p.reason}）"
    return [f"{chapter.chapter}（章目标）", c.lead.name, f"{c.name}：{c.target_text}", done, None, None, None]


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
