from django import forms
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.models import Agency, District
from aksjon.controls.forms import FREE_TEXT_MAX_LENGTH
from aksjon.core.parse import EARLIEST, LATEST
from aksjon.operations.models import Operation, Team
from aksjon.registry.models import Venue
from aksjon.web.params import RecordsChoiceField


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=Operation._meta.get_field("name").max_length)
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={
        "type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}))
    ends_on = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={
        "type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}))
    coordinating_agency = forms.ModelChoiceField(label=_("Coordinated by"), queryset=Agency.objects.none())
    districts = RecordsChoiceField(label=_("Participating districts"), queryset=District.objects.none(),
                                   widget=forms.CheckboxSelectMultiple)
    support_agencies = RecordsChoiceField(label=_("Support agencies"), queryset=Agency.objects.none(),
                                          widget=forms.CheckboxSelectMultiple, required=False)
    aims = forms.CharField(label=_("Aims"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=FREE_TEXT_MAX_LENGTH)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.restrict(user)
        self.fields["coordinating_agency"].queryset = agencies.filter(kind="national_unit")
        self.fields["districts"].queryset = District.objects.restrict(user)
        self.fields["support_agencies"].queryset = agencies


class TargetForm(forms.Form):
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    reason = forms.CharField(label=_("Why this venue"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=FREE_TEXT_MAX_LENGTH)
    priority = forms.TypedChoiceField(label=_("Priority"), coerce=int, initial=2,
                                      choices=[(1, _("1 – high")), (2, _("2 – normal")), (3, _("3 – low"))])

    def __init__(self, *args, user, operation: Operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = (Venue.objects.restrict(user)
                                         .filter(district__in=operation.districts.all())
                                         .exclude(targets__operation=operation).select_related("town"))


class TeamForm(forms.Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    name = forms.CharField(label=_("Team name"), max_length=Team._meta.get_field("name").max_length)

    def __init__(self, *args, user, operation: Operation, **kwargs):
        super().__init__(*args, **kwargs)
        districts = operation.districts.all()
        if user.district_id:
            districts = districts.filter(pk=user.district_id)
        self.fields["district"].queryset = districts


class AssignForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, user, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.restrict(user).filter(
            operation=target.operation_id, district=target.district_id)
