"""Issue 15 in the browser: the coordinator downloads the 通报 (Word) and the appendix table (Excel) from the
dashboard and both open as the finished documents."""

import openpyxl
import pytest
from django.utils import timezone
from docx import Document

from departments.models import User
from departments.services import demo_accounts_create
from indicators.dashboard import dashboard_build
from indicators.demo import demo_figures_create
from tests.browser.conftest import login
from tests.conftest import seed_plan

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_downloads_the_bulletin_and_the_appendix(page, live_server, plan, tmp_path, screenshot):
    demo_accounts_create(password="jiangyin2025")
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))

    login(page, live_server, "coordinator", "jiangyin2025")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    screenshot("dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载通报（Word）").click()
    assert download.value.suggested_filename == "关于2024年制造强市建设主要指标完成情况的通报.docx"
    path = tmp_path / "通报.docx"
    download.value.save_as(path)
    document = Document(path)
    assert [p.text for p in document.paragraphs if p.style.name == "公文标题"][:2] == [
        "关于2024年制造强市建设",
        "主要指标完成情况的通报",
    ]
    counts = dashboard_build(plan=seed_plan(), year=2024, period="year", today=timezone.localdate()).counts
    overall = next(p.text for p in document.paragraphs if p.text.startswith("2024年，18项主要指标中"))
    assert f"已达标{counts['已达标']}项" in overall and f"尚有{counts['未报送']}项未报送" in overall
    assert len(document.tables[0].rows) == 19

    with page.expect_download() as download:
        page.get_by_role("link", name="导出附件表（Excel）").click()
    assert download.value.suggested_filename == "制造强市建设主要指标完成情况（2024年）.xlsx"
    path = tmp_path / "附件.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path)["指标完成情况"]
    assert sheet["A1"].value == "制造强市建设主要指标完成情况（2024年）"
    assert "A4:A5" in {str(r) for r in sheet.merged_cells.ranges}  # 质量效益
    assert [c.value for c in sheet[3]][-5:] == ["评价", "说明", "原因类别", "整改措施", "预计赶上"]
