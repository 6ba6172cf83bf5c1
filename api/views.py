"""The read-only API (/api/v1/): thin views over the pages' own selectors and standings. GET only; a token
reads approved figures only, a signed-in account what its pages show it."""

from math import ceil

from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from api import present
from api import serializers as out
from api.access import BearerTokenAuthentication, CanRead, TokenRateThrottle, is_token
from api.params import BadParameter, FigureQuery, PeriodQuery, plan_year
from core import freshness
from indicators import dashboard as board
from indicators import selectors
from indicators.models import Category, Figure, IndicatorDepartment, Period
from indicators.standings import standings_get
from plans.selectors import plan_list
from tasks import selectors as task_selectors

FIGURES_PAGE_SIZE = 100
ERRORS = {
    400: out.ErrorSerializer,
    401: out.ErrorSerializer,
    403: out.ErrorSerializer,
    404: out.ErrorSerializer,
}
YEAR = OpenApiParameter("year", int, description="年度，默认为有数据的最近一年")
PERIOD = OpenApiParameter("period", str, enum=Period.values, description="期间：q1、h1、q3、year（默认）")


@method_decorator(login_not_required, name="dispatch")  # DRF authenticates: 401 JSON, not the login page
class ApiView(APIView):
    authentication_classes = [BearerTokenAuthentication, *APIView.authentication_classes]
    permission_classes = [CanRead]
    throttle_classes = [TokenRateThrottle]
    http_method_names = ["get", "head", "options"]

    def throttled(self, request, wait):
        seconds = ceil(wait) if wait else 1
        raise exceptions.Throttled(wait, detail=f"请求过于频繁，请 {seconds} 秒后再试")

    def plan(self, code: str):
        found = next((p for p in plan_list() if p.code == code), None)
        if found is None:
            raise exceptions.NotFound(f"没有代码为“{code}”的规划")
        return found


class PlanList(ApiView):
    @extend_schema(summary="规划列表", responses={200: out.PlanSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(out.PlanSerializer([present.plan(p) for p in plan_list()], many=True).data)


class PlanDetail(ApiView):
    @extend_schema(summary="规划：年份与一级指标", responses={200: out.PlanDetailSerializer, **ERRORS})
    def get(self, request, code: str):
        plan = self.plan(code)
        categories = Category.objects.filter(plan=plan).order_by("sort_order", "pk")
        return Response(out.PlanDetailSerializer(present.plan(plan, categories)).data)


class IndicatorList(ApiView):
    @extend_schema(
        summary="指标、责任单位与年度目标", responses={200: out.IndicatorSerializer(many=True), **ERRORS}
    )
    def get(self, request, code: str):
        indicators = selectors.indicator_facts(self.plan(code))
        return Response(out.IndicatorSerializer([present.indicator(i) for i in indicators], many=True).data)


class StandingList(ApiView):
    @extend_schema(
        summary="各指标的完成情况与状态",
        parameters=[YEAR, PERIOD],
        responses={200: out.StandingsSerializer, **ERRORS},
    )
    def get(self, request, code: str):
        plan, today = self.plan(code), timezone.localdate()
        query = PeriodQuery().read(request.query_params)
        default = freshness.memo(("api-year", plan.pk, today), lambda: board.default_year(plan, today=today))
        year = plan_year(plan, query["year"], default)
        period = query["period"] or Period.YEAR
        token = is_token(request)
        # Serialising 30-odd rows was half of the request (profiled under benchmarks/load_bench.py): the answer
        # is kept per data version, as the standings it is built from are.
        data = freshness.memo(
            ("api-standings", plan.pk, year, period, today, token),
            lambda: self.answer(plan, year, period, today, token),
        )
        return Response(data)

    @staticmethod
    def answer(plan, year: int, period: str, today, token: bool):
        standings = standings_get(plan=plan, year=year, period=period, today=today)
        approved = standings.approved_references() if token else None
        data = {
            "plan": plan.code,
            "year": year,
            "period": period,
            "period_label": Period(period).label,
            "counts": standings.counts,
            "summary": "" if token else standings.summary,  # the 通报 paragraph quotes unapproved values
            "indicators": [present.standing(r, token=token, approved=approved) for r in standings.rows],
        }
        return out.StandingsSerializer(data).data


class FigureList(ApiView):
    @extend_schema(
        summary="完成值（分页，每页 100 条）",
        parameters=[
            YEAR,
            PERIOD,
            OpenApiParameter("department", str, description="牵头单位代码，如 swj"),
            OpenApiParameter("page", int, description="页码，从 1 开始"),
        ],
        responses={200: out.FigurePageSerializer, **ERRORS},
    )
    def get(self, request, code: str):
        plan = self.plan(code)
        query = FigureQuery().read(request.query_params)
        figures = Figure.objects.filter(indicator__plan=plan, indicator__number__isnull=False)
        if query["year"] is not None:
            figures = figures.filter(year=plan_year(plan, query["year"], query["year"]))
        if query["period"]:
            figures = figures.filter(period=query["period"])
        if query["department"]:
            figures = figures.filter(
                indicator__department_links__order=0,
                indicator__department_links__department__code=query["department"],
            )
        token = is_token(request)
        if token:
            figures = figures.filter(status=Figure.Status.APPROVED)
        count = figures.count()
        pages = max(1, ceil(count / FIGURES_PAGE_SIZE))
        page = query["page"] or 1
        if page > pages:
            raise BadParameter("page", f"共 {pages} 页，没有第 {page} 页")
        start = (page - 1) * FIGURES_PAGE_SIZE
        rows = list(
            figures.select_related("indicator").order_by("year", "indicator__number", "period", "pk")[
                start : start + FIGURES_PAGE_SIZE
            ]
        )
        leads = dict(
            IndicatorDepartment.objects.filter(indicator__plan=plan, order=0).values_list(
                "indicator_id", "department__code"
            )
        )
        data = {
            "count": count,
            "page": page,
            "pages": pages,
            "next": self.page_url(request, page + 1) if page < pages else None,
            "previous": self.page_url(request, page - 1) if page > 1 else None,
            "results": [present.figure(f, leads.get(f.indicator_id, ""), token=token) for f in rows],
        }
        return Response(out.FigurePageSerializer(data).data)

    @staticmethod
    def page_url(request, page: int) -> str:
        params = request.query_params.copy()
        params["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class TaskList(ApiView):
    @extend_schema(
        summary="工作任务与责任单位的进展",
        parameters=[
            OpenApiParameter("year", int, description="年度，默认为最近一个已到期的报送期"),
            OpenApiParameter("period", str, enum=["h1", "year"], description="h1（上半年）或 year（全年）"),
        ],
        responses={200: out.TasksSerializer, **ERRORS},
    )
    def get(self, request, code: str):
        plan, today = self.plan(code), timezone.localdate()
        query = PeriodQuery().read(request.query_params)
        slots = task_selectors.report_slots(plan, today) if plan.chapters.exists() else []
        if not slots:
            raise exceptions.NotFound(f"规划“{plan.name}”没有工作任务")
        slot = task_selectors.current_slot(slots, today)
        if query["year"] is not None or query["period"]:
            asked = task_selectors.slot_get(slots, query["year"] or slot.year, query["period"] or slot.period)
            if asked is None:
                known = "、".join(s.label for s in slots)
                raise BadParameter(
                    "year" if query["year"] is not None else "period", f"没有这个报送期（可选：{known}）"
                )
            slot = asked
        chapters = task_selectors.tree(plan=plan, slot=slot, today=today)
        data = {
            "plan": plan.code,
            "year": slot.year,
            "period": slot.period,
            "period_label": Period(slot.period).label,
            "tasks": [present.task(row, c.chapter) for c in chapters for row in c.tasks],
        }
        return Response(out.TasksSerializer(data).data)
