"""core.docx: a GB/T 9704—2012 document, opened again with python-docx as Word would read it."""

import io
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm

from core import docx_layout
from core.docx import FONTS, OfficialDocument, Span, cjk_tidy, official_date

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document():
    doc = OfficialDocument()
    doc.masthead("江阴市工业和信息化局文件", "澄工信〔2026〕12号")
    doc.title("关于2024年制造强市建设\n主要指标完成情况的通报")
    doc.addressee("各镇人民政府，市各有关部门：")
    doc.paragraph("现将有关情况通报如下。")
    doc.heading1("一、总体情况")
    doc.heading2("（一）质量效益")
    doc.paragraph("完成 39.6万元/人，目标 39.5万元/人。")
    doc.attachment_note(["主要指标完成情况表"])
    doc.signature("江阴市工业和信息化局", date(2026, 11, 27))
    doc.attachment("主要指标完成情况表")
    doc.table(
        ["一级指标", "序号", "指标", "2023年目标", "2024年目标", "2025年目标"],
        [
            ["质量效益", "1", "劳动生产率", "39.3", "39.5", "40"],
            ["质量效益", "2", "增加值比重", "34.5左右", "34.8左右", "35左右"],
            ["产业结构", "5", "增速", Span("年均增速高于规上工业增速", 3)],
        ],
        widths=[Mm(w) for w in (20, 10, 60, 25, 25, 25)],
        merge_down=[0],
    )
    doc.imprint(cc="市委办公室，市政府办公室", printer="江阴市工业和信息化局办公室", day=date(2026, 11, 27))
    return Document(io.BytesIO(doc.to_bytes()))


def paragraph(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def fonts_of(style) -> dict:
    """The w:rFonts a style names, walking up its base styles as Word does."""
    while style is not None:
        found = style.element.find(f"{W}rPr/{W}rFonts")
        if found is not None:
            return {key.removeprefix(W): value for key, value in found.attrib.items()}
        style = style.base_style
    return {}


def test_a4_and_the_standard_margins(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]


def test_22_lines_of_28_characters(document):
    """A line grid of 22 lines; 28 characters a line from the body's character spacing, which LibreOffice lays
    out as Word and WPS do (a character grid it sets by whole cells: 14 characters a line)."""
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:charSpace")) is None
    pitch = int(grid.get(qn("w:linePitch")))
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert height // pitch == 22
    spacing = int(document.styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val")))
    character = 16 + spacing / 20  # points: the body size plus the character spacing
    assert spacing == -5 and 28 * character <= width / 20 < 29 * character
    for name in ("公文标题", "表格文字"):  # sizes other than 3号 keep their natural spacing
        assert document.styles[name].element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0"
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.line_spacing.twips == pitch


def test_title_in_2hao_xiaobiaosong_centred(document):
    lines = [p for p in document.paragraphs if p.style.name == "公文标题"]
    assert [p.text for p in lines[:2]] == ["关于2024年制造强市建设", "主要指标完成情况的通报"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in lines)
    style = document.styles["公文标题"]
    assert style.font.size.pt == 22
    assert fonts_of(style) == {
        "eastAsia": "方正小标宋简体",
        "ascii": "SimSun",
        "hAnsi": "SimSun",
        "cs": "SimSun",
        "hint": "eastAsia",
    }
    assert (
        style.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    )  # not two grid cells a character
    assert not paragraph(document, "各镇人民政府，市各有关部门：").paragraph_format.first_line_indent


def test_body_in_3hao_fangsong_indented_two_characters(document):
    body = paragraph(document, "完成39.6万元/人，目标39.5万元/人。")  # no spaces beside Chinese in print
    assert body.style.name == "Normal"
    assert document.styles["Normal"].font.size.pt == 16
    assert fonts_of(body.style)["eastAsia"] == "仿宋_GB2312"
    assert fonts_of(body.style)["ascii"] == "FangSong"
    indent = body._p.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"


def test_headings_heiti_and_kaiti(document):
    first, second = paragraph(document, "一、总体情况"), paragraph(document, "（一）质量效益")
    assert fonts_of(first.style)["eastAsia"] == "黑体"
    assert fonts_of(second.style)["eastAsia"] == "楷体_GB2312"
    assert first.style.font.size.pt == second.style.font.size.pt == 16
    assert first.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"


def test_fallback_fonts_are_named_in_the_font_table(document):
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    text = part.blob.decode()
    for primary in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"):
        assert f'w:name="{primary}"' in text
    assert '<w:altName w:val="宋体,SimSun"/>' in text
    assert FONTS["title"] == ("方正小标宋简体", "SimSun")


def test_page_numbers_outside_with_dashes(document):
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for footer in (odd, even):
        instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        kinds = [f.get(qn("w:fldCharType")) for f in footer._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
    footer_style = document.styles["Footer"]
    assert footer_style.font.size.pt == 14
    assert fonts_of(footer_style)["eastAsia"] == "宋体"
    assert round(section.footer_distance.mm + 7 + 14 * 25.4 / 72, 1) == 35  # 7 mm below the type area


def test_signature_and_date_in_arabic_numerals(document):
    sender, day = paragraph(document, "江阴市工业和信息化局"), paragraph(document, "2026年11月27日")
    assert sender.alignment == day.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    right = [int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))) for p in (sender, day)]
    # The sender is 10 characters, two from the right; the date (7 wide) starts two characters further in.
    assert right == [200, 300]
    assert paragraph(document, "附件：主要指标完成情况表").paragraph_format.keep_with_next


def test_no_punctuation_hangs_past_the_margin(document):
    """A 主送机关 line of 29 characters ends in "：": Word and LibreOffice would hang it past the right margin."""
    ppr = document.styles["Normal"].element.pPr
    assert ppr.find(qn("w:overflowPunct")).get(qn("w:val")) == "0"
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "both"


def test_masthead_red_issuer_number_and_red_rule(document):
    issuer, number = (
        paragraph(document, "江阴市工业和信息化局文件"),
        paragraph(document, "澄工信〔2026〕12号"),
    )
    assert document.paragraphs[0] is not None and document.paragraphs[0].text == issuer.text
    assert issuer.style.name == "发文机关标志" and fonts_of(issuer.style)["eastAsia"] == "方正小标宋简体"
    assert issuer.alignment == number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {str(r.font.color.rgb) for r in issuer.runs} == {"FF0000"}
    assert round(issuer.paragraph_format.space_before.mm) == 35
    assert 12 * issuer.runs[0].font.size.pt <= 156 * 72 / 25.4  # the name fits the line
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:color")), rule.get(qn("w:sz")), rule.get(qn("w:space"))) == ("FF0000", "8", "11")
    texts = [p.text for p in document.paragraphs]
    at = texts.index("澄工信〔2026〕12号")
    assert texts[at - 2 : at] == ["", ""] and texts[at + 1 : at + 3] == ["", ""]  # 空二行 around it
    assert texts[at + 3] == "关于2024年制造强市建设"


def test_imprint_at_the_foot_of_the_last_page(document):
    section = document.sections[-1]
    assert section.orientation == WD_ORIENT.PORTRAIT and section.start_type == 2
    assert section._sectPr.find(qn("w:vAlign")).get(qn("w:val")) == "bottom"
    table = document.tables[-1]
    assert [r.cells[0].text for r in table.rows] == [
        "抄送：市委办公室，市政府办公室。",
        "江阴市工业和信息化局办公室\t2026年11月27日印发",
    ]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom", "insideH")}
    assert sizes == {"top": "8", "bottom": "8", "insideH": "6"}  # 0.35 mm first and last, 0.25 mm between
    assert borders.find(qn("w:left")).get(qn("w:val")) == "nil"
    cc, printed = (r.cells[0].paragraphs[0] for r in table.rows)
    assert cc.style.name == printed.style.name == "版记" and document.styles["版记"].font.size.pt == 14
    assert round(cc.paragraph_format.first_line_indent.pt) == -42  # a second line under the first name
    body = document.element.body
    blanks = 0
    for element in body[body.index(table._tbl) - 1 :: -1]:
        if element.tag != qn("w:p") or element.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            break
        blanks += 1
    assert blanks == 22 - 2 - 1  # the 版记's two lines end on the page's last lines


def test_attachment_on_its_own_landscape_page_with_a_table(document):
    section = document.sections[1]
    assert len(document.sections) == 3
    assert section.start_type == 2  # WD_SECTION.NEW_PAGE
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    label = paragraph(document, "附件")
    assert label.style.name == "一级标题"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "一级指标",
        "序号",
        "指标",
        "2023年目标",
        "2024年目标",
        "2025年目标",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc  # 质量效益 merged over its two rows
    assert table.cell(1, 0).text == "质量效益"
    assert table.cell(3, 3)._tc is table.cell(3, 5)._tc  # the cross-year target in one cell
    assert table.cell(3, 3).text == "年均增速高于规上工业增速"
    assert round(table.columns[2].width.mm) == 60


def test_a_long_category_is_cut_into_groups_each_with_its_label():
    """An 一级指标 run taller than a page is merged in groups that each fit on one and keep together, so no page
    shows its rows without their label; the header row repeats on every page."""
    doc = OfficialDocument()
    doc.attachment("表")
    rows = [["质量效益", str(i), "规上制造业全员劳动生产率", "39.3"] for i in range(1, 41)]
    doc.table(
        ["一级指标", "序号", "指标", "目标"], rows, widths=[Mm(w) for w in (20, 10, 60, 25)], merge_down=[0]
    )
    table = Document(io.BytesIO(doc.to_bytes())).tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    starts = [r for r in range(1, 41) if table.cell(r, 0)._tc is not table.cell(r - 1, 0)._tc]
    assert len(starts) >= 2 and all(table.cell(r, 0).text == "质量效益" for r in starts)
    for r in range(1, 41):
        kept = table.rows[r].cells[1].paragraphs[0].paragraph_format.keep_with_next
        assert bool(kept) == (r + 1 <= 40 and r + 1 not in starts)  # a group's last row may start a page


def test_layout_arithmetic():
    assert docx_layout.char_spacing(442.2, 28, 16) == -5
    assert docx_layout.lines_needed("规上制造业全员劳动生产率", 5) == 3
    assert docx_layout.lines_needed("2025年\n目标", 10) == 2
    assert docx_layout.groups(["a", "a", "a", "b", ""], [10, 10, 10, 10, 10], 25) == [
        (0, 1),
        (2, 2),
        (3, 3),
        (4, 4),
    ]
    assert docx_layout.blank_lines_above(3, 22) == 18


def test_official_date_and_spacing():
    assert official_date(date(2026, 11, 27)) == "2026年11月27日"
    assert official_date(date(2025, 1, 5)) == "2025年1月5日"
    assert cjk_tidy("完成 34.6%，目标 35 左右，差 0.4 个百分点") == "完成34.6%，目标35左右，差0.4个百分点"
    assert cjk_tidy("Excel 导入 A B") == "Excel导入A B"


def test_download_is_a_word_attachment():
    response = OfficialDocument().download("关于通报.docx")
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"
