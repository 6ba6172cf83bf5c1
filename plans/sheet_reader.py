"""A plan from its appendix spreadsheet, laid out like the seed's 附件: title rows, then the header
一级指标 | 序号 | 指标（单位）△ | <baseline year>年 | <year>年目标 … | 责任部门, then one row per indicator.

Header cells may hold spaces and line breaks ("指  标", "2025年\\n目标"); a merged cell counts for every row
and year it spans (一级指标 over its indicators, "力争1家" over 2024–2025); a blank 一级指标 continues the one
above. Every problem is collected as "工作表 X 第 N 行 [列]：…"; the result is a plans.yaml_reader.PlanData
for plans.writer.plan_write, with no chapters or commitments.
"""

import re
from datetime import date
from pathlib import Path

from indicators.models import Indicator
from plans import sheet_cells, sheet_columns
from plans.models import Plan
from plans.sheet_cells import CellError, short_name_of, squeeze, title_text
from plans.sheet_departments import DepartmentNames
from plans.sheet_file import Grid, SheetRejected, sheet_grids
from plans.sheet_shared import link_shared
from plans.sheet_sub import SubNumbers
from plans.sheet_targets import TargetCells
from plans.writer import PlanError
from plans.yaml_reader import PlanData

HEADER_ROWS = 20  # the header is looked for among the first rows, below any title rows
_SECTION = re.compile(r"[一二三四五六七八九十]+[、.．](.+)")
_ATTRIBUTES = {
    "预期性": Indicator.Attribute.EXPECTED,
    "预期": Indicator.Attribute.EXPECTED,
    "约束性": Indicator.Attribute.BINDING,
    "约束": Indicator.Attribute.BINDING,
}
# What Django's fields hold (a longer text would be cut or refused by the database).
_LIMITS = {"一级指标": 20, "指标名称": 100, "单位": 20, "基数": 30, "目标原文": 50}


class _Sheet(TargetCells):
    """Reads one worksheet into a PlanData, recording each problem with its sheet, row and column."""

    def __init__(
        self,
        plan: PlanData,
        grid: Grid,
        header_row: int,
        *,
        create_departments: bool,
        choices: dict | None = None,
    ):
        self.plan, self.grid, self.header_row = plan, grid, header_row
        self.choices = choices or {}  # cell_key → a rule chosen by hand (plans.sheet_choice)
        self.headers: dict[int, str] = {}
        self.columns: dict[str, int] = {}
        self.years: dict[int, int] = {}  # target year → column
        self.departments = DepartmentNames(create=create_departments)
        self.companions: dict[str, dict] = {}
        self.known_companions: list[Indicator] | None = None

    def error(self, row: int, column: int | None, message: str) -> None:
        where = f" [{self.headers[column]}]" if column is not None else ""
        self.plan.errors.append(f"工作表 {self.grid.name} 第 {row} 行{where}：{message}")

    def cell(self, row: int, column: int):
        cells = self.grid.rows[row - 1]
        return cells[column] if column < len(cells) else None

    def text(self, row: int, column: int, what: str) -> str:
        text = squeeze(self.cell(row, column))
        if len(text) > _LIMITS[what]:
            self.error(row, column, f"{what}“{text}”超过 {_LIMITS[what]} 个字")
        return text

    # -- the header -------------------------------------------------------------------------------------
    def read_header(self, years: tuple[int, int] | None) -> int | None:
        """The columns and years (plans.sheet_columns); returns the baseline year."""
        row = self.header_row
        found = sheet_columns.read_columns(
            self.grid.rows[row - 1], self.grid.rows[row:], title=self.title(), years=years
        )
        self.headers, self.columns, self.years = found.headers, found.roles, found.years
        for column, message in found.errors:
            self.error(row, column, message)
        self.plan.unused_columns = found.unused
        self.plan.target_years = sorted(self.years)
        return found.baseline_year

    def title(self) -> str:
        """The first text above the header that is more than "附件1"."""
        for cells in self.grid.rows[: self.header_row - 1]:
            for value in cells:
                text = title_text(value)
                if text:
                    return text
        return ""

    # -- the rows ---------------------------------------------------------------------------------------
    def column_text(self, row: int, role: str) -> str:
        column = self.columns.get(role)
        return "" if column is None else squeeze(self.cell(row, column))

    def read_rows(self, existing: dict[str, Indicator]) -> None:
        """Indicator rows; section rows ("一、经济发展") set the category when there is no 一级指标 column, notes
        ("注：…") and blank rows are skipped; without any category the table's title names the one category."""
        section, category, numbers = "", "", {}
        numbers_column = self.columns.get("number")
        self.numbers = SubNumbers(
            []
            if numbers_column is None
            else [self.cell(r, numbers_column) for r in range(self.header_row + 1, len(self.grid.rows) + 1)]
        )
        fallback = short_name_of(self.title())
        if not fallback or len(fallback) > _LIMITS["一级指标"]:
            fallback = "主要指标"
        for row in range(self.header_row + 1, len(self.grid.rows) + 1):
            texts = [squeeze(v) for v in self.grid.rows[row - 1] if squeeze(v)]
            number_text = self.column_text(row, "number")
            name_text = self.column_text(row, "indicator")
            first = texts[0] if texts else ""
            if not texts or sheet_columns.NOTE.match(first):
                continue
            if (match := _SECTION.fullmatch(first)) and len(set(texts)) == 1:
                section = match[1]
                continue
            if (not number_text and not name_text) or (len(set(texts)) == 1 and number_text == name_text):
                continue
            if "category" in self.columns:
                category = self.text(row, self.columns["category"], "一级指标") or category
            else:
                category = section or fallback
            if not number_text and "number" not in self.columns:
                number_text = str(len(numbers) + 1)  # a table without 序号: numbered in order
            item = self.read_indicator(row, number_text, existing)
            if item is None:
                continue
            if not category:
                self.error(row, self.columns.get("category"), "缺少一级指标")
            elif category not in self.plan.categories:
                self.plan.categories.append(category)
            item["category"] = category
            key = (item["number"], item["sub"])
            if key in numbers:
                self.error(
                    row, self.columns.get("number"), f"序号 {item['label']} 与第 {numbers[key]} 行重复"
                )
            numbers[key] = row
            self.plan.indicators.append(item)
        if not numbers:
            self.error(self.header_row, None, "表头下没有指标行")
        # Companions first: the writer resolves a relative target's reference among those already written.
        self.plan.indicators[:0] = self.companions.values()

    def read_indicator(self, row: int, number_text: str, existing: dict[str, Indicator]) -> dict | None:
        """One indicator row; every cell is checked even when an earlier one is wrong (None then). A parent of
        sub-indicators may leave its targets and departments blank: it is then a heading, entered by no one."""
        columns = self.columns
        numbered, problem = self.numbers.read(number_text)
        if problem:
            self.error(row, columns.get("number"), problem)
        valid = numbered is not None
        number, sub = numbered or (None, 0)
        parent = valid and sub == 0 and number in self.numbers.parents
        departments = self.read_departments(row, blank=parent)
        try:
            name, unit, mark = self.read_name(row)
        except CellError as e:  # without the unit, the baseline and targets cannot be read
            self.error(row, columns["indicator"], str(e))
            return None
        code = (f"{number}-{sub}" if sub else str(number)) if valid else number_text  # "01" is indicator 1
        kept = existing.get(code)
        item = {
            "number": number,
            "sub": sub,
            "label": f"{number}.{sub}" if sub else str(number),
            "parent": str(number) if sub else "",
            "code": code,
            "name": name,
            "unit": unit,
            "mark": mark,
            "attribute": self.read_attribute(row),
            "row": row,
            # Not in the sheet: kept as stored, or the seed's conventions for a new indicator.
            "ytd": kept.ytd_mode if kept else Indicator.YtdMode.LEVEL,
            "note": kept.note if kept else "",
            "baseline_text": self.text(row, columns["baseline"], "基数") if "baseline" in columns else "",
            "baseline": None,
            "departments": departments,
        }
        if "baseline" not in columns:
            pass
        elif not item["baseline_text"]:
            self.error(row, columns["baseline"], "基数为空（没有基数请填“—”）")
        else:
            try:
                item["baseline"] = sheet_cells.baseline_cell(item["baseline_text"], unit)
            except CellError as e:
                self.error(row, columns["baseline"], str(e))
        item["targets"] = self.read_targets(
            row, item, {t.year: t for t in kept.targets.all()} if kept else {}, blank=parent
        )
        item["heading"] = parent and not item["targets"]
        places = [v for v in (item["baseline"], *(t["value"] for t in item["targets"])) if v is not None]
        fallback = 1 if unit == "%" else 0  # percentages show one place, like the seed's indicator 12
        item["precision"] = max([fallback, *(max(0, -v.as_tuple().exponent) for v in places)])
        return item if valid else None

    def read_name(self, row: int) -> tuple[str, str, str]:
        """Name, unit and mark: the unit from its own column when the table has one, else in brackets."""
        text = self.text(row, self.columns["indicator"], "指标名称")
        name, unit, mark = sheet_cells.indicator_cell(text)
        own = self.text(row, self.columns["unit"], "单位") if "unit" in self.columns else ""
        if own:  # the unit has its own column: the name as written, brackets too unless they repeat the unit
            return (name if unit == own else text.removesuffix(mark)), own, mark
        if len(unit) > _LIMITS["单位"]:
            self.error(row, self.columns["indicator"], f"单位“{unit}”超过 {_LIMITS['单位']} 个字")
        return name, unit, mark

    def read_attribute(self, row: int) -> str:
        text = self.column_text(row, "attribute")
        if not text:
            return ""
        attribute = _ATTRIBUTES.get(text)
        if attribute is None:
            self.error(row, self.columns["attribute"], f"属性应为“预期性”或“约束性”，实为“{text}”")
        return attribute or ""

    def read_departments(self, row: int, *, blank: bool = False) -> list[str]:
        """The cell's departments; a table without a 责任部门 column loads its indicators 待分配 (and a parent of
        sub-indicators may leave the cell blank)."""
        column = self.columns.get("departments")
        if column is None:
            return []
        names = sheet_cells.department_names(self.cell(row, column))
        if not names and not blank:
            self.error(row, column, "缺少责任部门")
        codes, problems = self.departments.resolve(names)
        for problem in problems:
            self.error(row, column, problem)
        return codes


def _find_header(grids: list[Grid]) -> tuple[Grid, int] | None:
    for grid in grids:
        for row, cells in enumerate(grid.rows[:HEADER_ROWS], 1):
            if sheet_columns.is_header(cells):
                return grid, row
    return None


def sheet_read(
    *,
    data: bytes,
    file_name: str,
    code: str,
    header: dict,
    create_departments: bool = False,
    user: str = "-",
    years: tuple[int, int] | None = None,
    choices: dict | None = None,
) -> PlanData:
    """Read and validate the plan `code` from an appendix workbook; raise PlanError listing every problem.

    `header` holds what the sheet does not say: name (default: the title row), short_name (default: the
    name without 主要指标/工作任务/行动方案/规划), issuer, issued_on (default: as stored, else blank)."""
    plan = PlanData(Path(file_name))
    plan.unused_columns, plan.refused = [], []
    try:
        grids = sheet_grids(file_name, data, user=user)
    except SheetRejected as e:
        raise PlanError([f"{file_name}：{e}"]) from None
    found = _find_header(grids)
    if found is None:
        raise PlanError(
            [
                f"{file_name}：前 {HEADER_ROWS} 行没有指标表头（“指标”列，及序号、单位、属性、目标、责任部门等列）"
            ]
        )
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,29}", code):
        plan.errors.append(f"规划代码“{code}”应为小写字母开头的字母、数字、-、_（最多 30 个字符）")
    stored = Plan.objects.filter(code=code).first()
    if stored is not None and stored.chapters.exists():
        raise PlanError(
            [f"规划“{stored.name}”（{code}）含工作任务，由 fixtures 载入：请修改 fixtures 后运行 load_plan"]
        )
    sheet = _Sheet(plan, *found, create_departments=create_departments, choices=choices)
    baseline_year = sheet.read_header(years)
    if plan.errors or baseline_year is None:
        raise PlanError(plan.errors)
    existing = (
        {i.code: i for i in Indicator.objects.filter(plan=stored).prefetch_related("targets")}
        if stored
        else {}
    )
    sheet.read_rows(existing)
    name = header.get("name") or sheet.title()
    if not name:
        plan.errors.append(f"工作表 {found[0].name}：表头上方没有标题行，请指定规划名称（--name）")
    issued_on = header.get("issued_on") or (stored.issued_on if stored else None)
    plan.header = {
        "code": code,
        "name": name,
        "short_name": header.get("short_name") or short_name_of(name),
        "issuer": header.get("issuer") or (stored.issuer if stored else ""),
        "issued_on": issued_on if isinstance(issued_on, date) else None,
        "baseline_year": baseline_year,
        "target_years": plan.target_years,
        "status": stored.status if stored else Plan.Status.ACTIVE,
    }
    for key, limit in (("name", 100), ("short_name", 50), ("issuer", 100)):
        if len(plan.header[key]) > limit:
            plan.errors.append(
                f"规划{Plan._meta.get_field(key).verbose_name}“{plan.header[key]}”超过 {limit} 个字"
            )
    plan.shared_lines = link_shared(
        plan.indicators, code=code, baseline_year=baseline_year, target_years=plan.target_years
    )
    plan.departments = sheet.departments.entries(
        {code for item in plan.indicators for code in item["departments"]}
    )
    if plan.errors:
        raise PlanError(plan.errors, refused=plan.refused)
    return plan
