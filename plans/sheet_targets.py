"""The target cells of a plan sheet's indicator row (plans.sheet_reader): each year's cell read in the target
language, or by the rule the coordinator chose by hand for a cell it cannot read (plans.sheet_choice), and the
series a relative target names (plans.sheet_companions)."""

from indicators.models import Indicator, Target
from plans import sheet_cells
from plans.sheet_cells import CellError
from plans.sheet_choice import cell_key, chosen_target
from plans.sheet_companions import companion_item


class TargetCells:
    """Mixed into the sheet reader: needs its error(), text(), years, choices, companions and known_companions."""

    def read_targets(
        self, row: int, item: dict, stored: dict[int, Target], *, blank: bool = False
    ) -> list[dict]:
        targets = []
        for year, column in sorted(self.years.items()):
            source = self.text(row, column, "目标原文")
            if not source:
                if not blank:
                    self.error(row, column, "目标为空（该年没有目标请填“—”）")
                continue
            try:
                parsed = sheet_cells.target_cell(source, item["unit"], item["name"])
            except CellError as e:
                chosen = self.chosen(row, column, year, source, item, str(e))
                if chosen is not None:
                    kept = stored.get(year)
                    targets.append(
                        {
                            "year": year,
                            "source_text": source,
                            "reference": "",
                            "note": kept.note if kept else "",
                        }
                        | {"tolerance": kept.tolerance if kept else None, **chosen}
                    )
                continue
            if parsed is None:
                continue
            reference = (
                self.companion(row, column, parsed.reference, item, source) if parsed.reference else ""
            )
            kept = stored.get(year)
            targets.append(
                {
                    "year": year,
                    "source_text": source,
                    "kind": parsed.kind.value,
                    "value": parsed.value,
                    "reference": reference,
                    "tolerance": kept.tolerance if kept else None,
                    "note": kept.note if kept else "",
                    # the language's own numbers (a margin "3个百分点以上", a range's upper bound, …), as read
                    **parsed.fields(),
                }
            )
        return targets

    def chosen(self, row: int, column: int, year: int, source: str, item: dict, problem: str) -> dict | None:
        """The rule the coordinator chose in the preview for a cell the language cannot read; else the cell is
        an error, listed as refused so the preview can offer the choice."""
        key = cell_key(row, year)
        if key in self.choices:
            try:
                return chosen_target(self.choices[key], item["unit"])
            except ValueError as e:
                problem = f"手选的规则不完整：{e}"
        self.error(row, column, problem)
        self.plan.refused.append(
            {
                "key": key,
                "row": row,
                "year": year,
                "source": source,
                "name": item["name"],
                "unit": item["unit"],
            }
            | {"problem": problem, "choice": self.choices.get(key, {})}
        )
        return None

    def companion(self, row: int, column: int, phrase: str, item: dict, source: str) -> str:
        """The code of the series a relative target is compared with (plans.sheet_companions): an existing
        companion series the phrase names, else a new one the indicator's lead department reports."""
        if self.known_companions is None:
            self.known_companions = list(
                Indicator.objects.filter(number__isnull=True).order_by("-plan__baseline_year", "code")
            )
        found, problem = companion_item(phrase, self.known_companions, item, source)
        if found is None:
            self.error(row, column, problem)
            return ""
        self.companions.setdefault(found["code"], found)
        return found["code"]
