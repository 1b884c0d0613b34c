"""The link chart's JSON (aksjon/analysis/views_chart.py): its shape, its scope, and what it
shows of persons. Real database, the shared world of tests/conftest.py (Oslo and Vest)."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from aksjon.analysis.models import Network, NetworkNode, NetworkTie
from aksjon.audit.models import READ, AuditEntry
from tests.conftest import VEST_MARKERS


def _network(key: str, venues, nodes: list[tuple], ties: list[tuple], *, placed: bool = True) -> Network:
    network = Network.objects.create(key=key, size=len(nodes), strength=float(len(ties)))
    network.venues.set(venues)
    for number, (ref, kind, label) in enumerate(nodes):
        NetworkNode.objects.create(network=network, ref=ref, type=kind, label=label, centrality=1 / (number + 1),
                                   x=float(number) if placed else 0.0, y=float(number % 3) if placed else 0.0,
                                   first_seen=date(2024, 1, 1 + number), last_seen=date(2024, 6, 1))
    for left, right, kind, weight, damped in ties:
        NetworkTie.objects.create(network=network, left=left, right=right, kind=kind, weight=weight, damped=damped,
                                  reason=f"{kind} shared", first_seen=date(2024, 2, 1), last_seen=date(2024, 3, 1))
    return network


@pytest.fixture
def charts(world):
    """Oslo's network: the Oslo venue, its person, its phone, Vest's person (never met in Oslo) as a
    front for it, and a Vest venue sharing the phone, with a phone of its own. Another Oslo network
    ties the Oslo venue to a template; Vest has a network of its own."""
    oslo, vest = world.venue["oslo"], world.venue["vest"]
    venue, person, stranger = f"venue:{oslo.pk}", f"person:{world.person['oslo'].pk}", \
        f"person:{world.person['vest'].pk}"
    vest_venue, shared, vest_phone = f"venue:{vest.pk}", "phone:+4791234567", "phone:+4793456789"
    main = _network("N0001", [oslo, vest],
                    [(venue, "venue", oslo.name), (person, "person", str(world.person["oslo"])),
                     (shared, "phone", "912 34 567"), (stranger, "person", str(world.person["vest"])),
                     (vest_venue, "venue", vest.name), (vest_phone, "phone", "934 56 789")],
                    [(venue, person, "owner", 1.0, False), (venue, shared, "phone", 0.9, False),
                     (stranger, venue, "front", 0.6, False), (vest_venue, shared, "phone", 0.9, False),
                     (vest_venue, vest_phone, "phone", 0.2, True)])
    other = _network("N0002", [oslo], [(venue, "venue", oslo.name), ("template:T000001", "template", "T000001")],
                     [(venue, "template:T000001", "template", 0.7, False)])
    far = _network("N0003", [vest], [(vest_venue, "venue", vest.name)], [])
    return {"main": main, "other": other, "far": far, "venue": venue, "person": person, "stranger": stranger,
            "vest_venue": vest_venue, "vest_phone": vest_phone}


def _chart(client, user, network, **query):
    client.force_login(user)
    return client.get(reverse("api_network_chart", args=[network.pk]), query)


def _expand(client, user, network, ref=None):
    client.force_login(user)
    return client.get(reverse("api_network_expand", args=[network.pk]), {} if ref is None else {"ref": ref})


def test_the_chart_has_every_node_placed_and_every_tie(client, world, charts):
    answer = _chart(client, world.users["coordinator"], charts["main"])
    assert answer.status_code == 200
    data = answer.json()
    assert data["network"] == {"id": charts["main"].pk, "key": "N0001", "size": 6, "strength": 5.0}
    nodes = {node["id"]: node for node in data["nodes"]}
    assert set(nodes) == {charts["venue"], charts["person"], "phone:+4791234567", charts["stranger"],
                          charts["vest_venue"], charts["vest_phone"]}
    venue = nodes[charts["venue"]]
    assert venue["type"] == "venue" and venue["label"] == "Baan Sabai"
    assert venue["url"] == reverse("venue_detail", args=[world.venue["oslo"].pk])
    assert venue["first_seen"] == "2024-01-01" and venue["last_seen"] == "2024-06-01"
    assert nodes[charts["person"]]["url"] == reverse("person_detail", args=[world.person["oslo"].pk])
    assert nodes["phone:+4791234567"]["url"] is None  # a phone has no page
    assert len({(n["x"], n["y"]) for n in nodes.values()}) == 6
    assert all(n["x"] >= 0 and n["y"] >= 0 for n in nodes.values())
    assert {(t["source"], t["target"], t["kind"], t["damped"]) for t in data["ties"]} == {
        (charts["venue"], charts["person"], "owner", False),
        (charts["venue"], "phone:+4791234567", "phone", False),
        (charts["stranger"], charts["venue"], "front", False),
        (charts["vest_venue"], "phone:+4791234567", "phone", False),
        (charts["vest_venue"], charts["vest_phone"], "phone", True)}
    tie = data["ties"][0]
    assert set(tie) == {"source", "target", "kind", "weight", "damped", "reason", "first_seen", "last_seen"}
    assert data["range"] == {"first": "2024-01-01", "last": "2024-06-01"}


def test_a_network_stored_without_places_is_laid_out_on_the_server(client, world):
    oslo = world.venue["oslo"]
    network = _network("N0009", [oslo], [(f"venue:{oslo.pk}", "venue", oslo.name), ("phone:+4790000001", "phone", "a"),
                                         ("phone:+4790000002", "phone", "b")],
                       [(f"venue:{oslo.pk}", "phone:+4790000001", "phone", 1.0, False),
                        (f"venue:{oslo.pk}", "phone:+4790000002", "phone", 1.0, False)], placed=False)
    nodes = _chart(client, world.users["analyst"], network).json()["nodes"]
    assert len({(n["x"], n["y"]) for n in nodes}) == 3


def test_a_person_is_named_only_to_whom_may_open_them_and_the_naming_is_logged(client, world, charts):
    nattaya = str(world.person["vest"])
    before = AuditEntry.objects.filter(kind=READ).count()
    national = _chart(client, world.users["coordinator"], charts["main"])
    assert nattaya in national.content.decode()
    shown = list(AuditEntry.objects.filter(kind=READ).order_by("id")[before:])
    assert len(shown) == 1 and sorted(shown[0].after["persons"]) == sorted(
        [world.person["oslo"].pk, world.person["vest"].pk])

    # Oslo's lead may open the person met in Oslo, not the one met in Vest: a pseudonym, no link, no key.
    local = _chart(client, world.users["district_lead"], charts["main"])
    assert local.status_code == 200
    body = local.content.decode()
    assert nattaya not in body and charts["stranger"] not in body
    nodes = {node["label"]: node for node in local.json()["nodes"]}
    assert str(world.person["oslo"]) in nodes
    hidden = [node for node in local.json()["nodes"] if node["id"].startswith("person~")]
    assert len(hidden) == 1 and hidden[0]["url"] is None and hidden[0]["label"].startswith("person ")
    assert any(t["source"] == hidden[0]["id"] for t in local.json()["ties"])
    # The same pseudonym in every answer, so an expanded node joins the chart's own.
    assert _chart(client, world.users["district_lead"], charts["main"]).json()["nodes"] == local.json()["nodes"]


def test_a_district_user_sees_the_rest_of_the_network_as_outside_their_district(client, world, charts):
    data = _chart(client, world.users["district_lead"], charts["main"]).json()
    body = json.dumps(data, ensure_ascii=False)
    assert all(marker not in body for marker in VEST_MARKERS)
    assert charts["vest_venue"] not in body and charts["vest_phone"] not in body and "+4793456789" not in body
    by_type = {}
    for node in data["nodes"]:
        by_type.setdefault(node["type"], []).append(node)
    far = [n for n in by_type["venue"] if n["id"] != charts["venue"]]
    assert len(far) == 1 and far[0]["url"] is None and far[0]["id"].startswith("venue~")
    assert far[0]["label"] == "et sted i et annet distrikt"  # the interface speaks bokmål first
    # The phone the two venues share is in sight (the Oslo venue's own); the Vest venue's other is not.
    labels = {n["label"] for n in by_type["phone"]}
    assert labels == {"912 34 567", "utenfor ditt distrikt"}
    assert len(data["ties"]) == 5  # every tie, so the shape of the network is kept
    # The coordinator reads it all.
    national = _chart(client, world.users["coordinator"], charts["main"]).content.decode()
    assert "Siam Spa" in national and "934 56 789" in national


def test_another_districts_network_is_not_found_and_a_role_without_networks_is_refused(client, world, charts):
    assert _chart(client, world.users["district_lead"], charts["far"]).status_code == 404
    assert _expand(client, world.users["district_lead"], charts["far"], charts["venue"]).status_code == 404
    refused = _chart(client, world.users["field_officer"], charts["main"])
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert _chart(client, world.users["coordinator"], charts["far"]).status_code == 200


def test_a_visitor_who_is_not_logged_in_gets_401(client, charts):
    answer = client.get(reverse("api_network_chart", args=[charts["main"].pk]))
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("ref", [None, "", "abc", "venue:abc", "venue:0", "venue:1.5", "ship:4", "venue:²",
                                 "phone:+47 912", "x" * 61])
def test_a_malformed_node_is_a_400(client, world, charts, ref):
    answer = _expand(client, world.users["coordinator"], charts["main"], ref)
    assert answer.status_code == 400, answer.content
    assert answer.json()["error"]["field"] == "ref"


def test_expanding_a_node_nobody_may_see_is_not_found(client, world, charts):
    vest_venue = f"venue:{world.venue['vest'].pk}"
    assert _expand(client, world.users["district_lead"], charts["main"], vest_venue).status_code == 404
    assert _expand(client, world.users["coordinator"], charts["main"], "person~0123456789").status_code == 404


def test_expand_brings_ties_from_other_networks_and_the_register(client, world, charts):
    answer = _expand(client, world.users["analyst"], charts["main"], charts["venue"])
    assert answer.status_code == 200
    data = answer.json()
    assert data["node"] == charts["venue"]
    by_id = {node["id"]: node for node in data["nodes"]}
    assert "template:T000001" in by_id  # from network N0002
    phone = world.venue["oslo"].phones.get()
    assert f"phone:{phone.e164}" in by_id  # the venue's own phone in the register
    origins = {tie["target"]: tie["origin"] for tie in data["ties"]}
    assert origins["template:T000001"] == "N0002" and origins[f"phone:{phone.e164}"] == "register"
    assert all(tie["source"] == charts["venue"] for tie in data["ties"])
    assert len(data["nodes"]) <= data["limit"]


def test_a_pseudonymous_node_can_be_expanded_by_its_pseudonym(client, world, charts):
    hidden = next(n["id"] for n in _chart(client, world.users["district_lead"], charts["main"]).json()["nodes"]
                  if n["id"].startswith("person~"))
    answer = _expand(client, world.users["district_lead"], charts["main"], hidden)
    assert answer.status_code == 200
    assert str(world.person["vest"]) not in answer.content.decode()


def test_the_page_holds_the_chart_without_inline_script(client, world, charts):
    client.force_login(world.users["analyst"])
    for name in ("network_chart", "network_detail"):
        body = client.get(reverse(name, args=[charts["main"].pk])).content.decode()
        assert 'data-link-chart' in body and reverse("api_network_chart", args=[charts["main"].pk]) in body
        assert "vendor/cytoscape/cytoscape.min.js" in body and "analysis/linkchart.js" in body
        assert "<script>" not in body  # no inline script: a strict Content-Security-Policy is planned
        assert not re.search(r'<script[^>]+src="(https?:)?//', body)  # every script from the project, no CDN


def test_the_vendored_library_is_served_by_the_project(client, world):
    client.force_login(world.users["analyst"])
    answer = client.get("/static/vendor/cytoscape/cytoscape.min.js")
    assert answer.status_code == 200
    assert b"Cytoscape Consortium" in b"".join(answer.streaming_content)[:2000]
