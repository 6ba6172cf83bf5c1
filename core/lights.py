"""红黄绿: the warning light of one indicator-year-period or one task × unit, with its Chinese reason.

Pure Python (no Django), table-tested in tests/core/test_lights.py. The facts come from the rules that already
decide them — 逾期 from core.due, 序时进度 and the year-end forecast from indicators/pacing.py, 未达标 from the
evaluation (indicators/rules.py), a task unit's 滞后 from tasks/progress.py — gathered by indicators/lights.py
and tasks/lights.py; this module only ranks them. The first colour that applies wins, and every reason of that
colour is named:

- 红: 未达标 (missed, once approved), 逾期未报 (core.due's 逾期 of something still owed), 退回两次及以上, or a
  约束性 indicator behind its 序时进度;
- 黄: behind the 序时进度 (a task unit: 滞后), 预计全年未达标, 力争未达 (no failure, but not met), or due within
  WARN_DAYS and not handed in;
- 绿: met or on pace — and everything with no warning (未到期, handed in and awaiting review, 待报 with time left).
"""

from dataclasses import dataclass, field
from datetime import date

from core import due

WARN_DAYS = 7  # the default of settings.LIGHTS_WARN_DAYS

RED, YELLOW, GREEN = "red", "yellow", "green"
WORDS = {RED: "红", YELLOW: "黄", GREEN: "绿"}
ORDER = (RED, YELLOW, GREEN)  # worst first

# What an approved figure's evaluation (or a task unit's status) says, as the facts name it.
MET, NEARLY_MET, MISSED, STRIVE_MISSED, PENDING, DONE = (
    "met",
    "nearly_met",
    "missed",
    "strive_missed",
    "pending",
    "done",
)
_JUDGED = {
    MET: "已达标",
    NEARLY_MET: "基本达标",
    PENDING: "已审核，待评估",
    DONE: "已完成",
    STRIVE_MISSED: "力争未达",
}


@dataclass(frozen=True)
class Facts:
    """What is known of one item: when it is due, whether it was handed in, and how it stands."""

    period_end: date
    set_deadline: date | None  # the coordinator's 截止日期, None for core.due's default
    handed_in: bool  # submitted or approved (accepted)
    outcome: str = ""  # MET … DONE once judged, "" before
    behind_pace: bool = False  # indicators/pacing.py's on_track False, or a task unit's 滞后
    forecast_miss: bool = False  # indicators/pacing.py's projected_miss
    returns: int = 0  # how many times the coordinator returned it (退回)
    binding: bool = False  # a 约束性 indicator
    on_pace: bool = False  # a year-to-date figure at or ahead of its 序时进度, a task unit 按进度推进


@dataclass(frozen=True)
class Light:
    colour: str  # RED, YELLOW, GREEN
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def word(self) -> str:
        return WORDS[self.colour]

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def label(self) -> str:
        """The badge's text, readable without its colour: "● 红 逾期未报"."""
        return f"● {self.word} {self.reason}".rstrip()

    @property
    def is_red(self) -> bool:
        return self.colour == RED


def light(facts: Facts, today: date, warn_days: int = WARN_DAYS) -> Light:
    """The light of one item on `today`."""
    state = due.state(facts.period_end, facts.set_deadline, today)
    deadline = due.deadline(facts.period_end, facts.set_deadline)
    owed = not facts.handed_in

    red = []
    if facts.outcome == MISSED:
        red.append("未达标")
    if owed and state == due.OVERDUE:
        red.append(f"逾期未报（截止{deadline.month}月{deadline.day}日）")
    if facts.returns >= 2:
        red.append(f"已退回{facts.returns}次")
    if facts.binding and facts.behind_pace:
        red.append("约束性指标落后序时进度")
    if red:
        return Light(RED, tuple(red))

    yellow = []
    if facts.behind_pace:
        yellow.append("落后序时进度")
    if facts.forecast_miss:
        yellow.append("预计全年未达标")
    if facts.outcome == STRIVE_MISSED:
        yellow.append("力争未达")
    days = (deadline - today).days
    if owed and state != due.OVERDUE and 0 <= days <= warn_days:
        yellow.append("今日截止，尚未报送" if days == 0 else f"{days}天后截止，尚未报送")
    if yellow:
        return Light(YELLOW, tuple(yellow))

    return Light(GREEN, (_green_reason(facts, state, deadline),))


def _green_reason(facts: Facts, state: str, deadline: date) -> str:
    if facts.outcome:
        return _JUDGED[facts.outcome]
    if facts.on_pace:
        return "按序时进度"
    if facts.handed_in:
        return "已报送，待审核"
    if state == due.NOT_DUE:
        return "未到期"
    return f"待报（截止{deadline.month}月{deadline.day}日）"


def worst(lights) -> Light | None:
    """The worst of several lights (a collective's members, a unit's items); None for none."""
    lights = list(lights)
    if not lights:
        return None
    return min(lights, key=lambda item: ORDER.index(item.colour))


def tally(lights) -> dict[str, int]:
    """How many lights of each colour, by word: {"红": 2, "黄": 0, "绿": 5}."""
    counts = {WORDS[c]: 0 for c in ORDER}
    for item in lights:
        if item is not None:
            counts[item.word] += 1
    return counts
