"""The importer's journey in Chromium: upload, read the preview (a changed row, an error row), fix the file,
upload again, confirm, and find the figures on the indicator page."""

import pytest

from departments import roles
from indicators.models import Figure, Indicator
from tests.browser.conftest import login
from tests.conftest import PASSWORD, make_user
from tests.imports.conftest import LONG_HEADER, xlsx

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_upload_preview_fix_confirm(page, live_server, plan, screenshot, tmp_path):
    make_user("importer", roles.IMPORTER, "gxj", first_name="导入员")
    Figure.objects.create(
        indicator=Indicator.objects.get(number=4), year=2024, value="16.2", status=Figure.Status.RETURNED
    )
    title = ["2024年各部门指标完成情况汇总"]
    bad = tmp_path / "汇总.xlsx"
    bad.write_bytes(
        xlsx(
            [
                LONG_HEADER,
                [4, None, 2024, "全年", "16.9%", None, "海关口径核对后"],
                [1, None, 2024, "全年", "三十九点七", None, None],
            ],
            title_rows=title,
        )
    )
    login(page, live_server, "importer", PASSWORD)
    page.get_by_role("link", name="Excel 导入").click()
    page.get_by_label("Excel 文件").set_input_files(str(bad))
    screenshot("upload")
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_text("文件中有 1 处错误，没有导入任何数据。").wait_for()
    changed = page.locator("tr.row-changed")
    assert "16.2" in changed.inner_text() and "16.9" in changed.inner_text()
    error = page.locator("tr.row-error")
    assert "工作表 Sheet1 第 4 行 [完成值]：“三十九点七”不是有效的数字" in error.inner_text()
    assert page.get_by_role("button", name="确认导入", exact=False).count() == 0
    screenshot("preview-errors")

    fixed = tmp_path / "汇总（改）.xlsx"
    fixed.write_bytes(
        xlsx(
            [
                LONG_HEADER,
                [4, None, 2024, "全年", "16.9%", None, "海关口径核对后"],
                [1, None, 2024, "全年", "39.7", None, None],
            ],
            title_rows=title,
        )
    )
    page.get_by_label("Excel 文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并预览").click()
    confirm = page.get_by_role("button", name="确认导入（新增 1 条，修改 1 条）")
    confirm.wait_for()
    screenshot("preview-ok")
    confirm.click()
    page.get_by_text("已导入 汇总（改）.xlsx：新增 1 条，修改 1 条，未变 0 条").wait_for()
    screenshot("imported")

    page.goto(f"{live_server.url}/indicators/4/")
    assert "16.9" in page.content()
    assert "Excel 导入：汇总（改）.xlsx" in page.content()
    screenshot("indicator")
    page.goto(f"{live_server.url}/imports/history/")
    assert page.locator("table.batches tbody tr").count() == 2
    screenshot("history")
