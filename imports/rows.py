"""What an import knows about each data row of a file, and the preview it keeps until the upload is confirmed.

The pipeline works on whole columns (imports.validate, imports.plan); `Rows` holds them — one list per field,
position i being the file's i-th data row with a value — with its errors, 数据质量 warnings and the figure each
row would replace kept sparsely, by position. Stored as one JSON object of lists (`Rows.to_json`), a preview of
10,000 rows costs a list per field instead of a dict per row; `ImportRow` is one row as the pages and the
command show it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from core.values import fmt
from indicators.models import Figure, Period

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
ACTION_LABELS = {NEW: "新增", CHANGED: "修改", UNCHANGED: "未变", ERROR: "错误"}
FORMAT = 2  # the stored preview's shape; an older batch (a list of row dicts) is read as well

# The columns of a row; value is the Decimal as text ("34.8"), catch_up "2026-h1" ("" for none). For the
# file's optional columns None means "the file has no such column: keep the figure's".
COLUMNS = (
    "sheet",
    "row",
    "indicator_id",
    "label",
    "year",
    "period",
    "value",
    "rank",
    "explanation",
    "miss_cause",
    "remedy",
    "catch_up",
    "catch_up_result",
    "has_rank",
    "action",
    "figure_id",
    "version",
)
# The existing figure's fields a row is compared with (`old`), as the preview shows them.
OLD_FIELDS = ("value", "rank", "explanation", "miss_cause", "remedy", "catch_up", "catch_up_result")


def place(sheet: str, row: int) -> str:
    return f"工作表 {sheet} 第 {row} 行"


class Rows:
    """The data rows of a file as columns; `errors`, `quality` and `old` by position, only where there are any."""

    def __init__(self, columns: dict[str, list] | None = None, *, errors=None, quality=None, old=None):
        self.columns = columns or {name: [] for name in COLUMNS}
        self.errors: dict[int, list[str]] = errors or {}
        self.quality: dict[int, list[str]] = quality or {}
        self.old: dict[int, dict] = old or {}

    def __len__(self) -> int:
        return len(self.columns["row"])

    def __getitem__(self, name: str) -> list:
        return self.columns[name]

    def error(self, i: int, message: str, header: str | None = None) -> None:
        column = f" [{header}]" if header else ""
        self.errors.setdefault(i, []).append(f"{place(self['sheet'][i], self['row'][i])}{column}：{message}")

    def count(self, action: str) -> int:
        return self["action"].count(action)

    def messages(self) -> list[str]:
        return [message for i in sorted(self.errors) for message in self.errors[i]]

    def row(self, i: int) -> "ImportRow":
        values = {name: self.columns[name][i] for name in COLUMNS}
        return ImportRow(
            **values, errors=self.errors.get(i, []), quality=self.quality.get(i, []), old=self.old.get(i)
        )

    def rows(self) -> list["ImportRow"]:
        return [self.row(i) for i in range(len(self))]

    def to_json(self) -> dict:
        def sparse(found: dict) -> dict:
            return {str(i): value for i, value in found.items()}

        return {
            "format": FORMAT,
            **self.columns,
            "errors": sparse(self.errors),
            "quality": sparse(self.quality),
            "old": sparse(self.old),
        }

    @classmethod
    def from_json(cls, data) -> "Rows":
        if isinstance(data, list):  # a batch previewed before the columnar format: one dict per row
            rows = cls()
            for i, row in enumerate(data):
                for name in COLUMNS:
                    rows.columns[name].append(row.get(name))
                for name in ("errors", "quality"):
                    if row.get(name):
                        getattr(rows, name)[i] = row[name]
            return rows

        def dense(found: dict) -> dict:
            return {int(i): value for i, value in found.items()}

        missing = [None] * len(data["row"])  # a column added since the batch was previewed
        return cls(
            {name: data.get(name, missing) for name in COLUMNS},
            errors=dense(data["errors"]),
            quality=dense(data["quality"]),
            old=dense(data["old"]),
        )


@dataclass
class ImportRow:
    """One data row as shown: its place, what it means once validated, and what importing it would do."""

    sheet: str
    row: int
    indicator_id: int | None = None
    label: str = ""
    year: int | None = None
    period: str = Period.YEAR
    value: str | None = None
    rank: int | None = None
    explanation: str | None = None
    miss_cause: str | None = None
    remedy: str | None = None
    catch_up: str | None = None
    catch_up_result: str | None = None  # a Figure.CatchUp value, "" for none
    has_rank: bool = False
    action: str = ""
    figure_id: int | None = None
    version: int = 0
    errors: list = field(default_factory=list)
    quality: list = field(default_factory=list)
    old: dict | None = None  # the figure it would change, as compared (OLD_FIELDS); None for a new one

    @property
    def place(self) -> str:
        return place(self.sheet, self.row)

    @property
    def period_label(self) -> str:
        return Period(self.period).label

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "")

    @property
    def changes(self) -> list[list[str]]:
        """[label, old, new] for each field the row would change (each field it fills in, for a new figure)."""
        if self.action not in (NEW, CHANGED, UNCHANGED):
            return []
        return changes(self, self.old)


_CAUSES = dict(Figure.MissCause.choices)
_CATCH_UPS = dict(Figure.CatchUp.choices)


def catch_up_label(code: str | None) -> str:
    year, _, period = (code or "").partition("-")
    return f"{year}年{Period(period).label}" if period else ""


def changes(row, old: dict | None) -> list[list[str]]:
    """[label, old, new] of what the row changes in the figure `old` (None: a new figure)."""
    saved = old or {}
    pairs = [("完成值", saved.get("value"), row.value)]
    if row.has_rank or old is None:
        pairs.append(("排名", saved.get("rank"), row.rank))
    if row.explanation is not None:
        pairs.append(("说明", saved.get("explanation", ""), row.explanation))
    if row.miss_cause is not None:
        pairs.append(
            ("原因类别", _CAUSES.get(saved.get("miss_cause", ""), ""), _CAUSES.get(row.miss_cause, ""))
        )
    if row.remedy is not None:
        pairs.append(("整改措施", saved.get("remedy", ""), row.remedy))
    if row.catch_up is not None:
        pairs.append(("预计赶上", catch_up_label(saved.get("catch_up")), catch_up_label(row.catch_up)))
    if row.catch_up_result is not None:
        old_answer = _CATCH_UPS.get(saved.get("catch_up_result", ""), "")
        pairs.append(("上期整改是否见效", old_answer, _CATCH_UPS.get(row.catch_up_result, "")))
    shown = [[label, _shown(a), _shown(b)] for label, a, b in pairs]
    return [change for change in shown if change[1] != change[2] and (old is not None or change[2])]


def _shown(value) -> str:
    if isinstance(value, Decimal):
        return fmt(value)
    return "" if value is None else str(value)


def old_of(figure: dict) -> dict:
    """A figure (dict by attname) as the preview compares and shows it: text, so it survives the JSON."""
    catch_up = f"{figure['catch_up_year']}-{figure['catch_up_period']}" if figure["catch_up_year"] else ""
    return {
        "value": fmt(figure["value"]) if figure["value"] is not None else None,
        "rank": figure["rank"],
        "explanation": figure["explanation"].strip(),
        "miss_cause": figure["miss_cause"],
        "remedy": figure["remedy"].strip(),
        "catch_up": catch_up,
        "catch_up_result": figure["catch_up_result"],
    }


@dataclass
class Preview:
    """What importing the file would do, before anything is written (the preview, and --dry-run)."""

    table: Rows
    skipped: int = 0  # rows without a value: no figure
    planned_on: str = ""  # imports.plan.stamp before the preview read anything

    @property
    def rows(self) -> list[ImportRow]:
        return self.table.rows()

    def count(self, action: str) -> int:
        return self.table.count(action)

    @property
    def errors(self) -> list[str]:
        return self.table.messages()
