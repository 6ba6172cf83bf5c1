"""What the figure service records of a value's 数据质量 warnings: the messages shown at saving, and the
reporter's 已核实 with its note (who and when), all kept in the figure's history."""

from django.utils import timezone

from indicators.models import Figure


def figure_quality_record(*, figure: Figure, data, user) -> None:
    """Stamp the figure with the warnings its form showed; a confirmation counts only with warnings and a note."""
    figure.quality_findings = data.quality_findings
    if data.quality_findings and data.quality_confirmed and data.quality_note:
        figure.quality_note, figure.quality_confirmed_by = data.quality_note, user
        figure.quality_confirmed_at = timezone.now()
    else:
        figure.quality_note, figure.quality_confirmed_by, figure.quality_confirmed_at = "", None, None
