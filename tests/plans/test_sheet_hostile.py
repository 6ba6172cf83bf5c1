"""A plan sheet is an upload like any other: it is read in the imports' sandbox (core.sandbox), so a file that
passes every pre-check yet makes openpyxl build objects for seconds and hundreds of megabytes is refused with the imports' text and a
jiangyin.security line — through load_plan and through /plans/load/ — and a lying zip header is named."""

import re

import pytest
from django.core.management import CommandError

from core import sandbox
from plans.models import Plan
from tests.imports import hostile
from tests.plans.conftest import load_sheet, row_counts
from tests.plans.sheets import CODE
from tests.plans.test_views import client_for, upload

pytestmark = pytest.mark.django_db


def security_log(caplog) -> list[str]:
    lines = [r.getMessage() for r in caplog.records if r.name == "jiangyin.security"]
    return [line for line in lines if line.startswith("文件读取中止")]


@pytest.fixture(scope="module")
def huge_styles() -> bytes:
    return hostile.plan_sheet_huge_styles(60_000)


def test_huge_styles_are_stopped_by_the_sandbox_in_the_command(plan, settings, caplog, tmp_path, huge_styles):
    caplog.set_level("INFO", logger="jiangyin.security")
    settings.IMPORT_SANDBOX_CPU_SECONDS = 1  # the 19.5 MB original took 6.8 s and 625 MB: stopped sooner here
    path = tmp_path / "十五五附件.xlsx"
    path.write_bytes(huge_styles)
    before = row_counts()
    with pytest.raises(CommandError, match=re.escape(sandbox.FILE_REFUSED)):
        load_sheet(path)
    assert row_counts() == before
    (line,) = security_log(caplog)
    assert f"file=十五五附件.xlsx size={len(huge_styles)} limit=cpu" in line


def test_huge_styles_are_stopped_by_the_sandbox_on_the_upload_page(
    coordinator, settings, caplog, huge_styles
):
    caplog.set_level("INFO", logger="jiangyin.security")
    settings.IMPORT_SANDBOX_CPU_SECONDS = 1
    client = client_for(coordinator)
    upload(client, huge_styles)
    html = client.get("/plans/load/preview/").content.decode()
    assert sandbox.FILE_REFUSED in html
    (line,) = security_log(caplog)
    assert line.startswith(f"文件读取中止 user={coordinator.username} ")
    assert "limit=cpu" in line
    assert not Plan.objects.filter(code=CODE).exists()


def test_a_lying_zip_header_is_named(plan, tmp_path):
    path = tmp_path / "十五五附件.xlsx"
    path.write_bytes(hostile.plan_sheet_false_declared_size())
    with pytest.raises(CommandError, match="十五五附件.xlsx：文件已损坏，无法读取"):
        load_sheet(path)


def test_a_reader_stuck_in_any_way_is_stopped(plan, settings, caplog, tmp_path, monkeypatch):
    """The wall clock: whatever the parser does, the command gets a refusal, not a hung worker."""
    from plans import sheet_file

    caplog.set_level("INFO", logger="jiangyin.security")
    settings.IMPORT_SANDBOX_WALL_SECONDS = 1
    monkeypatch.setattr(sheet_file, "_read_xlsx", lambda data: __import__("time").sleep(60))
    path = tmp_path / "十五五附件.xlsx"
    path.write_bytes(hostile.plan_sheet_false_declared_size())
    with pytest.raises(CommandError, match=re.escape(sandbox.FILE_REFUSED)):
        load_sheet(path)
    (line,) = security_log(caplog)
    assert "limit=time" in line
