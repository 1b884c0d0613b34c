from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.access import OWN, roles_allowed
from aksjon.accounts.models import Agency, District, User
from aksjon.controls.forms import FREE_TEXT_MAX_LENGTH
from aksjon.core import vocabulary
from aksjon.core.parse import EARLIEST, LATEST
from aksjon.followup.models import FollowUp, FollowUpNote

# A date typed here lies where every date this system reads lies.
DATE_RANGE = {"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=lambda: vocabulary.choices("followup_kinds",
                                                                                 (get_language() or "nb")[:2]))
    title = forms.CharField(label=_("Title"), max_length=FollowUp._meta.get_field("title").max_length)
    description = forms.CharField(label=_("Description"), required=False, max_length=FREE_TEXT_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    agency = forms.ModelChoiceField(label=_("Referred to"), queryset=Agency.objects.none(), required=False,
                                    help_text=_("For a referral: the agency or support service."))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs=DATE_RANGE),
                             help_text=_("Empty: the usual time for the kind or the agency."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        districts = District.objects.restrict(user)
        if user.district_id:
            districts = districts.filter(pk=user.district_id)
        self.fields["district"].queryset = districts
        self.fields["agency"].queryset = Agency.objects.restrict(user).exclude(kind="national_unit")
        self.fields["owner"].queryset = User.objects.restrict(user).filter(
            role__in=roles_allowed(OWN, "followup"), is_active=True)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=lambda: vocabulary.choices(
        "followup_statuses", (get_language() or "nb")[:2]))
    note = forms.CharField(label=_("What was done"), required=False,
                           max_length=FollowUpNote._meta.get_field("text").max_length,
                           widget=forms.Textarea(attrs={"rows": 2}))


def owner_choices(user, district):
    """Who `user` may give a follow-up of `district` to: active users of a role that owns
    follow-ups, in that district or national."""
    return (User.objects.restrict(user).filter(role__in=roles_allowed(OWN, "followup"), is_active=True)
            .filter(models.Q(district=None) | models.Q(district=district)).order_by("first_name", "username"))


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs=DATE_RANGE))

    def __init__(self, *args, user, followup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(user, followup.district)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=FollowUpNote._meta.get_field("text").max_length,
                           widget=forms.Textarea(attrs={"rows": 2}))
