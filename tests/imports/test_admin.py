"""The admin's figure import/export (django-import-export), kept modest: permission codes, department scope,
all-or-nothing, formula escaping."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook
from tablib import Dataset

from departments import roles
from indicators.admin import FigureResource
from indicators.models import Figure
from tests.conftest import make_user
from tests.imports.conftest import client_for, xlsx

pytestmark = pytest.mark.django_db
HEADER = ["指标代码", "年度", "期间", "完成值", "排名", "说明"]


def admin_import(client, data: bytes):
    model_admin = admin.site._registry[Figure]
    fmt = str(next(i for i, f in enumerate(model_admin.get_import_formats()) if issubclass(f, XLSX)))
    response = client.post(
        "/admin/indicators/figure/import/",
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile("f.xlsx", data)},
    )
    return response


def test_import_needs_the_change_permission(importer, admin_client):
    importer.is_staff = True
    importer.save()
    assert client_for(importer).get("/admin/indicators/figure/import/").status_code == 403
    assert admin_client.get("/admin/indicators/figure/import/").status_code == 200


def test_a_bad_row_rolls_the_whole_file_back(admin_user, make_figure):
    make_figure(number=4, year=2024, value="16.8", status=Figure.Status.APPROVED)
    resource = FigureResource()
    dataset = Dataset(headers=HEADER)
    dataset.append(["1", 2024, "year", "39.7", None, ""])
    dataset.append(["4", 2024, "year", "17", None, ""])
    result = resource.import_data(dataset, dry_run=False, user=admin_user, file_name="f.xlsx")
    assert result.has_validation_errors()
    assert Figure.objects.count() == 1 and Figure.objects.get().value == Decimal("16.8")


def test_scoped_to_the_users_department(plan, make_figure):
    make_figure(number=4, year=2024, value="16.8")
    make_figure(number=1, year=2024, value="39.7")
    reporter = make_user("swj-staff", roles.REPORTER, "swj", is_staff=True)
    reporter.user_permissions.add(*Permission.objects.filter(codename__in=["view_figure", "change_figure"]))
    client = client_for(reporter)
    page = client.get("/admin/indicators/figure/").content.decode()
    assert "高新技术产品出口额" in page and "规上制造业全员劳动生产率" not in page

    dataset = Dataset(headers=HEADER)
    dataset.append(["1", 2024, "year", "40", None, ""])
    result = FigureResource().import_data(dataset, dry_run=False, user=reporter, file_name="f.xlsx")
    assert result.has_validation_errors()
    assert Figure.objects.get(indicator__number=1).value == Decimal("39.7")


def test_imported_rows_are_submitted_imports_with_history(admin_client, admin_user, make_figure):
    response = admin_import(admin_client, xlsx([HEADER, ["1", 2024, "year", "39.7", None, "说明"]]))
    assert response.status_code == 200 and "确认导入" in response.content.decode()  # the confirm step
    dataset = Dataset(headers=HEADER)
    dataset.append(["1", 2024, "year", "39.7", None, "说明"])
    FigureResource().import_data(dataset, dry_run=False, user=admin_user, file_name="f.xlsx")
    figure = Figure.objects.get(indicator__number=1)
    assert (figure.status, figure.source, figure.source_file) == ("submitted", "import", "f.xlsx")
    assert figure.history.first().history_change_reason == "Excel 导入（系统管理）：f.xlsx"


def test_export_escapes_formulas(admin_client, make_figure):
    make_figure(number=4, year=2024, value="16.8", explanation="=1+1")

    model_admin = admin.site._registry[Figure]
    data = {"resource": "0", "format": str(model_admin.get_export_formats().index(XLSX))}
    data |= {f"figureresource_{name}": "on" for name in FigureResource().get_export_order()}
    response = admin_client.post("/admin/indicators/figure/export/", data)
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0] == tuple(HEADER + ["状态"])
    assert rows[1][5] == "'=1+1"
