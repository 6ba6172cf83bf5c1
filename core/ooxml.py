"""python-docx has no API for a few properties of an official document: east-Asian font names, character-unit
indents, fields, the document grid, grid snapping, the font table's alternate names, vertical merges. These
helpers set them on python-docx's oxml elements, in the order the schema fixes."""

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree

# w:pPr children that come after w:snapToGrid.
_AFTER_SNAP_TO_GRID = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap")
_AFTER_SNAP_TO_GRID += ("w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl")
_AFTER_SNAP_TO_GRID += ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_OVERFLOW_PUNCT = ("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd")
_AFTER_OVERFLOW_PUNCT += ("w:snapToGrid", *_AFTER_SNAP_TO_GRID)
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct")
_AFTER_BORDERS += _AFTER_OVERFLOW_PUNCT
# w:rPr children after w:spacing (character spacing).
_AFTER_CHAR_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect")
_AFTER_CHAR_SPACING += ("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang")
_AFTER_CHAR_SPACING += ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# w:sectPr children after w:vAlign.
_AFTER_V_ALIGN = ("w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid")
_AFTER_V_ALIGN += ("w:printerSettings", "w:sectPrChange")


def element(tag: str, **attributes) -> OxmlElement:
    """<w:tag w:key="value" …/>."""
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attributes.items()})


def set_fonts(rpr, east_asian: str, other: str) -> None:
    """Name the fonts on a run's or style's w:rPr: `east_asian` for Chinese text, `other` for the rest."""
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.clear()  # theme font references would win over the names
    for key, name in (("ascii", other), ("hAnsi", other), ("eastAsia", east_asian), ("cs", other)):
        fonts.set(qn(f"w:{key}"), name)
    fonts.set(qn("w:hint"), "eastAsia")  # quotes and dashes (“”—) take the Chinese font


def set_indent(paragraph, *, character: int, first_chars: int = 0, right_chars: int = 0) -> None:
    """Indents in hundredths of a character (w:firstLineChars, w:rightChars), which follow the grid's pitch;
    the twips beside them (`character` twips a character) are for readers that ignore character units."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if first_chars:
        ind.set(qn("w:firstLineChars"), str(first_chars))
        ind.set(qn("w:firstLine"), str(round(character * first_chars / 100)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars))
        ind.set(qn("w:right"), str(round(character * right_chars / 100)))


def add_field(paragraph, code: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES) as begin / instruction / separate / last result / end runs."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instruction.text = f" {code} "
            run._r.append(instruction)
        elif kind == "result":
            run.text = shown
        else:
            run._r.append(element("w:fldChar", fldCharType=kind))


def off_grid(style_or_paragraph) -> None:
    """Paragraphs of this style (or this paragraph) do not snap to the document grid."""
    owner = getattr(style_or_paragraph, "element", None)
    owner = style_or_paragraph._p if owner is None else owner
    owner.get_or_add_pPr().insert_element_before(element("w:snapToGrid", val="0"), *_AFTER_SNAP_TO_GRID)


def set_grid(section, *, line_pitch: int) -> None:
    """The section's document grid: lines per page only (Word's 文档网格 "只指定行网格"). Characters per line
    come from the body's character spacing (set_char_spacing), which Word, WPS and LibreOffice all apply;
    LibreOffice lays a character grid out by whole cells, so a 16 pt character in a 15.8 pt cell took two."""
    grid = section._sectPr.find(qn("w:docGrid"))  # python-docx's template has one; add_section copies it
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.attrib.pop(qn("w:charSpace"), None)


def set_char_spacing(rpr, twips: int) -> None:
    """Character spacing (Word's 字符间距 加宽/紧缩) on a run's or style's w:rPr, in twentieths of a point."""
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    rpr.insert_element_before(element("w:spacing", val=str(twips)), *_AFTER_CHAR_SPACING)


def no_hanging_punctuation(ppr) -> None:
    """A full-width mark at the end of a line wraps with its character instead of hanging past the margin
    (Word's 允许标点溢出边界, on by default for Chinese)."""
    ppr.insert_element_before(element("w:overflowPunct", val="0"), *_AFTER_OVERFLOW_PUNCT)


def set_border(paragraph, side: str, *, eighths: int, color: str = "000000", space: int = 1) -> None:
    """A rule along one side (top, bottom) of a paragraph, as wide as its indents: `eighths` of a point thick,
    `space` points from the text."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = ppr.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_BORDERS)
    rule = element("w:" + side, val="single", sz=str(eighths), space=str(space), color=color)
    if side == "top":
        borders.insert(0, rule)
    else:
        borders.append(rule)


def align_page_bottom(section) -> None:
    """The section's text sits at the bottom of its page (Word's 页面设置 → 垂直对齐方式：底端对齐)."""
    section._sectPr.insert_element_before(element("w:vAlign", val="bottom"), *_AFTER_V_ALIGN)


def add_alternate_fonts(document, alternates: dict[str, str]) -> None:
    """Declare fonts in the font table with their w:altName (a comma-separated list Word and WPS try when the
    font is missing) and the GB2312 character set."""
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = parse_xml(part.blob)
    for name, names in alternates.items():
        font = element("w:font", name=name)
        font.append(element("w:altName", val=names))
        font.append(element("w:charset", val="86"))
        font.append(element("w:family", val="roman"))
        fonts.append(font)
    # python-docx keeps the font table as a plain part: its bytes are replaced.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def keep_rows_whole(table, *, header_rows: int = 1) -> None:
    """No row breaks across pages; the first rows repeat at the top of every page."""
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(element("w:cantSplit"))
        if i < header_rows:
            tr_pr.append(element("w:tblHeader"))


def merge_down(table, column: int, first: int, last: int) -> None:
    """Merge a column's cells from row `first` to row `last` into one, keeping the first cell's text."""
    merged = table.cell(first, column).merge(table.cell(last, column))
    for extra in merged.paragraphs[1:]:  # merging joins the cells' paragraphs; one text is enough
        extra._p.getparent().remove(extra._p)


def keep_with_next_row(row) -> None:
    """The row goes to a new page with the row below it (Word and WPS keep such rows on one page)."""
    for p in row._tr.iter(qn("w:p")):
        p.get_or_add_pPr().get_or_add_keepNext()


def set_table_rules(table, *, outer: int, inner: int) -> None:
    """A borderless table but for rules above, below (`outer`) and between its rows (`inner`), in eighths of a
    point: the 版记's lines."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", outer), ("left", 0), ("bottom", outer), ("right", 0), ("insideH", inner)):
        if size:
            borders.append(element(f"w:{side}", val="single", sz=str(size), space="0", color="000000"))
        else:
            borders.append(element(f"w:{side}", val="nil"))
    borders.append(element("w:insideV", val="nil"))
    # w:tblBorders follows w:tblW, w:jc, w:tblCellSpacing, w:tblInd and comes before w:shd, w:tblLayout, …
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    margins = OxmlElement(
        "w:tblCellMar"
    )  # no cell margins: the text's indents are measured from the rules' ends
    for side in ("left", "right"):
        margins.append(element(f"w:{side}", w="0", type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook")
