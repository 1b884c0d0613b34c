"""No 500s (issue #14). Generated from the resolver: every parameter of every URL pattern, every
query-string value a view declares it reads (aksjon/web/params.py), every export filter, and every
id, number or date field of every form a page shows, get malformed values — letters, decimals,
Unicode digits, huge integers, dates of year 1 and 99999, empty, NUL — as a coordinator and as an
analyst (and, for a page neither may open, as a role that may: else its parameters would never be
read). The answer is never a 500 and never a traceback; a refusal has the project's error shape.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from aksjon.accounts.access import role_allows
from aksjon.exports.registry import all_kinds
from tests.conftest import ROLES
from tests.contract.conftest import build_contract_world
from tests.contract.pages import OWN, PAGES, Page, url_name

ROOT = Path(__file__).resolve().parents[1]
MALFORMED = ["abc", "1.5", "²", "١", "١٢", str(10**23), "-1", "0", "0001-01-01", "99999-01-01",
             "0001-01-01T00:00", "", " ", "\x00", "person:²", "person:١", f"person:{10**23}", "person:1.5"]
# For a form's fields, the values that differ in kind (a form re-renders whole: each costs more).
FORM_VALUES = ["abc", "1.5", "²", "١", str(10**23), "-1", "0001-01-01", "99999-01-01", "0001-01-01T00:00",
               "99999-01-01T00:00", "", "\x00"]
# The form fields whose values are parsed (ids, numbers, dates, choices); free text is the form's own.
PARSED_INPUTS = {"hidden", "number", "date", "datetime-local", "select", "checkbox", "radio"}
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/")
# Views that read the query string without @reads: the export view hands it to the export kind's
# declared filters, which parse it with the same rules (aksjon/exports/registry.py, Filter.parse).
READS_QUERY_STRING = {"aksjon/web/params.py", "aksjon/exports/views.py"}


@pytest.fixture
def contract_world(db):
    return build_contract_world()


def url_patterns(entries=None, prefix: str = ""):
    """(route with its includes' prefixes, pattern) for every URL pattern the resolver knows."""
    for entry in entries if entries is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


PATTERNS = {entry.name: (route, entry) for route, entry in url_patterns()}


def page_of(name: str) -> Page:
    return next(page for key, page in PAGES.items() if url_name(key) == name)


def personas(page: Page) -> list[str]:
    may = [role for role in ROLES if all(role_allows(role, *need.split()) for need in page.needs)]
    chosen = [role for role in ("coordinator", "analyst") if role in may]
    return chosen or may[:1] or ["coordinator"]


class Sweep:
    """Requests as one user, each rolled back, and the problems their answers show."""

    def __init__(self, world, role: str):
        self.world, self.role, self.problems = world, role, []
        self.client = Client(raise_request_exception=False)
        self.client.force_login(world.users[role])

    def send(self, method: str, url: str, data: dict | None = None) -> None:
        with transaction.atomic():
            response = self.client.post(url, data or {}) if method == "POST" else self.client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            transaction.set_rollback(True)
        text = body.decode("utf-8", errors="replace")
        where = f"{self.role} {method} {url} {data or ''}"
        if response.status_code >= 500 or TRACEBACK.search(text):
            self.problems.append(f"{where}: {response.status_code}")
        elif response.status_code in (400, 403, 404) and not _error_shape(response, text):
            self.problems.append(f"{where}: {response.status_code} without the error shape")


def _error_shape(response, text: str) -> bool:
    if response.get("Content-Type", "").startswith("application/json"):
        return set(response.json().get("error", {})) >= {"code", "message"}
    return "error.html" in [template.name for template in response.templates]


def with_query(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | {name: value}
    return f"{parts.path}?{urlencode(query)}"


def path_with(route: str, converters: dict, values: dict) -> str:
    """The route with each <converter:name> replaced by its value, as typed (URL-quoted)."""
    for name in converters:
        route = re.sub(rf"<\w+:{name}>", quote(str(values[name]), safe=""), route)
    return "/" + route


def sweep_url(sweep: Sweep, name: str) -> None:
    route, entry = PATTERNS[name]
    page = page_of(name)
    good = page.url(sweep.world, OWN)
    valid = {key: str(value) for key, value in resolve(urlsplit(good).path).kwargs.items()}
    data = page.data(sweep.world, OWN) if page.data else {}
    converters = entry.pattern.converters
    for param in converters:
        for value in MALFORMED:
            sweep.send(page.method, path_with(route, converters, valid | {param: value}), data)
    for param, how in getattr(entry.callback, "query_params", {}).items():
        for value in MALFORMED:
            sweep.send("GET", with_query(good, param, value))
            if how.posted or page.method == "POST":
                sweep.send("POST", good, data | {param: value})


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_malformed_values_in_an_address_never_answer_500(contract_world, name):
    problems = []
    for role in personas(page_of(name)):
        sweep = Sweep(contract_world, role)
        sweep_url(sweep, name)
        problems += sweep.problems
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("kind", [kind.name for kind in all_kinds()])
def test_malformed_export_filters_never_answer_500(contract_world, kind):
    problems = []
    for role in ("coordinator", "analyst"):
        sweep = Sweep(contract_world, role)
        for name in next(k for k in all_kinds() if k.name == kind).filters:
            for value in MALFORMED:
                sweep.send("GET", with_query(reverse("export_download", args=[kind, "csv"]), name, value))
        problems += sweep.problems
    assert problems == [], "\n".join(problems)


class Forms(HTMLParser):
    """The POST forms of a page: where each goes, and its fields with the values the page gives them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._open = {"action": attrs.get("action") or "", "fields": {}, "parsed": set()}
            self.forms.append(self._open)
        elif self._open is not None and tag in ("input", "select", "textarea") and attrs.get("name"):
            self._field(tag, attrs)

    def _field(self, tag: str, attrs: dict) -> None:
        name, kind = attrs["name"], attrs.get("type", tag)
        if kind in PARSED_INPUTS and name not in ("csrfmiddlewaretoken", "next") and "__prefix__" not in name:
            self._open["parsed"].add(name)
        if kind not in ("checkbox", "radio") or "checked" in attrs:
            self._open["fields"].setdefault(name, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def sweep_forms(sweep: Sweep, page: Page) -> None:
    url = page.url(sweep.world, OWN)
    response = sweep.client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    parser = Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        for field in sorted(form["parsed"]):
            for value in FORM_VALUES:
                sweep.send("POST", form["action"] or url, form["fields"] | {field: value})


@pytest.mark.parametrize("name", sorted(name for name, page in PAGES.items() if page.method == "GET"))
def test_malformed_values_in_a_form_never_answer_500(contract_world, name):
    problems = []
    for role in personas(PAGES[name]):
        sweep = Sweep(contract_world, role)
        sweep_forms(sweep, PAGES[name])
        problems += sweep.problems
    assert problems == [], "\n".join(problems)


def test_the_sweep_finds_the_values_views_read():
    # Guards the generated tests above: were the declarations lost on the way through the
    # decorators, the sweep would send nothing and pass.
    declared = {(name, param) for name, (_route, entry) in PATTERNS.items()
                for param in getattr(entry.callback, "query_params", {})}
    assert {("followup_list", "operation"), ("followup_list", "district"), ("control_create", "venue"),
            ("control_create", "target"), ("followup_create", "person_met"), ("catalogue", "version"),
            ("audit_list", "page"), ("venue_list", "q"), ("venue_list", "page"), ("followup_list", "overdue"),
            ("followup_list", "page")} <= declared
    assert PATTERNS["entity"][1].pattern.converters and PATTERNS["person_detail"][1].pattern.converters


def test_views_read_the_query_string_only_through_reads():
    """So that every value a page reads is declared, parsed at the edge, and swept above."""
    readers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "aksjon").rglob("*.py")
                     if "request.GET" in path.read_text("utf-8"))
    assert sorted(set(readers) - READS_QUERY_STRING) == []
