"""Every page × every persona on a 390×844 phone: the page never scrolls sideways, the menu button opens the menu,
and each page's primary actions can be scrolled to and touched (inside the viewport, on top, at least 44 px).
Full-page screenshots go to test-output/screenshots/phone/.

On PostgreSQL the walk takes a sample (tests/browser/site.py, whole_walk): each page once, every persona's menu,
and every page of PRIMARY for its persona; the layout is the templates' and the stylesheet's, not the database's."""

import pytest

from tests.browser.conftest import OUTPUT
from tests.browser.site import PERSONAS, PHONE, build_site, signed_in, visits

pytestmark = pytest.mark.browser

# (page, persona) → the accessible names of the buttons that page exists for.
PRIMARY = {
    ("login", "anonymous"): ["登录"],
    ("entry_period", "reporter_swj"): ["保存草稿", "提交审核"],
    ("batch_entry", "reporter_gxj"): ["全部保存草稿", "全部提交审核"],
    ("review_queue", "coordinator"): ["批量审核通过", "通过"],
    ("task_report_queue", "coordinator"): ["采纳"],
    ("imports:index", "reporter_swj"): ["上传并预览"],
    ("imports:index", "importer"): ["上传并预览", "下载模板"],
    ("imports:index", "coordinator"): ["上传并预览"],
    ("imports:batch", "importer"): ["确认导入（新增 1 条，修改 0 条）"],
    ("task_report", "reporter_gxj"): ["保存草稿", "提交审核"],
    ("deadlines", "coordinator"): ["保存"],
    ("refused", "outsider"): ["退出登录"],
}

REACHABLE = """el => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
          onTop: el.contains(hit), height: r.height, width: r.width};
}"""


def reachable(locator) -> str | None:
    """Why the control cannot be touched after scrolling to it, or None."""
    locator.scroll_into_view_if_needed()
    box = locator.evaluate(REACHABLE)
    if not box["inside"]:
        return "滚动后仍不在屏幕内"
    if not box["onTop"]:
        return "被其他元素遮挡"
    if min(box["height"], box["width"]) < 44:
        return f"触控尺寸 {box['width']:.0f}×{box['height']:.0f}，小于 44 像素"
    return None


def check_menu(page) -> list[str]:
    toggle = page.get_by_role("button", name="菜单")
    if (why := reachable(toggle)) is not None:
        return [f"菜单按钮{why}"]
    links = page.locator(".mainnav a")
    if links.first.is_visible():
        return ["菜单未折叠：手机上应先只显示菜单按钮"]
    toggle.click()
    problems = []
    for link in links.all():
        if why := reachable(link):
            problems.append(f"菜单项“{link.inner_text()}”{why}")
    if toggle.get_attribute("aria-expanded") != "true":
        problems.append("打开菜单后 aria-expanded 应为 true")
    toggle.click()
    return problems


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_fits_a_phone(persona, browser, live_server, plan):
    samples = build_site()
    folder = OUTPUT / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    with signed_in(browser, live_server, persona, PHONE) as page:
        pages = visits(
            persona, samples, page.context, keep=frozenset(name for name, who in PRIMARY if who == persona)
        )
        assert pages, persona
        for visit in pages:
            response = page.goto(visit.url)
            where = f"{persona} {visit.url}（{visit.name}）"
            if response.status >= 500:
                problems.append(f"{where}：{response.status}")
                continue
            width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width[0] > width[1]:
                wide = page.evaluate(WIDEST)
                problems.append(f"{where}：页面横向滚动（{width[0]} > {width[1]}），最宽的元素：{wide}")
            if persona == "anonymous" or visit.name.startswith("admin:"):
                pass  # no menu: the login page, and the admin's own layout
            elif visit == pages[0]:
                problems += [f"{where}：{p}" for p in check_menu(page)]
            elif why := reachable(page.get_by_role("button", name="菜单")):
                problems.append(f"{where}：菜单按钮{why}")
            names = PRIMARY.get((visit.name, persona), [])
            for name in names:
                button = page.get_by_role("button", name=name, exact=True).first
                if not button.count():
                    problems.append(f"{where}：找不到按钮“{name}”")
                elif why := reachable(button):
                    problems.append(f"{where}：按钮“{name}”{why}")
            page.screenshot(path=folder / f"{persona}-{visit.name.replace(':', '-')}.png", full_page=True)
    missing = {key for key in PRIMARY if key[1] == persona} - {(v.name, persona) for v in pages}
    assert not missing, f"PRIMARY 中这些页面没有走到：{missing}"
    assert not problems, "\n".join(problems)


# The element that sticks out furthest to the right, to name in a failure.
WIDEST = """() => {
  let widest = null, right = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > right) { right = r.right; widest = el; }
  }
  return widest ? `${widest.tagName.toLowerCase()}.${[...widest.classList].join(".")} 右边界 ${Math.round(right)}` : "";
}"""
