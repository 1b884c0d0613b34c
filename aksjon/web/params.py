"""What a page reads from its address — a query string, a form's hidden input, a path
segment — parsed once, here, before the view runs (the rules are in aksjon/core/parse.py).

A view declares the query-string values it reads with `@reads(...)` and receives them
parsed, as keyword arguments (None when absent or empty); a malformed one answers 400
in the project's error shape, before the view or the database sees it. A well-formed
id that names no record the user may see is the view's 404, as always. Views do not
read `request.GET` themselves (tests/test_no_500.py checks that), so every value a page
reads is declared here and the generated test sends it malformed values.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial, wraps
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from aksjon.core import parse
from aksjon.core.errors import InvalidInput
from aksjon.core.refs import Ref
from aksjon.core.text import gettext_noop


@dataclass(frozen=True)
class Param:
    """How to read one value: `parse(text, field=name)` gives the value or raises InvalidInput."""

    parse: Callable[..., Any]
    # Also carried by a hidden input of the page's own form (the record a new control or
    # follow-up is for): on a POST the form's value is the one read.
    posted: bool = False


ID = Param(parse.record_key)
NUMBER = Param(parse.whole_number)
TEXT = Param(parse.plain_text)
FLAG = Param(parse.yes_or_no)
DATE = Param(parse.calendar_date)
PAGE = Param(partial(parse.whole_number, least=1))  # page 0 is a malformed page number: 400


def one_of(*words: str) -> Param:
    """One of a fixed set of words (a list's sort orders); any other is malformed: 400."""
    def chosen(text: object, *, field: str) -> str:
        if text not in words:
            raise InvalidInput(gettext_noop("%(name)s must be one of: %(words)s."), field=field, name=field,
                               words=", ".join(words))
        return text
    return Param(chosen)


def posted(param: Param) -> Param:
    return replace(param, posted=True)


def reads(**params: Param):
    """Parse these query-string values before the view runs and pass them as keyword arguments.

    The declaration stays on the view (`view.query_params`), through every decorator
    made with functools.wraps, for the generated test to find."""

    def wrap(view):
        @wraps(view)
        def parsed(request, *args, **kwargs):
            values = {name: _value(request, name, param) for name, param in params.items()}
            return view(request, *args, **kwargs, **values)

        parsed.query_params = dict(params)
        return parsed
    return wrap


def _value(request, name: str, param: Param):
    raw = request.POST.get(name) if param.posted and name in request.POST else request.GET.get(name)
    if raw is None or raw == "":
        return None
    return param.parse(raw, field=name)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by key (check boxes): a value that is no key is the field's error,
    where Django's own field would hand a huge number to the database and fail there."""

    def _check_values(self, value):
        for key in value:
            try:
                parse.record_key(str(key), field=self.label or "")
            except InvalidInput:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": key}) from None
        return super()._check_values(value)


class RefConverter:
    """A record reference in a path (intel/entities/person/person:12/); anything else is not found."""

    regex = r"[^/]+"  # any segment, so that Ref.parse alone decides what is a reference

    def to_python(self, value: str) -> Ref:
        return Ref.parse(value)  # MalformedRef is a ValueError: Django answers 404

    def to_url(self, value) -> str:
        return str(value)
