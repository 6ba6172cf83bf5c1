"""Shared by the security tests: every URL of the URLconf, real objects to fill its arguments, the signed-in
personas, and django-axes switched back on where a test needs it."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from departments import roles
from imports import services as import_services
from indicators.models import Figure, Indicator, Target
from indicators.services import FigureInput, figure_save
from plans.models import Plan
from public.services import publish
from supervision.models import Notice
from tasks.models import ProgressReport
from tests.conftest import make_user
from tests.imports.conftest import LONG_HEADER, xlsx
from tests.tasks.helpers import report

SKIPPED = ("admin/", "static/", "media/")  # the Django admin has its own permission system and tests
ROLES = ("anonymous", "reporter_swj", "reporter_gxj", "coordinator", "leader", "importer", "outsider")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # "entry/<int:year>/<slug:code>/"
    args: tuple[str, ...]

    @property
    def section(self) -> str:
        """The first path segment, which tells what an argument means: tasks/<number> vs indicators/<number>."""
        return self.route.split("/", 1)[0]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            if isinstance(pattern.pattern, RegexPattern):
                args = tuple(pattern.pattern.regex.groupindex)
            else:
                args = tuple(pattern.pattern.converters)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name, route.lstrip("^"), args)


def routes() -> list[Route]:
    """Every named URL of the project outside the admin, found by walking the URLconf."""
    found = [r for r in _walk(get_resolver().url_patterns) if not r.route.startswith(SKIPPED)]
    unnamed = [r.route for r in found if not r.name or r.name.endswith(":None")]
    assert not unnamed, f"这些 URL 没有 name，无法测试：{unnamed}"
    return found


@dataclass
class Samples:
    """Real objects behind the URL arguments: 市商务局's submitted 2024 figure of indicator 4, its target, an
    upload of the importer awaiting confirmation, and 市工信局's submitted report on task 4.3 (2025 上半年).
    The fixture also publishes the plan's 2024 (政务公开)."""

    figure: Figure
    target: Target
    batch_id: int
    report: ProgressReport
    notice: Notice

    def value(self, route: Route, arg: str):
        """The sample for one argument of one route; an unknown kind fails the test rather than skipping it."""
        table = {
            ("departments", "code"): "swj",
            ("indicators", "number"): 4,
            ("indicators", "code"): "4",
            ("entry", "year"): 2024,
            ("entry", "code"): "4",
            ("entry", "period"): "h1",
            ("figures", "figure_id"): self.figure.pk,
            ("targets", "target_id"): self.target.pk,
            ("imports", "batch_id"): self.batch_id,
            ("tasks", "number"): "4.3",
            ("tasks", "year"): 2025,
            ("tasks", "period"): "year",
            ("tasks", "report_id"): self.report.pk,
            ("plans", "code"): "mfg2023",
            ("supervision", "notice_id"): self.notice.pk,
            ("api", "code"): "mfg2023",
            ("public", "code"): "mfg2023",
            ("public", "number"): 4,
            ("public", "year"): 2024,
            ("publications", "code"): "mfg2023",
        }
        if (route.section, arg) not in table:
            pytest.fail(
                f"URL {route.name}（{route.route}）的参数 {arg} 没有样例："
                "请在 tests/security/conftest.py 的 Samples.value 中添加一个真实对象的值"
            )
        return table[route.section, arg]

    def url(self, route: Route) -> str:
        return reverse(route.name, kwargs={arg: self.value(route, arg) for arg in route.args})


def notice_sample(*, department, indicator, issued_by) -> Notice:
    """A 督办单 to the department about the indicator's 2024 figure, awaiting its answer, reply due in a week."""
    return Notice.objects.create(
        year=2026,
        seq=1,
        department=department,
        plan=indicator.plan,
        kind=Notice.Kind.FIGURE,
        indicator=indicator,
        item_year=2024,
        item_period="year",
        item_title=f"{indicator.number}. {indicator.name_with_unit} 2024年全年",
        light_reason="已退回2次",
        facts="两次退回。",
        requirement="请核实。",
        reply_by=date.today() + timedelta(days=7),
        issued_by=issued_by,
    )


@pytest.fixture
def samples(plan, importer) -> Samples:
    swj = make_user("owner-swj", roles.REPORTER, "swj")
    figure = figure_save(
        user=swj,
        indicator=Indicator.objects.get(number=4),
        year=2024,
        data=FigureInput(value=Decimal("16.6")),
        version=0,
        submit=True,
    )
    upload = xlsx([LONG_HEADER, [4, "", 2023, "全年", "16.2", None, ""]])
    batch = import_services.import_preview(user=importer, file_name="商务局.xlsx", data=upload)
    assert batch.status == batch.Status.PENDING, batch.rows
    gxj = make_user("owner-gxj", roles.REPORTER, "gxj")
    task_report = report(gxj, "4.3", ["1"] * 10, year=2025, period="h1")  # a number for every commitment
    notice = notice_sample(
        department=swj.department,
        indicator=figure.indicator,
        issued_by=make_user("owner-coordinator", roles.COORDINATOR, "gxj"),
    )
    publish(plan=Plan.objects.get(code="mfg2023"), year=2024)  # the public pages answer 200, not 404
    return Samples(
        figure=figure,
        target=Target.objects.get(indicator__number=4, year=2024),
        batch_id=batch.pk,
        report=task_report,
        notice=notice,
    )


@pytest.fixture
def client_as(request):
    """client_as("coordinator"): a client signed in as that persona of tests/conftest.py (or anonymous)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make


@pytest.fixture
def axes_on(settings):
    """django-axes as in production (tests/conftest.py switches it off for the rest of the suite)."""
    settings.AXES_ENABLED = True
