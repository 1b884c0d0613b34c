"""What should follow a screening: proposals the officer confirms one by one.

A proposal is never carried out by itself; the officer ticks it, and each
ticked proposal becomes a follow-up through the ordinary action. What each is
called, why it is proposed and where a referral goes are data: the vocabulary's
`followup_subjects`.
"""
from __future__ import annotations

from dataclasses import dataclass

from aksjon.core import vocabulary
from aksjon.core.screening import POSSIBLE_VICTIM, SOME_INDICATIONS

SUBJECTS = "followup_subjects"
# The findings Arbeidstilsynet follows up: the vocabulary's labour area. A missing
# work permit is an immigration matter (police and UDI), not a labour finding.
LABOUR_FINDINGS = frozenset(vocabulary.codes("findings", area="labour"))

# An adult with strong indications: safe housing and help (ROSA), the rights to tell, the case.
ADULT_VICTIM = ("rosa", "reflection_period", "victim_lawyer", "district_follow_up")
# A person under 18 is a child first, whatever the outcome: the child welfare service and
# the district at once. ROSA serves adults (reference.md 5.6), so it is never proposed for a
# child; the child's follow-up takes the place of the adult's district and vulnerability ones.
CHILD = ("barnevernet", "child_follow_up")
CHILD_VICTIM = ("reflection_period", "victim_lawyer")


@dataclass(frozen=True)
class Proposal:
    key: str            # a followup_subjects code: stable, so a form can name it
    kind: str           # task | referral
    agency: str | None  # agency code for a referral
    title_nb: str
    title_en: str
    why_nb: str
    why_en: str


def proposal(key: str, facts: tuple[tuple[str, str], ...] = ()) -> Proposal:
    """The proposal of one subject; `facts` are (vocabulary, code) pairs it rests on, named in words."""
    entry = vocabulary.entry(SUBJECTS, key)
    return Proposal(key, entry["kind"], entry.get("agency"),
                    vocabulary.label(SUBJECTS, key, "nb"), vocabulary.label(SUBJECTS, key, "en"),
                    _why(entry, facts, "nb"), _why(entry, facts, "en"))


def _why(entry: dict, facts: tuple[tuple[str, str], ...], language: str) -> str:
    named = ", ".join(vocabulary.label(kind, code, language) for kind, code in facts)
    return f"{entry['why_' + language]}: {named}" if named else entry["why_" + language]


def propose(outcome: str, vulnerabilities: list[str], findings: list[str], *, minor: bool = False) -> list[Proposal]:
    vulnerable = tuple(("vulnerabilities", code) for code in vulnerabilities)
    proposals = [proposal(key, vulnerable if key == "child_follow_up" else ()) for key in _keys(outcome, minor)]
    if not minor and (vulnerabilities or outcome == SOME_INDICATIONS):
        proposals.append(proposal("vulnerability_follow_up", vulnerable))
    labour = sorted(set(findings) & LABOUR_FINDINGS)
    if labour:
        proposals.append(proposal("arbeidstilsynet", tuple(("findings", code) for code in labour)))
    return proposals


def _keys(outcome: str, minor: bool) -> tuple[str, ...]:
    victim = outcome == POSSIBLE_VICTIM
    if minor:
        return CHILD + (CHILD_VICTIM if victim else ())
    return ADULT_VICTIM if victim else ()
