"""Checks of an OLE compound file before calamine loads it: an .xlsx saved with a password (Excel keeps it in
a compound file whose streams are EncryptionInfo and EncryptedPackage), and an .xls whose sheets reach beyond
the bounds — calamine loads every sheet of an .xls when it opens the file and reserves each sheet's declared
DIMENSIONS (one cell at row 65535, column 255 cost a gigabyte), so every sheet is sized from its records first.

The compound file [MS-CFB] is read minimally — header, FAT through the DIFAT, directory, one stream — and the
workbook stream [MS-XLS] record by record, as calamine walks it.
"""

import struct

from imports.refusals import MACRO, PASSWORD, FileRejected, bounds, cell_name, damaged, too_far

OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")  # the VBA storage's name in the directory
ENCRYPTED = {"encryptedpackage", "encryptioninfo"}
WORKBOOK = ("workbook", "book")
LAST_SECTOR = 0xFFFFFFFA  # larger numbers mark chain ends and free or special sectors
BOF, EOF, BOUNDSHEET, FILEPASS, DIMENSIONS, MULRK = 0x0809, 0x000A, 0x0085, 0x002F, 0x0200, 0x00BD
# Records calamine turns into cells (NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA): row, column first.
CELLS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006}


class _Corrupt(Exception):
    pass


def check_ole(ext: str, data: bytes) -> None:
    if ext == ".xls" and OLE_VBA in data:
        raise FileRejected(MACRO)
    try:
        streams = _directory(data)
        if ENCRYPTED & streams.keys():
            raise FileRejected(PASSWORD)
        if ext != ".xls":
            return
        name = next((n for n in WORKBOOK if n in streams), None)
        if name is None:
            raise _Corrupt("找不到工作簿数据")
        _check_workbook(streams[name]())
    except (_Corrupt, struct.error, IndexError) as e:
        if (
            ext == ".xls"
        ):  # an .xlsx that is no readable compound file is just not an .xlsx: the caller says so
            raise damaged(".xls", str(e) or "复合文档结构有误") from None


def _directory(data: bytes) -> dict:
    """Stream name (lower case) → a function reading the stream."""
    if len(data) < 512:
        raise _Corrupt("文件过短")
    major, byte_order, shift, mini_shift = struct.unpack_from("<HHHH", data, 0x1A)
    if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
        raise _Corrupt("复合文档头有误")
    size = 1 << shift
    fat_count, first_directory, _, cutoff, first_mini_fat, _, first_difat = struct.unpack_from(
        "<7I", data, 0x2C
    )
    count = -(-len(data) // size) - 1  # a last sector cut short at the stream's end still counts

    def sector(number: int) -> bytes:
        if number >= count:
            raise _Corrupt("扇区编号越界")
        return data[(number + 1) * size : (number + 2) * size]

    def table(sectors: list[int]) -> list[int]:
        return [n for s in sectors for n in struct.unpack(f"<{size // 4}I", sector(s))]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    number, seen = first_difat, set()
    while number < LAST_SECTOR:  # each DIFAT sector ends with the next one's number
        if number in seen:
            raise _Corrupt("扇区链有误")
        seen.add(number)
        *more, number = struct.unpack(f"<{size // 4}I", sector(number))
        difat.extend(more)
    fat = table([n for n in difat if n < LAST_SECTOR][:fat_count])

    def read(start: int, length: int, mini: tuple | None = None) -> bytes:
        if length > len(data):
            raise _Corrupt("数据流长度有误")
        if mini is None:
            return b"".join(sector(n) for n in _chain(start, fat, count))[:length]
        mini_fat, mini_stream = mini
        pieces = (mini_stream[n * 64 : (n + 1) * 64] for n in _chain(start, mini_fat, len(mini_fat)))
        return b"".join(pieces)[:length]

    raw = read(first_directory, len(data))
    entries = [raw[i : i + 128] for i in range(0, len(raw) - 127, 128)]
    if not entries or entries[0][66] != 5:
        raise _Corrupt("缺少根目录")
    root_start, root_size = struct.unpack_from("<IQ", entries[0], 116)
    mini = None
    streams = {}
    for entry in entries:
        length = struct.unpack_from("<H", entry, 64)[0]
        if entry[66] != 2 or not 2 <= length <= 64:
            continue
        name = entry[: length - 2].decode("utf-16-le", "replace").lower()
        start, stream_size = struct.unpack_from("<IQ", entry, 116)
        if major == 3:  # version 3 files may leave garbage in the size's high half
            stream_size &= 0xFFFFFFFF
        if stream_size >= cutoff:
            streams[name] = lambda start=start, n=stream_size: read(start, n)
        else:
            if mini is None:
                mini = (table(list(_chain(first_mini_fat, fat, count))), read(root_start, root_size))
            streams[name] = lambda start=start, n=stream_size, mini=mini: read(start, n, mini)
    return streams


def _chain(start: int, table: list[int], limit: int):
    """Sector numbers of a chain; a loop or a number past the table is corruption."""
    seen = set()
    number = start
    while number < LAST_SECTOR:
        if number in seen or len(seen) > limit or number >= len(table):
            raise _Corrupt("扇区链有误")
        seen.add(number)
        yield number
        number = table[number]


def _records(stream: bytes, position: int):
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4 : position + 4 + length]
        position += 4 + length


def _check_workbook(stream: bytes) -> None:
    sheets = []
    for kind, body in _records(stream, 0):
        if kind == FILEPASS and body[:2] != b"\0\0":
            raise FileRejected(PASSWORD)
        if kind == BOUNDSHEET and len(body) >= 4:
            sheets.append(struct.unpack_from("<I", body)[0])
        elif kind == EOF:
            break
    for position in dict.fromkeys(sheets):  # sheets sharing a position are one scan
        _check_sheet(stream, position)


def _check_sheet(stream: bytes, position: int) -> None:
    """The sheet's DIMENSIONS (what calamine reserves) and every cell record, skipping embedded substreams
    (charts) as calamine does."""
    last_row, last_column = (n - 1 for n in bounds())
    depth, seen_bof = 0, False
    for kind, body in _records(stream, position):
        if depth:
            depth += 1 if kind == BOF else -1 if kind == EOF else 0
            continue
        if kind == BOF:
            depth, seen_bof = (1 if seen_bof else 0), True
        elif kind == EOF:
            return
        elif kind == DIMENSIONS:
            _check_dimensions(body, last_row, last_column)
        elif kind in CELLS or kind == MULRK:
            row, column = struct.unpack_from("<HH", body)
            if kind == MULRK:
                column = struct.unpack_from("<H", body, len(body) - 2)[0]
            if row > last_row or column > last_column:
                raise too_far(f"单元格 {cell_name(row, column)}")


def _check_dimensions(body: bytes, last_row: int, last_column: int) -> None:
    """calamine reserves (last - first + 1) rows × columns of the declared range; reversed ranges wrap around."""
    if len(body) == 14:
        first_row, end_row, first_column, end_column = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, end_row, first_column, end_column = struct.unpack_from("<HHHH", body)
    else:
        raise _Corrupt("DIMENSIONS 记录长度有误")
    if first_column > 0xFF or end_column < first_column:
        first_column = 0
    if end_row < 1 or end_column < 1:
        return
    if end_row - 1 > last_row or end_column - 1 > last_column or first_row > end_row - 1:
        declared = f"{cell_name(first_row, first_column)}:{cell_name(end_row - 1, end_column - 1)}"
        raise too_far(f"工作表声明的范围 {declared}")
