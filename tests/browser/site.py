"""Every page of the site as each persona sees it, for the phone and accessibility walks.

The URLs come from the URLconf walker of tests/security (a new page is walked as soon as the permission matrix
knows it), filled with samples from the demo data; each persona visits the pages the matrix lets it open (GET
200) that are HTML, not downloads. Personas are the demo accounts of `seed_demo`, plus a township reporter whose
unit leads no indicator, an account without a role and an anonymous visitor.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.test import Client

from departments.models import Department, User
from departments.services import demo_accounts_create
from imports.models import ImportBatch
from imports.services import import_preview
from indicators.demo import demo_figures_create
from indicators.models import Figure, Indicator, Target
from plans.models import Plan
from public.services import publish
from tests.conftest import PASSWORD
from tests.imports.conftest import LONG_HEADER, xlsx
from tests.security.conftest import Samples, notice_sample, routes
from tests.security.test_permission_matrix import EXPECTED, expected_status, query_string
from tests.tasks.helpers import report

# persona of the permission matrix → demo account
ACCOUNTS = {
    "reporter_swj": "swj",
    "reporter_gxj": "gxj",
    "coordinator": "coordinator",
    "leader": "leader",
    "importer": "importer",
    "township": "hsz",  # 华士镇 leads no indicator: it opens only the pages every role opens
    "outsider": "outsider",
    "anonymous": None,
}
PERSONAS = tuple(ACCOUNTS)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Pages outside the URLconf walk: the login page, the refusal for an account without a role, the 404 page and
# the admin (in the application's colours).
OWN_PAGES = {
    "anonymous": [
        ("login", "/accounts/login/"),
        ("public:index", "/public/"),
        ("public:plan", "/public/mfg2023/"),
        ("public:indicator", "/public/mfg2023/indicators/4/"),
    ],
    "outsider": [("refused", "/")],
    "coordinator": [
        ("not-found", "/no-such-page/"),
        ("admin:index", "/admin/"),
        ("admin:changelist", "/admin/indicators/figure/"),
        ("admin:change", "/admin/indicators/indicator/4/change/"),
    ],
}
# The API's Swagger page is drf-spectacular's vendored UI for developers, not a page of ours to lay out. The
# 政务公开 pages are the same for everyone: walked once, by the anonymous visitor they are for (OWN_PAGES). The
# big screen's panel is a fragment that the screen (walked) fetches again every few minutes.
NOT_WALKED = {"api:docs", "public:index", "public:plan", "public:indicator", "screen:panel"}
_html: dict[str, bool] = {}  # route name → whether it answers with a page (not a download)


@dataclass(frozen=True)
class Visit:
    name: str
    url: str


def build_site() -> Samples:
    """The demo accounts and figures, an upload awaiting confirmation, a submitted task report and the plan's
    2024 published (政务公开)."""
    demo_accounts_create(password=PASSWORD)
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))
    Figure.objects.filter(indicator__number=4, year=2025).delete()  # left open: the pages enter and import it
    User.objects.create_user("outsider", password=PASSWORD)
    # The demo's 2024 miss of indicator 4 promised to catch up: a later period answers whether it did.
    upload = xlsx([[*LONG_HEADER, "上期整改是否见效"], [4, "", 2025, "全年", "25", None, "", "已赶上"]])
    batch = import_preview(user=User.objects.get(username="importer"), file_name="商务局.xlsx", data=upload)
    assert batch.status == ImportBatch.Status.PENDING, batch.rows
    publish(plan=Plan.objects.get(code="mfg2023"), year=2024)
    return Samples(
        figure=Figure.objects.get(indicator__number=4, year=2024, period="year"),
        target=Target.objects.get(indicator__number=4, year=2024),
        batch_id=batch.pk,
        report=report(User.objects.get(username="gxj"), "4.3", ["1"] * 10, year=2025, period="h1"),
        notice=notice_sample(
            department=Department.objects.get(code="swj"),
            indicator=Indicator.objects.get(plan__code="mfg2023", number=4),
            issued_by=User.objects.get(username="coordinator"),
        ),
    )


def opens(persona: str, name: str) -> bool:
    """Whether the matrix answers GET of this URL with 200 for the persona (the township: the pages every role
    opens)."""
    if persona == "township":
        return EXPECTED[name].get("GET", {}).get("*") == 200
    return persona not in ("outsider", "anonymous") and expected_status(name, "GET", persona) == 200


def visits(persona: str, samples: Samples, context) -> list[Visit]:
    """The pages this persona opens: those the matrix answers with 200 for it (for the township, those it opens
    to every role), HTML only. (The walk runs on SQLite only: tests/conftest.py `_postgresql_skip`.)"""
    found = [Visit(name, url) for name, url in OWN_PAGES.get(persona, [])]
    if persona in ("outsider", "anonymous"):
        return found
    for route in routes():
        if not opens(persona, route.name) or route.name in NOT_WALKED:
            continue
        url = samples.url(route) + query_string(route.name)
        if route.name not in _html:
            response = context.request.get(url)
            _html[route.name] = response.headers.get("content-type", "").startswith("text/html")
        if _html[route.name]:
            found.append(Visit(route.name, url))
    return found


@contextmanager
def signed_in(browser, live_server, persona: str, viewport: dict, **options):
    """A browser context (one tab) signed in as the persona through a session cookie."""
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport, base_url=live_server.url, **options
    )
    username = ACCOUNTS[persona]
    if username:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()
