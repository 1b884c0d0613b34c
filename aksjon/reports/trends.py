"""Knowledge across operations: the same four measures for every operation, side by side,
with figures from outside (another country's mapping, a documentary) to compare them with.

Each measure is a `Share` that keeps its numerator and denominator, counted from the records:

- sexual_services_share = venues controlled in the operation with a `sexual_services_offered`
  finding (at the venue or about a person met there) / venues controlled in it;
- labour_findings_share = venues controlled with any finding of the labour area
  (vocabulary `findings`, `area = "labour"`) / venues controlled;
- indications_share = distinct persons whose most serious confirmed screening in the operation
  is `some_indications` or `possible_victim` / distinct persons with a confirmed screening in it
  (no value when nobody was screened);
- referral_rate = referrals (follow-ups of kind `referral`) of the operation / distinct persons
  met at its controls. A rate, not a share: it may pass 1.

Every count goes through restrict() for the reader, so a district lead's trends are the
district's, and a figure never counts a record the reader may not see. The operations are
those the reader may view, in the order they started. More in docs/trends.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from aksjon.accounts.access import VIEW, allows, restrict
from aksjon.controls.models import Control, Finding, PersonMet
from aksjon.core import vocabulary
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Operation
from aksjon.reports.models import ReferenceFigure
from aksjon.screening.models import Screening

SEXUAL_SERVICES = "sexual_services_offered"
# Ordered from the least to the most serious; a person counts with the most serious one.
WITH_INDICATIONS = ("some_indications", "possible_victim")
# Measures shown as a number per person rather than as a percentage.
RATES = frozenset({"referral_rate"})


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The share, or None when there is nothing to divide by (nobody screened, no venue controlled)."""
        return self.numerator / self.denominator if self.denominator else None

    def as_dict(self) -> dict:
        return {"numerator": self.numerator, "denominator": self.denominator, "value": self.value}


@dataclass
class OperationTrend:
    operation: Operation
    measures: dict[str, Share] = field(default_factory=dict)


def measures() -> list[str]:
    """The measure codes, in the vocabulary's order."""
    return vocabulary.codes("trend_measures")


def operation_trends(user) -> list[OperationTrend]:
    """Every operation the user may view, oldest first, with its measures as the user may see them."""
    operations = restrict(Operation.objects.all(), user, VIEW).order_by("starts_on", "pk")
    return [OperationTrend(operation, operation_measures(user, operation)) for operation in operations]


def operation_measures(user, operation: Operation) -> dict[str, Share]:
    controls = _visible(Control, user).filter(operation=operation)
    venues = _distinct(controls, "venue")
    findings = _visible(Finding, user).filter(control__in=controls)
    labour = vocabulary.codes("findings", area="labour")
    screened = _visible(Screening, user).filter(person_met__control__in=controls, status="confirmed")
    referrals = _visible(FollowUp, user).filter(operation=operation, kind="referral")
    return {
        "sexual_services_share": Share(_distinct(findings.filter(code=SEXUAL_SERVICES), "control__venue"), venues),
        "labour_findings_share": Share(_distinct(findings.filter(code__in=labour), "control__venue"), venues),
        # A person's most serious confirmed outcome is one with indications exactly when any of
        # their confirmed screenings has one, so counting those persons is enough.
        "indications_share": Share(_distinct(screened.filter(outcome__in=WITH_INDICATIONS), "person_met__person"),
                                   _distinct(screened, "person_met__person")),
        "referral_rate": Share(referrals.count(),
                               _distinct(_visible(PersonMet, user).filter(control__in=controls), "person")),
    }


def reference_figures(user) -> dict[str, list[ReferenceFigure]]:
    """measure code -> the figures from outside to compare it with (none for a role that may not view them)."""
    by_measure: dict[str, list[ReferenceFigure]] = {code: [] for code in measures()}
    for figure in _visible(ReferenceFigure, user):
        by_measure.setdefault(figure.measure, []).append(figure)
    return by_measure


def _visible(model, user) -> QuerySet:
    # A role that may not view a kind of record counts none of it, rather than failing the whole page.
    queryset = model._default_manager.all()
    return restrict(queryset, user, VIEW) if allows(user, VIEW, model) else queryset.none()


def _distinct(queryset: QuerySet, path: str) -> int:
    # order_by() first: a model's default ordering would join the DISTINCT and defeat it.
    return queryset.order_by().values(path).distinct().count()
