"""Dependencies point one way (shared/DESIGN.md "Where things live"): core knows no app; departments knows core;
the Plan model and its selectors know those two; indicators know the plan; tasks know indicators; imports know
indicators; what combines them all — loading and backing up plans, the final assessment, the pages that show
indicators and tasks together, the read-only API, the 考核 scores, 督办, the 政务公开 pages and the 领导驾驶舱 — sits
on top, in the rest of plans/ and in api/, scores/, supervision/, public/ and screen/. Read from the
source with ast, so a new module is checked without anyone listing it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# Lowest first; a module may import its own layer and the ones before it. The longest matching prefix decides.
LAYERS = [
    {"core"},
    {"departments"},
    {"plans.models", "plans.selectors", "plans.apps", "plans.migrations"},
    {"indicators"},
    {"tasks"},
    {"imports"},
    {"plans", "api", "scores", "supervision", "public", "screen", "jiangyin_mfg"},
]
APPS = {
    "core",
    "departments",
    "plans",
    "indicators",
    "tasks",
    "imports",
    "api",
    "scores",
    "supervision",
    "public",
    "screen",
    "jiangyin_mfg",
}


def layer(module: str) -> int:
    best, found = -1, None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    return found


def modules():
    base = Path(settings.BASE_DIR)
    for app in sorted(APPS):
        for path in sorted((base / app).rglob("*.py")):
            name = ".".join(path.relative_to(base).with_suffix("").parts).removesuffix(".__init__")
            yield name, path


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] in APPS}


def test_every_module_has_a_layer():
    assert [name for name, _ in modules() if layer(name) is None] == []


@pytest.mark.parametrize(("name", "path"), list(modules()), ids=lambda value: str(value))
def test_dependencies_point_down(name, path):
    own = layer(name)
    upward = sorted(target for target in imported(path) if layer(target) is not None and layer(target) > own)
    assert upward == [], f"{name} 导入了上层模块：{upward}"


def test_the_rule_catches_an_upward_import(tmp_path):
    """The check itself: core importing indicators is reported."""
    module = tmp_path / "x.py"
    module.write_text("from indicators.rules import fmt\n", encoding="utf-8")
    assert layer("core.x") < layer("indicators.rules")
    assert "indicators.rules" in imported(module)
