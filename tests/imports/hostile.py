"""Hostile uploads, built here byte by byte so each trick can be read (no binary blobs): one builder per case.

Each .xlsx case starts from a real workbook and replaces or corrupts one part; the .xls and encrypted .xlsx cases
are compound files written by `compound` below, the smallest writer [MS-CFB] that calamine and Excel accept.
"""

import io
import struct
import zipfile

from tests.imports.conftest import LONG_HEADER, xlsx, zip_bytes

GOOD = [LONG_HEADER, [4, None, 2024, "全年", "16.9", None, None]]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def entries(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def with_sheet(body: str, *, prefix: str = "", part: str = SHEET, dimension: str = "A1") -> bytes:
    """A real .xlsx whose first sheet is `body` (the rows inside <sheetData>), each element optionally prefixed."""
    p = f"{prefix}:" if prefix else ""
    declaration = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {declaration}><{p}dimension ref="{dimension}"/>'
        f"<{p}sheetData>{body}</{p}sheetData></{p}worksheet>"
    )
    parts = entries(xlsx(GOOD))
    del parts[SHEET]
    parts[part] = sheet.encode()
    if part != SHEET:  # the workbook's relationship now points at the moved part
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = rels.replace("/xl/worksheets/sheet1.xml", "/" + part).encode()
    return zip_bytes(parts)


A1 = '<row r="1"><c r="A1"><v>1</v></c></row>'


def far_cell(ref: str = "XFD1048576", quote: str = '"', attributes: str = "", prefix: str = "") -> bytes:
    """A1 and one more value far away: calamine allocates the grid between them (A1:XFD1048576 is 512 GiB)."""
    p = f"{prefix}:" if prefix else ""
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f"<{p}c {attributes}r={quote}{ref}{quote}><{p}v>1</{p}v></{p}c>"
    body = A1.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}") + f'<{p}row r="{row}">{cell}</{p}row>'
    return with_sheet(body, prefix=prefix, dimension=f"A1:{ref}")


def far_cell_single_quotes() -> bytes:
    return far_cell(quote="'")


def far_cell_lower_case() -> bytes:
    return far_cell("xfd1048576")


def far_cell_r_not_first() -> bytes:
    return far_cell(attributes='s="0" t="n" ')


def far_cell_prefixed() -> bytes:
    return far_cell(prefix="x")


def far_cell_without_r() -> bytes:
    """No r anywhere near the far cell: calamine counts. Row 1048575 ends, so the next row is 1048576; 16,383
    empty cells before it make the valued cell the 16,384th column, XFD."""
    far = '<row r="1048575"/><row>' + "<c/>" * 16383 + "<c><v>1</v></c></row>"
    return with_sheet(A1 + far)


def far_cell_moved_sheet() -> bytes:
    """The sheet is not under xl/worksheets/: the workbook's relationship names it."""
    body = A1 + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return with_sheet(body, part="data/payload.xml")


def gr400000() -> bytes:
    """Not even at the sheet's edge: 400,000 rows × 200 columns took 2.7 GB and was accepted."""
    return far_cell("GR400000", quote="'")


# Archive damage: one member of a real .xlsx, its header fields or its deflate stream altered.


def _member(data: bytes, name: str) -> tuple[zipfile.ZipInfo, int]:
    """The member's directory entry and the offset of its entry in the central directory."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    return info, central


def _patched(data: bytes, name: str, *, crc: int | None = None, size: int | None = None) -> bytes:
    """Rewrite a member's CRC-32 or uncompressed size, in its local header and in the central directory."""
    info, central = _member(data, name)
    out = bytearray(data)
    for field, value in (("crc", crc), ("size", size)):
        if value is not None:
            local_at, central_at = (14, 16) if field == "crc" else (22, 24)
            struct.pack_into("<I", out, info.header_offset + local_at, value)
            struct.pack_into("<I", out, central + central_at, value)
    return bytes(out)


def bad_crc() -> bytes:
    data = xlsx(GOOD)
    return _patched(data, SHEET, crc=zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).CRC ^ 0xFFFF)


def false_declared_size() -> bytes:
    """The sheet claims to inflate to 100 bytes (and so passes any ratio check) but holds more."""
    return _patched(xlsx(GOOD), SHEET, size=100)


def flipped_deflate_byte() -> bytes:
    data = xlsx(GOOD)
    info, _ = _member(data, SHEET)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    middle = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def dtd_after_comment() -> bytes:
    """The DOCTYPE comes after a 5,000-byte comment: a check reading each part's first 4 KB misses it."""
    parts = entries(xlsx(GOOD))
    workbook = parts["xl/workbook.xml"].decode()
    declaration, rest = workbook.split("?>", 1) if workbook.startswith("<?xml") else ("", workbook)
    lol = '<!DOCTYPE workbook [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    hostile = (declaration + "?>" if declaration else "") + "<!--" + "x" * 5000 + "-->" + lol + rest
    parts["xl/workbook.xml"] = hostile.encode()
    return zip_bytes(parts)


# Compound files (OLE): .xls workbooks in BIFF8, and Excel's container for a password-protected .xlsx.

FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file (512-byte sectors) holding `streams` in the root storage. Streams are padded to
    4,096 bytes, so none lives in the mini stream."""
    sector = 512
    padded = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    directory_sectors = (len(padded) + 1 + 3) // 4  # 128-byte entries, the root first
    stream_sectors = [-(-len(data) // sector) for data in padded.values()]
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + directory_sectors + sum(stream_sectors):
        fat_sectors += 1
    fat = [FAT_SECTOR] * fat_sectors
    directory_start = len(fat)
    fat += [*range(directory_start + 1, directory_start + directory_sectors), END_OF_CHAIN]
    starts = []
    for count in stream_sectors:
        starts.append(len(fat))
        fat += [*range(len(fat) + 1, len(fat) + count), END_OF_CHAIN]
    fat += [FREE] * (fat_sectors * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, FREE, right, child)
            + b"\0" * 36  # CLSID, state bits, times
            + struct.pack("<IQ", start, size)
        )

    names = list(padded)
    directory = entry("Root Entry", 5, 1 if names else FREE, FREE, END_OF_CHAIN, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else FREE  # each stream's right sibling is the next one
        directory += entry(name, 2, FREE, right, starts[i], len(padded[name]))
    directory = directory.ljust(directory_sectors * sector, b"\0")
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH6sII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, fat_sectors)
        + struct.pack("<IIIIIII", directory_start, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )
    body = (
        struct.pack(f"<{len(fat)}I", *fat)
        + directory
        + b"".join(d.ljust(-(-len(d) // sector) * sector, b"\0") for d in padded.values())
    )
    return header + body


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def xls(
    rows: list[list], *, dimensions: tuple[int, int] | None = None, far: tuple[int, int] | None = None
) -> bytes:
    """A BIFF8 workbook of one sheet "Sheet1" holding `rows` (numbers and text). `dimensions` overrides the
    declared (rows, columns); `far` adds one number at that 0-based (row, column)."""
    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, value))
            elif value is not None:
                text = str(value).encode("utf-16-le")
                cells += _record(0x0204, struct.pack("<HHHHB", r, c, 0, len(text) // 2, 1) + text)
    if far is not None:
        cells += _record(0x0203, struct.pack("<HHHd", *far, 0, 1.0))
    height, width = dimensions or (len(rows), max(map(len, rows), default=0))
    sheet = (
        _bof(0x0010)
        + _record(0x0200, struct.pack("<IIHHH", 0, height, 0, width, 0))
        + cells
        + _record(0x000A)
    )
    name = "Sheet1".encode("utf-16-le")

    def workbook(sheet_at: int) -> bytes:  # the globals substream, pointing at the sheet's BOF
        boundsheet = _record(0x0085, struct.pack("<IBBBB", sheet_at, 0, 0, len(name) // 2, 1) + name)
        return _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + boundsheet + _record(0x000A)

    return compound({"Workbook": workbook(len(workbook(0))) + sheet})


def xls_far_cell() -> bytes:
    """5.6 KB: one cell at (65535, 255), the sheet declared as large — calamine reserved a gigabyte."""
    return xls(GOOD, dimensions=(65536, 256), far=(65535, 255))


def xls_far_cell_small_dimensions() -> bytes:
    """The declared range says two rows; a cell record says otherwise."""
    return xls(GOOD, far=(65535, 255))


def encrypted_xlsx() -> bytes:
    """What Excel writes for a workbook with an opening password: a compound file, not a zip."""
    return compound({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x10" * 64})


def long_csv(lines: int = 800_001) -> bytes:
    return ("序号,年度,完成值\n" + "4,2024,16.9\n" * (lines - 1)).encode()


# Plan sheets (load_plan --xlsx, /plans/load/): the seed-style appendix with one part replaced or lied about.


def plan_sheet_huge_styles(fonts: int = 120_000) -> bytes:
    """Passes every pre-check (small, no far cell, unpacks under the limit) but its styles.xml lists `fonts`
    fonts and as many cell formats: openpyxl builds an object for each (19.5 MB of them took 625 MB)."""
    from tests.plans.sheets import workbook_bytes

    parts = entries(workbook_bytes())
    font = '<font><sz val="11"/><name val="宋体"/></font>'
    xf = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    parts["xl/styles.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<fonts count="{fonts}">{font * fonts}</fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        f'<cellStyleXfs count="1">{xf}</cellStyleXfs><cellXfs count="{fonts}">{xf * fonts}</cellXfs>'
        "</styleSheet>"
    ).encode()
    return zip_bytes(parts)


def plan_sheet_false_declared_size() -> bytes:
    """The appendix's sheet claims to inflate to 100 bytes but holds more."""
    from tests.plans.sheets import workbook_bytes

    return _patched(workbook_bytes(), SHEET, size=100)
