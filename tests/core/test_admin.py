import hashlib
from io import BytesIO
from pathlib import Path

import import_export
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from departments.roles import COORDINATOR, REPORTER
from indicators.models import Category, Indicator
from tasks.models import Task
from tests.conftest import seed_plan
from tests.security.test_csp import inline_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    client.force_login(user)
    return client


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def export_xlsx(client, model, query=""):
    """POST the admin's export form as import-export 4 expects: resource index, format index, and the
    selectable field checkboxes named <resource>_<field>."""
    model_admin = admin.site._registry[model]
    resource = model_admin.resource_classes[0]
    data = {"resource": "0", "format": str(model_admin.get_export_formats().index(XLSX))}
    data |= {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export") + query
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX.CONTENT_TYPE
    return list(load_workbook(BytesIO(response.content)).active.values)


def test_every_changelist_opens(plan, admin_client):
    for model in admin.site._registry:
        assert admin_client.get(changelist_url(model)).status_code == 200, model


def test_change_and_import_pages_open(plan, admin_client):
    indicator = Indicator.objects.get(number=2)
    task = Task.objects.get(number="4.3")
    assert (
        admin_client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk])).status_code == 200
    )
    assert admin_client.get(reverse("admin:tasks_task_change", args=[task.pk])).status_code == 200
    assert admin_client.get(reverse("admin:indicators_indicator_import")).status_code == 200


def test_indicator_search_and_category_filter(plan, admin_client):
    response = admin_client.get(changelist_url(Indicator), {"q": "两化融合"})
    assert [i.name for i in response.context["cl"].result_list] == ["两化融合发展水平"]

    category = Category.objects.get(name="数实融合")
    response = admin_client.get(changelist_url(Indicator), {"category__id__exact": category.pk})
    shown = list(response.context["cl"].result_list)
    assert shown and {i.category_id for i in shown} == {category.pk}
    assert len(shown) == category.indicators.count()


def test_changelists_have_no_n_plus_one(plan, admin_client, django_assert_max_num_queries):
    for model in (Indicator, Task):
        with django_assert_max_num_queries(15):
            assert admin_client.get(changelist_url(model)).status_code == 200


def test_coordinator_views_but_cannot_add_or_import(plan, coordinator_client):
    assert coordinator_client.get(changelist_url(Indicator)).status_code == 200
    assert coordinator_client.get(reverse("admin:indicators_indicator_add")).status_code == 403
    assert coordinator_client.get(reverse("admin:indicators_indicator_import")).status_code == 403
    assert coordinator_client.get(reverse("admin:indicators_indicator_export")).status_code == 200


def test_staff_without_view_permission_cannot_export(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", password="x", is_staff=True))
    assert client.get(reverse("admin:indicators_indicator_export")).status_code == 403


def test_non_staff_user_gets_the_applications_refusal(client, django_user_model):
    reporter = django_user_model.objects.create_user("reporter", password="x")
    reporter.groups.add(Group.objects.get(name=REPORTER))  # without a role the admin is refused outright
    client.force_login(reporter)
    response = client.get(changelist_url(Indicator))
    assert response.status_code == 403
    assert "系统管理仅限系统管理员使用" in response.content.decode()


def test_indicator_export_has_chinese_headers(plan, admin_client):
    header, *rows = export_xlsx(admin_client, Indicator, "?numbered=yes")
    assert header[:9] == (
        "规划",
        "代码",
        "序号",
        "指标",
        "单位",
        "标记",
        "一级指标",
        "基数",
        "基数（原文）",
    )
    assert header[-1] == "责任部门"
    assert len(rows) == 18
    first = rows[0]
    assert first[:4] == ("mfg2023", "1", 1, "规上制造业全员劳动生产率")
    assert first[6] == "质量效益" and first[7] == pytest.approx(39.1)


def test_export_escapes_formula_text(plan, admin_client):
    Category.objects.create(plan=seed_plan(), name="=1+1", sort_order=99)
    header, *rows = export_xlsx(admin_client, Category)
    assert header == ("规划", "名称", "排序")
    assert ("mfg2023", "'=1+1", 99) in rows
    assert ("mfg2023", "质量效益", 1) in rows  # numbers stay numbers


def test_export_page_needs_no_inline_code(plan, admin_client):
    """django-import-export's own export page has an inline onchange handler and style attributes, which the
    Content-Security-Policy refuses; templates/admin/import_export/export.html overrides it."""
    html = admin_client.get(reverse("admin:indicators_figure_export")).content.decode()
    assert inline_code(html) == []
    assert 'class="select-toggle"' in html and "js/admin_export.js" in html


def test_export_override_was_copied_from_the_installed_package():
    """The override copies the package's content block: a new django-import-export whose export page differs
    must be compared with it (then update this hash)."""
    upstream = Path(import_export.__file__).parent / "templates" / "admin" / "import_export" / "export.html"
    digest = hashlib.sha256(upstream.read_bytes()).hexdigest()
    assert digest == "cb62034e5ac6a50108a7d1a325348e08aacaabc9835960ce03baabcd48c005e8"
