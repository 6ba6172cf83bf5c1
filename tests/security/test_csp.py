"""Content-Security-Policy and the other security headers on every page [ASVS 3.4.1–3.4.6], and templates that
need nothing the policy forbids: no inline scripts, on* handlers, style attributes or <style> blocks."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.security.conftest import routes

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


class InlineCode(HTMLParser):
    """Collects what the policy would refuse in a page: inline scripts, on* handlers, style attributes,
    <style> blocks and javascript: links. <script type="application/json"> (json_script) is data, not code."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append(f"<script> 内联脚本（{self.getpos()}）")
        if tag == "style":
            self.found.append(f"<style> 内联样式（{self.getpos()}）")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> 事件属性（{self.getpos()}）")
            if name == "style":
                self.found.append(f"<{tag} style=…> 样式属性（{self.getpos()}）")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>（{self.getpos()}）")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_every_page_sends_the_policy_and_needs_no_inline_code(samples, client_as):
    """GET every URL of the URLconf as the coordinator (and the login page signed out)."""
    client = client_as("coordinator")
    for route in routes():
        url = samples.url(route)
        response = client.get(url)
        assert response.status_code < 500, url
        assert policy(response) == POLICY, url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url
        if response.get("Content-Type", "").startswith("text/html"):
            assert inline_code(response.content.decode()) == [], url
    login = client_as("anonymous").get("/accounts/login/")
    assert policy(login) == POLICY
    assert inline_code(login.content.decode()) == []


def test_error_pages_send_the_policy_too(client_as, settings):
    settings.DEBUG = False  # django-csp leaves DEBUG's technical 404 page alone
    client = client_as("leader")
    for url, status in [("/no-such-page/", 404), ("/review/", 403), ("/figures/1/approve/", 405)]:
        response = client.get(url)
        assert response.status_code == status
        assert policy(response) == POLICY, url


TAG_PATTERNS = {
    "内联脚本": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "事件属性": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "样式属性": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "<style>": re.compile(r"<style[\s>]", re.I),
    "javascript: 链接": re.compile(r"javascript:", re.I),
}


def test_no_template_needs_inline_code():
    """Also the branches a test visit does not render (error messages, other roles, empty lists)."""
    problems = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for what, pattern in TAG_PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(settings.BASE_DIR)}:{line} {what}：{match.group(0)[:60]}")
    assert not problems, "Content-Security-Policy 不允许：\n" + "\n".join(problems)


def test_htmx_does_not_inject_its_indicator_style(client_as):
    html = client_as("leader").get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false' in html
