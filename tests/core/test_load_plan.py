import io
import shutil

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from indicators.models import Indicator, Target
from plans.yaml_reader import DEFAULT_DIR

PLAN_APPS = ("departments", "indicators", "tasks")


def row_counts() -> dict[str, int]:
    """Rows of every model of the plan apps, history tables included (users excluded: tests add them)."""
    return {
        model._meta.label: model.objects.count()
        for app in PLAN_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.model_name != "user"
    }


def snapshot() -> list[tuple]:
    return sorted(Target.objects.values_list("indicator__number", "year", "kind", "value", "source_text"))


def load(directory=DEFAULT_DIR) -> str:
    out = io.StringIO()
    call_command("load_plan", "--dir", str(directory), stdout=out)
    return out.getvalue()


@pytest.fixture
def fixture_dir(tmp_path):
    """A copy of fixtures/plan to break or edit."""
    target = tmp_path / "plan"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def edit(path, old: str, new: str, count: int = 1):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_loading_twice_changes_nothing(empty_plan):
    first = load()
    counts = row_counts()
    second = load()
    assert "规划数据已载入" in first
    assert "规划数据无变化" in second
    assert "指标：新增 0，更新 0，未变 19" in second
    assert row_counts() == counts
    assert counts["indicators.Indicator"] == 19
    assert counts["indicators.HistoricalTarget"] == 54


def test_editing_a_fixture_updates_in_place(empty_plan, fixture_dir):
    load(fixture_dir)
    target = Target.objects.get(indicator__number=3, year=2024)
    edit(fixture_dir / "indicators.yaml", '"2024": "40", "2025": "40.5"', '"2024": "40.2", "2025": "40.5"')
    output = load(fixture_dir)
    target.refresh_from_db()
    assert str(target.value.normalize()) == "40.2"
    assert target.source_text == "40.2"
    assert "年度目标：新增 0，更新 1，未变 53" in output
    assert target.history.count() == 2  # created, then changed


@pytest.mark.django_db
def test_reordering_task_units_rewrites_the_order(fixture_dir):
    load(fixture_dir)
    edit(
        fixture_dir / "chapters.yaml",
        "units: [市城运中心, 市数政局, 市发改委]",
        "units: [市数政局, 市城运中心, 市发改委]",
    )
    load(fixture_dir)
    from tasks.models import Task

    task = Task.objects.get(number="6.3")
    assert [link.department.name for link in task.unit_links.order_by("order")] == [
        "市数政局",
        "市城运中心",
        "市发改委",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "indicators.yaml",
            "departments: [商务局]",
            "departments: [商务厅]",
            "fixtures/plan/indicators.yaml 第 4 项（序号 4）：责任部门“商务厅”不在 departments.yaml 中",
        ),
        ("indicators.yaml", 'number: "4"', 'number: "3"', "indicators.yaml 第 4 项（序号 3）：序号 3 重复"),
        (
            "chapters.yaml",
            "units: [市城运中心, 市数政局, 市发改委]",
            "units: [市城运中心, 市大数据局, 市发改委]",
            "chapters.yaml 第 6 项（章） 任务 6.3：责任单位“市大数据局”不在 departments.yaml 中",
        ),
        (
            "indicators.yaml",
            '"2024": "39.5"',
            '"2024": "39,5"',
            "indicators.yaml 第 1 项（序号 1） 2024年目标：“value”应为数字，实为“39,5”",
        ),
        (
            "indicators.yaml",
            'kind: approx, value: "34.8"',
            'kind: about, value: "34.8"',
            "indicators.yaml 第 2 项（序号 2） 2024年目标：目标类型“about”应为",
        ),
        ("indicators.yaml", "reference: gsgyzjzzs}", "reference: nope}", "参照序列“nope”不在 companions 中"),
        (
            "departments.yaml",
            "short_name: 商务局",
            "short_name: 工信局",
            "“工信局”与其他单位的代码、全称或简称重复",
        ),
        ("chapters.yaml", 'number: "4.2"', 'number: "5.2"', "任务 5.2：编号“5.2”应为“4.序号”"),
        ("departments.yaml", "- {code: gxj,", "- {code: [gxj,", "departments.yaml：YAML 格式错误"),
    ],
)
def test_broken_fixture_fails_in_chinese_and_changes_nothing(fixture_dir, file, old, new, message):
    load(fixture_dir)
    # A valid edit in the same run must not land either: the load is all or nothing.
    edit(fixture_dir / "indicators.yaml", '"2023": "39.5"', '"2023": "39.6"')
    edit(fixture_dir / file, old, new)
    counts, before = row_counts(), snapshot()
    with pytest.raises(CommandError) as excinfo:
        load(fixture_dir)
    assert "规划数据有误，数据库未作任何修改" in str(excinfo.value)
    assert message in str(excinfo.value).replace(str(fixture_dir.parent) + "/", "fixtures/")
    assert row_counts() == counts
    assert snapshot() == before


def test_missing_file_is_named(empty_plan, fixture_dir):
    (fixture_dir / "chapters.yaml").unlink()
    with pytest.raises(CommandError, match="chapters.yaml：文件不存在"):
        load(fixture_dir)
    assert not Indicator.objects.exists()


# -- commitments.yaml -------------------------------------------------------------------------------------------

COMMITMENTS = "commitments.yaml"


def test_commitments_load_once(empty_plan):
    assert "量化目标：新增 62，更新 0，未变 0" in load()
    assert "量化目标：新增 0，更新 0，未变 62" in load()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '{task: "4.3", text: "累计建成',
            '{task: "9.9", text: "累计建成',
            "fixtures/plan/commitments.yaml 第 44 项（任务 9.9）：任务“9.9”不在 chapters.yaml 中",
        ),
        (
            'target: "4", unit: 家}',
            'target: "4", unit: 家, lead: 华士镇}',
            "commitments.yaml 第 44 项（任务 4.3）：牵头单位“华士镇”不是任务 4.3 的责任单位",
        ),
        (
            'target: "4", unit: 家}',
            'target: "4", unit: 家, lead: 市大数据局}',
            "第 44 项（任务 4.3）：牵头单位“市大数据局”不在 departments.yaml 中",
        ),
        (
            'target: "4", unit: 家}',
            'target: "4", unit: 家, per_unit: "是"}',
            "第 44 项（任务 4.3）：per_unit 应为 true 或 false",
        ),
        (
            '{chapter: "6", text: "上市企业数量达75家", target: "75", unit: 家, lead: 市金融监管局}',
            '{chapter: "6", text: "上市企业数量达75家", target: "75", unit: 家, lead: 市金融监管局, per_unit: true}',
            "第 60 项（第6章目标）：per_unit（各责任单位分别填报）只用于任务的量化目标",
        ),
        (
            'target: "4", unit: 家}',
            'target: "四", unit: 家}',
            "第 44 项（任务 4.3）：“target”应为数字，实为“四”",
        ),
        ('target: "4", unit: 家}', 'target: "0", unit: 家}', "第 44 项（任务 4.3）：“target”应大于 0"),
        ('target: "4", unit: 家}', 'target: "4", unit: 家, kind: about}', "类型“about”应为"),
        (
            'target: "100", unit: 个, scope: annual}',
            'target: "100", unit: 个, scope: yearly}',
            "期限“yearly”应为",
        ),
        (
            'target: "100", unit: 个, scope: annual}',
            'target: "100", unit: 个, scope: annual, due: "2025"}',
            "第 47 项（任务 5.1）：“每年”的量化目标不需要目标年（due）",
        ),
        (
            'indicator: "17"}',
            'indicator: "19"}',
            "第 59 项（第6章目标）：附件指标序号 19 不在 indicators.yaml 中",
        ),
        (
            '{chapter: "6", text: "上市企业数量达75家", target: "75", unit: 家, lead: 市金融监管局}',
            '{chapter: "6", text: "上市企业数量达75家", target: "75", unit: 家}',
            "第 60 项（第6章目标）：章目标没有对应指标时须注明牵头单位（lead）",
        ),
        (
            '{chapter: "6", text: "占无锡市比重保持领先", kind: leading, indicator: "15"}',
            '{chapter: "6", text: "占无锡市比重保持领先", kind: leading}',
            "第 61 项（第6章目标）：“高于参照”“保持领先”须注明对应的附件指标（indicator）",
        ),
        (
            '{task: "4.3", text: "累计建成',
            '{task: "4.3", chapter: "4", text: "累计建成',
            "第 44 项（任务 4.3）：应填写 task（任务编号）或 chapter（章序号）二者之一",
        ),
        (
            'label: "“瞪羚”入库企业"',
            'label: "“雏鹰”入库企业"',
            "与前面的量化目标重复（同一原文的几项请用 label 区分）",
        ),
    ],
)
def test_broken_commitment_fails_in_chinese_and_changes_nothing(fixture_dir, old, new, message):
    load(fixture_dir)
    edit(fixture_dir / COMMITMENTS, old, new)
    counts = row_counts()
    with pytest.raises(CommandError) as excinfo:
        load(fixture_dir)
    assert message in str(excinfo.value).replace(str(fixture_dir.parent) + "/", "fixtures/")
    assert row_counts() == counts


@pytest.mark.django_db
def test_a_per_unit_quota_loads(fixture_dir):
    from tasks.models import Commitment

    load(fixture_dir)
    edit(fixture_dir / COMMITMENTS, 'target: "4", unit: 家}', 'target: "4", unit: 家, per_unit: true}')
    assert "量化目标：新增 0，更新 1" in load(fixture_dir)
    quota = Commitment.objects.get(task__number="4.3")
    assert quota.per_unit and Commitment.objects.filter(per_unit=True).count() == 1


@pytest.mark.django_db
def test_editing_and_removing_commitments(fixture_dir):
    from tasks.models import Commitment

    load(fixture_dir)
    factories = Commitment.objects.get(task__number="4.3")
    edit(
        fixture_dir / COMMITMENTS,
        'text: "累计建成省级及以上5G全连接工厂4家", target: "4"',
        'text: "累计建成省级及以上5G全连接工厂4家", target: "5"',
    )
    edit(
        fixture_dir / COMMITMENTS, '- {task: "5.1", text: "每年实施重点技术改造项目100个"', '# - {task: "5.1"'
    )
    output = load(fixture_dir)
    assert "量化目标：新增 0，更新 1，未变 60，删除 1" in output
    factories.refresh_from_db()
    assert factories.target == 5
    assert not Commitment.objects.filter(task__number="5.1").exists()


@pytest.mark.django_db
def test_a_commitment_with_reported_numbers_is_not_removed(fixture_dir):
    from departments import roles
    from tasks.models import Commitment
    from tests.conftest import make_user
    from tests.tasks.helpers import report

    load(fixture_dir)
    report(make_user("gxj-r", roles.REPORTER, "gxj"), "5.1", ["40"])
    edit(
        fixture_dir / COMMITMENTS, '- {task: "5.1", text: "每年实施重点技术改造项目100个"', '# - {task: "5.1"'
    )
    with pytest.raises(CommandError) as excinfo:
        load(fixture_dir)
    assert (
        "fixtures/plan/commitments.yaml：任务 5.1 的量化目标“每年实施重点技术改造项目100个”已有填报的完成数，不能删除"
        in str(excinfo.value).replace(str(fixture_dir.parent) + "/", "fixtures/")
    )
    assert Commitment.objects.filter(task__number="5.1").exists()


@pytest.mark.django_db
def test_inserting_a_commitment_keeps_the_others_and_their_numbers(fixture_dir):
    from tasks.models import Commitment

    added = '- {task: "4.2", text: "实现规上工业企业数字化转型全覆盖"'
    edit(
        fixture_dir / COMMITMENTS, added, "# " + added
    )  # loaded first without it, as before it was transcribed
    load(fixture_dir)
    before = dict(Commitment.objects.filter(task__number="4.2").values_list("text", "pk"))
    edit(fixture_dir / COMMITMENTS, "# " + added, added)
    assert "量化目标：新增 1，更新 4，未变 57" in load(fixture_dir)  # the four after it moved down one place
    after = {c.text: (c.pk, c.order) for c in Commitment.objects.filter(task__number="4.2")}
    assert after["实现规上工业企业数字化转型全覆盖"][1] == 3
    assert {text: pk for text, (pk, _) in after.items() if text in before} == before
