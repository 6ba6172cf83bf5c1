"""The 版头 and the 版记 of an official document (GB/T 9704—2012 7.2 and 7.4), as a part of core.docx's
OfficialDocument: the red 发文机关标志, the 发文字号 and the red rule above the title; 抄送, 印发机关 and 印发日期
between rules at the foot of the last page."""

from datetime import date

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Length, Pt, Twips

from core import docx_layout, ooxml
from core.docx_page import (
    IMPRINT_SIZE,
    LINES,
    MASTHEAD_MAX,
    MASTHEAD_TOP,
    RED,
    RULE_GAP,
    THICK_RULE,
    THIN_RULE,
    cjk_tidy,
    line_pitch,
    official_date,
    type_width,
)


class OfficialMarks:
    """The 版头 and 版记 parts of OfficialDocument (which provides the paragraphs, sections and page setup)."""

    def masthead(self, issuer: str, number: str) -> None:
        """版头: the 发文机关标志 centred in red 小标宋 35 mm below the type area's top, the 发文字号 centred two
        lines below it, a red rule as wide as the type area 4 mm under that, then two blank lines."""
        size = min(MASTHEAD_MAX.pt, int(type_width().pt / max(1.0, docx_layout.width(issuer))))
        mark = self._paragraph(issuer, style="发文机关标志", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        mark.paragraph_format.space_before = MASTHEAD_TOP
        mark.paragraph_format.line_spacing = Twips(2 * line_pitch().twips)
        for run in mark.runs:
            run.font.color.rgb = RED
            run.font.size = Pt(size)
        self.blank()
        self.blank()
        rule = self._paragraph(number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        ooxml.set_border(rule, "bottom", eighths=THICK_RULE, color=str(RED), space=round(RULE_GAP.pt))
        self.blank()
        self.blank()

    def imprint(self, *, cc: str, printer: str, day: date) -> None:
        """版记 at the foot of a last page of its own: 抄送 (4号仿宋, one character in, a second line under the
        first name; left out when empty), 印发机关 one character from the left and "2026年12月7日印发" one from
        the right, between a thick first rule, a thin one and a thick last rule as wide as the type area."""
        section = self._new_section()
        self._page_setup(section)
        ooxml.align_page_bottom(section)  # Word and WPS; the blank lines below do it for any reader
        character = IMPRINT_SIZE.pt
        cc = cc.strip().rstrip("。") + "。" if cc.strip() else ""
        line_chars = (type_width().pt - 2 * character) / character - 3
        used = (docx_layout.lines_needed(cc.removeprefix("抄送："), line_chars) if cc else 0) + 1
        for _ in range(docx_layout.blank_lines_above(used, LINES)):
            self.blank()
        rows = ([("抄送：" + cc.removeprefix("抄送："), None)] if cc else []) + [(printer.strip(), day)]
        table = self.document.add_table(rows=len(rows), cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        ooxml.set_table_rules(table, outer=THICK_RULE, inner=THIN_RULE)
        for row, (text, printed) in zip(table.rows, rows, strict=True):
            cell = row.cells[0]
            cell.width = type_width()
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles["版记"]
            paragraph.add_run(cjk_tidy(text))
            fmt = paragraph.paragraph_format
            fmt.right_indent = Pt(character)  # one character in from either end of the rules
            if printed is None:  # 抄送: a second line starts under the first name
                fmt.left_indent, fmt.first_line_indent = Pt(4 * character), Pt(-3 * character)
            else:
                fmt.left_indent = Pt(character)
                fmt.tab_stops.add_tab_stop(Length(type_width() - Pt(character)), WD_TAB_ALIGNMENT.RIGHT)
                paragraph.add_run("\t" + official_date(printed) + "印发")
        self._tail()
