"""Where calamine would put the cells of an .xlsx worksheet part, refused when a value lies beyond the bounds:
calamine keeps a sheet as a dense grid, so one value at XFD1048576 would allocate billions of cells.

Two ways to one answer. A plain part — well-formed UTF-8 without comments, CDATA or processing instructions, a
reference on every <c> — is decided by regular expressions over its bytes, exact there because every "<" opens
a tag and no attribute value holds one. Anything else, and any reference beyond the bounds, is parsed element by
element with expat as calamine reads it: names compared without their prefix; <row r> sets the row and a row's
end moves to the next; <c r> sets row and column, a <c> without r takes the next column; only a cell with a
value (<v>, <is>) counts; reading stops at </sheetData>.
"""

import contextlib
import re
import zipfile
from xml.parsers import expat

from imports.refusals import DTD, FileRejected, bounds, cell_name, damaged, too_far

CHUNK = 1024 * 1024
WHOLE = 64 * 1024 * 1024  # parts up to this size are read at once and tried the plain way first
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Every <c> start tag (any prefix), with its r when r is letters and digits: its other attributes are skipped.
_CELL = re.compile(
    rb"<(?:[^\s<>/:!?]+:)?c(?=[\s/>])"
    rb"""(?:\s+(?!r\s*=)[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
    rb"""(?:\s+r\s*=\s*(["'])([A-Za-z]+)([0-9]+)\1)?"""
)
_ENCODING = re.compile(rb"""\A<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def parser(start=None, end=None) -> expat.XMLParserType:
    """expat without namespace processing (names keep their prefix, as calamine sees them), refusing DTDs."""
    xml = expat.ParserCreate()

    def refuse(*args):
        raise FileRejected(DTD)

    xml.StartDoctypeDeclHandler = xml.EntityDeclHandler = refuse
    xml.StartElementHandler, xml.EndElementHandler = start, end
    return xml


def parse(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, xml: expat.XMLParserType) -> None:
    with archive.open(entry) as member:
        while chunk := member.read(CHUNK):
            xml.Parse(chunk, False)
    xml.Parse(b"", True)


def check_cells(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    if entry.file_size > WHOLE:
        _check_each(lambda xml: parse(archive, entry, xml))
        return
    data = archive.read(entry)
    if not _plain_within_bounds(data):
        _check_each(lambda xml: xml.Parse(data, True))


def _plain_within_bounds(data: bytes) -> bool:
    """True when the part is plain (see above) and every <c r> in it, valued or not, lies within the bounds."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    declared = _ENCODING.match(body)
    if declared and declared[1].lower() not in (b"utf-8", b"utf8", b"us-ascii"):
        return False
    if body.startswith((b"\xff\xfe", b"\xfe\xff")) or b"<!--" in body or b"<![CDATA[" in body:
        return False
    if body.find(b"<?", 1) >= 0:
        return False
    parser().Parse(data, True)  # well-formed (one r per tag, values quoted), no DTD
    cells = _CELL.findall(body)
    if not cells:
        return True
    _, letters, digits = zip(*cells, strict=True)
    if not all(letters):  # a cell without r: its place depends on the others
        return False
    last_row, last_column = bounds()
    return max(map(int, digits)) <= last_row and all(_column(c.decode()) < last_column for c in set(letters))


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


class _SheetEnd(Exception):
    pass


def _check_each(feed) -> None:
    """The element-by-element placement; `feed` runs a parser over the part."""
    last_row, last_column = (n - 1 for n in bounds())
    row = column = 0
    cell = None  # the open cell's (row, column) until its value shows
    columns: dict[str, int] = {}

    def place(ref: str, need_column: bool) -> tuple[int, int]:
        digits = ref.lstrip(LETTERS)
        if not (digits.isascii() and digits.isdigit() and int(digits)) or (need_column and digits == ref):
            raise damaged(".xlsx", f"单元格引用“{ref[:20]}”无效")
        letters = ref[: len(ref) - len(digits)]
        if letters not in columns:
            columns[letters] = _column(letters)
        return int(digits) - 1, columns[letters]

    def start(name, attrs):
        nonlocal row, column, cell
        if name == "c" or name.endswith(":c"):
            ref = attrs.get("r")
            cell = (row, column) if ref is None else place(ref, True)
            column = cell[1]
        elif cell is not None:
            if name in ("v", "is") or name.endswith((":v", ":is")):
                if cell[0] > last_row or cell[1] > last_column:
                    raise too_far(f"单元格 {cell_name(*cell)}")
                cell = None
        elif name == "row" or name.endswith(":row"):
            ref = attrs.get("r")
            if ref is not None:
                row = place(ref, False)[0]

    def end(name):
        nonlocal row, column, cell
        if name == "c" or name.endswith(":c"):
            column, cell = column + 1, None
        elif name == "row" or name.endswith(":row"):
            row, column = row + 1, 0
        elif name == "sheetData" or name.endswith(":sheetData"):
            raise _SheetEnd

    def before(name, attrs):
        if name == "sheetData" or name.endswith(":sheetData"):
            xml.StartElementHandler, xml.EndElementHandler = start, end

    xml = parser(before)
    with contextlib.suppress(_SheetEnd):
        feed(xml)
