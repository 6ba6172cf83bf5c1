"""The page of an official document by GB/T 9704—2012: A4, the margins, the type area of 22 lines × 28
characters, the type sizes, the 版头's and 版记's measures, and the few texts every part writes alike."""

import re
from datetime import date

from docx.shared import Length, Mm, Pt, RGBColor, Twips

from core import docx_layout

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES, CHARS = 22, 28

TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(14), Pt(10.5)  # 2号, 3号, 4号, 5号
IMPRINT_SIZE = Pt(14)  # 版记: 4号
RED = RGBColor(0xFF, 0x00, 0x00)
MASTHEAD_MAX = Pt(48)  # the 发文机关标志's largest size; a long name is set smaller to fit the line
MASTHEAD_TOP = Mm(35)  # from the type area's top edge to the 发文机关标志's (GB/T 9704 7.2.4)
RULE_GAP = Mm(4)  # the red rule 4 mm below the 发文字号
# Rules in eighths of a point: the red rule and the 版记's first and last 0.35 mm, the 版记's middle 0.25 mm.
THICK_RULE, THIN_RULE = 8, 6
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+|[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")


def official_date(day: date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704—2012 asks: 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cjk_tidy(text: str) -> str:
    """ "完成 34.6%，目标 35 左右" → "完成34.6%，目标35左右": printed Chinese puts no space next to a character."""
    return _CJK_SPACE.sub("", text)


def line_pitch() -> Twips:
    """The fixed line spacing: the type area's height over 22 lines, rounded down so the 22nd line fits."""
    height = PAGE_HEIGHT.twips - MARGINS["top"].twips - MARGINS["bottom"].twips
    return Twips(height // LINES)


def type_width() -> Length:
    return Length(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"])


def char_spacing() -> int:
    """The body's character spacing in twentieths of a point (−5: 紧缩 0.25 磅): 28 characters of 3号 fill the
    156 mm line (28 × 15.75 pt ≤ 442.2 pt < 29 × 15.75 pt) in Word, WPS and LibreOffice alike."""
    return docx_layout.char_spacing(type_width().pt, CHARS, BODY_SIZE.pt)
