"""The miss rule, in one place for the entry form, the batch entry and the Excel import: an annual value below
its target (the plan's or the adjusted one; for 年均增速高于规上工业增速 against the companion series) must come
with 说明, 原因类别, 整改措施 and 预计赶上 (DESIGN: "explanation required when the value misses its target").

`MissJudge` reads the targets and companion values of many figures in two queries; `miss_gaps` says which of the
four a miss still lacks. Each caller words the gaps for its own inputs: a form field, a spreadsheet column.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from indicators.evaluation import MISSES, assess
from indicators.models import PERIOD_ORDER, Figure, Period, Target

MISS_FIELDS = ("explanation", "miss_cause", "remedy", "catch_up")
# What a submitted value that meets its target carries no more (its 说明 stays): figure_save and the import.
CLEARED_WHEN_MET = ("miss_cause", "remedy", "catch_up")


def latest_earlier(misses: Iterable[tuple[int, str]], year: int, period: str) -> tuple[int, str] | None:
    """Of the (year, period) of a series' figures that missed and promised to catch up, the latest before
    (year, period): the one a submission for (year, period) has to say the catch-up of."""
    here = (year, PERIOD_ORDER.index(period))
    earlier = [(y, p) for y, p in misses if (y, PERIOD_ORDER.index(p)) < here]
    return max(earlier, key=lambda k: (k[0], PERIOD_ORDER.index(k[1])), default=None)


class MissJudge:
    """Whether values of some (indicator, year) pairs miss their targets, judged as the dashboard judges them."""

    def __init__(
        self, keys: Iterable[tuple[int, int]], pending: Mapping[tuple[int, int], Decimal] | None = None
    ):
        """keys: (indicator id, year) pairs to judge; pending: annual values about to be written (an import
        file's own), which a companion series' stored value gives way to."""
        keys = set(keys)
        targets = Target.objects.filter(
            indicator_id__any_of={indicator for indicator, _ in keys}, year__any_of={year for _, year in keys}
        ).select_related("indicator")
        self.targets = {(t.indicator_id, t.year): t for t in targets if (t.indicator_id, t.year) in keys}
        companions = {t.reference_id for t in self.targets.values() if t.reference_id}
        stored = (
            Figure.objects.filter(indicator_id__any_of=companions, period=Period.YEAR) if companions else []
        )
        self.references = {
            (indicator_id, year): value
            for indicator_id, year, value in (
                stored.values_list("indicator_id", "year", "value") if companions else ()
            )
        }
        for (indicator_id, year), value in (pending or {}).items():
            if indicator_id in companions:
                self.references[indicator_id, year] = value
        self.misses: dict[int, list[tuple[int, str]]] = {}  # indicator id → (year, period) of stored misses
        stored_misses = Figure.objects.filter(
            indicator_id__any_of={indicator for indicator, _ in keys},
            year__lte=max((y for _, y in keys), default=0),
        ).exclude(miss_cause="")
        for indicator_id, year, period in stored_misses.values_list("indicator_id", "year", "period"):
            self.misses.setdefault(indicator_id, []).append((year, period))

    def previous(self, indicator_id: int, year: int, period: str) -> tuple[int, str] | None:
        """The earlier miss a submission for (year, period) must answer 上期整改是否见效 for, if any."""
        return latest_earlier(self.misses.get(indicator_id, ()), year, period)

    def may_miss(self, indicator_id: int, year: int, period: str) -> bool:
        """Only an annual value with a target can miss: the others need no judging."""
        return period == Period.YEAR and (indicator_id, year) in self.targets

    def reason(
        self, indicator_id: int, year: int, period: str, value: Decimal | None, rank: int | None = None
    ) -> str | None:
        """Why the value misses its target (the evaluation's own words), or None when it does not."""
        target = self.targets.get((indicator_id, year))
        if target is None or period != Period.YEAR or value is None:
            return None
        reference = self.references.get((target.reference_id, year))
        assessment = assess(target, period, value, rank=rank, reference=reference)
        if assessment is None or not assessment.is_miss:
            return None
        missed = assessment.current if assessment.current.status in MISSES else assessment.original
        return missed.reason


def miss_gaps(have: Mapping[str, object]) -> list[str]:
    """Which of MISS_FIELDS a miss still lacks, given what will be saved for each (text, a code, or None)."""
    return [name for name in MISS_FIELDS if not str(have.get(name) or "").strip()]
