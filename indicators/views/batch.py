"""批量填报: a department enters all the indicators it leads for one year and period on one page. Each row is a
FigureForm with its own prefix, saved by services.figure_save like the single form; one row's error or
conflict refuses that row only."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors
from departments import roles
from indicators import permissions, selectors, services
from indicators.models import PERIOD_ORDER, Figure, Indicator, Period, Target
from indicators.quality_forms import QualityFigureForm
from indicators.views.entry import FIELD_OF_ERROR, batch_prefix, figure_assessment, posted_assessment
from plans.selectors import plan_query, year_plan

MISS_FIELDS = ("explanation", "miss_cause", "remedy", "catch_up", "catch_up_result")


@dataclass
class Row:
    indicator: Indicator
    target: Target | None
    figure: Figure | None
    form: QualityFigureForm | None  # none when the figure is submitted or approved
    annual: bool = True  # year-to-date figures are not judged: no miss to explain
    assessment: object = None
    result: str = ""  # what this submission did to the row
    failed: bool = False
    conflict: bool = False

    @property
    def needs_miss(self) -> bool:
        """Show the explanation fields: a miss, an error among them, or something already written in them."""
        if self.form is None:
            return False
        if "catch_up_result" in self.form.fields:  # asked on every submission after a miss
            return True
        if self.assessment is not None and self.assessment.is_miss:
            return True
        if any(name in self.form.errors for name in MISS_FIELDS):
            return True
        return any(self.form[name].value() for name in MISS_FIELDS if name in self.form.fields)

    @property
    def warnings(self) -> list[str]:
        """The value's 数据质量 warnings: of the value posted, else those recorded when it was saved."""
        if self.form is None:
            return []
        if self.form.is_bound:
            return [f.message for f in self.form.soft]
        return self.figure.quality_findings.splitlines() if self.figure is not None else []

    @property
    def miss_fields(self) -> list:
        """The fields under the row; for a year-to-date figure only whether last period's catch-up worked."""
        names = MISS_FIELDS if self.annual else ("catch_up_result",)
        return [self.form[name] for name in names if name in self.form.fields]


def _indicators(user, plan) -> list[Indicator]:
    editable = permissions.indicators_editable_by(user).filter(plan=plan)
    indicators = editable.prefetch_related(selectors.TARGETS).distinct()
    return sorted(indicators, key=lambda i: (i.number is None, i.number or 0, i.pk))


def _row(indicator: Indicator, figure: Figure | None, year: int, period: str, data=None) -> Row:
    target = next((t for t in indicator.plan_targets if t.year == year), None)
    if figure is not None and figure.is_locked:
        return Row(
            indicator, target, figure, None, period == Period.YEAR, figure_assessment(target, period, figure)
        )
    form = QualityFigureForm(  # the single form's 数据质量 checks too: refuse a slip, confirm a warning
        data,
        prefix=batch_prefix(indicator),  # _posted() and the live check read the same prefix
        initial=QualityFigureForm.initial_for(figure),
        indicator=indicator,
        target=target,
        year=year,
        period=period,
    )
    if selectors.previous_miss(indicator, year, period) is None:
        del form.fields["catch_up_result"]
    assessment = (
        posted_assessment(form, target, year, period)
        if data is not None
        else figure_assessment(target, period, figure)
    )
    return Row(indicator, target, figure, form, period == Period.YEAR, assessment)


def _posted(data, indicator: Indicator) -> bool:
    """Whether the submission carries this row (a page loaded before the indicator was assigned does not)."""
    return data is not None and f"{batch_prefix(indicator)}-version" in data


def _save(request, row: Row, year: int, period: str, submit: bool) -> Row:
    """Save one row through the single form's service. Untouched rows are left alone; submitting also submits
    the rows already saved as drafts."""
    form = row.form
    if form is None or not form.is_bound:
        return row
    if not form.is_valid():
        row.failed = True
        return row
    if not form.has_changed() and not (submit and row.figure is not None):
        return row
    try:
        figure = services.figure_save(
            user=request.user,
            indicator=row.indicator,
            year=year,
            period=period,
            data=form.to_input(),
            version=form.cleaned_data["version"],
            submit=submit,
        )
    except services.FigureConflict as e:
        # Keep what was typed, against the current version: saving again then overwrites knowingly.
        data = request.POST.copy()
        data[form.add_prefix("version")] = e.figure.version if e.figure else 0
        current = _row(
            row.indicator,
            e.figure,
            year,
            period,
            data if e.figure is None or not e.figure.is_locked else None,
        )
        current.result, current.failed, current.conflict = e.message, True, True
        return current
    except ValidationError as e:
        add_service_errors(form, e, FIELD_OF_ERROR)
        row.failed = True
        return row
    saved = _row(row.indicator, figure, year, period)
    saved.result = "已提交审核" if submit else "草稿已保存"
    return saved


def _label(indicator: Indicator) -> str:
    return f"{indicator.number}. {indicator.name}" if indicator.number else f"{indicator.name}（配套数据）"


def _warn_unchecked(request, rows: list[Row]) -> None:
    """Saved values with 数据质量 warnings are named at once; each row shows its own below the value."""
    if warned := [r for r in rows if r.warnings and not (r.figure and r.figure.quality_note)]:
        labels = "、".join(_label(r.indicator) for r in warned)
        messages.warning(request, f"{len(warned)} 项有数据质量提示，请按各行提示核实：{labels}。")


@require_http_methods(["GET", "HEAD", "POST"])
def batch_entry(request, year: int, period: str = Period.YEAR):
    """GET: every indicator the user's department leads, one row each; POST saves or submits all rows at once."""
    plan = year_plan(request, year)
    if period not in Period.values:
        raise Http404("没有这个年度或期间")
    if not roles.is_reporter(request.user):
        raise PermissionDenied("批量填报供牵头部门的填报员使用。")
    indicators = _indicators(request.user, plan)
    figures = {
        f.indicator_id: f
        for f in Figure.objects.filter(indicator__in=indicators, year=year, period=period).select_related(
            "updated_by"
        )
    }
    data = request.POST if request.method == "POST" else None
    rows = [_row(i, figures.get(i.pk), year, period, data if _posted(data, i) else None) for i in indicators]
    status = 200
    if request.method == "POST":
        submit = "submit" in request.POST
        rows = [_save(request, row, year, period, submit) for row in rows]
        done = [row for row in rows if row.result and not row.failed]
        if any(row.failed for row in rows):
            status = 409 if any(row.conflict for row in rows) else 400
            if done:
                messages.success(
                    request, f"{done[0].result}：{'、'.join(_label(r.indicator) for r in done)}。"
                )
                _warn_unchecked(request, done)
            messages.error(request, "部分指标未能保存，请按各行提示修改后再次提交；已保存的不受影响。")
        else:
            if done:
                messages.success(
                    request,
                    f"{done[0].result} {len(done)} 项：{'、'.join(_label(r.indicator) for r in done)}。",
                )
                _warn_unchecked(request, done)
            else:
                messages.info(request, "没有需要保存的修改。")
            return redirect(request.get_full_path())

    context = {
        "plan": plan,
        "plan_query": plan_query(plan.pk, year),
        "year": year,
        "period": period,
        "period_label": Period(period).label,
        "rows": rows,
        "periods": [(p, Period(p).label) for p in reversed(PERIOD_ORDER)],
        "department": request.user.department,
    }
    return render(request, "indicators/batch_entry.html", context, status=status)
