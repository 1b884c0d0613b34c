"""Generated contract tests for every URL name the resolver knows (tests/contract/pages.py).

For every URL name × every role × an object of the user's own district and of
another one: the status the policy gives; no other district's (or agency's)
text in the body; a POST to another district's object answers 404 and writes
nothing; a page that shows a person leaves one access row naming that person.
"""
from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from aksjon.accounts.access import ROLE_SCOPE, allows
from aksjon.audit.models import READ, AuditEntry
from tests.audit_guard import _WRITE, UNAUDITED_STATEMENTS, is_audited
from tests.conftest import NOT_FOR_ARBEIDSTILSYNET, ROLES, VEST_MARKERS
from tests.contract.pages import OTHER, OWN, PAGES, Page, url_name


def url_names(patterns=None) -> set[str]:
    """Every named URL of the project, includes followed (Django's admin is not mounted)."""
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            names |= url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def test_every_url_name_has_a_contract():
    covered = {url_name(key) for key in PAGES}
    missing = sorted(url_names() - covered)
    stale = sorted(covered - url_names())
    assert missing == [], f"URL names without an entry in tests/contract/pages.py: {missing}"
    assert stale == [], f"entries for URL names that no longer exist: {stale}"


def expected_status(page: Page, user, which: str) -> int:
    for need in page.needs:
        action, model = need.split()
        if not allows(user, action, model):
            return 403
    if which == OTHER and ROLE_SCOPE[user.role] != "national":
        return 404
    return page.ok


def forbidden_text(user) -> tuple[str, ...]:
    scope = ROLE_SCOPE[user.role]
    return {"national": (), "district": VEST_MARKERS, "agency": NOT_FOR_ARBEIDSTILSYNET}[scope]


class Writes:
    """The statements that change Aksjon's tables during one request."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if (match := _WRITE.match(sql)) and is_audited(match[2].lower()) \
                and not any(p.match(sql) for p in UNAUDITED_STATEMENTS):
            self.statements.append(sql[:120])
        return execute(sql, params, many, context)


def ask(client, page: Page, world, which: str):
    """One request, rolled back afterwards so that every role meets the same world."""
    url = page.url(world, which)
    writes = Writes()
    with transaction.atomic(), connection.execute_wrapper(writes):
        if page.method == "POST":
            response = client.post(url, page.data(world, which) if page.data else {})
        else:
            response = client.get(url)
        reads = list(AuditEntry.objects.filter(kind=READ).order_by("-id")[:20])
        transaction.set_rollback(True)
    return response, writes.statements, reads


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="ignore")


def persons_named(body: str, world) -> list:
    return [person for person in world.person.values() if person.given_name in body]


def names_person(entry: AuditEntry, person) -> bool:
    """An access row names the person it showed: as its object, or in what it lists as shown."""
    if entry.object_type == "registry.person" and entry.object_id == str(person.pk):
        return True
    shown = entry.after or {}
    return shown.get("person") == person.pk or person.pk in shown.get("persons_met", []) \
        or person.pk in shown.get("persons", [])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_contract(client, contract_world, name):
    page, world = PAGES[name], contract_world
    problems = []
    for role in ROLES:
        user = world.users[role]
        for which in (OWN, OTHER) if page.sided else (OWN,):
            client.force_login(user)
            known_reads = set(AuditEntry.objects.filter(kind=READ).values_list("pk", flat=True))
            response, writes, reads = ask(client, page, world, which)
            where = f"{role} {page.method} {which}"
            want = expected_status(page, user, which)
            if response.status_code != want:
                problems.append(f"{where}: {response.status_code}, expected {want}")
            if want >= 400 and writes:
                problems.append(f"{where}: wrote {writes}")
            body = text_of(response) if response.status_code == 200 else ""
            problems += [f"{where}: shows «{text}»" for text in forbidden_text(user) if text in body]
            new_reads = [entry for entry in reads if entry.pk not in known_reads]
            problems += [f"{where}: shows {person.given_name} with {rows} access rows naming them, not one"
                         for person in persons_named(body, world)
                         if (rows := sum(names_person(entry, person) for entry in new_reads)) != 1]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if not p.public))
def test_anonymous_users_are_sent_to_log_in(client, contract_world, name):
    page = PAGES[name]
    response, writes, _ = ask(client, page, contract_world, OWN)
    if name.startswith("api_"):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
    else:
        assert response.status_code == 302 and response.url.startswith("/login/")
    assert writes == []
