"""Every page × every persona, each page opened once per width: on a 390×844 phone the phone checks
(tests/browser/phone.py) and axe-core, then at desktop width axe-core again. No serious or critical axe violation,
no phone problem. Full-page phone screenshots go to test-output/screenshots/phone/.

axe-core is vendored from npm in static/vendor/axe-core/ and registered as the context's init script, which
Chromium runs in each new document outside the page's Content-Security-Policy (the pages themselves rightly
refuse it), rather than sent (0.5 MB) with every page.

The walk runs on SQLite only (tests/conftest.py `_postgresql_skip`): what it checks is what Chromium makes of a
rendered page, and that every page renders for every persona on PostgreSQL is the test client's part
(tests/security/test_permission_matrix.py, test_csp.py, test_request_fuzz.py)."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import OUTPUT
from tests.browser.phone import PRIMARY, phone_problems
from tests.browser.site import DESKTOP, PERSONAS, PHONE, build_site, signed_in, visits

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
    """The page's serious and critical violations; axe comes from the context's init script."""
    return [f"{v['impact']} {v['id']}（{v['help']}）：" + "；".join(v["nodes"]) for v in page.evaluate(RUN)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_fits_a_phone_and_passes_axe(persona, browser, live_server, plan):
    samples = build_site()
    folder = OUTPUT / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    with signed_in(browser, live_server, persona, PHONE) as page:
        page.context.add_init_script(path=AXE)
        pages = visits(persona, samples, page.context)
        assert pages, persona
        for visit in pages:
            response = page.goto(visit.url)
            page.wait_for_load_state("load")
            where = f"{persona} {visit.url}（{visit.name}）"
            if response.status >= 500:
                problems.append(f"{where}：{response.status}")
                continue
            problems += [
                f"{where}：{p}" for p in phone_problems(page, persona, visit, first=visit == pages[0])
            ]
            problems += [f"{where} {PHONE['width']}px：{v}" for v in violations(page)]
            page.screenshot(path=folder / f"{persona}-{visit.name.replace(':', '-')}.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        for visit in pages:
            page.goto(visit.url)
            page.wait_for_load_state("load")
            problems += [
                f"{persona} {DESKTOP['width']}px {visit.url}（{visit.name}）：{v}" for v in violations(page)
            ]
    missing = {key for key in PRIMARY if key[1] == persona} - {(v.name, persona) for v in pages}
    assert not missing, f"PRIMARY 中这些页面没有走到：{missing}"
    assert not problems, "\n".join(problems)
