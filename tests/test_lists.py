"""Lists that scale (issue #12): pages, filters, search and sort on the venue and follow-up
lists, and none of them shows more than `restrict` lets the user see."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aksjon.accounts.models import District
from aksjon.audit.models import AuditEntry
from aksjon.followup.actions import create_followup, set_followup_status
from aksjon.intel import actions as intel
from aksjon.intel import review_views
from aksjon.intel.models import CandidatePair
from aksjon.registry.actions import create_venue
from aksjon.registry.models import Person, Town
from aksjon.web import lists
from tests.conftest import VEST_MARKERS

VENUE_LINK = re.compile(r'href="/venues/(\d+)/">([^<]+)</a>')
FOLLOWUP_LINK = re.compile(r'href="/followups/(\d+)/">([^<]+)</a>')


def _get(client, user, name: str, **query):
    client.force_login(user)
    return client.get(reverse(name), query)


def _names(client, user, name: str, link=VENUE_LINK, **query) -> list[str]:
    """The rows' titles of one page of a list, in their order."""
    response = _get(client, user, name, **query)
    assert response.status_code == 200
    return [title for _pk, title in link.findall(response.content.decode())]


def _leaks(body: str, asked: dict) -> list[str]:
    """The Vest names on the page, but for the words the user typed (the search box shows them)."""
    typed = {str(value) for value in asked.values()}
    return [marker for marker in VEST_MARKERS if marker in body and marker not in typed]


@pytest.fixture
def salons(world):
    """Five more Oslo venues and one more in Vest (Førde): seven venues in Oslo's and Vest's two towns and a third."""
    coord = world.users["coordinator"]
    oslo, forde = Town.objects.get(name="Oslo"), Town.objects.get(name="Førde")
    for number in range(1, 6):
        create_venue(actor=coord, name=f"Salong {number}", town=oslo, street=f"Markveien {number}")
    create_venue(actor=coord, name="Fjord Thai", town=forde, street="Storehagen 1")
    return world


def test_pages_split_the_list_and_count_right(client, salons, monkeypatch):
    monkeypatch.setattr(lists, "PER_PAGE", 3)
    coord, lead = salons.users["coordinator"], salons.users["district_lead"]
    pages = [_names(client, coord, "venue_list", page=n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [3, 3, 2]  # 8 venues
    assert len({name for p in pages for name in p}) == 8  # no venue on two pages
    assert "1 / 3" in _get(client, coord, "venue_list").content.decode()
    assert "1 / 2" in _get(client, lead, "venue_list").content.decode()  # Oslo's 6
    assert _get(client, lead, "venue_list", page=3).status_code == 404


def test_page_links_keep_the_filters(client, salons, monkeypatch):
    monkeypatch.setattr(lists, "PER_PAGE", 2)
    oslo = Town.objects.get(name="Oslo")
    body = _get(client, salons.users["coordinator"], "venue_list", town=oslo.pk, sort="name", q="a").content.decode()
    assert f'href="?q=a&amp;town={oslo.pk}&amp;sort=name&amp;page=2"' in body


@pytest.mark.parametrize("page", ["0", "abc", "-1", "1.5", "²", str(10**30)])
def test_a_malformed_page_number_is_400(client, world, page):
    response = _get(client, world.users["coordinator"], "venue_list", page=page)
    assert response.status_code == 400
    assert "error.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("name", ["venue_list", "followup_list"])
def test_a_page_past_the_end_is_404_in_the_error_shape(client, world, name):
    response = _get(client, world.users["coordinator"], name, page="99")
    assert response.status_code == 404
    assert "error.html" in [t.name for t in response.templates]


def test_an_unknown_sort_is_400(client, world):
    assert _get(client, world.users["coordinator"], "venue_list", sort="password").status_code == 400


def test_venue_filters_narrow(client, salons):
    coord = salons.users["coordinator"]
    vest = District.objects.get(name="Vest")
    assert sorted(_names(client, coord, "venue_list", district=vest.pk)) == ["Fjord Thai", "Siam Spa"]
    assert _names(client, coord, "venue_list", town=Town.objects.get(name="Førde").pk) == ["Fjord Thai"]
    assert _names(client, coord, "venue_list", q="markveien 3") == ["Salong 3"]
    assert _names(client, coord, "venue_list", q="salong oslo", sort="name")[:2] == ["Salong 1", "Salong 2"]
    assert _names(client, coord, "venue_list", sort="name")[0] == "Baan Sabai"
    # Vest comes after Oslo, and in Vest Bergen before Førde.
    assert _names(client, coord, "venue_list", sort="district")[-2:] == ["Siam Spa", "Fjord Thai"]


@pytest.mark.parametrize("query", [{"district": "vest"}, {"town": "Bergen"}, {"q": "Siam"}, {"q": "Strandgaten"}])
def test_venue_filters_never_show_another_district(client, salons, query):
    values = {"district": District.objects.get(name="Vest").pk, "town": Town.objects.get(name="Bergen").pk}
    asked = {key: values.get(key, value) for key, value in query.items()}
    for role in ("district_lead", "field_officer"):
        response = _get(client, salons.users[role], "venue_list", **asked)
        body = response.content.decode()
        assert response.status_code == 200 and VENUE_LINK.findall(body) == [] and _leaks(body, asked) == []
    # The coordinator, national, does see it: the filter itself works.
    assert VENUE_LINK.findall(_get(client, salons.users["coordinator"], "venue_list", **asked).content.decode())


@pytest.fixture
def due_items(world):
    """Oslo follow-ups due yesterday, today, next week and none, one of them closed."""
    lead, oslo = world.users["district_lead"], District.objects.get(name="Oslo")
    today = timezone.localdate()
    made = {}
    for title, due_on in [("Neste uke", today + timedelta(days=7)), ("Forfalt i går", today - timedelta(days=1)),
                          ("Lukket og forfalt", today - timedelta(days=3)), ("I dag", today)]:
        made[title] = create_followup(actor=lead, kind="task", title=title, district=oslo, due_on=due_on,
                                      owner=world.users["field_officer"] if title == "I dag" else None)
    set_followup_status(actor=lead, followup=made["Lukket og forfalt"], status="closed", note="Gjort.")
    return world


def test_followups_come_overdue_first_and_closed_last(client, due_items):
    titles = _names(client, due_items.users["district_lead"], "followup_list", link=FOLLOWUP_LINK)
    assert titles[0] == "Forfalt i går"
    assert titles[-1] == "Lukket og forfalt"
    assert titles.index("I dag") < titles.index("Neste uke") < titles.index("Lukket og forfalt")
    newest = _names(client, due_items.users["district_lead"], "followup_list", link=FOLLOWUP_LINK, sort="newest")
    assert newest[0] == "I dag"


def test_followup_filters_narrow(client, due_items):
    lead, today = due_items.users["district_lead"], timezone.localdate()

    def titles(**query):
        return sorted(_names(client, lead, "followup_list", link=FOLLOWUP_LINK, **query))

    assert titles(overdue="yes") == ["Forfalt i går"]
    assert "Forfalt i går" not in titles(overdue="no") and "Lukket og forfalt" in titles(overdue="no")
    assert titles(owner=due_items.users["field_officer"].pk) == ["Følg opp arbeidsforhold", "I dag"]
    assert titles(due_from=(today - timedelta(days=2)).isoformat(), due_to=today.isoformat()) == [
        "Forfalt i går", "I dag"]
    assert titles(status="closed") == ["Lukket og forfalt"]
    assert titles(q="uke") == ["Neste uke"]
    assert titles(district=District.objects.get(name="Oslo").pk) == titles()


@pytest.mark.parametrize("query", ["district", "owner", "search"])
def test_followup_filters_never_show_another_district(client, due_items, query):
    asked = {"district": {"district": District.objects.get(name="Vest").pk},
             "owner": {"owner": due_items.users["vest_officer"].pk},
             "search": {"q": "husleie"}}[query]
    for role in ("district_lead", "field_officer", "partner_liaison"):
        response = _get(client, due_items.users[role], "followup_list", **asked)
        body = response.content.decode()
        assert response.status_code == 200 and FOLLOWUP_LINK.findall(body) == [] and _leaks(body, asked) == []
    assert FOLLOWUP_LINK.findall(_get(client, due_items.users["coordinator"], "followup_list", **asked)
                                 .content.decode())


@pytest.fixture
def doubtful_pairs(world):
    """A person linkage run whose 15 pairs (six register persons, each with each) are all doubtful."""
    analyst = world.users["analyst"]
    refs = [f"person:{Person.objects.create(given_name=f'Navn {n}', family_name='Test', purpose='register').pk}"
            for n in range(6)]
    run = intel.start_linkage_run(actor=analyst, kind="person")
    pairs = [CandidatePair(run=run, left=left, right=right, match_weight=0.0, match_probability=0.3 + i / 100,
                           rule="splink") for i, (left, right) in enumerate(
        (a, b) for a in refs for b in refs if a < b)]
    intel.finish_linkage_run(actor=analyst, run=run, threshold=1.0, model_json="{}", records=6, timings={},
                             candidates=pairs)
    return world


def test_the_review_queue_pages_and_logs_only_the_persons_shown(client, doubtful_pairs, monkeypatch):
    monkeypatch.setattr(review_views, "REVIEW_PER_PAGE", 4)
    analyst, url = doubtful_pairs.users["analyst"], reverse("review_queue", args=["person"])
    client.force_login(analyst)
    shown = []
    for number in (1, 2, 3, 4):
        rows_before = AuditEntry.objects.filter(verb="view_review_queue").count()
        body = client.get(url, {"page": number}).content.decode()
        on_page = re.findall(r'<article class="card pair" data-pair="([^"]+)"', body)
        assert AuditEntry.objects.filter(verb="view_review_queue").count() - rows_before == 2 * len(on_page)
        shown += on_page
    assert len(shown) == 15 and len(set(shown)) == 15  # 4 + 4 + 4 + 3, none twice
    assert "1 / 4" in client.get(url).content.decode()
    assert client.get(url, {"page": 5}).status_code == 404
    # Judging from a middle page comes back to it; from the last, whose pairs may all go, to the first.
    assert f'name="next" value="{url}?page=2"' in client.get(url, {"page": 2}).content.decode()
    assert f'name="next" value="{url}"' in client.get(url, {"page": 4}).content.decode()
