"""No crafted request gives a 5xx: every URL of the URLconf, as every persona, GET and POST, with hostile values
(Unicode digits, huge numbers, negatives, empty, NUL and control characters, random text) in every path argument
and every query or form parameter the view reads.

The parameters are not listed by hand: tests/security/probes.py records which ones each view asks for while it
serves plausible requests from every persona, so a parameter added to a view is probed from then on. Each input
first gets every value of probes.SWEEP once (the rest of the request plausible, as a persona the view serves),
then hypothesis throws random hostile requests at the URL.

The random requests run their full breadth on SQLite and a core of MIN_EXAMPLES per URL on PostgreSQL. What a
backend can refuse differently (an integer past 64 bits, NUL in text, a negative, empty, a non-ASCII digit) is in
SWEEP, which every input gets on both databases; the random breadth mixes those same kinds of value, and how a view
parses a mix does not depend on the backend."""

import time
import traceback
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security import probes
from tests.security.conftest import ROLES, Route, routes
from tests.security.test_permission_matrix import post_data

pytestmark = pytest.mark.django_db

METHODS = ("GET", "POST")
FUZZ_SECONDS_PER_URL = 2
MIN_EXAMPLES = 3
# Plausible query parameters, so that a hostile value in one parameter reaches the code behind the others.
QUERY_SAMPLES = {
    "year": "2025",
    "period": "h1",
    "page": "2",
    "department": "swj",
    "status": "all",
    "standing": "met",
    "next": "/plan/",
}


@pytest.fixture
def recording(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.security.probes.ParamRecorder"]


@pytest.fixture
def login(client_as):
    """Like client_as: a new client signed in as the persona. Each persona is created and signed in once, up
    front (not inside a savepoint that is rolled back), and every client carries that session; a request runs
    in a savepoint rolled back afterwards, so whatever it did to the session (a logout) is undone with it."""
    sessions = {role: client_as(role).cookies.get(django_settings.SESSION_COOKIE_NAME) for role in ROLES}

    def make(role: str) -> Client:
        client = Client()
        if sessions[role] is not None:
            client.cookies[django_settings.SESSION_COOKIE_NAME] = sessions[role].value
        return client

    return make


def send(client, method: str, path: str, query: dict, form: dict):
    url = f"{path}?{urlencode(query, doseq=True)}" if query else path
    return client.get(url) if method == "GET" else client.post(url, form)


def reached(response) -> bool:
    """The view ran past its permission and method checks."""
    to_login = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    return response.status_code not in (403, 404, 405) and not to_login


class Target:
    """One URL under test: what its view reads, who reaches it, and one request at a time against it, each in
    a savepoint rolled back afterwards (a new client each time: one request may be a logout)."""

    def __init__(self, route: Route, samples, client_as):
        self.route, self.samples, self.client_as = route, samples, client_as
        self.args = {arg: str(samples.value(route, arg)) for arg in route.args}
        self.read, self.reaching = self._discover()

    def plausible_form(self) -> dict:
        return post_data(self.route.name, self.samples)  # a new upload each time: a file is read once

    def request(self, role: str, method: str, args: dict, query: dict, form: dict):
        path = probes.path_with(self.route.route, args)
        with transaction.atomic():
            try:
                return send(self.client_as(role), method, path, query, form)
            finally:
                transaction.set_rollback(True)

    def problem(self, role: str, method: str, args: dict, query: dict, form: dict) -> str | None:
        """None, or what went wrong: a 5xx or an exception, with the request that caused it."""
        where = f"{role} {method} {probes.path_with(self.route.route, args)} query={query!r} form={form!r}"
        try:
            response = self.request(role, method, args, query, form)
        except Exception:
            return f"{where}：异常\n{traceback.format_exc(limit=-2)}"
        return f"{where}：{response.status_code}" if response.status_code >= 500 else None

    def _discover(self) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
        """({"GET": names, "POST": names} that the view reads for any persona and either method, the
        (persona, method) pairs that reach the view)."""
        probes.SEEN.clear()
        reaching, started = [], time.process_time()
        for role in ROLES:
            for method in METHODS:
                if reached(self.request(role, method, self.args, QUERY_SAMPLES, self.plausible_form())):
                    reaching.append((role, method))
        self.cost = (time.process_time() - started) / max(1, len(reaching))  # seconds a served request takes
        return {method: {name for m, name in probes.SEEN if m == method} for method in METHODS}, reaching

    def sweep(self) -> list[str]:
        """Each input gets each SWEEP value once, the rest of the request plausible, as the first persona that
        reaches the view (path and query by GET if it can, form fields by POST)."""
        problems = []
        first = {method: next((r for r, m in self.reaching if m == method), None) for method in METHODS}
        query = {name: QUERY_SAMPLES[name] for name in self.read["GET"] if name in QUERY_SAMPLES}
        by_url = ("GET", first["GET"]) if first["GET"] else ("POST", first["POST"])
        inputs = [("path", by_url, name) for name in self.args]
        inputs += [("query", by_url, name) for name in sorted(self.read["GET"])]
        inputs += [("form", ("POST", first["POST"]), name) for name in sorted(self.read["POST"])]
        for kind, (method, role), name in inputs:
            if role is None:
                continue
            for value in probes.SWEEP:
                request = {"path": dict(self.args), "query": dict(query), "form": self.plausible_form()}
                request[kind][name] = value
                problem = self.problem(role, method, request["path"], request["query"], request["form"])
                if problem:
                    problems.append(problem)
                    break  # one value per input is enough to show it
        return problems

    def fuzz(self, examples: int) -> None:
        """Random hostile requests; raises AssertionError naming the (shrunk) request that failed."""
        everyone = [(role, method) for role in ROLES for method in METHODS]
        # Mostly as someone the view serves (where the parameters are read), sometimes as anyone.
        who = (
            st.sampled_from(self.reaching) | st.sampled_from(everyone)
            if self.reaching
            else st.sampled_from(everyone)
        )

        def values(names, plausible):
            return st.fixed_dictionaries(
                {},
                optional={
                    name: (st.just(plausible[name]) | probes.hostile) if name in plausible else probes.hostile
                    for name in sorted(names)
                },
            )

        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(data=st.data())
        def probe(data):
            role, method = data.draw(who, label="persona, method")
            args = {
                arg: data.draw(st.just(value) | probes.hostile, label=arg) for arg, value in self.args.items()
            }
            query = data.draw(values(self.read["GET"], QUERY_SAMPLES), label="query")
            form = (
                data.draw(values(self.read["POST"], self.plausible_form()), label="form")
                if method == "POST"
                else {}
            )
            problem = self.problem(role, method, args, query, form)
            assert problem is None, problem

        probe()


def random_examples(route: Route, target: Target) -> int:
    """A few random requests more per input, within a time budget for a slow page (a Word document); on
    PostgreSQL the core only (see the module's docstring)."""
    if connection.vendor != "sqlite":
        return MIN_EXAMPLES
    inputs = len(route.args) + len(target.read["GET"]) + len(target.read["POST"])
    return max(MIN_EXAMPLES, min(6 + 3 * inputs, int(FUZZ_SECONDS_PER_URL / target.cost)))


def test_recorder_finds_the_parameters_views_read(recording, samples, login):
    """The fuzz test is only as good as this: the recorder sees query parameters, forms and getlist()."""
    by_name = {r.name: r for r in routes()}
    assert {"year", "period", "page", "department"} <= Target(by_name["dashboard"], samples, login).read[
        "GET"
    ]
    assert "figure_ids" in Target(by_name["review_bulk_approve"], samples, login).read["POST"]
    assert {"value", "version"} <= Target(by_name["entry_period"], samples, login).read["POST"]


@pytest.mark.parametrize("route", routes(), ids=lambda route: route.name)
def test_no_request_gives_a_server_error(route, recording, samples, login):
    """One test per URL, so that pytest-xdist can share the URLs out among its workers (tests/conftest.py,
    SPLIT_FILES): the walk over all of them was one test of ten minutes, which one worker ran alone."""
    target = Target(route, samples, login)
    problems = target.sweep()
    try:
        target.fuzz(examples=random_examples(route, target))
    except Exception as e:  # noqa: BLE001  (every failure of the URL is reported together)
        problems += [str(error) for error in (e.exceptions if isinstance(e, BaseExceptionGroup) else [e])]
    assert not problems, "\n\n".join(problems)
