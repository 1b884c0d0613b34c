"""What should follow a screening: proposals the officer confirms one by one.

A proposal is never carried out by itself; the officer ticks it, and each
ticked proposal becomes a follow-up through the ordinary action.
"""
from __future__ import annotations

from dataclasses import dataclass

from aksjon.core import vocabulary
from aksjon.core.screening import POSSIBLE_VICTIM, SOME_INDICATIONS

# The findings Arbeidstilsynet follows up: the vocabulary's labour area. A missing
# work permit is an immigration matter (police and UDI), not a labour finding.
LABOUR_FINDINGS = frozenset(vocabulary.codes("findings", area="labour"))


@dataclass(frozen=True)
class Proposal:
    key: str            # stable, so a form can name it
    kind: str           # task | referral
    agency: str | None  # agency code for a referral
    title_nb: str
    title_en: str
    why_nb: str
    why_en: str


def propose(outcome: str, vulnerabilities: list[str], findings: list[str]) -> list[Proposal]:
    proposals = []
    if outcome == POSSIBLE_VICTIM:
        proposals += _possible_victim()
    if vulnerabilities or outcome == SOME_INDICATIONS:
        proposals.append(Proposal(
            "vulnerability_follow_up", "task", None, "Følg opp sårbarhet", "Follow up vulnerability",
            "Sårbarheter registrert: " + (", ".join(vulnerabilities) or "indikatorer uten positiv regel"),
            "Vulnerabilities recorded: " + (", ".join(vulnerabilities) or "indicators without a positive rule")))
    labour = sorted(set(findings) & LABOUR_FINDINGS)
    if labour:
        proposals.append(Proposal(
            "arbeidstilsynet", "referral", "arbeidstilsynet", "Henvisning til Arbeidstilsynet",
            "Referral to Arbeidstilsynet", "Arbeidsrettslige funn: " + ", ".join(labour),
            "Labour findings: " + ", ".join(labour)))
    return proposals


def _possible_victim() -> list[Proposal]:
    return [
        Proposal("rosa", "referral", "rosa", "Henvisning til ROSA (døgntelefon 22 33 11 60)",
                 "Referral to ROSA (24-hour phone 22 33 11 60)",
                 "Sterke indikatorer: tilbud om trygt bosted og hjelp.",
                 "Strong indications: offer of safe housing and help."),
        Proposal("reflection_period", "task", None, "Informer om refleksjonsperiode; politiet søker, UDI avgjør",
                 "Inform about the reflection period; the police apply, UDI decides",
                 "Seks måneders tillatelse med rett til arbeid når det er grunn til å tro at personen er utsatt.",
                 "A six-month permit with the right to work when there are grounds to believe the person is a victim."),
        Proposal("victim_lawyer", "task", None, "Informer om retten til bistandsadvokat",
                 "Inform about the right to a victim's lawyer",
                 "Mulig offer for menneskehandel har rett til bistandsadvokat.",
                 "A possible victim of trafficking has the right to a victim's lawyer."),
        Proposal("district_follow_up", "task", None, "Distriktets oppfølging av mulig offer",
                 "District follow-up of a possible victim",
                 "Sak om mulig menneskehandel (straffeloven § 257) vurderes.",
                 "A possible trafficking case (straffeloven § 257) is considered."),
    ]
