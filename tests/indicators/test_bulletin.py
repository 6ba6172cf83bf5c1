"""The 通报 (issue 15): generated from the data through the command and the dashboard's download, opened with
python-docx, and checked against the dashboard's own counts."""

import io
import re
import shutil
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from core import wording
from departments import roles
from departments.models import User
from departments.services import demo_accounts_create
from indicators import services
from indicators.dashboard import dashboard_build
from indicators.demo import MISSING, demo_figures_create
from indicators.models import Figure, Indicator
from tests.conftest import make_user, seed_plan

pytestmark = pytest.mark.usefixtures("plan")
COUNTED = re.compile(r"(已达标|基本达标|力争未达|未达标|待评估|待审核)(\d+)项")


@pytest.fixture
def demo(db):
    demo_accounts_create(password="x")
    demo_figures_create(coordinator=User.objects.get(username="coordinator"))


def generate(tmp_path, *args) -> Document:
    path = tmp_path / "通报.docx"
    out = io.StringIO()
    call_command("export_bulletin", *args, "-o", str(path), stdout=out)
    generate.output = out.getvalue()
    return Document(path)


def texts(document, style: str | None = None) -> list[str]:
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def section_text(document, heading: str) -> str:
    """The paragraphs under a first-level heading, up to the next one."""
    lines, inside = [], False
    for p in document.paragraphs:
        if p.style.name == "一级标题":
            inside = p.text.endswith(heading)
            continue
        if inside:
            lines.append(p.text)
    return "\n".join(lines)


def board(year: int, period: str = "year"):
    return dashboard_build(plan=seed_plan(), year=year, period=period, today=timezone.localdate())


def test_counts_agree_with_the_dashboard(demo, tmp_path):
    document = generate(tmp_path, "--year", "2024")
    counts = board(2024).counts
    overall = section_text(document, "总体情况")
    written = {label: int(n) for label, n in COUNTED.findall(overall.splitlines()[0])}
    assert written == {s: n for s, n in counts.items() if n and s not in ("未报送", "未到期")}
    assert f"尚有{counts['未报送']}项未报送" in overall
    assert counts["未报送"] == len(MISSING)
    assert f"18项主要指标中，已达标{counts['已达标']}项" in overall
    assert "已生成2024年通报：18项指标" in generate.output


def test_laggards_with_department_explanation_remedy_and_catch_up(demo, tmp_path):
    document = generate(tmp_path, "--year", "2024")
    misses = [r for r in board(2024).rows if r.standing == "未达标"]
    headings = texts(document, "二级标题")
    assert len(headings) == len(misses) > 0
    for heading, row in zip(headings, sorted(misses, key=lambda r: r.indicator.number), strict=True):
        assert heading.endswith(f"{row.indicator.number}.{row.indicator.name}（责任部门：{row.lead.name}）")
    laggards = section_text(document, "未达标指标及整改措施")
    assert f"以下{len(misses)}项指标未达到2024年目标" in laggards
    assert laggards.count("说明：受外部需求波动影响，略低于目标。") == len(misses)
    assert laggards.count("原因类别：外部环境。") == len(misses)
    assert laggards.count("整改措施：加强监测调度，逐月跟踪重点企业，落实稳增长政策。") == len(misses)
    assert laggards.count("预计2025年赶上目标进度。") == len(misses)


def test_late_and_missing_departments_from_the_progress(demo, tmp_path):
    document = generate(tmp_path, "--year", "2024")
    reporting = section_text(document, "报送情况")
    missing = Indicator.objects.filter(number__in=MISSING).order_by("number")
    for indicator in missing:
        assert f"{indicator.number}.{indicator.name}（{indicator.lead.name}）" in reporting
    late = [p for p in board(2024).progress if p.overdue]
    assert late and all(f"{p.department.name}（逾期未报{p.overdue}项" in reporting for p in late)


def test_every_number_follows_the_data(demo, tmp_path):
    """Approve a corrected figure through the services: the document's words change with it."""
    before = generate(tmp_path, "--year", "2024")
    counts = board(2024).counts
    row = next(r for r in board(2024).rows if r.standing == "未达标")
    indicator, lead = row.indicator, row.lead
    figure = Figure.objects.get(indicator=indicator, year=2024, period="year")
    coordinator = User.objects.get(username="coordinator")
    reporter = make_user("fixer", roles.REPORTER, lead.code)
    services.figure_reopen(user=coordinator, figure_id=figure.pk, reason="更正")
    target = row.row.target.value
    value = (target * Decimal("1.5")).quantize(Decimal("0.01")) + Decimal("0.01")
    figure.refresh_from_db()
    services.figure_save(
        user=reporter,
        indicator=indicator,
        year=2024,
        data=services.FigureInput(value=value, catch_up_result=Figure.CatchUp.ACHIEVED),
        version=figure.version,
        submit=True,
    )
    services.figure_approve(user=coordinator, figure_id=figure.pk)

    after = generate(tmp_path, "--year", "2024")
    overall = section_text(after, "总体情况")
    assert f"已达标{counts['已达标'] + 1}项" in overall
    assert f"未达标{counts['未达标'] - 1}项" in overall or counts["未达标"] == 1
    shown = f"{value.normalize():f}{indicator.unit}"
    assert shown in section_text(after, "达标情况") and shown not in "\n".join(texts(before))
    assert not any(f"）{indicator.number}." in h for h in texts(after, "二级标题"))
    table = after.tables[0]
    cells = next(r for r in table.rows if r.cells[1].text == str(indicator.number)).cells
    assert (cells[-2].text, cells[-1].text) == (f"{value.normalize():f}", "已达标")


def test_page_setup_fonts_and_page_numbers(demo, tmp_path):
    document = generate(tmp_path, "--year", "2024")
    first, last = document.sections[0], document.sections[-1]
    assert [
        round(m.mm) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    ] == [
        37,
        35,
        28,
        26,
    ]
    assert round(first.page_width.mm) == 210 and document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert last.orientation == WD_ORIENT.PORTRAIT  # the 版记's page
    assert texts(document, "公文标题")[:2] == ["关于2024年制造强市建设", "主要指标完成情况的通报"]
    title = document.styles["公文标题"].element.rPr.find(qn("w:rFonts"))
    assert title.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    headings = texts(document, "一级标题")
    assert headings[:2] == ["一、总体情况", "二、达标情况"] and headings[-1] == "附件"
    footer = first.footer.paragraphs[0]
    assert footer.text == "— 1 —" and [t.text.strip() for t in footer._p.iter(qn("w:instrText"))] == ["PAGE"]
    assert re.fullmatch(
        r"\d{4}年\d{1,2}月\d{1,2}日", texts(document)[texts(document).index("江阴市工业和信息化局") + 1]
    )


def test_appendix_table_in_the_appendix_formats(demo, tmp_path):
    document = generate(tmp_path, "--year", "2024")
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "一级指标",
        "序号",
        "指标",
        "单位",
        "2022年",
        "2023年\n目标",
        "2024年\n目标",
        "2025年\n目标",
        "责任部门",
        "完成值",
        "状态",
    ]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == 18
    assert rows["2"][4:8] == ["34.4左右", "34.5左右", "34.8左右", "35左右"]
    assert rows["8"][4] == "—" and rows["8"][9:] == ["—", "未报送"]
    assert rows["9"][5:8] == ["0", "力争1家", "力争1家"]  # one merged cell for 2024–2025
    assert table.cell(9, 6)._tc is table.cell(9, 7)._tc
    assert rows["5"][5:8] == ["年均增速高于规上工业增速"] * 3
    assert rows["2"][0] == rows["1"][0] == "质量效益" and table.cell(1, 0)._tc is table.cell(2, 0)._tc
    standings = {str(r.indicator.number): r.standing for r in board(2024).rows}
    assert {n: row[-1] for n, row in rows.items()} == standings


def test_year_to_date_bulletin_names_the_projected_misses(demo, tmp_path):
    document = generate(tmp_path, "--year", "2024", "--period", "h1")
    assert texts(document, "公文标题")[0] == "关于2024年上半年制造强市建设"
    projected = [r for r in board(2024, "h1").rows if r.pace is not None and r.pace.projected_miss]
    assert projected
    assert "进度滞后指标及整改措施" in "".join(texts(document, "一级标题"))
    assert len(texts(document, "二级标题")) == len(projected)
    assert "序时进度情况" in "".join(texts(document, "一级标题"))


def test_a_year_without_figures(plan, tmp_path):
    document = generate(tmp_path, "--year", "2025")
    overall = section_text(document, "总体情况")
    assert overall.startswith("2025年，18项主要指标中，尚无审核通过的数据")
    assert not texts(document, "二级标题")


def test_the_wording_comes_from_the_templates(demo, tmp_path, monkeypatch):
    """A coordinator edits a text template: the next document says it, without a code change."""
    edited = tmp_path / "documents"
    shutil.copytree(wording.ENGINE.dirs[0], edited)
    (edited / "bulletin_requirements.txt").write_text(
        "工作要求\n请于{{ year }}年底前完成整改。\n", encoding="utf-8"
    )
    (edited / "bulletin_sender.txt").write_text("江阴市制造强市建设领导小组办公室\n", encoding="utf-8")
    monkeypatch.setattr(wording.ENGINE, "dirs", [edited])
    document = generate(tmp_path, "--year", "2024")
    assert texts(document, "一级标题")[-2].endswith("、工作要求")
    assert "请于2024年底前完成整改。" in texts(document)
    assert "江阴市制造强市建设领导小组办公室" in texts(document)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2022"], "没有包含 2022 年的规划（mfg2023 2023—2025年）"),
        (["--year", "2024", "--period", "h2"], "期间“h2”无效，应为 year、q1、h1、q3 之一"),
    ],
)
def test_bad_arguments(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_bulletin", *args, "-o", str(tmp_path / "x.docx"))


def test_download_from_the_dashboard(demo, leader, django_assert_max_num_queries):
    client = Client()
    client.force_login(leader)
    html = client.get("/dashboard/?year=2024&period=h1").content.decode()
    assert 'href="/reports/bulletin.docx?year=2024&period=h1">下载通报（Word）</a>' in html
    with django_assert_max_num_queries(14):
        response = client.get("/reports/bulletin.docx?year=2024&period=h1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "filename*=utf-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert texts(document, "公文标题")[:2] == ["关于2024年上半年制造强市建设", "主要指标完成情况的通报"]
    # Nonsense parameters fall back to what the dashboard would show, never an error.
    fallback = client.get("/reports/bulletin.docx?year=abc&period=zz")
    assert fallback.status_code == 200
    assert "全年" not in texts(Document(io.BytesIO(fallback.content)), "公文标题")[0]
