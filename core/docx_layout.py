"""Where an official document's lines and table rows fall, worked out before it is written: the character
spacing that sets 28 characters a line, the blank lines that put the 版记 at the foot of its page, and the
groups of an 附件 table's rows that are kept on one page so a merged 一级指标 label is never cut off.

Pure Python: lengths in points."""

import math
from collections.abc import Sequence

MM = 72 / 25.4  # points per millimetre


def width(text: str) -> float:
    """Width in characters: Arabic numerals and Latin letters are half a character."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def char_spacing(line_width: float, chars: int, size: float) -> int:
    """Character spacing, in twentieths of a point, that sets exactly `chars` characters of `size` points in a
    line `line_width` points wide: the largest that still fits them (negative: 紧缩)."""
    return math.floor((line_width / chars - size) * 20)


def lines_needed(text: str, line_chars: float) -> int:
    """Lines a text takes at `line_chars` characters a line (each "\\n" starts a new one)."""
    return sum(max(1, math.ceil(width(part) / line_chars)) for part in text.split("\n"))


# A table line's height over its type size: generous, so that an estimate errs towards a taller row (the CJK
# fonts LibreOffice and WPS substitute have line heights up to 1.45 em).
TABLE_LEADING = 1.5
CELL_PADDING = 2 * 1.9 * MM  # Word's default left and right cell margins


def row_height(texts: Sequence[str], widths: Sequence[float], size: float) -> float:
    """A table row's height: its tallest cell's lines (`widths` are the cells' widths in points)."""
    lines = max(
        lines_needed(text, max(1.0, (w - CELL_PADDING) / size)) for text, w in zip(texts, widths, strict=True)
    )
    return lines * size * TABLE_LEADING + 1


def groups(labels: Sequence[str], heights: Sequence[float], limit: float) -> list[tuple[int, int]]:
    """Rows (first, last) to merge and keep on one page: each run of equal, non-empty labels, cut where its
    height would pass `limit` so every group fits on a page and shows its own label."""
    found, start = [], 0
    while start < len(labels):
        end, height = start, heights[start]
        while (
            end + 1 < len(labels)
            and labels[end + 1] == labels[start]
            and labels[start]
            and height + heights[end + 1] <= limit
        ):
            end += 1
            height += heights[end]
        found.append((start, end))
        start = end + 1
    return found


def blank_lines_above(lines_used: int, lines: int) -> int:
    """Blank lines that push `lines_used` lines to the foot of a page of `lines` lines, one line spare for the
    rules (borders add to a paragraph's height)."""
    return max(0, lines - lines_used - 1)
