"""A phone an officer records: a possible number is kept (flagged when it lies outside the
series the phone library lists as assigned); an impossible one is refused on its field."""
import pytest

from aksjon.controls.actions import add_person_met
from aksjon.core.errors import InvalidInput
from aksjon.registry.models import Phone


def test_a_number_in_an_unlisted_series_is_kept_and_flagged(world):
    met = add_person_met(actor=world.users["field_officer"], control=world.control["oslo"], role="worker",
                         given_name="Kanya", phone="59 12 34 56")
    phone = Phone.objects.get(e164="+4759123456")
    assert not phone.in_assigned_range and met.person.phones.filter(pk=phone.pk).exists()


def test_an_impossible_number_is_refused_on_its_field(world):
    with pytest.raises(InvalidInput) as refused:
        add_person_met(actor=world.users["field_officer"], control=world.control["oslo"], role="worker",
                       given_name="Kanya", phone="59 12 34 5")
    assert refused.value.field == "phone"
    assert not Phone.objects.filter(e164__startswith="+475912345").exists()
