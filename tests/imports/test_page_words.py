"""Words that agree: a page is called what its menu item says, and the import help names the template's columns."""

import re

import pytest
from django.test import Client

from imports.exports import TemplateExporter

pytestmark = pytest.mark.django_db


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def menu_item(html: str, url: str) -> str:
    return re.search(rf'<a href="{url}"[^>]*>([^<]+)', html).group(1).strip()


def heading(html: str) -> str:
    return re.search(r"<h1>([^<]+)", html).group(1).strip()


def test_the_leaders_menu_and_page_both_say_export(leader):
    html = page(leader, "/imports/")
    assert menu_item(html, "/imports/") == heading(html) == "Excel 导出"
    assert "<title>Excel 导出" in html


def test_the_importers_menu_and_page_both_say_import(importer):
    html = page(importer, "/imports/")
    assert menu_item(html, "/imports/") == heading(html) == "Excel 导入"


def test_the_batch_breadcrumb_is_called_like_the_menu(reporter_swj):
    html = page(reporter_swj, "/entry/2024/batch/year/")
    crumbs = html.split('<p class="crumbs">')[1].split("</p>")[0]
    assert "我的待办" in crumbs and "我的填报" not in html
    assert menu_item(html, "/").startswith("我的待办")


def test_the_import_help_names_every_column_of_the_template(importer):
    help_text = page(importer, "/imports/").split("<h2>下载填报模板</h2>")[1].split("</p>")[0]
    assert "三列" not in help_text
    assert f"{len(TemplateExporter.INPUTS)} 列" in help_text
    assert all(f"“{name}”" in help_text for name in TemplateExporter.INPUTS)
