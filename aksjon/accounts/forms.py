"""The one form of the second factor: a six-digit code from the authenticator app."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aksjon.accounts.two_factor import CODE_DIGITS


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
                                      "pattern": r"[0-9 ]*", "size": 8}))

    def clean_code(self) -> str:
        # Apps show the code as "123 456"; only ASCII digits count (int() would take other scripts').
        code = self.cleaned_data["code"].replace(" ", "")
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise ValidationError(_("The code is six digits."))
        return code
