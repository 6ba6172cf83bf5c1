"""Validate: the cells of a file's tables → typed columns, each problem an error naming sheet, row, column and cell.

Column by column, not row by row: each check runs once per distinct cell (a file repeats each indicator on every
year's row, each year on every indicator's row, the same department on every row) and its answer is spread over
the rows holding that cell; messages are built only for the rows that fail. A row's errors come in the order of
its columns as the file reads them: value, indicator, department, year, period, rank, cause, catch-up.
"""

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from core.values import ValueParseError, denoise, fmt, parse_value
from imports.catalog import Catalog, name_key
from imports.cells import each, each_of, integer, text, unescaped
from imports.layout import Table
from imports.rows import Rows
from indicators.models import PERIOD_ORDER, Figure, Period

MAX_PLACES = 4  # the database keeps four decimal places
MAX_RANK = 20

PERIODS = {
    **{text: Period.YEAR for text in ("", "全年", "年度", "全年度", "年", "1-12月", "year")},
    **{text: Period.Q1 for text in ("一季度", "第一季度", "1季度", "1-3月", "q1")},
    **{text: Period.H1 for text in ("上半年", "1-6月", "h1")},
    **{text: Period.Q3 for text in ("前三季度", "1-9月", "q3")},
}
_CATCH_UP = re.compile(r"^(\d{4})\s*[-－—]?\s*(.*)$")
_DEPARTMENTS = re.compile(r"[、,，;；/\s]+")


def _allowed(years) -> str:
    return "、".join(str(y) for y in years) if len(years) < 5 else f"{min(years)}—{max(years)}"


def _parsed(cell) -> tuple[str | None, str | None]:
    """(the number as Decimal text, None) or (None, the problem); (None, None) for no figure. As text: 34.85 and
    34.850000 are equal Decimals, but only one has six places."""
    try:
        value = parse_value(cell)
    except ValueParseError as e:
        return None, str(e)
    return (None if value is None else str(value)), None


def table_validate(
    table: Table, catalog: Catalog, years: list[int], rows: Rows, memo: dict | None = None
) -> int:
    """Append the table's rows with a value (or a value that is not a number) to `rows`; returns how many had none.
    memo: the answers per distinct cell, kept from one part of a table to the next (the same headers)."""
    memo = {} if memo is None else memo

    def known(name: str) -> dict:
        return memo.setdefault(name, {})

    headers, cells = table.headers, table.cells
    parsed = each(cells["value"], _parsed, known("value"))
    kept = [i for i, (value, problem) in enumerate(parsed) if value is not None or problem]
    if len(kept) < len(parsed):
        parsed = [parsed[i] for i in kept]
        cells = {column: [found[i] for i in kept] for column, found in cells.items()}
    numbers = [table.numbers[i] for i in kept]
    start, n = len(rows), len(kept)
    at = range(start, start + n)
    columns = rows.columns
    columns["sheet"] += [table.sheet] * n
    columns["row"] += numbers
    for i, (_, problem) in zip(at, parsed, strict=True):
        if problem:
            rows.error(i, problem, headers["value"])

    # The year picks the plan the indicator belongs to; its errors are listed after the indicator's.
    found_years = _years(cells.get("year"), n, table.year, years, headers.get("year"), known("year"))
    row_years = [year for year, _, _ in found_years]
    # A template names its plan above the header (plans can cover the same years); other files take the year's.
    plans = each(row_years, partial(catalog.plan_for, code=table.plan), known(f"plan {table.plan}"))
    plan_ids = [plan.pk if plan else None for plan in plans]
    if table.plan:
        _stamped_plans(rows, at, table.plan, row_years, plans, headers.get("year"))
    ids = _indicators(rows, at, cells, headers, catalog, plan_ids, known("indicator"))
    columns["indicator_id"] += ids
    columns["label"] += each(ids, lambda pk: str(catalog.indicators[pk]) if pk else "", known("label"))
    columns["value"] += _values(
        rows, at, parsed, ids, catalog, cells["value"], headers["value"], known("shown")
    )
    if "department" in cells:
        _departments(rows, at, cells["department"], headers["department"], catalog, ids, known("department"))
    for i, (_, problem, header) in zip(at, found_years, strict=True):
        if problem:
            rows.error(i, problem, header)
    columns["year"] += row_years
    periods = _periods(rows, at, cells, headers)
    columns["period"] += periods
    has_rank = "rank" in cells
    columns["has_rank"] += [has_rank] * n
    columns["rank"] += _checked(rows, at, cells.get("rank"), headers.get("rank"), _rank)
    columns["explanation"] += _free(cells.get("explanation"), n, known("explanation"))
    columns["miss_cause"] += _checked(rows, at, cells.get("miss_cause"), headers.get("miss_cause"), _cause)
    columns["remedy"] += _free(cells.get("remedy"), n, known("remedy"))
    columns["catch_up"] += _catch_ups(
        rows, at, cells.get("catch_up"), headers.get("catch_up"), row_years, periods
    )
    columns["catch_up_result"] += _checked(
        rows, at, cells.get("catch_up_result"), headers.get("catch_up_result"), _catch_up_result
    )
    for name in ("action", "figure_id"):
        columns[name] += [None] * n
    columns["version"] += [0] * n
    return len(table) - n


def _years(cells: list | None, n: int, stamped: int | None, years: list[int], header, answers: dict) -> list:
    """(year, problem, column header) per row: the 年度 cell's year, or for a file without one the year stamped
    above its header; None and the problem when it is not a plan year."""

    def year(cell) -> tuple[int | None, str | None, str | None]:
        if cell is not None and text(cell):
            found = integer(cell)
            if found in years:
                return found, None, None
            return None, f"“{text(cell)}”不是规划年度（{_allowed(years)}）", header
        if stamped is None:
            return None, "缺少年度：请增加“年度”列，或使用系统生成的模板", None
        if stamped not in years:
            return None, f"表头上方标注的年度 {stamped} 不是规划年度（{_allowed(years)}）", None
        return stamped, None, None

    return each(cells, year, answers) if cells is not None else [year(None)] * n


def _stamped_plans(rows: Rows, at: range, code: str, row_years: list, plans: list, header) -> None:
    """Errors where the plan stamped above the header does not exist or does not cover the row's year."""
    for i, year, plan in zip(at, row_years, plans, strict=True):
        if plan is None:
            rows.error(i, f"表头上方标注的规划代码“{code}”不存在", None)
        elif year is not None and not plan.covers(year):
            rows.error(i, f"规划“{plan.name}”只包含 {plan.span_label}，不含 {year} 年", header)


def _indicators(
    rows: Rows, at: range, cells: dict, headers: dict, catalog: Catalog, plan_ids: list, answers: dict
) -> list:
    """The indicator of each row, from its number and/or name in the plan of its year; errors where neither
    finds one or the two disagree."""
    numbers, names = cells.get("number"), cells.get("name")
    n = len(plan_ids)

    def found(number_cell, name_cell, plan_id):
        number_text, name_text = text(number_cell), text(name_cell)
        indicator, problem, header = None, None, None
        if number_text:
            number = integer(number_cell)
            indicator = (
                catalog.by_number.get((plan_id, number))
                if number is not None
                else catalog.by_key.get((plan_id, name_key(number_text)))
            )
            if indicator is None:
                return None, [(f"没有序号为“{number_text}”的指标", headers["number"])]
        if name_text:
            named = catalog.by_key.get((plan_id, name_key(name_text)))
            if indicator is None and named is None:
                problem, header = f"没有名为“{name_text}”的指标", headers["name"]
            elif indicator is not None and (named is None or named.pk != indicator.pk):
                message = f"“{name_text}”与序号 {number_text} 的指标“{indicator.name}”不符"
                return None, [(message, headers["name"])]
            indicator = indicator or named
        if not number_text and not name_text:
            problem, header = "缺少指标：请填写序号或指标名称", headers.get("number") or headers.get("name")
        return indicator, [(problem, header)] if problem else []

    answers = each_of(found, numbers or [None] * n, names or [None] * n, plan_ids, answers=answers)
    for i, (_, problems) in zip(at, answers, strict=True):
        for message, header in problems:
            rows.error(i, message, header)
    return [indicator.id if indicator else None for indicator, _ in answers]


def _values(
    rows: Rows, at: range, parsed: list, ids: list, catalog: Catalog, cells: list, header: str, answers: dict
) -> list:
    """Each value as text at its indicator's precision (float noise rounded away), or None; more than
    MAX_PLACES decimals is an error."""

    def shown(written, precision):
        if written is None or precision is None:
            return None
        value = denoise(Decimal(written), precision)
        return None if -value.as_tuple().exponent > MAX_PLACES else fmt(value)

    written = [value for value, _ in parsed]
    precisions = [catalog.indicators[pk].precision if pk else None for pk in ids]
    values = each_of(shown, written, precisions, answers=answers)
    for i, text_value, precision, value, cell in zip(at, written, precisions, values, cells, strict=True):
        if text_value is not None and precision is not None and value is None:
            rows.error(i, f"“{text(cell)}”最多保留 {MAX_PLACES} 位小数", header)
    return values


def _departments(
    rows: Rows, at: range, cells: list, header: str, catalog: Catalog, ids: list, answers: dict
) -> None:
    def problem(cell, pk) -> str | None:
        written = text(cell)
        if not written or pk is None:
            return None
        first = _DEPARTMENTS.split(written)[0]  # the template lists every department, the lead first
        department = catalog.departments.get(name_key(first))
        lead = catalog.lead.get(pk)
        if department is None:
            return f"“{written}”不是已知的责任单位"
        if lead is not None and department != lead:
            return f"“{written}”不是该指标的牵头部门（应为 {lead.name}）"
        return None

    for i, found in zip(at, each_of(problem, cells, ids, answers=answers), strict=True):
        if found:
            rows.error(i, found, header)


def _periods(rows: Rows, at: range, cells: dict, headers: dict) -> list:
    if "period" not in cells:
        return [Period.YEAR] * len(at)
    written = each(cells["period"], lambda cell: text(cell).lower())
    for i, period in zip(at, written, strict=True):
        if period not in PERIODS:
            rows.error(i, f"“{period}”不是有效的期间（全年、一季度、上半年、前三季度）", headers["period"])
    return [PERIODS.get(period, Period.YEAR) for period in written]


def _checked(rows: Rows, at: range, cells: list | None, header: str | None, check: Callable) -> list:
    """check(cell) → (value, problem) per row of an optional column; None throughout when the file has none."""
    if cells is None:
        return [None] * len(at)
    answers = each(cells, check)
    for i, (_, problem) in zip(at, answers, strict=True):
        if problem:
            rows.error(i, problem, header)
    return [value for value, _ in answers]


def _free(cells: list | None, n: int, answers: dict) -> list:
    return each(cells, unescaped, answers) if cells is not None else [None] * n


def _rank(cell) -> tuple[int | None, str | None]:
    try:
        rank = parse_value(cell)
    except ValueParseError as e:
        return None, str(e)
    if rank is None:
        return None, None
    if rank != rank.to_integral_value() or not 1 <= rank <= MAX_RANK:
        return None, f"“{text(cell)}”应为 1—{MAX_RANK} 的整数"
    return int(rank), None


def _dropdown(choices, wrong: str) -> Callable:
    """The reader of a dropdown column: a label or a stored value of `choices` (full-width folded) → the value;
    anything else is refused as `wrong`, naming the choices."""
    known = {**{label: value for value, label in choices.choices}, **dict(choices.choices)}
    hint = "、".join(choices.labels)

    def read(cell) -> tuple[str, str | None]:
        written = unescaped(cell)
        if not written:
            return "", None
        folded = unicodedata.normalize("NFKC", written)
        if folded in known:
            return known[folded], None
        return "", f"“{written}”{wrong}，请填写{hint}之一"

    return read


_cause = _dropdown(Figure.MissCause, "不是原因类别")
_catch_up_result = _dropdown(Figure.CatchUp, "不是有效的回答")


def _catch_ups(rows: Rows, at: range, cells, header, years: list, periods: list) -> list:
    """ "2026年上半年", "2026 全年", "2026" → "2026-h1", "2026-year"; later than the row's own period."""
    if cells is None:
        return [None] * len(at)

    def catch_up(cell, year, period) -> tuple[str, str | None]:
        written = text(cell)
        if not written:
            return "", None
        match = _CATCH_UP.match(written)
        rest = match.group(2).strip() if match else ""
        then = PERIODS.get(rest, PERIODS.get(rest.removeprefix("年").strip())) if match else None
        if then is None:
            example = (year or 2025) + 1
            return "", f"“{written}”不是有效的期间，请填写如“{example}年上半年”“{example}年全年”"
        when = int(match.group(1))
        if year and (when, PERIOD_ORDER.index(then)) <= (year, PERIOD_ORDER.index(period)):
            return "", f"预计赶上的期间“{written}”应晚于本期（{year}年{Period(period).label}）"
        return f"{when}-{then}", None

    answers = each_of(catch_up, cells, years, periods)
    for i, (_, problem) in zip(at, answers, strict=True):
        if problem:
            rows.error(i, problem, header)
    return [value for value, _ in answers]
