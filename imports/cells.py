"""Cells as people fill them in, read once per distinct cell: text, integers and free text, and `each` /
`each_of`, which run a check once per distinct cell (or combination of cells) and spread its answer over the
column — what makes the import's validation columnar (imports.validate)."""

import unicodedata
from collections.abc import Callable

from core.params import int_param
from core.xlsx import FORMULA_STARTS
from imports.layout import is_blank


def each(cells: list, check: Callable, answers: dict | None = None) -> list:
    """check(cell) for every cell, run once per distinct cell (1, 1.0 and True kept apart); `answers` keeps
    them from one part of a table to the next."""
    answers, out = {} if answers is None else answers, []
    append = out.append
    for cell in cells:
        key = (cell.__class__, cell)
        try:
            append(answers[key])
        except KeyError:
            answers[key] = answer = check(cell)
            append(answer)
    return out


def each_of(check: Callable, *columns: list, answers: dict | None = None) -> list:
    """check(*cells) for every row of the columns, once per distinct combination of cells."""
    tagged = [[(cell.__class__, cell) for cell in column] for column in columns]
    answers, out = {} if answers is None else answers, []
    append = out.append
    for key, cells in zip(zip(*tagged, strict=True), zip(*columns, strict=True), strict=True):
        try:
            append(answers[key])
        except KeyError:
            answers[key] = answer = check(*cells)
            append(answer)
    return out


def text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def unescaped(value) -> str:
    """Free text as written; our exports put "'" before text starting like a formula: take it off again."""
    written = "" if is_blank(value) else str(value).strip()
    if written.startswith("'") and written[1:].startswith(FORMULA_STARTS):
        return written[1:]
    return written


def integer(value) -> int | None:
    """1, 1.0, "1", "01", "2024年" → the integer; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and not is_blank(value):
        return int(value) if float(value).is_integer() else None
    return int_param(text(value).removesuffix("年度").removesuffix("年").removesuffix(".0"))
