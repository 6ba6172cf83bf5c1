"""Chapter goals no indicator restates (第一章 "制造业增加值占地区生产总值比重达45%左右", due 2030): their lead enters
the number on one task of the chapter, and the tree, the task page, the export and the final assessment pace
them — a 2030 goal over 2023–2030, through 2026 and after."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from departments import roles
from departments.models import Department
from tasks import permissions
from tasks.chapter_goals import chapter_links, goal_task
from tasks.models import Chapter, Commitment, ProgressReport, Task
from tasks.services import ReportInput, report_save
from tests.conftest import make_user, seed_plan
from tests.tasks.conftest import TODAY

pytestmark = pytest.mark.django_db

LATER = date(2026, 7, 15)  # 2026 上半年 has ended: the seed plan's appendix is over, its 2030 goals go on

BY_2030_45 = "制造业增加值占地区生产总值比重达45%左右"  # 第一章, 市工信局
LISTED_75 = "上市企业数量达75家"  # 第六章, 市金融监管局, due 2025
PROJECTS_15 = "每年支持产业前瞻及关键技术研发、产业化关键技术攻关项目15项左右"  # 第三章, 市科技局, annual


def goal(text: str) -> Commitment:
    return Commitment.objects.get(chapter__plan=seed_plan(), text=text)


def field(text: str) -> str:
    return f"c{goal(text).pk}"


def task_field(number: str, order: int = 0) -> str:
    return f"c{Task.objects.get(number=number).commitments.get(order=order).pk}"


def url(number: str, year: int = 2025, period: str = "h1") -> str:
    return f"/tasks/{number}/report/{year}/{period}/"


def post(client, number: str, *, year=2025, period="h1", submit=True, **numbers):
    data = {"version": "0", "progress": "推进顺利。", **numbers}
    if submit:
        data["submit"] = "1"
    return client.post(url(number, year, period), data)


@pytest.fixture
def later(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: LATER)
    return LATER


@pytest.fixture
def kjj(plan):
    return make_user("kjj-reporter", roles.REPORTER, "kjj")


@pytest.fixture
def jrjgj(plan):
    return make_user("jrjgj-reporter", roles.REPORTER, "jrjgj")


def goal_html(html: str, text: str) -> str:
    """The tree's list item of one chapter goal."""
    start = html.index(f'id="goal-{goal(text).pk}"')
    return html[start : html.index("</li>", start)]


# -- where a goal is reported --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, chapter, expected",
    [
        ("gxj", 1, "1.1"),  # the first task, named first
        ("kjj", 1, "1.2"),  # named second on 1.2
        ("swj", 5, "5.3"),  # 5.1 and 5.2 do not name 市商务局
        ("hsz", 4, "4.1"),  # named on 4.1 by itself before 4.2 names 各镇街园区
        ("hsz", 1, "1.1"),  # through its collective
        ("yd", 1, None),  # responsible for no task of the chapter
    ],
)
def test_goal_task_is_the_first_task_of_the_chapter_the_unit_is_responsible_for(
    plan, code, chapter, expected
):
    chapter_id = Chapter.objects.get(plan=seed_plan(), number=chapter).pk
    found = goal_task(chapter_links(chapter_id), Department.objects.get(code=code))
    assert (found.number if found else None) == expected


def test_the_lead_fills_each_chapter_goal_on_exactly_one_task_form(client, gxj, kjj, today):
    goals = Commitment.objects.filter(chapter__plan=seed_plan(), indicator_number__isnull=True)
    for user, expected in [
        (
            gxj,
            {
                "1.1": [BY_2030_45],
                "2.1": ["形成1个达到国际先进水平的先进制造业集群", "2个国家级先进制造业集群建设取得重大进展"],
                "4.1": ["70%规模以上制造业企业基本实现数字化网络化"],
            },
        ),
        (kjj, {"3.1": [PROJECTS_15]}),
    ]:
        client.force_login(user)
        shown = {}
        for task in permissions.tasks_reportable_by(user).order_by("number"):
            html = client.get(url(task.number)).content.decode()
            found = [g.text for g in goals if f'name="c{g.pk}"' in html]
            if found:
                shown[task.number] = found
                assert f"第{task.chapter.numeral}章目标完成数" in html
        assert shown == expected, user


def test_other_units_do_not_see_the_goal(client, hsz, kjj, today):
    for user in (hsz, kjj):  # both report on 1.1's chapter; 市工信局 leads the goal
        client.force_login(user)
        html = client.get(url("1.1" if user is hsz else "1.2")).content.decode()
        assert f'name="{field(BY_2030_45)}"' not in html and "章目标完成数" not in html


def test_a_goal_posted_where_it_does_not_belong_is_not_written(client, gxj, hsz, today):
    client.force_login(hsz)  # not the lead
    assert post(client, "1.1", **{field(BY_2030_45): "30"}).status_code == 302
    client.force_login(gxj)  # the lead, on a later task of the chapter
    assert post(client, "1.3", **{field(BY_2030_45): "30"}).status_code == 302
    assert [r.numbers for r in ProgressReport.objects.all()] == [{}, {}]


@pytest.mark.parametrize("persona, number", [("hsz", "1.1"), ("gxj", "1.3"), ("gxj", "2.1")])
def test_the_service_refuses_a_goal_the_unit_does_not_report_on_the_task(request, persona, number):
    with pytest.raises(ValidationError, match="不由本单位在任务 [0-9.]+ 填报"):
        report_save(
            user=request.getfixturevalue(persona),
            task=Task.objects.get(number=number),
            year=2025,
            period="h1",
            data=ReportInput(progress="x", numbers={goal(BY_2030_45).pk: 30}),
            version=0,
            submit=False,
            today=TODAY,
        )
    assert not ProgressReport.objects.exists()


def test_submit_requires_the_goals_number(client, gxj, today):
    client.force_login(gxj)
    response = post(client, "1.1")
    assert response.status_code == 400
    assert "本单位牵头的章目标，提交前请填写完成数。" in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert post(client, "1.1", submit=False).status_code == 302  # a draft may leave it empty
    response = client.post(
        url("1.1"), {"version": "1", "progress": "推进顺利。", field(BY_2030_45): "３０", "submit": "1"}
    )
    assert response.status_code == 302
    saved = ProgressReport.objects.get()
    assert saved.status == ProgressReport.Status.SUBMITTED
    assert saved.numbers == {field(BY_2030_45)[1:]: "30"}
    html = client.get(url("1.1")).content.decode()  # read-only once submitted
    assert "第一章目标·制造业增加值占地区生产总值比重达45%左右</dt><dd>30%</dd>" in html


# -- progress ------------------------------------------------------------------------------------------------


def test_tree_paces_the_goal_in_2025(client, gxj, leader, today):
    client.force_login(gxj)
    assert post(client, "1.1", **{field(BY_2030_45): "30"}).status_code == 302
    client.force_login(leader)
    html = client.get("/tasks/").content.decode()
    item = goal_html(html, BY_2030_45)
    # 30 of 45 by 2030; 2.5 of the 8 years 2023–2030 gone by 2025 上半年.
    assert "市工信局在任务" in item and 'href="#task-1.1"' in item and "2030年目标" in item
    assert '<strong class="num">30%</strong>' in item
    assert '<span class="st st-on_track">按进度</span>' in item and "完成 67%，应达 31%" in item
    assert '<span class="st st-no_value">未填报</span>' in goal_html(html, LISTED_75)
    # Goals an indicator restates point to it.
    chapter1 = html[html.index('id="chapter-1"') : html.index('id="chapter-2"')]
    assert re.findall(r"见指标 (\d+)", chapter1) == ["2", "5", "1"]


def test_goals_go_on_in_2026(client, gxj, kjj, jrjgj, leader, later):
    client.force_login(gxj)
    assert post(client, "1.1", year=2026, **{field(BY_2030_45): "32"}).status_code == 302
    client.force_login(kjj)
    numbers = {task_field("3.1"): "320", field(PROJECTS_15): "8"}
    assert post(client, "3.1", year=2026, **numbers).status_code == 302
    client.force_login(jrjgj)
    assert post(client, "6.1", year=2026, **{field(LISTED_75): "70"}).status_code == 302

    client.force_login(leader)
    html = client.get("/tasks/").content.decode()  # 2026 上半年, the period due
    assert '任务推进 <span class="muted slot-label">2026年上半年</span>' in html
    # A 2030 goal is paced over 2023–2030: 3.5 of 8 years gone.
    item = goal_html(html, BY_2030_45)
    assert "按进度" in item and "完成 71%，应达 44%" in item
    # A goal due 2025 is simply due; an annual one wants half by June.
    item = goal_html(html, LISTED_75)
    assert '<span class="st st-behind">滞后</span>' in item and "完成 93%，应达 100%" in item
    assert "完成 53%，应达 50%" in goal_html(html, PROJECTS_15)

    html = client.get("/tasks/1.1/?year=2026&period=h1").content.decode()
    goals = html[html.index('id="chapter-goals"') : html.index("各单位报送情况")]
    assert BY_2030_45 in goals and 'aria-label="完成 71%，应达 44%"' in goals
    assert "完成数·制造业增加值占地区生产总值比重达45%左右" in html  # the history names the goal
    assert 'id="chapter-goals"' not in client.get("/tasks/1.2/?year=2026&period=h1").content.decode()

    response = client.get("/tasks/export/?year=2026&period=h1")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert ("一、全力保障工业稳定运行（章目标）", "市工信局", f"{BY_2030_45}：45%左右（2030年）") in [
        r[:3] for r in rows
    ]
    row = next(r for r in rows if r[2] and r[2].startswith(BY_2030_45))
    assert row[3] == "按进度（任务 1.1，已报送）\n32%（完成 71%，应达 44%）"
    row = next(r for r in rows if r[2] and r[2].startswith("70%规模以上"))
    assert row[1] == "市工信局" and row[3] == "未报送（任务 4.1）"


def test_final_assessment_lists_the_chapter_goals(client, gxj, leader, later):
    client.force_login(gxj)
    assert post(client, "1.1", period="year", **{field(BY_2030_45): "33"}).status_code == 302
    client.force_login(leader)
    html = client.get(f"/plans/{seed_plan().code}/assessment/").content.decode()
    chapter1 = html[html.index("一、全力保障工业稳定运行</h3>") : html.index("二、")]
    row = chapter1[chapter1.index("第1章目标") :]
    row = row[: row.index("</tr>")]
    # Judged at the end of 2025 on its pace to 2030: 3 of 8 years.
    assert BY_2030_45 in row and "33%" in row and "按进度" in row and "完成 73%，应达 38%" in row
    assert "第6章目标" in html and LISTED_75 in html  # unreported: listed as 未填报

    response = client.get(f"/plans/{seed_plan().code}/assessment.xlsx")
    sheet = load_workbook(BytesIO(response.content))["任务量化目标"]
    found = [r for r in sheet.values if r[2] == BY_2030_45]
    assert found == [
        (
            "一、全力保障工业稳定运行",
            "第1章目标",
            BY_2030_45,
            "45%左右（2030年）",
            33,
            "按进度",
            "完成 73%，应达 38%",
        )
    ]
