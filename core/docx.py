"""Word documents laid out by GB/T 9704—2012 (党政机关公文格式), written with python-docx: A4, the type area
of 22 lines × 28 characters, the 版头 (red 发文机关标志, 发文字号, red rule), 2号小标宋 title, 3号仿宋 body, 黑体 and
楷体 headings, "— 1 —" page numbers outside, signature and date, an 附件 on its own (landscape) page, and the
版记 (抄送, 印发机关和印发日期 between rules) at the foot of the last page. Section-level helpers only: what a
document says is its caller's business (indicators/bulletin.py, the final assessment).

What python-docx's API lacks (east-Asian fonts, the grid, character indents, borders, fields) is in
core/ooxml.py; where lines and rows fall is worked out in core/docx_layout.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from os import PathLike
from typing import IO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from core import docx_layout, ooxml
from core.docx_marks import OfficialMarks
from core.docx_page import (  # noqa: F401 - official_date, cjk_tidy and the measures are this module's API too
    BODY_SIZE,
    CHARS,
    IMPRINT_SIZE,
    LINES,
    MARGINS,
    MASTHEAD_MAX,
    PAGE_HEIGHT,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    TABLE_SIZE,
    TITLE_SIZE,
    char_spacing,
    cjk_tidy,
    line_pitch,
    official_date,
    type_width,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# role → (the font GB/T 9704 names, the system font to use where it is missing). OOXML's rFonts holds one name
# per script, so the standard's name goes to eastAsia and the fallback to ascii/hAnsi; the font table also
# lists the fallback as the font's w:altName, which Word and WPS try before guessing a substitute.
FONTS = {
    "title": ("方正小标宋简体", "SimSun"),
    "body": ("仿宋_GB2312", "FangSong"),
    "heading1": ("黑体", "SimHei"),
    "heading2": ("楷体_GB2312", "KaiTi"),
    "page_number": ("宋体", "SimSun"),
}
ALT_NAMES = {"方正小标宋简体": "宋体,SimSun", "仿宋_GB2312": "仿宋,FangSong", "楷体_GB2312": "楷体,KaiTi"}

STYLES = {  # style name → (font role, size, outline level)
    "公文标题": ("title", TITLE_SIZE, None),
    "一级标题": ("heading1", BODY_SIZE, 0),
    "二级标题": ("heading2", BODY_SIZE, 1),
    "表格文字": ("body", TABLE_SIZE, None),
    "发文机关标志": ("title", MASTHEAD_MAX, None),
    "版记": ("body", IMPRINT_SIZE, None),
}


@dataclass(frozen=True)
class Span:
    """A table cell spanning `columns` columns (the appendix's merged target cells)."""

    text: str
    columns: int = 1


NUMERALS = "一二三四五六七八九十"  # the parts' and items' numbers: 一、 （一）


class OfficialDocument(OfficialMarks):
    """One GB/T 9704 document: add its parts in order, then save or download it."""

    def __init__(self):
        self.document = Document()
        self._styles()
        ooxml.add_alternate_fonts(self.document, ALT_NAMES)
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        self._page_setup(section)
        self._page_numbers(section)
        self._body = self.document.paragraphs[0] if self.document.paragraphs else None
        self._sections = 0  # the numbered parts written so far (一、二、…)

    # Parts of the document, in the order GB/T 9704 places them.

    def document_number(self, text: str) -> None:
        """发文字号 ("〔2026〕3号"), centred above the title, a blank line after it."""
        self._paragraph(text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        self.blank()

    def title(self, text: str) -> None:
        """The title, centred; a line break in the text starts a new line. A blank line follows."""
        for line in text.strip().splitlines():
            self._paragraph(line.strip(), style="公文标题", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        self.blank()

    def addressee(self, text: str) -> None:
        """主送机关: flush left, ending in a full-width colon."""
        self._paragraph(text, indent=False)

    def heading1(self, text: str) -> None:
        """一级标题 "一、…" in 黑体."""
        self._paragraph(text, style="一级标题")

    def heading2(self, text: str) -> None:
        """二级标题 "（一）…" in 楷体."""
        self._paragraph(text, style="二级标题")

    def paragraph(self, text: str) -> None:
        """A body paragraph, first line indented two characters."""
        self._paragraph(text)

    def section(self, lines: list[str]) -> bool:
        """A numbered part of the body: its first line the heading “一、…” (numbered in the order the parts are
        written), the rest paragraphs. No lines, no part: False."""
        if not lines:
            return False
        self.heading1(f"{NUMERALS[self._sections]}、{lines[0]}")
        self._sections += 1
        for line in lines[1:]:
            self.paragraph(line)
        return True

    def subsection(self, index: int, lines: list[str]) -> None:
        """The index-th (from 0) item of a part: its first line the heading “（一）…” (from the eleventh “（11）”),
        the rest paragraphs; nothing for no lines."""
        if lines:
            self.heading2(f"（{NUMERALS[index] if index < 10 else index + 1}）{lines[0]}")
            for line in lines[1:]:
                self.paragraph(line)

    def blank(self) -> None:
        self._paragraph("", indent=False)

    def attachment_note(self, titles: Sequence[str]) -> None:
        """附件说明 below the body: "附件：1．…", numbered only when there are several."""
        self._keep_with_next()
        self.blank()
        for i, title in enumerate(titles, 1):
            self._keep_with_next()
            number = f"{i}．" if len(titles) > 1 else ""
            paragraph = self._paragraph(("附件：" if i == 1 else "") + number + title)
            if i > 1:  # later titles line up under the first one's text
                _indent(paragraph, first_chars=500)

    def signature(self, sender: str, day: date) -> None:
        """发文机关署名 two characters from the right, 成文日期 below it starting two characters further right.
        The last lines of text go with them to a new page rather than leave them alone on one."""
        written = official_date(day)
        shift = max(0.0, _width(sender) - 2 - _width(written))
        self._keep_with_next()
        self.blank()
        self._keep_with_next()
        self._paragraph(sender, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=200)
        self._keep_with_next()
        self._paragraph(
            written, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=int(200 + 100 * shift)
        )

    def attachment(self, title: str, *, label: str = "附件", landscape: bool = True) -> None:
        """An 附件 on a new page (a landscape section for a wide table): "附件" top left in 黑体, its title."""
        section = self._new_section()
        self._page_setup(section, landscape=landscape)
        self._paragraph(label, style="一级标题", indent=False)
        self.title(title)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str | Span]],
        *,
        widths: Sequence[Length],
        merge_down: Sequence[int] = (),
    ) -> None:
        """A bordered table in 5号 type; the header row repeats on every page and no row is split; the columns
        in `merge_down` merge runs of equal cells (the appendix's 一级指标), cut into groups that each fit on a
        page and are kept on one, so every page shows its rows' label; "\n" in a text breaks the line."""
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice and WPS lay out by
            for cell in column.cells:
                cell.width = width  # each cell's own width, which Word lays out by
        ooxml.keep_rows_whole(table)
        header = table.rows[0]
        for cell, text in zip(header.cells, headers, strict=True):
            self._cell(cell, text, header=True)
        for r, values in enumerate(rows, 1):
            column = 0
            for value in values:
                span = value if isinstance(value, Span) else Span(value)
                cell = table.cell(r, column)
                if span.columns > 1:
                    cell = cell.merge(table.cell(r, column + span.columns - 1))
                self._cell(cell, span.text)
                column += span.columns
        if merge_down:  # columns left of any Span, so a row's values line up with the table
            section = self.document.sections[-1]
            page = section.page_height - section.top_margin - section.bottom_margin
            heights = [_row_height(values, widths) for values in rows]
            labels = [str(row[merge_down[0]]) for row in rows]
            for first, last in docx_layout.groups(labels, heights, 0.6 * Length(page).pt):
                for column in merge_down:
                    if last > first:
                        ooxml.merge_down(table, column, 1 + first, 1 + last)
                for r in range(first, last):
                    ooxml.keep_with_next_row(table.rows[1 + r])

    # Writing.

    def save(self, target: str | PathLike | IO[bytes]) -> None:
        self.document.save(target)

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.save(buffer)
        return buffer.getvalue()

    def download(self, filename: str) -> HttpResponse:
        """The document as an attachment (a Chinese file name is sent RFC 5987-encoded)."""
        response = HttpResponse(self.to_bytes(), content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        return response

    # Internals.

    def _paragraph(self, text: str, *, style: str | None = None, align=None, indent=True, right_chars=0):
        if self._body is not None:  # the template's empty first paragraph is reused, not left as a blank line
            paragraph, self._body = self._body, None
            paragraph.style = self.document.styles[style or "Normal"]
        else:
            paragraph = self.document.add_paragraph(style=style)
        text = "".join(line.strip() for line in text.splitlines())  # a paragraph is one line of source text
        if text:
            paragraph.add_run(cjk_tidy(text))
        if align is not None:
            paragraph.alignment = align
        if indent:
            _indent(paragraph, first_chars=200)
        if right_chars:
            _indent(paragraph, right_chars=right_chars)
        return paragraph

    def _new_section(self):
        """A section on a new page; the paragraph that ends the one before is made too small to need a page
        of its own after a full table."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._shrink(self.document.paragraphs[-1])
        return section

    def _tail(self) -> None:
        """The paragraph a document must end with after a table, too small to take a line."""
        self._shrink(self.document.add_paragraph())

    @staticmethod
    def _shrink(paragraph) -> None:
        paragraph.paragraph_format.line_spacing = Pt(1)  # with the style's exact rule: 1 pt high
        ooxml.off_grid(paragraph)

    def _keep_with_next(self) -> None:
        paragraphs = self.document.paragraphs
        if paragraphs:
            paragraphs[-1].paragraph_format.keep_with_next = True
            paragraphs[-1].paragraph_format.widow_control = True  # then at least two of its lines go along

    def _cell(self, cell, text: str, *, header: bool = False) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.style = self.document.styles["表格文字"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(cjk_tidy(text))
        if header:
            _fonts(run._r.get_or_add_rPr(), "heading1")

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        _fonts(normal.element.get_or_add_rPr(), "body")
        normal.font.size = BODY_SIZE
        normal.element.get_or_add_rPr().append(ooxml.element("w:lang", val="en-US", eastAsia="zh-CN"))
        spacing = normal.paragraph_format
        spacing.space_before = spacing.space_after = Pt(0)
        spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacing.line_spacing = line_pitch()
        spacing.widow_control = False  # a fixed 22-line grid: Word must not leave lines empty
        spacing.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 两端对齐: lines of mixed text end at the margin
        ooxml.no_hanging_punctuation(normal.element.get_or_add_pPr())
        ooxml.set_char_spacing(normal.element.get_or_add_rPr(), char_spacing())
        for name, (role, size, outline) in STYLES.items():
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.quick_style = True
            _fonts(style.element.get_or_add_rPr(), role)
            style.font.size = size
            if outline is not None:
                style.element.get_or_add_pPr().get_or_add_outlineLvl().val = outline
                style.paragraph_format.keep_with_next = True
        table_text = styles["表格文字"].paragraph_format
        table_text.line_spacing_rule = WD_LINE_SPACING.SINGLE  # table rows follow their text, not the grid
        # Off the 28-character grid: a 2号 character is wider than a grid cell and would take two of them.
        for name in ("公文标题", "表格文字", "发文机关标志", "版记"):
            ooxml.off_grid(styles[name])
            ooxml.set_char_spacing(styles[name].element.get_or_add_rPr(), 0)
        ooxml.set_char_spacing(styles["Footer"].element.get_or_add_rPr(), 0)
        footer = styles["Footer"]
        _fonts(footer.element.get_or_add_rPr(), "page_number")
        footer.font.size = PAGE_NUMBER_SIZE
        footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        settings = self.document.settings.element
        for theme in settings.findall(qn("w:themeFontLang")):
            theme.set(qn("w:eastAsia"), "zh-CN")  # the python-docx template says ja-JP: Japanese glyph forms

    def _page_setup(self, section, *, landscape: bool = False) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
            # The portrait margins turned a quarter: the binding edge (left) becomes the top.
            section.top_margin, section.bottom_margin = MARGINS["left"], MARGINS["right"]
            section.left_margin, section.right_margin = MARGINS["top"], MARGINS["bottom"]
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
            for side, length in MARGINS.items():
                setattr(section, f"{side}_margin", length)
        # The page number's dash line sits 7 mm below the type area.
        section.footer_distance = Length(section.bottom_margin - Mm(7) - PAGE_NUMBER_SIZE)
        section.header_distance = Mm(15)
        ooxml.set_grid(section, line_pitch=line_pitch().twips)

    def _page_numbers(self, section) -> None:
        """ "— 1 —" in 4号宋体: odd pages at the right, even pages at the left, one character in from the edge."""
        for footer, align, side in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
        ):
            paragraph = footer.paragraphs[0]
            paragraph.style = self.document.styles["Footer"]
            paragraph.alignment = align
            setattr(paragraph.paragraph_format, f"{side}_indent", PAGE_NUMBER_SIZE)
            paragraph.add_run("— ")
            ooxml.add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" —")


def _fonts(rpr, role: str) -> None:
    ooxml.set_fonts(rpr, *FONTS[role])


def _indent(paragraph, **chars) -> None:
    ooxml.set_indent(paragraph, character=BODY_SIZE.twips, **chars)


def _width(text: str) -> float:
    return docx_layout.width(text)


def _row_height(values: Sequence[str | Span], widths: Sequence[Length]) -> float:
    texts, spans, column = [], [], 0
    for value in values:
        span = value if isinstance(value, Span) else Span(str(value))
        texts.append(span.text)
        spans.append(sum(Length(w).pt for w in widths[column : column + span.columns]))
        column += span.columns
    return docx_layout.row_height(texts, spans, TABLE_SIZE.pt)
