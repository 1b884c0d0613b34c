"""Exactly once (aksjon/web/once.py): a form's one-time key makes a double tap, a retry or a
replay answer the first result instead of creating anything twice — also when the two
requests run at the same moment (threads, on SQLite and on PostgreSQL)."""
from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aksjon.audit.models import AuditEntry
from aksjon.controls.models import Control, PersonMet
from aksjon.followup.models import FollowUp
from aksjon.intel import actions as intel
from aksjon.intel.models import CandidatePair, ImportBatch, Judgement
from aksjon.operations.models import Operation
from aksjon.registry.models import Person
from aksjon.screening.actions import proposals_for, update_screening
from aksjon.web.models import OnceKey
from tests.conftest import build_world, restore_reference_data
from tests.contract.actions import VICTIM

DATA = Path(__file__).parent / "intel" / "data"
KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"


def _control_post(world, side="oslo", **more) -> dict:
    return {
        "target": world.target[side].pk, "venue": world.venue[side].pk,
        "started_at": (timezone.localtime() - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "venue_open": "on", "observations": "Tre rom.", "findings": ["hygiene"],
        "persons-TOTAL_FORMS": "2", "persons-INITIAL_FORMS": "0", "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "40",
        "persons-0-given_name": "Lamai", "persons-0-role": "worker",
        "persons-1-given_name": "Dao", "persons-1-role": "worker", **more}


def _counts() -> list[int]:
    return [m.objects.count() for m in (Control, PersonMet, Person, FollowUp, Judgement, ImportBatch)]


@pytest.fixture
def officer(client, world):
    client.force_login(world.users["field_officer"])
    return client


@pytest.fixture
def fresh_target(world):
    """An Oslo target of the world's operation that nobody has controlled yet."""
    from aksjon.operations.actions import add_target
    from aksjon.registry.actions import create_venue
    from aksjon.registry.models import Town

    coord = world.users["coordinator"]
    venue = create_venue(actor=coord, name="Lotus Thai", town=Town.objects.get(name="Oslo"), street="Torggata 9")
    world.target["fresh"], world.venue["fresh"] = add_target(actor=coord, operation=world.operation, venue=venue,
                                                             reason="Tips"), venue
    return world.target["fresh"]


# The form carries its key ------------------------------------------------------------------

def test_the_control_form_carries_a_key_and_a_re_rendered_form_keeps_it(officer, world, fresh_target):
    page = officer.get(reverse("control_create") + f"?target={fresh_target.pk}").content.decode()
    assert 'type="hidden" name="once" value="' in page
    broken = _control_post(world, "fresh", once=KEY, venue="", target="")
    again = officer.post(reverse("control_create"), broken)
    assert again.status_code == 200 and f'name="once" value="{KEY}"' in again.content.decode()
    assert not OnceKey.objects.exists()  # a form re-rendered with its errors spends no key


# Double tap, replay, a second control only when asked ---------------------------------------

def test_a_double_submit_of_the_control_form_records_one_control(officer, world, fresh_target):
    before = _counts()
    first = officer.post(reverse("control_create"), _control_post(world, "fresh", once=KEY))
    second = officer.post(reverse("control_create"), _control_post(world, "fresh", once=KEY))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    control = Control.objects.get(target=fresh_target)
    assert first["Location"].startswith(control.get_absolute_url())
    assert _counts()[:3] == [before[0] + 1, before[1] + 2, before[2] + 2]
    assert AuditEntry.objects.filter(verb="record_control", object_id=str(control.pk)).count() == 1


def test_a_replay_later_answers_the_first_result(officer, world, fresh_target):
    first = officer.post(reverse("control_create"), _control_post(world, "fresh", once=KEY))
    before = _counts()
    later = officer.post(reverse("control_create"), _control_post(world, "fresh", once=KEY, observations="Changed"))
    assert later.status_code == 302 and later["Location"] == first["Location"]
    assert _counts() == before
    json_caller = officer.post(reverse("control_create"), _control_post(world, "fresh"),
                               headers={"Idempotency-Key": KEY})
    assert json_caller["Location"] == first["Location"] and _counts() == before


def test_a_controlled_target_asks_before_a_second_control(officer, world, fresh_target):
    officer.cookies["django_language"] = "en"
    officer.post(reverse("control_create"), _control_post(world, "fresh", once=KEY))
    before = _counts()
    other_key = "second-key-0001"
    asked = officer.post(reverse("control_create"), _control_post(world, "fresh", once=other_key))
    assert asked.status_code == 200 and _counts() == before
    page = asked.content.decode()
    assert "This target was controlled on" in page and 'name="again"' in page
    assert f'name="once" value="{other_key}"' in page  # the question spends no key
    yes = officer.post(reverse("control_create"), _control_post(world, "fresh", once=other_key, again="1"))
    assert yes.status_code == 302
    assert Control.objects.filter(target=fresh_target).count() == 2
    assert _counts()[:3] == [before[0] + 1, before[1] + 2, before[2] + 2]


def test_the_action_refuses_a_second_control_unless_asked(world):
    from aksjon.controls.actions import record_control
    from aksjon.core.errors import Conflict

    officer, target = world.users["field_officer"], world.target["oslo"]
    fields = {"actor": officer, "venue": target.venue, "target": target,
              "started_at": timezone.now() - timedelta(minutes=5)}
    with pytest.raises(Conflict):
        record_control(**fields)
    assert record_control(**fields, again=True).target == target


# Screening, follow-ups, judgements, imports ---------------------------------------------------

def test_confirming_a_screening_twice_with_one_key_makes_one_set_of_follow_ups(officer, world):
    screening = update_screening(actor=world.users["field_officer"], screening=world.screening["oslo"],
                                 answers=VICTIM, notes={}, minor=False)
    chosen = [p.key for p in proposals_for(screening)]
    assert any(p.agency for p in proposals_for(screening))  # a referral among them
    before = FollowUp.objects.count()
    url = reverse("screening_confirm", args=[screening.pk])
    answers = [officer.post(url, {"chosen": chosen, "once": KEY}) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302] and answers[0]["Location"] == answers[1]["Location"]
    assert len(chosen) >= 2 and FollowUp.objects.count() == before + len(chosen)


def test_confirm_twice_with_one_key_counts_referrals_once(officer, world):
    screening = update_screening(actor=world.users["field_officer"], screening=world.screening["oslo"],
                                 answers=VICTIM, notes={}, minor=False)
    proposals = proposals_for(screening)
    referrals = [p.key for p in proposals if p.agency]
    url = reverse("screening_confirm", args=[screening.pk])
    before = FollowUp.objects.filter(kind="referral").count()
    for _ in range(2):
        assert officer.post(url, {"chosen": [p.key for p in proposals], "once": KEY}).status_code == 302
    assert FollowUp.objects.filter(kind="referral").count() == before + len(referrals)


def test_starting_a_screening_twice_with_one_key_answers_the_same_screening(officer, world):
    met = world.person_met["oslo"]
    world.screening["oslo"].delete()  # the world's draft would be reused anyway
    url = reverse("screening_start", args=[met.pk])
    first, second = (officer.post(url, {"once": KEY}) for _ in range(2))
    assert first["Location"] == second["Location"] and met.screenings.count() == 1


def test_a_replayed_follow_up_creates_nothing_new(officer, world):
    data = {"kind": "task", "title": "Sjekk husleie", "district": world.venue["oslo"].district_id, "once": KEY}
    url = reverse("followup_create") + f"?control={world.control['oslo'].pk}"
    first = officer.post(url, data)
    before = FollowUp.objects.count()
    replay = officer.post(url, data)
    assert first.status_code == replay.status_code == 302 and first["Location"] == replay["Location"]
    assert FollowUp.objects.count() == before
    assert officer.post(url, data | {"once": "another-key-1"}).status_code == 302
    assert FollowUp.objects.count() == before + 1  # a new key is a new follow-up


def _pair(world) -> str:
    analyst = world.users["analyst"]
    run = intel.start_linkage_run(actor=analyst, kind="person")
    left, right = sorted(f"person:{p.pk}" for p in world.person.values())
    intel.finish_linkage_run(actor=analyst, run=run, threshold=0.0, model_json="{}", records=2, timings={},
                             candidates=[CandidatePair(run=run, left=left, right=right, match_weight=-1.0,
                                                       match_probability=0.4, rule="splink")])
    return f"{left}|{right}"


def test_a_replayed_judgement_creates_nothing_new(client, world):
    client.force_login(world.users["analyst"])
    data = {"verdict": "unsure", "pair": [_pair(world)], "once": KEY}
    first = client.post(reverse("judge", args=["person"]), data)
    before = Judgement.objects.count()
    replay = client.post(reverse("judge", args=["person"]), data)
    assert first.status_code == replay.status_code == 302 and first["Location"] == replay["Location"]
    assert Judgement.objects.count() == before


def test_a_replayed_import_upload_creates_nothing_new(client, world):
    client.force_login(world.users["analyst"])

    def upload():
        return client.post(reverse("import_list"), {
            "kind": "tips", "once": KEY, "file": SimpleUploadedFile("tips.csv", (DATA / "tips.csv").read_bytes())})
    first = upload()
    before = ImportBatch.objects.count()
    replay = upload()
    assert first.status_code == replay.status_code == 302 and first["Location"] == replay["Location"]
    assert ImportBatch.objects.count() == before


def test_a_replayed_operation_creates_nothing_new(client, world):
    client.force_login(world.users["coordinator"])
    data = {"name": "Vinteruke", "starts_on": "2025-01-06", "ends_on": "2025-01-10",
            "coordinating_agency": world.operation.coordinating_agency_id,
            "districts": [world.venue["oslo"].district_id], "once": KEY}
    answers = [client.post(reverse("operation_create"), data) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302], answers[0].content.decode()[:2000]
    assert Operation.objects.filter(name="Vinteruke").count() == 1


def test_no_key_runs_as_before(officer, world, fresh_target):
    data = {"kind": "task", "title": "Uten nøkkel", "district": world.venue["oslo"].district_id}
    url = reverse("followup_create")
    for _ in range(2):
        assert officer.post(url, data).status_code == 302
    assert FollowUp.objects.filter(title="Uten nøkkel").count() == 2
    assert not OnceKey.objects.exists()


# Malformed and misused keys --------------------------------------------------------------------

@pytest.mark.parametrize("key", ["short", "has space in it", "semi;colon-key", "x" * 65, "æøåæøåæøå"])
def test_a_malformed_key_is_a_400_in_the_error_shape(officer, world, key):
    before = _counts()
    answer = officer.post(reverse("followup_create"), {"kind": "task", "title": "T", "once": key,
                                                       "district": world.venue["oslo"].district_id},
                          headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid" and answer.json()["error"]["field"] == "once"
    assert _counts() == before


def test_a_key_reused_on_another_path_is_a_409(officer, world, fresh_target):
    officer.post(reverse("control_create"), _control_post(world, "fresh", once=KEY))
    before = _counts()
    answer = officer.post(reverse("followup_create"), {"kind": "task", "title": "T", "once": KEY,
                                                       "district": world.venue["oslo"].district_id},
                          headers={"Accept": "application/json"})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "conflict"
    assert _counts() == before


def test_keys_are_per_user(client, world):
    """Another user's key is not this user's: each gets their own follow-up."""
    data = {"kind": "task", "title": "Per bruker", "district": world.venue["oslo"].district_id, "once": KEY}
    for user in ("field_officer", "district_lead"):
        client.force_login(world.users[user])
        assert client.post(reverse("followup_create"), data).status_code == 302
    assert FollowUp.objects.filter(title="Per bruker").count() == 2


# Two requests at the same moment ----------------------------------------------------------------

@pytest.fixture
def committed_world(transactional_db):
    restore_reference_data()
    return build_world()


def _at_once(user, url: str, data: dict, n: int = 2) -> list:
    """Send `data` to `url` from n threads at the same moment, each with its own client and connection."""
    clients = [Client() for _ in range(n)]
    for c in clients:
        c.force_login(user)
    barrier, answers = threading.Barrier(n), [None] * n

    def send(i: int) -> None:
        try:
            barrier.wait()
            answers[i] = clients[i].post(url, data)
        finally:
            connection.close()
    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def test_two_concurrent_control_forms_with_one_key_record_one_control(committed_world):
    world = committed_world
    Control.objects.filter(target=world.target["oslo"]).update(target=None)  # the target is not controlled yet
    venue_only = _control_post(world, once=KEY)
    answers = _at_once(world.users["field_officer"], reverse("control_create"), venue_only)
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Control.objects.filter(target=world.target["oslo"]).count() == 1
    assert PersonMet.objects.filter(person__given_name="Lamai").count() == 1
    assert AuditEntry.objects.filter(verb="record_control").count() == 3  # the world's two and this one
    assert OnceKey.objects.count() == 1


def test_two_concurrent_follow_ups_with_one_key_create_one(committed_world):
    world = committed_world
    data = {"kind": "task", "title": "Samtidig", "district": world.venue["oslo"].district_id, "once": KEY}
    answers = _at_once(world.users["field_officer"], reverse("followup_create"), data, n=3)
    assert [a.status_code for a in answers] == [302] * 3
    assert len({a["Location"] for a in answers}) == 1
    assert FollowUp.objects.filter(title="Samtidig").count() == 1
    assert AuditEntry.objects.filter(verb="create_followup", after__title="Samtidig").count() == 1


def test_two_concurrent_confirms_with_one_key_make_one_set_of_follow_ups(committed_world):
    world = committed_world
    screening = update_screening(actor=world.users["field_officer"], screening=world.screening["oslo"],
                                 answers=VICTIM, notes={}, minor=False)
    chosen = [p.key for p in proposals_for(screening)]
    before = FollowUp.objects.count()
    answers = _at_once(world.users["field_officer"], reverse("screening_confirm", args=[screening.pk]),
                       {"chosen": chosen, "once": KEY})
    assert [a.status_code for a in answers] == [302, 302] and answers[0]["Location"] == answers[1]["Location"]
    assert FollowUp.objects.count() == before + len(chosen)
