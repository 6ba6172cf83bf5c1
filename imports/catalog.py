"""The plans' vocabulary as a file names it: indicators by number, name or code within the plan a row's year
picks, and departments by name, short name or code. Read in three queries; names compared as `name_key` folds
them (full-width, spaces, the △ mark and a trailing "（unit）")."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core import freshness
from departments.models import Department
from indicators.models import Indicator, IndicatorDepartment
from plans.models import Plan
from plans.selectors import plan_for_year, plan_list

_SPACES = re.compile(r"\s+")
_TRAILING_UNIT = re.compile(r"[（(][^（）()]*[）)]$")


@lru_cache(maxsize=4096)
def name_key(text: str) -> str:
    """A name as compared: full-width folded, spaces, the △ mark and a trailing "（unit）" removed."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", text).replace("△", ""))
    return _TRAILING_UNIT.sub("", text).lower()


@dataclass
class Catalog:
    """Indicators by (plan id, number) and (plan id, name or code); a row's year picks the plan."""

    plans: list[Plan]
    indicators: dict  # id → Indicator
    by_number: dict
    by_key: dict
    lead: dict  # indicator id → lead Department
    departments: dict

    def plan_for(self, year: int | None, code: str | None = None) -> Plan | None:
        """The plan a file's code names (a template's stamp), else the newest covering the year; for a row
        without a valid year, the named or newest plan (to check the rest). None for a code no plan has."""
        if code:
            return next((p for p in self.plans if p.code == code), None)
        found = plan_for_year(year, self.plans) if year is not None else None
        return found or next(iter(self.plans), None)

    @classmethod
    def current(cls) -> "Catalog":
        """The catalog, read again only when the data changed (an import reads it for its preview)."""
        return freshness.memo("import_catalog", cls.load)

    @classmethod
    def load(cls) -> "Catalog":
        indicators = list(Indicator.objects.all())
        # Every lead link in one read of its own, not a prefetch: that would name each indicator's id again.
        links = (
            IndicatorDepartment.objects.filter(order=0)
            .select_related("department")
            .order_by("indicator_id", "id")
        )
        leads = {}
        for link in links:
            leads.setdefault(link.indicator_id, link.department)
        by_key = {}
        for indicator in indicators:
            by_key[indicator.plan_id, name_key(indicator.name)] = indicator
            by_key[indicator.plan_id, indicator.code.lower()] = indicator
            if indicator.sub:  # a sub-indicator by its 序号 as printed ("10.1")
                by_key[indicator.plan_id, indicator.display_number] = indicator
        departments = {}
        for department in Department.objects.all():
            for text in (department.name, department.short_name, department.code):
                departments[name_key(text)] = department
        return cls(
            plans=plan_list(),
            indicators={i.pk: i for i in indicators},
            by_number={(i.plan_id, i.number): i for i in indicators if i.number is not None and not i.sub},
            by_key=by_key,
            lead={i.pk: leads.get(i.pk) for i in indicators},
            departments=departments,
        )
