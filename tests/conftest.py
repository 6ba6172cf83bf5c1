"""Shared fixtures: the plan loaded from fixtures/, and named personas for permission tests (healthchecks style)."""

import io
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

from core import freshness
from departments import roles
from departments.models import Department, User
from departments.services import demo_accounts_create
from indicators import standings
from indicators.demo import demo_figures_create
from indicators.models import Category, Indicator, IndicatorDepartment, Target
from plans.models import Plan
from tasks.models import Chapter, Task, TaskUnit

SEED_PLAN = "mfg2023"

PASSWORD = "test-password-2025"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s a login; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    # django-axes counts failed logins and wants a request in authenticate(); tests/security turns it back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    # Each test's rolled-back writes can leave the next test's data with the same stamp (ids are reused).
    standings.standings_forget()
    freshness.forget()
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the plan once into the test database, through the same command an administrator runs."""
    with django_db_blocker.unblock():
        call_command("load_plan", stdout=io.StringIO())


def _empties_database(item) -> bool:
    database = item.get_closest_marker("django_db")
    transactional = database is not None and database.kwargs.get("transaction", False)
    return transactional or item.get_closest_marker("browser") is not None


def _cost(item) -> int:
    """A rough weight of a test, for ordering the files: a browser test (a walk of pages in Chromium, a
    transactional database that is emptied and refilled) costs about a hundred ordinary tests."""
    if item.get_closest_marker("browser") is not None:
        return 100
    return 10 if _empties_database(item) else 1


# The suite runs twice in CI, on SQLite and on PostgreSQL (.ci/run). On PostgreSQL two kinds of test are
# skipped, each with its reason in the skip: what touches no database at all (a pure rule, a file parser, the
# sandbox) runs the same code on both, so once is enough; and the browser tests, which check what Chromium shows
# and does (layout, scripts, CSP, axe, the phone), run on SQLite only — the views under them run on both
# databases in the HTTP tests, and the two journeys that write through the browser (a figure, an import) run on
# PostgreSQL as well, as the end-to-end check that the live server works on it.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}
BROWSER_ON_POSTGRESQL = ("tests/browser/test_figure_journey.py", "tests/browser/test_import_journey.py")
NO_DATABASE = "不访问数据库的测试只在 SQLite 一轮运行（两种数据库上执行的是同一段代码）"
BROWSER_ONCE = (
    "浏览器测试只在 SQLite 一轮运行：它们检查 Chromium 中的显示与交互，其下的视图由 HTTP 测试在两种数据库上覆盖；"
    "填报与导入两条写入旅程在 PostgreSQL 上也运行"
)


def _postgresql_skip(item) -> str | None:
    """Why the PostgreSQL run skips this test, or None."""
    if item.get_closest_marker("browser") is not None:
        return None if item.nodeid.startswith(BROWSER_ON_POSTGRESQL) else BROWSER_ONCE
    if item.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(item.fixturenames):
        return NO_DATABASE
    return None


def pytest_collection_modifyitems(items):
    from django.db import connection

    if connection.vendor == "postgresql":
        for item in items:
            if reason := _postgresql_skip(item):
                item.add_marker(pytest.mark.skip(reason=reason))
    # The costliest files first, each file's tests kept together and in order: pytest-xdist (make test runs it
    # with --dist loadfile --no-loadscope-reorder) hands out whole files in this order, so the long browser
    # walks start at once on the workers and the many short files fill in behind them, instead of a browser
    # file starting last and running alone at the end. The database a transactional test empties gets its plan
    # back before the next test that is not transactional (pytest_runtest_setup below).
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    ordered = sorted(
        files.values(), key=lambda tests: -sum(map(_cost, tests))
    )  # stable: ties keep their order
    items[:] = [item for tests in ordered for item in tests]


# Files whose tests pytest-xdist may hand out one by one to different workers (`--dist loadfile` otherwise keeps
# a file on one worker): each test is long and sets up what it needs itself, nothing is shared by the module
# (the request fuzz: one URL a test; the browser walk: one persona a test, each building its own site).
SPLIT_FILES = ("tests/security/test_request_fuzz.py", "tests/browser/test_walk.py")


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LoadFileOrSplit(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid if nodeid.startswith(SPLIT_FILES) else super()._split_scope(nodeid)

    return LoadFileOrSplit(config, log)


_emptied = False  # whether a transactional test has emptied the database since the plan was last loaded


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Before a test that is not transactional (and before its fixtures): if a transactional test emptied the
    database, load the plan back, committed, as django_db_setup did once — so it is not reloaded (and rolled
    back) inside every later test that asks for `plan`."""
    global _emptied
    if _emptied and not _empties_database(item) and not item.get_closest_marker("skip"):
        with item.config.stash[blocking_manager_key].unblock():
            if not Indicator.objects.exists():
                call_command("load_plan", stdout=io.StringIO())
        _emptied = False
    outcome = yield
    item.stash[_set_up] = outcome.excinfo is None  # a skipped test never touched the database


_set_up = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    global _emptied
    yield
    if _empties_database(item) and item.stash.get(_set_up, False):
        _emptied = True


@pytest.fixture
def plan(db):
    """The whole plan; reloaded when a transactional test has emptied the database."""
    if not Indicator.objects.exists():
        call_command("load_plan", stdout=io.StringIO())


@contextmanager
def shared_by_module(django_db_blocker):
    """For a module-scoped fixture: what it writes inside this block is shared by the module's tests and
    rolled back after the last one. Each test still runs in a savepoint of its own inside it (pytest-django's
    db), so what one test changes is undone before the next. Only for modules without transactional tests."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        if not Indicator.objects.exists():
            call_command("load_plan", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo accounts and figures, built once for the module that asks for them (each test's own writes are
    rolled back after it). A module may define its own `demo` instead."""
    with shared_by_module(django_db_blocker):
        demo_accounts_create(password="x")
        demo_figures_create(coordinator=User.objects.get(username="coordinator"))
        yield


@pytest.fixture
def empty_plan(db):
    """A database without the plan (rolled back after the test), for loading it from scratch."""
    Department.objects.update(parent=None)
    for model in (
        TaskUnit,
        Task,
        Chapter,
        Target,
        IndicatorDepartment,
        Indicator,
        Category,
        Plan,
        Department,
    ):
        model.objects.all().delete()
    for model in (Target, Indicator):
        model.history.all().delete()


def seed_plan() -> Plan:
    """The seed plan 《江阴制造强市建设工作任务》 as load_plan loads it from fixtures/."""
    return Plan.objects.get(code=SEED_PLAN)


# Accounts as if opened before the seed plan's first report period: a unit owes task reports only for periods
# that end after its first account was created (tasks/owed.py), and tests set `today` to dates long past.
OPENED = datetime(2023, 12, 15, 9, tzinfo=UTC)


def make_user(username: str, role: str | None, department_code: str | None = None, **extra) -> User:
    extra.setdefault("date_joined", OPENED)
    department = Department.objects.get(code=department_code) if department_code else None
    user = User.objects.create_user(username, password=PASSWORD, department=department, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter_swj(plan):
    """A reporter of 市商务局 (leads indicator 4)."""
    return make_user("alice", roles.REPORTER, "swj")


@pytest.fixture
def reporter_gxj(plan):
    """A reporter of 市工信局 (leads most indicators)."""
    return make_user("bob", roles.REPORTER, "gxj")


@pytest.fixture
def coordinator(plan):
    return make_user("charlie", roles.COORDINATOR, "gxj", is_staff=True)


@pytest.fixture
def leader(plan):
    return make_user("diana", roles.LEADER)


@pytest.fixture
def importer(plan):
    return make_user("erin", roles.IMPORTER, "gxj")


@pytest.fixture
def outsider(plan):
    """Signed in, but with no role and no department."""
    return make_user("mallory", None)
