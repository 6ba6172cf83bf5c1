"""Dashboard and report cost as the plan grows: 18 indicators vs 1,000 indicators × 10 years of figures.

Prints ratios against the 18-indicator baseline measured in the same run (machines are noisy), and the
query counts, which must not grow. Uses its own throwaway SQLite database.

    .venv/bin/python benchmarks/dashboard_bench.py [--indicators 1000] [--repeat 5]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangyin_mfg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

YEARS = range(2016, 2026)


def grow(total: int) -> None:
    """Add generated indicators up to `total`, each with targets, a lead department and 10 years of figures."""
    from departments.models import Department
    from indicators.models import Category, Figure, Indicator, IndicatorDepartment, Target

    categories = list(Category.objects.filter(plan__baseline_year=2022))  # the seed plan's (2023—2025)
    departments = list(Department.objects.filter(kind="委办局"))
    existing = Indicator.objects.main().count()
    new = [
        Indicator(
            plan_id=categories[i % len(categories)].plan_id,
            number=1000 + i,
            code=f"g{i}",
            category=categories[i % len(categories)],
            name=f"生成指标{i}",
            unit="%",
        )
        for i in range(total - existing)
    ]
    Indicator.objects.bulk_create(new, batch_size=500)
    IndicatorDepartment.objects.bulk_create(
        [
            IndicatorDepartment(indicator=ind, department=departments[i % len(departments)], order=0)
            for i, ind in enumerate(new)
        ],
        batch_size=1000,
    )
    Target.objects.bulk_create(
        [
            Target(indicator=ind, year=y, value=Decimal(50), source_text="50")
            for ind in new
            for y in (2023, 2024, 2025)
        ],
        batch_size=2000,
    )
    Figure.objects.bulk_create(
        [
            Figure(indicator=ind, year=y, value=Decimal(40 + (i + y) % 20), status="approved")
            for i, ind in enumerate(new)
            for y in YEARS
        ],
        batch_size=2000,
    )


def measure(client: Client, url: str, repeat: int, *, cold: bool = False) -> tuple[float, int]:
    """Median time and queries of a GET; cold = the dashboard's cached standings and page dropped before each
    one, as after a change of the data."""
    from django.core.cache import cache

    from indicators.standings import standings_forget

    client.get(url)  # warm templates (and the standings)
    times = []
    for _ in range(repeat):
        if cold:
            standings_forget()
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_plan", stdout=io.StringIO())
    call_command("seed_demo", "--figures", stdout=io.StringIO())
    client = Client()
    client.force_login(
        __import__("departments.models", fromlist=["User"]).User.objects.get(username="coordinator")
    )
    urls = {
        "dashboard (cold)": ("/dashboard/?year=2024", True),
        "dashboard (warm)": ("/dashboard/?year=2024", False),
        "export_report": ("/reports/appendix.xlsx?year=2024", False),
        "department page": ("/departments/gxj/", False),
    }
    settings.DEBUG = False  # as in production: no query log kept (the query counts come from the capture)
    small = {name: measure(client, url, args.repeat, cold=cold) for name, (url, cold) in urls.items()}
    grow(args.indicators)
    large = {name: measure(client, url, args.repeat, cold=cold) for name, (url, cold) in urls.items()}

    print(f"{'page':<18} {'18 indicators':>14} {args.indicators:>6} indicators {'ratio':>7} {'queries':>9}")
    for name in urls:
        (t_small, q_small), (t_large, q_large) = small[name], large[name]
        print(
            f"{name:<18} {t_small * 1000:>11.1f} ms {t_large * 1000:>13.1f} ms {t_large / t_small:>6.1f}× "
            f"{q_small:>4} → {q_large}"
        )
    print(f"(per-indicator baseline ratio = {args.indicators / 18:.0f}×; goal for the dashboard: < 10×)")
    print("cold: the standings recomputed on every request (after any data change); warm: reused while the")
    print("data stamp holds (repeated views), the stamp checked with one query.")


if __name__ == "__main__":
    main()
