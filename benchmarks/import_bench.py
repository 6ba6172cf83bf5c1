"""Excel import benchmark: 10,000 figure rows (1,000 indicators × 10 years) in a throwaway database.

    .venv/bin/python benchmarks/import_bench.py [--indicators 1000] [--years 10] [--postgres [URL]]

Prints, in one run: the bare python-calamine parse of the file, our dry run (read → validate → plan) and
our commit (preview stored + import_confirm with bulk writes and history), the floor — what any import that
keeps the hostile-file checks and a history row per figure must do: the sandboxed check-and-parse, then the rows
written as they are with their history — a django-import-export ModelResource import of the same rows with
its defaults, the ratios between them and the peak RSS. Each of ours runs three times, interleaved with the
bare parse, and the medians are compared (the machines are noisy).
Goals: our commit ≤ 4× the bare parse (#16; unreachable while the floor alone is more — the floor line shows
it), and ≥ 10× faster than import-export's default.

Runs as production does: DEBUG is switched off after setup, so neither side pays for the debug cursor that
records every query, and the heap loaded so far is frozen out of the collector's sight (gunicorn.conf.py). The database is a SQLite file, or with --postgres a new PostgreSQL database (created
through the admin URL, default postgres://postgres@127.0.0.1:5432/postgres) dropped afterwards.
"""

import argparse
import gc
import io
import os
import resource
import statistics
import sys
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE = Path(f"/tmp/import_bench_{os.getpid()}.sqlite3")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REPEAT = 3
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangyin_mfg.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def database_create(admin_url: str | None) -> str:
    """A new empty database; its DATABASE_URL."""
    if not admin_url:
        SQLITE.unlink(missing_ok=True)
        return f"sqlite:///{SQLITE}"
    import psycopg

    name = f"jiangyin_import_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgres", path=f"/{name}"))


def database_drop(admin_url: str | None, url: str) -> None:
    if not admin_url:
        for suffix in ("", "-wal", "-shm"):  # WAL mode's companions stay if the run died with the file open
            SQLITE.with_name(SQLITE.name + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_database(url: str):
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # as in production: no debug cursor recording every query
    call_command("migrate", verbosity=0)


def make_plan(indicators: int, years: range):
    """A plan over `years` of `indicators` numbered indicators led by one department, and an importer account."""
    from django.contrib.auth.models import Group

    from departments import roles
    from departments.models import Department, User
    from indicators.models import Category, Indicator, IndicatorDepartment
    from plans.models import Plan

    roles.roles_sync()
    plan = Plan.objects.create(
        code="bench", name="基准规划", short_name="基准", baseline_year=years[0] - 1, target_years=list(years)
    )
    department = Department.objects.create(code="bench", name="市基准局", short_name="基准局", kind="委办局")
    category = Category.objects.create(plan=plan, name="基准", sort_order=1)
    Indicator.objects.bulk_create(
        Indicator(
            plan=plan, number=n, code=str(n), category=category, name=f"基准指标{n}", unit="%", precision=1
        )
        for n in range(1, indicators + 1)
    )
    IndicatorDepartment.objects.bulk_create(
        IndicatorDepartment(indicator=i, department=department, order=0) for i in Indicator.objects.all()
    )
    user = User.objects.create_user("bench-importer", department=department)
    user.groups.add(Group.objects.get(name=roles.IMPORTER))
    return user


def make_file(indicators: int, years: range) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("基准局")
    ws.append(["2016—2025年基准数据"])
    ws.append(["序号", "指标", "年度", "期间", "完成值", "排名", "说明", "责任部门", "状态"])
    for year in years:
        for n in range(1, indicators + 1):
            note = "按统计快报" if n % 3 == 0 else None
            ws.append(
                [
                    n,
                    f"基准指标{n}",
                    year,
                    "全年",
                    round(30 + n / 7 + year % 10, 1),
                    None,
                    note,
                    "市基准局",
                    "",
                ]
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def seconds_of(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def timed(label: str, results: dict, function):
    started = time.perf_counter()
    value = function()
    results[label] = time.perf_counter() - started
    return value


def bare_parse(data: bytes):
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]


def floor(user, data: bytes, years: range) -> float:
    """What any import must do that keeps #12's hostile-file checks and a history row per figure, with nothing
    else: the sandboxed check-and-parse of the upload, then the rows written as they are (core.bulk, as our
    commit writes) with their history copied — no validation, no plan, no preview, no locks. Seconds."""
    from django.db import transaction
    from django.utils import timezone

    from core import bulk
    from imports.files import read_upload
    from indicators.models import Figure, Indicator

    started = time.perf_counter()
    sheet = read_upload("bench.xlsx", data)[0]
    ids = dict(Indicator.objects.values_list("number", "id"))
    blank, now = bulk.defaults(Figure), timezone.now()
    rows = [
        {
            **blank,
            "indicator_id": ids[int(r[0])],
            "year": int(r[2]),
            "period": "year",
            "value": Decimal(str(r[4])),
        }
        | {"status": "submitted", "updated_by_id": user.pk, "updated_at": now, "submitted_at": now}
        for r in sheet.rows[2:]
    ]
    with transaction.atomic():
        bulk.insert(Figure, rows)
        written = [pk for (pk,) in bulk.select(Figure.objects.order_by(), ("pk",))]
        bulk.history_copy(Figure, written, history_type="+", user=user, reason="floor", date=now)
    seconds = time.perf_counter() - started
    assert Figure.objects.count() == len(rows) == Figure.history.count()
    Figure.objects.all().delete()
    Figure.history.all().delete()
    return seconds


def import_export_resource():
    from import_export import fields, resources, widgets

    from indicators.models import Figure, Indicator

    class PeriodWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return {"全年": "year", "一季度": "q1", "上半年": "h1", "前三季度": "q3"}[value]

    class FigureResource(resources.ModelResource):
        indicator = fields.Field(
            attribute="indicator", column_name="序号", widget=widgets.ForeignKeyWidget(Indicator, "number")
        )
        year = fields.Field(attribute="year", column_name="年度", widget=widgets.IntegerWidget())
        period = fields.Field(attribute="period", column_name="期间", widget=PeriodWidget())
        value = fields.Field(attribute="value", column_name="完成值", widget=widgets.DecimalWidget())
        explanation = fields.Field(attribute="explanation", column_name="说明")

        class Meta:
            model = Figure
            fields = ("indicator", "year", "period", "value", "explanation")
            import_id_fields = ("indicator", "year", "period")

    return FigureResource()


def timed_phases(user, data: bytes, years: range) -> dict:
    """The commit again, step by step: where the time goes."""
    from imports import layout, plan, services
    from imports.catalog import Catalog
    from imports.files import read_upload
    from imports.rows import Preview, Rows
    from imports.validate import table_validate

    phases = {}
    planned_on = plan.stamp(user)
    sheets = timed("读取（子进程中检查并解析）", phases, lambda: read_upload("bench.xlsx", data))

    def validate():
        rows, catalog = Rows(), Catalog.current()
        for sheet in sheets:
            table = layout.find_table(sheet)
            table_validate(table, catalog, list(years), rows)
        return rows

    rows = timed("校验（按列）", phases, validate)
    timed(
        "比对（含数据质量）", phases, lambda: plan.rows_plan(rows, user=user, figures=plan.figures_for(rows))
    )
    preview = Preview(rows, planned_on=planned_on)
    batch = timed(
        "保存预览",
        phases,
        lambda: services.batch_create(user=user, file_name="bench.xlsx", data=data, preview=preview),
    )
    timed("确认（复核并写入）", phases, lambda: services.import_confirm(user=user, batch_id=batch.pk))
    assert Rows.from_json(type(batch).objects.get(pk=batch.pk).rows).count("new") == len(rows)
    return phases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=ADMIN_URL,
        help=f"在新建的 PostgreSQL 库上测（管理连接，默认 {ADMIN_URL}）",
    )
    args = parser.parse_args()
    url = database_create(args.postgres)
    try:
        run(args, url)
    finally:
        database_drop(args.postgres, url)


def run(args, url: str):
    years = range(2026 - args.years, 2026)
    setup_database(url)
    from django.db import connection
    from tablib import Dataset

    from imports import services
    from indicators.models import Figure

    user = make_plan(args.indicators, years)
    data = make_file(args.indicators, years)
    rows = args.indicators * len(years)
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"文件：{rows} 行，{len(data) / 1024:.0f} KB；数据库：{database}")

    gc.collect()
    gc.freeze()  # as gunicorn.conf.py's post_worker_init does in each worker: collections skip the startup heap

    def cleared():
        Figure.objects.all().delete()
        Figure.history.all().delete()

    def commit():
        batch = services.import_preview(user=user, file_name="bench.xlsx", data=data, years=years)
        batch = services.import_confirm(user=user, batch_id=batch.pk)
        assert batch.new_count == rows and Figure.objects.count() == rows, batch.status
        assert Figure.history.count() == rows

    def dry_run():
        preview = services.preview_build(user=user, file_name="bench.xlsx", data=data, years=years)
        assert not preview.errors, preview.errors[:5]

    # The machine is shared and noisy: each step runs REPEAT times, interleaved, and its median counts.
    bare_parse(data)  # warm, like the others
    samples = {"bare": [], "dry_run": [], "commit": [], "floor": []}
    for _ in range(REPEAT):
        samples["bare"].append(seconds_of(lambda: bare_parse(data)))
        samples["dry_run"].append(seconds_of(dry_run))
        samples["commit"].append(seconds_of(commit))
        cleared()
        samples["floor"].append(floor(user, data, years))
    results = {name: statistics.median(values) for name, values in samples.items()}

    phases = timed_phases(user, data, years)
    cleared()
    header, *body = bare_parse(data)[0][1:]
    dataset = Dataset(*[r[:7] for r in body], headers=header[:7])
    result = timed(
        "import_export", results, lambda: import_export_resource().import_data(dataset, dry_run=False)
    )
    assert not result.has_errors() and Figure.objects.count() == rows

    connection.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare, ours, theirs = results["bare"], results["commit"], results["import_export"]
    print(f"calamine 直接解析：     {bare:8.3f} 秒")
    print(f"本系统试运行（预览）：   {results['dry_run']:8.3f} 秒（{results['dry_run'] / bare:.1f}× 解析）")
    print(f"本系统导入（预览+确认）：{ours:8.3f} 秒（{ours / bare:.1f}× 解析；目标 ≤ 4×）")
    least = results["floor"]
    print(
        f"下限（沙箱读取+原样写入）：{least:8.3f} 秒（{least / bare:.1f}× 解析；本系统为下限的 {ours / least:.1f}×）"
    )
    print(f"import-export 默认导入：{theirs:8.3f} 秒（本系统快 {theirs / ours:.1f}×；目标 ≥ 10×）")
    print(f"峰值内存（RSS）：       {peak:8.0f} MB")
    print("其中（逐步再测一次）：")
    for label, seconds in phases.items():
        print(f"  {label}：{seconds:.3f} 秒（{seconds / bare:.1f}× 解析）")


if __name__ == "__main__":
    main()
