"""A successor plan's appendix (十五五 style: baseline 2025, targets 2026–2030) built with openpyxl, with the
quirks real tables have: title rows, spaced and line-broken headers, merged 一级指标 and target cells, "44\\n左右",
"力争65", "—", department short and full names, an unknown department, a note row under the table."""

import io

import openpyxl

CODE = "mfg2026"
TITLE = "江阴市“十五五”制造强市建设主要指标"
HEADER = [
    "一级指标",
    "序  号",
    "指  标",
    "2025年",
    "2026年目标",
    "2027年\n目标",
    "2028年目标",
    "2029年目标",
    "2030年\n目标",
    "责任部门",
]
# 一级指标, 序号, 指标（单位）△, 2025年, 2026—2030年目标, 责任部门; None: covered by a merged cell.
ROWS = [
    ["质量效益", 1, "规上制造业全员劳动生产率（万元/人）△", 40.2, 41, 42, 43, 44, 45, "工信局"],
    [
        None,
        2,
        "制造业增加值占地区生产总值比重（%）△",
        "43.8\n左右",
        "44\n左右",
        "44.3左右",
        "44.5左右",
        "44.8左右",
        "45\n左右",
        "工信局",
    ],
    [
        "产业结构",
        3,
        "高技术制造业增加值增速（%）",
        6.5,
        "年均增速高于规上工业\n增速",
        None,
        None,
        None,
        None,
        "工信局",
    ],
    [None, 4, "工业战略性新兴产业产值占规上工业比重（%）△", 41.2, 42, 43, 44, 45, 46, "市工信局"],
    ["创新驱动", 5, "规上工业企业研发机构建有率（%）", 58, 59, 60, 62, 63, "力争65", "科技局"],
    [None, 6, "国家产业、技术、制造业创新中心数（家）", "—", 0, 0, 0, "力争1家", None, "发改委\n科技局"],
    ["绿色发展", 7, "单位工业增加值能耗比2025年降低幅度（%）△", "—", 3, 6, 9, 12, 15, "工信局"],
    [
        "",
        8,
        "规上工业单位增加值用水量（立方米/万元）",
        8.5,
        "不高于8.4",
        "8.2以下",
        "8以下",
        "7.8以下",
        "7.5以下",
        "工信局",
    ],
    [
        "企业实力",
        9,
        "制造业上市公司数量占无锡市比重（%）△",
        35,
        "全市领先",
        None,
        None,
        None,
        None,
        "金融监管局",
    ],
    ["数实融合", 10, "数字化转型企业数（家）", 1200, 1500, 1800, 2100, 2400, 2700, "工信局、数据局"],
    ["要素保障", 11, "制造业贷款余额占全部贷款余额比重（%）", 31.5, 31, 31, 31, 31, 31, "人民银行"],
]
# (first row, first column, last row, last column) of each merged cell, 1-based; data starts on row 4.
MERGES = [(2, 1, 2, 10), (4, 1, 5, 1), (6, 1, 7, 1), (8, 1, 9, 1), (6, 5, 6, 9), (9, 8, 9, 9), (12, 5, 12, 9)]
NOTE = "注：带△的为约束性指标。"
FIRST_DATA_ROW = 4


def workbook_bytes(rows=None, *, header=None, title=TITLE, merges=None, sheet="附件", extra=None) -> bytes:
    """The appendix as .xlsx bytes; `rows`, `header` and `merges` replace the defaults, `extra(sheet)` edits."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["附件"])
    ws.append([title])
    ws.append(header or HEADER)
    for row in ROWS if rows is None else rows:
        ws.append(row)
    ws.append([])
    ws.append([NOTE])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=10)
    for first_row, first_column, last_row, last_column in MERGES if merges is None else merges:
        ws.merge_cells(
            start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column
        )
    if extra:
        extra(ws)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(path, **kwargs):
    path.write_bytes(workbook_bytes(**kwargs))
    return path


def table_bytes(title: str, header: list, rows: list[list], *, notes=("注：数据来源于统计部门。",)) -> bytes:
    """A published table as .xlsx: the title row, the header, the rows, a blank row and notes merged across."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "表1"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
        if row[0] and not any(row[1:]):  # a section row, merged across as published
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    ws.append([])
    for note in notes:
        ws.append([note])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_csv(title: str, header: list, rows: list[list]) -> bytes:
    """The same table as a CSV saved by Excel in GBK."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in ([title], header, *rows):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("gb18030")
