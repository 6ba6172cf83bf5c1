"""The public pages' fixtures: the API's figures of indicator 4 (approved 2024 with an internal note, submitted
2023 never approved), and clients."""

import re

import pytest
from django.test import Client

from tests.api.conftest import api_data  # noqa: F401  (a fixture)

PLAN = "/public/mfg2023/"


@pytest.fixture
def anonymous() -> Client:
    return Client()


def csrf_post(client: Client, page: str, url: str, data: dict):
    """POST as the plan page's form does: with the CSRF token of the page just opened."""
    html = client.get(page).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return client.post(url, {"csrfmiddlewaretoken": token, **data})
