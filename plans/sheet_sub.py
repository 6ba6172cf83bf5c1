"""Sub-indicators in a published table (issue 22): "10" followed by "10.1", "10.2", or a number the table
repeats (the first row is the parent, the others its children 10.1, 10.2 in order). A parent without targets of
its own is a heading; the children are the indicators entered."""

import re

from plans.sheet_cells import squeeze

NUMBER = re.compile(r"([0-9]{1,4})(?:\.([0-9]{1,2}))?")


class SubNumbers:
    """Reads a table's 序号 cells in order into (number, sub) pairs."""

    def __init__(self, cells: list):
        self.parents: set[int] = set()  # numbers with sub-indicators
        self.children: dict[int, int] = {}  # parent number → children read so far
        seen = set()
        for value in cells:
            match = NUMBER.fullmatch(squeeze(value))
            if match:
                number = int(match[1])
                if match[2] or number in seen:
                    self.parents.add(number)
                seen.add(number)

    def read(self, text: str) -> tuple[tuple[int, int] | None, str]:
        """((number, sub), "") for "10" (10, 0), "10.1" (10, 1) or a repeated "10" (the next child of the
        first); (None, the problem) otherwise."""
        match = NUMBER.fullmatch(text)
        if not match or int(match[1]) == 0 or (match[2] is not None and int(match[2]) == 0):
            return None, (f"序号应为正整数，实为“{text}”（子指标写作 10.1）" if text else "缺少序号")
        number = int(match[1])
        if number not in self.parents:
            return (number, 0), ""
        if match[2] is None and number not in self.children:  # the parent itself
            self.children[number] = 0
            return (number, 0), ""
        if number not in self.children:
            return None, f"子指标 {text} 上方没有指标 {number}"
        self.children[number] += 1
        return (number, int(match[2]) if match[2] else self.children[number]), ""
