"""The 通报 as an official document (issue 26 item 9, issue 22): 版头, 发文字号, 版记 and the repeated 附件 header,
read back with python-docx; and a plan whose 约束性 indicator missed in its last year, named first with its 属性
in the 通报, the 终期评估 and the exports. One set of demo figures for the module."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from docx import Document
from docx.oxml.ns import qn

from indicators.exports import ReportExporter
from indicators.models import Indicator
from indicators.target_text import with_unit
from plans.assessment import assessment_build
from plans.assessment_document import assessment_document
from plans.exports import AssessmentExporter
from tests.conftest import seed_plan, shared_by_module

TODAY = date(2026, 11, 27)
BINDING, EXPECTED = 16, 1  # both missed in 2025, the plan's last year; 16 comes later in the appendix


@pytest.fixture(scope="module")
def binding(demo, django_db_blocker):
    """The seed plan with a 属性 column: 16.科技型中小企业入库数 约束性, the rest 预期性."""
    with shared_by_module(django_db_blocker):
        for indicator in Indicator.objects.filter(plan=seed_plan()).main():
            indicator.attribute = "binding" if indicator.number == BINDING else "expected"
            indicator.save()  # counts the data version: the cached standings are rebuilt
        yield


def bulletin(tmp_path, *args) -> Document:
    path = tmp_path / "通报.docx"
    call_command("export_bulletin", *args, "-o", str(path), stdout=io.StringIO())
    return Document(path)


def texts(document, style=None) -> list[str]:
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


@pytest.mark.django_db
def test_masthead_number_and_imprint(demo, tmp_path):
    document = bulletin(tmp_path, "--year", "2024", "--number", "12")
    first = document.paragraphs[0]
    assert first.text == "江阴市工业和信息化局文件" and first.style.name == "发文机关标志"
    assert {str(r.font.color.rgb) for r in first.runs} == {"FF0000"}
    number = next(p for p in document.paragraphs if p.text.startswith("澄工信"))
    assert number.text == f"澄工信〔{date.today().year}〕12号"
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    titles = texts(document, "公文标题")
    assert texts(document).index(titles[0]) == texts(document).index(number.text) + 3  # 空二行
    imprint = document.tables[-1]
    cc, printed = (r.cells[0].text for r in imprint.rows)
    assert cc == "抄送：市委办公室，市人大常委会办公室，市政府办公室，市政协办公室。"
    assert printed.startswith("江阴市工业和信息化局办公室\t") and printed.endswith("日印发")
    appendix = document.tables[0]
    assert appendix.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in appendix.rows[1:])


@pytest.mark.django_db
def test_the_marks_come_from_the_templates(demo, tmp_path, monkeypatch):
    from core import wording

    edited = tmp_path / "documents"
    import shutil

    shutil.copytree(wording.ENGINE.dirs[0], edited)
    (edited / "bulletin_issuer.txt").write_text("江阴市制造强市建设领导小组办公室文件\n", encoding="utf-8")
    (edited / "bulletin_number.txt").write_text(
        "澄制强办〔{{ today.year }}〕{{ serial }}号\n", encoding="utf-8"
    )
    (edited / "bulletin_cc.txt").write_text("{# 无抄送 #}\n", encoding="utf-8")
    monkeypatch.setattr(wording.ENGINE, "dirs", [edited])
    document = bulletin(tmp_path, "--year", "2024", "--number", "3")
    assert document.paragraphs[0].text == "江阴市制造强市建设领导小组办公室文件"
    assert f"澄制强办〔{date.today().year}〕3号" in texts(document)
    assert [r.cells[0].text.split("\t")[0] for r in document.tables[-1].rows] == [
        "江阴市工业和信息化局办公室"
    ]
    (edited / "bulletin_issuer.txt").write_text("", encoding="utf-8")
    (edited / "bulletin_printer.txt").write_text("", encoding="utf-8")
    bare = bulletin(tmp_path, "--year", "2024")
    assert bare.paragraphs[0].style.name == "公文标题" and len(bare.tables) == 1


@pytest.mark.django_db
def test_without_a_number_the_serial_is_left_to_fill_in(demo, tmp_path, leader):
    document = bulletin(tmp_path, "--year", "2024")
    assert f"澄工信〔{date.today().year}〕　　号" in texts(document)
    with pytest.raises(CommandError, match="发文字号序号“012”无效"):
        bulletin(tmp_path, "--year", "2024", "--number", "012")
    client = Client()
    client.force_login(leader)
    response = client.get("/reports/bulletin.docx?year=2024&number=7")
    assert f"澄工信〔{date.today().year}〕7号" in texts(Document(io.BytesIO(response.content)))
    refused = client.get("/reports/bulletin.docx?year=2024&number=第7")
    assert refused.status_code == 400 and "发文字号序号“第7”无效" in refused.content.decode()


@pytest.mark.django_db
def test_the_seed_plan_without_attributes_has_no_attribute_column(demo):
    """Before the module's `binding` fixture gives the plan its 属性 (it stays until the module ends)."""
    book = openpyxl.load_workbook(io.BytesIO(ReportExporter(seed_plan(), 2025, today=TODAY).to_bytes()))
    assert "属性" not in next(
        r for r in book["指标完成情况"].iter_rows(values_only=True) if r[0] == "一级指标"
    )
    document = Document(
        io.BytesIO(assessment_document(assessment_build(seed_plan(), today=TODAY)).to_bytes())
    )
    assert "属性" not in [c.text for c in document.tables[-1].rows[0].cells]


@pytest.mark.django_db
def test_final_assessment_headings_nest_by_level_and_keep_units(demo):
    """三、工作任务完成情况 holds its chapters as （一）（二）…, not the plan's own "一、…"; the 3rd level is "1."."""
    document = Document(
        io.BytesIO(assessment_document(assessment_build(seed_plan(), today=TODAY)).to_bytes())
    )
    levels = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in ("一级标题", "二级标题")]
    first = [t for style, t in levels if style == "一级标题"]
    assert first == ["一、总体情况", "二、分领域完成情况", "三、工作任务完成情况", "四、下一步工作", "附件"]
    tasks = [t for _, t in levels[levels.index(("一级标题", "三、工作任务完成情况")) + 1 :]]
    assert tasks[0] == "（一）全力保障工业稳定运行" and tasks[1].startswith("（二）")
    body = [p.text for p in document.paragraphs if p.style.name == "Normal"]
    assert not [t for t in body if t[:2] in ("一、", "二、", "三、")]  # no first-level numeral in a body line
    assert any(t.startswith("1.规上制造业全员劳动生产率") for t in body)
    text = "\n".join(body)
    assert "2022年基数34.4%左右，2025年目标35%左右" in text
    assert "34.4左右" not in text


@pytest.mark.django_db
def test_a_binding_miss_in_the_last_year_is_named_first_in_the_bulletin(binding, tmp_path):
    document = bulletin(tmp_path, "--year", "2025")
    headings = texts(document, "二级标题")
    numbers = [int(h.split("）", 1)[1].split(".", 1)[0]) for h in headings]
    assert numbers[0] == BINDING and EXPECTED in numbers[1:]
    assert headings[0] == f"（一）{BINDING}.科技型中小企业入库数（约束性指标，责任部门：市科技局）"
    assert "（预期性指标，责任部门：" in headings[1]
    laggards = "\n".join(texts(document))
    assert "其中约束性指标1项，列在最前" in laggards
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[4] == "属性"
    row = next(r for r in table.rows[1:] if r.cells[1].text == str(BINDING))
    assert row.cells[4].text == "约束性"


@pytest.mark.django_db
def test_a_binding_miss_in_the_last_year_is_named_first_in_the_final_assessment(binding, leader):
    assessment = assessment_build(seed_plan(), today=TODAY)
    assert [r.indicator.number for r in assessment.failures] == [BINDING, EXPECTED]
    document = Document(io.BytesIO(assessment_document(assessment).to_bytes()))
    failures = next(t for t in texts(document) if t.startswith("未达标的有："))
    assert failures.startswith(f"未达标的有：{BINDING}.科技型中小企业入库数（约束性指标，完成")
    assert f"；{EXPECTED}.规上制造业全员劳动生产率（预期性指标，" in failures
    assert failures.endswith("其中约束性指标1项，须作为整改重点。")
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells][4] == "属性"
    book = openpyxl.load_workbook(io.BytesIO(AssessmentExporter(assessment).to_bytes()))
    rows = list(book["指标终期评估"].iter_rows(values_only=True))
    assert rows[3][4] == "属性"
    assert {r[1]: r[4] for r in rows[4:]}[BINDING] == "约束性"


@pytest.mark.django_db
def test_the_report_export_has_the_attribute_column(binding):
    book = openpyxl.load_workbook(io.BytesIO(ReportExporter(seed_plan(), 2025, today=TODAY).to_bytes()))
    rows = list(book["指标完成情况"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "一级指标")
    assert header[3:6] == ("单位", "属性", "2022年")
    at = rows.index(header)
    assert {r[1]: r[4] for r in rows[at + 1 :] if r[1]}[BINDING] == "约束性"


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        ("34.4左右", "%", "34.4%左右"),
        ("35左右", "%", "35%左右"),
        ("力争1", "家", "力争1家"),
        ("力争1家", "家", "力争1家"),  # already says it
        ("-9.1", "%", "-9.1%"),
        ("全市领先", "", "全市领先"),
        ("年均增速高于规上工业增速", "%", "年均增速高于规上工业增速"),
        ("6%—7%", "%", "6%—7%"),
        ("34.4左右", "", "34.4左右"),
    ],
)
def test_with_unit(text, unit, shown):
    assert with_unit(text, unit) == shown
