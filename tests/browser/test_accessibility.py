"""axe-core (vendored from npm in static/vendor/axe-core/) over every page × every persona, at desktop and at
phone width: no serious or critical violation. The script is injected by the test, so the context bypasses the
Content-Security-Policy that rightly refuses it on the pages themselves.

On PostgreSQL the walk takes a sample (tests/browser/site.py, whole_walk): each page once, by the first persona
that opens it, and each persona's first page, at both widths; axe judges markup, which the backend does not shape."""

from pathlib import Path

import pytest
from django.conf import settings

from departments.services import demo_accounts_create
from tests.browser.site import DESKTOP, PERSONAS, PHONE, build_site, signed_in, visits
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + n.failureSummary.split("\\n").slice(1, 2).join(""))
  }));
}"""


def violations(page) -> list[str]:
    """The page's serious and critical violations; axe comes from the context's init script (see the test)."""
    return [f"{v['impact']} {v['id']}（{v['help']}）：" + "；".join(v["nodes"]) for v in page.evaluate(RUN)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_serious_accessibility_violations(persona, browser, live_server, plan):
    samples = build_site()
    problems = []
    for viewport in (DESKTOP, PHONE):
        with signed_in(browser, live_server, persona, viewport, bypass_csp=True) as page:
            # Registered once and run by Chromium in each new document, rather than sent (0.5 MB) with every page.
            page.context.add_init_script(path=AXE)
            for visit in visits(persona, samples, page.context):
                page.goto(visit.url)
                page.wait_for_load_state("load")
                found = violations(page)
                problems += [
                    f"{persona} {viewport['width']}px {visit.url}（{visit.name}）：{v}" for v in found
                ]
    assert not problems, "\n".join(problems)


def focused(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


@pytest.mark.django_db(transaction=True)
def test_keyboard_order_through_the_top_bar(browser, live_server, plan):
    demo_accounts_create(password=PASSWORD)
    with signed_in(browser, live_server, "coordinator", PHONE) as page:
        page.goto("/review/")
        order = []
        for _ in range(3):
            page.keyboard.press("Tab")
            order.append(focused(page))
        assert order == ["跳到正文", "江阴制造强市建设指标跟踪", "菜单"]
        page.keyboard.press("Enter")  # the menu opens, and its first item comes next
        page.keyboard.press("Tab")
        assert focused(page) == "指标看板"
        page.keyboard.press("Escape")  # closes it and gives the focus back to the button
        assert focused(page) == "菜单"
        assert not page.get_by_role("link", name="指标看板").is_visible()

    with signed_in(browser, live_server, "coordinator", DESKTOP) as page:
        page.goto("/review/")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link leads past the menu to the page itself
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
