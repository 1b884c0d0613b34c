"""An operation's figures, computed from the records — never typed in.

Every count goes through restrict(): a district lead sees the district's share,
the national coordinator the whole operation.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from aksjon.controls.models import Control, Finding, PersonMet, Vulnerability
from aksjon.core import vocabulary
from aksjon.followup.models import FollowUp
from aksjon.operations.models import Operation, Target


@dataclass
class OperationFigures:
    controls: int
    persons_met: int
    venues: int
    towns: int
    districts: int
    targets: int
    targets_controlled: int
    # finding code -> number of venues where it was found (at the venue or about a person there)
    venues_by_finding: dict[str, int] = field(default_factory=dict)
    # vulnerability code -> number of persons with it
    persons_by_vulnerability: dict[str, int] = field(default_factory=dict)
    persons_with_vulnerability: int = 0
    rights_information_by_language: dict[str, int] = field(default_factory=dict)
    followups_by_status: dict[str, int] = field(default_factory=dict)
    referrals_by_agency: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def operation_figures(user, operation: Operation) -> OperationFigures:
    controls = Control.objects.restrict(user).filter(operation=operation)
    met = PersonMet.objects.restrict(user).filter(control__in=controls)
    targets = Target.objects.restrict(user).filter(operation=operation).exclude(status="cancelled")
    return OperationFigures(
        controls=controls.count(),
        persons_met=met.values("person").distinct().count(),
        venues=controls.values("venue").distinct().count(),
        towns=controls.values("venue__town").distinct().count(),
        districts=controls.values("district").distinct().count(),
        targets=targets.count(),
        targets_controlled=targets.filter(status="controlled").count(),
        venues_by_finding=_venues_by_finding(user, controls),
        persons_by_vulnerability=_ordered("vulnerabilities", Counter(dict(
            Vulnerability.objects.restrict(user).filter(person_met__in=met).values_list("code")
            .annotate(n=Count("person_met__person", distinct=True))))),
        persons_with_vulnerability=met.filter(vulnerabilities__isnull=False).values("person").distinct().count(),
        rights_information_by_language=_ordered("languages", Counter(
            met.exclude(rights_information_language="").values_list("rights_information_language", flat=True))),
        followups_by_status=_followups(user, operation),
        referrals_by_agency=dict(Counter(
            FollowUp.objects.restrict(user).filter(operation=operation, kind="referral")
            .values_list("agency__name", flat=True))),
    )


def _venues_by_finding(user, controls) -> dict[str, int]:
    # order_by() first: a model's default ordering would join DISTINCT and defeat it.
    pairs = (Finding.objects.restrict(user).filter(control__in=controls).order_by()
             .values_list("code", "control__venue").distinct())
    return _ordered("findings", Counter(code for code, _venue in pairs))


def _followups(user, operation) -> dict[str, int]:
    rows = FollowUp.objects.restrict(user).filter(operation=operation).values_list("status", flat=True)
    return _ordered("followup_statuses", Counter(rows))


def _ordered(kind: str, counts: Counter) -> dict[str, int]:
    """Counts in the vocabulary's own order, leaving out codes never seen."""
    return {code: counts[code] for code in vocabulary.codes(kind) if counts.get(code)}
