import pytest

from tests.security.conftest import routes
from tests.security.test_request_fuzz import Target, login, random_examples, recording  # noqa: F401

pytestmark = pytest.mark.django_db


def test_api_fuzz(recording, samples, login):  # noqa: F811
    problems = []
    for route in routes():
        if not route.name.startswith("api:"):
            continue
        target = Target(route, samples, login)
        print(route.name, target.read, len(target.reaching))
        problems += [f"{route.name}：{p}" for p in target.sweep()]
        target.fuzz(examples=random_examples(route, target))
    assert not problems, "\n\n".join(problems)
