"""The series a relative target is compared with (“年均增速高于规上工业增速”, “高于全区税收年均增速3个百分点以上”,
“高于全市平均水平”, “与全市经济增速保持同步”): a companion series of an earlier plan (or of this one) whose name the
phrase abbreviates (“规上工业增速” → 规上工业增加值增速), or, when none has that name, a new companion series
named as the sheet words it, reported by the indicator's lead department (a reference value such as an average
is entered like any figure), so the target is judged against it once it is reported."""

import hashlib

from indicators.models import Indicator


def _matches(phrase: str, name: str) -> bool:
    chars = iter(name)
    return phrase == name or all(char in chars for char in phrase)  # in order, gaps allowed


def companion_code(phrase: str) -> str:
    """A stable code for a companion series created from the sheet: the same phrase always gets the same one."""
    return "ref" + hashlib.sha1(phrase.encode()).hexdigest()[:7]


def companion_item(phrase: str, known: list[Indicator], item: dict, source: str) -> tuple[dict | None, str]:
    """(the companion's plan item, "") or (None, the problem) for the series a target names."""
    found = {c.code: c for c in known if _matches(phrase, c.name)}
    if len(found) > 1:
        names = "、".join(sorted({c.name for c in found.values()}))
        return None, f"参照序列“{phrase}”对应多个配套数据（{names}），无法判断高于什么"
    if found:
        c = next(iter(found.values()))
        return {
            "number": None,
            "code": c.code,
            "category": None,
            "name": c.name,
            "unit": c.unit,
            "mark": "",
            "precision": c.precision,
            "ytd": c.ytd_mode,
            "note": c.note,
            "departments": [link.department.code for link in c.responsible_links],
            "targets": [],
        }, ""
    if len(phrase) > 100:
        return None, f"参照序列“{phrase[:20]}…”超过 100 个字"
    lead = item["departments"][:1]
    what = "参照值（平均水平）" if "平均" in phrase else "参照序列"
    return {
        "number": None,
        "code": companion_code(phrase),
        "category": None,
        "name": phrase,
        "unit": item["unit"],
        "mark": "",
        "precision": 1 if item["unit"] == "%" else 0,
        "ytd": Indicator.YtdMode.LEVEL,
        "note": f"指标 {item['label']}“{source}”的{what}，载入规划时新建，由牵头部门按年填报。",
        "departments": lead,
        "targets": [],
        "created": True,
    }, ""
