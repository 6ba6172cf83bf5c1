"""Every URL of the URLconf × every persona × GET and POST [ASVS 8.2.1, 8.2.2].

The URLs are found by walking the URLconf, so a new page is covered as soon as it exists: it must get a row in
EXPECTED (a new URL without one fails here) and, if it takes arguments, a sample in conftest.Samples.

Anonymous requests are always sent to the login page (except the login page itself), or for the API (api:…),
refused with a 401 JSON answer: a machine cannot follow a login form. The 政务公开 pages (public:…) are the one
exception: anyone reads them (GET only) — the samples publish the plan's 2024, the sample figure's year, whose
submitted figure those pages must not show (tests/public). A signed-in account
without any role (the outsider) gets 403 everywhere except login and logout. A persona with a role gets the
status written in EXPECTED, or else a refusal (403, 404 or 405) that changes nothing. No request gives a
500. Each request runs in a savepoint rolled back afterwards, so one persona's action does not change what the
next URL sees.
"""

import traceback
from functools import cache

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.imports.conftest import LONG_HEADER, xlsx
from tests.plans.sheets import workbook_bytes
from tests.security.conftest import ROLES, routes

pytestmark = pytest.mark.django_db

REFUSED = {403, 404, 405}
PUBLIC = {"login"}
# The 政务公开 pages: no login; GET for everyone, signed in or not, with a role or without.
PUBLIC_PAGES = {"public:index", "public:plan", "public:indicator", "public:xlsx", "public:csv"}
# departments.middleware.RoleRequiredMiddleware leaves an account without a role only the login page (which sends it
# home, to the refusal), logout and the public pages.
OPEN_WITHOUT_ROLE = {"login", "logout", *PUBLIC_PAGES}

# URL name → method → {persona: status it gets when allowed}; "*" is every persona with a role (and the
# outsider on the OPEN_WITHOUT_ROLE pages). A persona or method not listed must be refused. Read-only pages are
# GET only (tests/security/test_http_methods.py: POST gets 405).
READ = {"GET": {"*": 200}}
COORDINATOR_ACTION = {"POST": {"coordinator": 302}}
UPLOADERS = {"reporter_swj": 200, "reporter_gxj": 200, "coordinator": 200, "importer": 200}
EXPECTED = {
    "login": {"GET": {"*": 302}, "POST": {"*": 302}},  # already signed in: sent to the home page
    "logout": {"POST": {"*": 302}},
    "password_change": {"GET": {"*": 200}, "POST": {"*": 200}},  # the matrix posts no passwords: form errors
    "password_change_done": READ,
    "home": READ,
    "plan": READ,
    "dashboard": READ,
    "report_download": READ,
    "bulletin_download": READ,
    "department_detail": READ,
    "indicator_detail": READ,
    "indicator_detail_code": READ,
    # The sample figure (indicator 4, 2024) is submitted: locked for everyone, its department included.
    "entry": READ,
    "entry_preview": {"POST": {"*": 200}},  # evaluates the value being typed, saves nothing
    # 2024 上半年 of indicator 4 has no figure yet: 市商务局, which leads the indicator, may save a draft.
    "entry_period": {"GET": {"*": 200}, "POST": {"reporter_swj": 302}},
    "entry_period_preview": {"POST": {"*": 200}},
    # 批量填报 is the reporters' page; a POST carrying no row changes nothing and goes back to the page.
    "batch_entry": {
        "GET": {"reporter_swj": 200, "reporter_gxj": 200},
        "POST": {"reporter_swj": 302, "reporter_gxj": 302},
    },
    "batch_entry_period": {
        "GET": {"reporter_swj": 200, "reporter_gxj": 200},
        "POST": {"reporter_swj": 302, "reporter_gxj": 302},
    },
    "figure_comment": {"POST": {"reporter_swj": 302, "coordinator": 302}},
    "review_queue": {"GET": {"coordinator": 200}},
    "quality": {"GET": {"coordinator": 200}},
    "review_bulk_approve": COORDINATOR_ACTION,
    "figure_approve": COORDINATOR_ACTION,
    "figure_return": COORDINATOR_ACTION,
    "figure_reopen": COORDINATOR_ACTION,
    "target_adjust": COORDINATOR_ACTION,
    "target_assign": COORDINATOR_ACTION,
    "target_judge": COORDINATOR_ACTION,
    "deadlines": {"GET": {"coordinator": 200}, "POST": {"coordinator": 302}},
    "reminders": {"GET": {"coordinator": 200}, "POST": {"coordinator": 302}},  # POST sends the 催报 emails
    # Reporters upload for the indicators their department leads; leaders only export.
    "imports:index": {
        "GET": {**UPLOADERS, "leader": 200},
        "POST": {role: 302 for role in UPLOADERS},
    },
    "imports:history": {"GET": UPLOADERS},
    "imports:template": {"GET": UPLOADERS},
    "imports:export_figures": {"GET": {"coordinator": 200, "leader": 200, "importer": 200}},
    # The sample upload is the importer's: only they confirm it; the coordinator sees every upload.
    "imports:batch": {"GET": {"coordinator": 200, "importer": 200}},
    "imports:confirm": {"POST": {"importer": 302}},
    "imports:batch_file": {"GET": {"coordinator": 200}},
    # Every role reads the plan list; only the coordinator loads a plan. Without an upload in the session the
    # preview and the confirmation send the coordinator back to the upload form.
    "plans:list": READ,
    "plans:load": {"GET": {"coordinator": 200}, "POST": {"coordinator": 302}},
    "plans:load_preview": {"GET": {"coordinator": 302}},
    "plans:load_confirm": {"POST": {"coordinator": 302}},
    "plans:load_choose": {"POST": {"coordinator": 302}},
    "plans:assessment": READ,
    "plans:assessment_xlsx": READ,
    "plans:assessment_docx": READ,
    "plans:close": COORDINATOR_ACTION,
    "task_tree": READ,
    "task_detail": READ,
    "task_export": READ,
    "task_report_queue": {"GET": {"coordinator": 200}},  # task reports waiting for 采纳
    "task_report_accept": COORDINATOR_ACTION,
    "task_report_return": COORDINATOR_ACTION,
    # Task 4.3 lists 市工信局: its reporter writes the unit's 2025 annual report (400 if the form wants more).
    "task_report": {"GET": {"reporter_gxj": 200}, "POST": {"reporter_gxj": (302, 400)}},
    # Every unit that reports on tasks files a period's reports on one page (nothing typed: nothing saved).
    "task_report_batch": {
        "GET": {"reporter_swj": 200, "reporter_gxj": 200},
        "POST": {"reporter_swj": 302, "reporter_gxj": 302},
    },
    # The read-only API (api/): every role reads it as its pages show it; no write method.
    # 考核: the coordinator and leaders read the table and its .xlsx; only the coordinator adjusts a score.
    "scores:index": {"GET": {"coordinator": 200, "leader": 200}},
    "scores:export": {"GET": {"coordinator": 200, "leader": 200}},
    "scores:adjust": COORDINATOR_ACTION,
    "api:plans": READ,
    "api:plan": READ,
    "api:indicators": READ,
    "api:standings": READ,
    "api:figures": READ,
    "api:tasks": READ,
    "api:schema": READ,
    "api:docs": READ,
    # 督办 (supervision/): the sample notice goes to 市商务局. Its reporters, the coordinator and leaders read it; a
    # unit sees only its own; only the coordinator issues, escalates, accepts and returns. Issuing needs a red item
    # (?item=): without one it is not found. The sample is unanswered: 办结 and 退回 refuse with a message.
    "supervision:index": {
        "GET": {"reporter_swj": 200, "reporter_gxj": 200, "coordinator": 200, "leader": 200}
    },
    "supervision:issue": {},
    "supervision:escalate": COORDINATOR_ACTION,
    "supervision:detail": {
        "GET": {"reporter_swj": 200, "coordinator": 200, "leader": 200},
        "POST": {"reporter_swj": 302},
    },
    "supervision:docx": {"GET": {"reporter_swj": 200, "coordinator": 200, "leader": 200}},
    "supervision:accept": COORDINATOR_ACTION,
    "supervision:return": COORDINATOR_ACTION,
    # 政务公开 (public/): read by anyone; the coordinator publishes and withdraws a year (the sample posts 2024,
    # already published: withdrawn, or refused with a message — a redirect to the plan page either way).
    **dict.fromkeys(PUBLIC_PAGES, READ),
    "publications:publish": COORDINATOR_ACTION,
    "publications:withdraw": COORDINATOR_ACTION,
    # 领导驾驶舱 (screen/): leaders and the coordinator.
    "screen:screen": {"GET": {"coordinator": 200, "leader": 200}},
    "screen:panel": {"GET": {"coordinator": 200, "leader": 200}},
}
API = "api:"


def query_string(name: str) -> str:
    return {"imports:template": "?year=2024"}.get(name, "")


@cache
def upload_bytes(kind: str) -> bytes:
    """The content of a plausible upload, built once: the matrix and the fuzz post one with thousands of
    requests (each still gets a file object of its own)."""
    if kind == "figures":
        return xlsx([LONG_HEADER, [4, "", 2023, "全年", "16.3", None, ""]])
    return workbook_bytes()


def post_data(name: str, samples) -> dict:
    """A plausible form for each action, so an allowed persona really acts and a refused one is refused
    for who they are, not for a malformed request."""
    version = samples.figure.version
    return {
        "login": {"username": "alice", "password": "wrong-password"},
        "entry": {"value": "17", "version": version, "save": "1"},
        "entry_preview": {"value": "16", "version": version},
        "entry_period": {"value": "8", "version": 0, "save": "1"},
        "entry_period_preview": {"value": "8", "version": 0},
        "figure_comment": {"text": "请核对统计口径"},
        "review_bulk_approve": {"figure_ids": [samples.figure.pk]},
        "figure_approve": {"version": version},
        "figure_return": {"reason": "请核对", "version": version},
        "figure_reopen": {"reason": "更正", "version": version},
        "target_adjust": {"value": "16", "reason": "外部环境变化"},
        "deadlines": {"year": 2024, "period": "year", "due_date": "2025-01-31"},
        "imports:index": {"file": SimpleUploadedFile("填报.xlsx", upload_bytes("figures"))},
        "plans:load": {"file": SimpleUploadedFile("附件.xlsx", upload_bytes("plan")), "code": "mfg2026"},
        "task_report_accept": {"version": samples.report.version},
        "task_report_return": {"reason": "请补充数据", "version": samples.report.version},
        "task_report": {"progress": "推进顺利。", "version": 0, "save": "1"},
        "scores:adjust": {"year": 2024, "department": "swj", "points": "1", "reason": "专项工作突出"},
        "supervision:detail": {"version": samples.notice.version, "rectification": "已整改。", "save": "1"},
        "supervision:accept": {"version": samples.notice.version},
        "supervision:return": {"version": samples.notice.version, "reason": "请补充"},
        "publications:publish": {"year": 2024},
        "publications:withdraw": {"year": 2024},
    }.get(name, {})


def snapshot() -> dict:
    """Every row of the project's own tables (plan, users, figures, targets, deadlines, uploads, task
    reports and all their history)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for label in ("departments", "indicators", "imports", "tasks", "scores", "supervision", "public")
        for model in apps.get_app_config(label).get_models()
    }


def expected_status(name: str, method: str, role: str):
    allowed = EXPECTED[name].get(method, {})
    return allowed.get(role, allowed.get("*"))


def test_every_url_has_expectations():
    missing = sorted({r.name for r in routes()} - set(EXPECTED))
    assert not missing, f"新的 URL 需要在 EXPECTED 中写明各角色的预期：{missing}"
    stale = sorted(set(EXPECTED) - {r.name for r in routes()})
    assert not stale, f"EXPECTED 中这些 URL 已不存在：{stale}"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, method, samples, client_as):
    problems = []
    for route in routes():
        url = samples.url(route) + query_string(route.name)
        client = client_as(role)
        with transaction.atomic():
            before = snapshot()
            try:
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, post_data(route.name, samples))
            except Exception:
                problems.append(f"{method} {url}：异常\n{traceback.format_exc(limit=-3)}")
                transaction.set_rollback(True)
                continue
            changed = snapshot() != before
            transaction.set_rollback(True)
        status = response.status_code
        where = f"{role} {method} {url}（{route.name}）"
        if status >= 500:
            problems.append(f"{where}：{status}")
        elif role == "anonymous" and route.name.startswith(API):
            if status != 401 or changed:
                problems.append(f"{where}：未登录访问数据接口应为 401，实际 {status}")
        elif role == "anonymous" and route.name in PUBLIC_PAGES:
            allowed = expected_status(route.name, method, role)
            if (status != allowed if allowed else status not in REFUSED) or changed:
                problems.append(f"{where}：公开页应为 {allowed or '拒绝'} 且不改动数据，实际 {status}")
        elif role == "anonymous" and route.name not in PUBLIC:
            if status != 302 or not response["Location"].startswith("/accounts/login/"):
                problems.append(f"{where}：应转到登录页，实际 {status}")
            elif changed:
                problems.append(f"{where}：未登录却改动了数据")
        elif role == "anonymous":
            if status != 200 or changed:
                problems.append(f"{where}：登录页应为 200 且不改动数据，实际 {status}")
        elif role == "outsider" and route.name not in OPEN_WITHOUT_ROLE:
            if status != 403 or changed:
                problems.append(f"{where}：无角色账号应为 403 且不改动数据，实际 {status}")
        elif (allowed := expected_status(route.name, method, role)) is not None:
            if status not in (allowed if isinstance(allowed, tuple) else (allowed,)):
                problems.append(f"{where}：应为 {allowed}，实际 {status}")
        elif status not in REFUSED:
            problems.append(f"{where}：应被拒绝（403/404/405），实际 {status}")
        elif changed:
            problems.append(f"{where}：被拒绝（{status}）却改动了数据")
    assert not problems, "\n".join(problems)
