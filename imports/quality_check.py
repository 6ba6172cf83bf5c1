"""数据质量 in the import preview: each row's value is checked as the entry form checks it, against the
series' stored history and the file's other rows. A hard finding is a row error (the file imports nothing);
soft ones fill the row's 数据质量 column and never block."""

from decimal import Decimal

from indicators.models import Indicator
from indicators.quality_inputs import QualityBook

VALUE_HEADER = "完成值"


def rows_quality(rows) -> None:
    """Set `row.quality` (soft messages) and add a row error for each hard finding."""
    checked = [r for r in rows if not r.errors and r.indicator_id and r.year and r.value is not None]
    if not checked:
        return
    plans = Indicator.objects.filter(pk__in={r.indicator_id for r in checked}).values("plan_id")
    book = QualityBook(plans)  # the file's own values count as history: a quarter and its year in one file
    results = book.check_rows((r.indicator_id, r.year, r.period, Decimal(r.value)) for r in checked)
    for row, (soft, hard) in zip(checked, results, strict=True):
        row.quality = soft
        for message in hard:
            row.error(message, VALUE_HEADER)  # the message names the value
