"""The phone checks of a page at 390×844 (tests/browser/test_walk.py): the page never scrolls sideways, the
menu button opens the menu, and each page's primary actions can be scrolled to and touched (inside the viewport,
on top, at least 44 px)."""

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
    ("task_report_batch", "reporter_gxj"): ["全部保存草稿", "全部提交审核"],
    ("deadlines", "coordinator"): ["保存"],
    ("scores:index", "coordinator"): ["保存调整"],
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


def phone_problems(page, persona: str, visit, first: bool) -> list[str]:
    """What is wrong with the page just opened on a phone; `first`: the persona's first page, whose menu is
    opened and walked."""
    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        problems.append(f"页面横向滚动（{width[0]} > {width[1]}），最宽的元素：{page.evaluate(WIDEST)}")
    if persona == "anonymous" or visit.name.startswith(("admin:", "screen:")):
        pass  # no menu: the login and public pages, the admin's own layout, the big screen
    elif first:
        problems += check_menu(page)
    elif why := reachable(page.get_by_role("button", name="菜单")):
        problems.append(f"菜单按钮{why}")
    for name in PRIMARY.get((visit.name, persona), []):
        button = page.get_by_role("button", name=name, exact=True).first
        if not button.count():
            problems.append(f"找不到按钮“{name}”")
        elif why := reachable(button):
            problems.append(f"按钮“{name}”{why}")
    return problems


# The element that sticks out furthest to the right, to name in a failure.
WIDEST = """() => {
  let widest = null, right = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > right) { right = r.right; widest = el; }
  }
  return widest ? `${widest.tagName.toLowerCase()}.${[...widest.classList].join(".")} 右边界 ${Math.round(right)}` : "";
}"""
