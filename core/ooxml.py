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


def off_grid(style) -> None:
    """Paragraphs of this style do not snap to the document grid."""
    style.element.get_or_add_pPr().insert_element_before(
        element("w:snapToGrid", val="0"), *_AFTER_SNAP_TO_GRID
    )


def set_grid(section, *, kind: str, line_pitch: int, char_space: int) -> None:
    """The section's document grid: lines (and characters) per page, as Word's 文档网格 dialog shows them."""
    grid = section._sectPr.find(qn("w:docGrid"))  # python-docx's template has one; add_section copies it
    grid.set(qn("w:type"), kind)
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


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


def merge_runs(table, column: int, values: list[str], *, first_row: int = 1) -> None:
    """Merge vertically each run of equal, non-empty cells of a column (values from `first_row` down)."""
    start = 0
    for i in range(1, len(values) + 1):
        if i < len(values) and values[i] == values[start] and values[i]:
            continue
        if i - start > 1:
            merged = table.cell(first_row + start, column).merge(table.cell(first_row + i - 1, column))
            for extra in merged.paragraphs[1:]:  # merging joins the cells' paragraphs; one text is enough
                extra._p.getparent().remove(extra._p)
        start = i
