"""Signed-in pages and downloads are not kept by the browser (`Cache-Control: no-store`) [ASVS 14.3.2]; the
login page is not either (its CSRF token must be fresh); static files keep their own caching."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/dashboard/",
        "/plan/",
        "/indicators/4/",
        "/tasks/",
        "/reports/appendix.xlsx?year=2024",
        "/nowhere/",
    ],
)
def test_signed_in_pages_and_downloads_are_not_stored(url, client, coordinator):
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert {"no-store", "private"} <= cache_control(response), response.get("Cache-Control")


def test_refusals_seen_signed_in_are_not_stored(client, reporter_swj):
    client.force_login(reporter_swj)
    response = client.get("/review/")
    assert response.status_code == 403
    assert "no-store" in cache_control(response)


def test_login_page_is_not_stored(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "no-store" in cache_control(response)


def test_signed_out_redirect_carries_no_page(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "no-store" not in cache_control(response)


def test_static_files_keep_their_caching(settings, coordinator):
    settings.WHITENOISE_USE_FINDERS, settings.WHITENOISE_AUTOREFRESH = True, True
    client = Client()  # a new handler: WhiteNoise reads its settings when it is built
    client.force_login(coordinator)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
    assert "max-age" in response.get("Cache-Control", "")
