"""Norwegian phrases for tips, inspection notes and control reports."""
from __future__ import annotations

# One phrase per finding code of the vocabulary (aksjon/data/vocabulary.toml; tests/test_vocabulary.py
# checks they are the same codes), in the order the generator writes them.
FINDING_TEXT = {
    "no_written_contract": "arbeidsavtaler ble ikke fremvist",
    "excess_hours": "timelister og opplysninger tyder på arbeidsdager på over tolv timer",
    "wage_below_permit_condition": "lønnen er lavere enn vilkåret i oppholdstillatelsen",
    "unregistered_worker": "en masør var ikke registrert som ansatt",
    "no_work_permit": "en person kunne ikke vise arbeidstillatelse",
    "living_on_premises": "madrasser og personlige eiendeler på bakrommet tyder på at noen bor i lokalet",
    "sexual_services_offered": "kondomer og glidemiddel i behandlingsrommene; tegn på salg av seksuelle tjenester",
    "cash_only_unrecorded": "kun kontantbetaling, kassaapparatet var ikke i bruk",
    "blocked_exit": "nødutgangen var blokkert",
    "hygiene": "mangelfullt renhold og hygiene",
}
FINDING_CODES = tuple(FINDING_TEXT)
TIP_SEX = (
    "Mange menn går inn og ut av {venue} sent på kvelden, også etter stengetid.",
    "Salongen annonserer på et eskortenettsted med telefonnummeret {phone}.",
    "Jeg tror kvinnene bor i lokalet; det henger klesvask på bakrommet.",
    "Nye kvinner nesten hver uke, de snakker verken norsk eller engelsk.",
    "Vinduene er tildekket og døren er alltid låst, man må ringe på.",
    "En kunde skriver på et forum at det tilbys ekstra tjenester hos {venue}.",
)
TIP_NETWORK = (
    "Samme telefonnummer står i annonser for en salong i en annen by.",
    "En mann henter og bringer kvinnene med bil hver kveld.",
    "Kvinnene virker redde, og en eldre kvinne svarer for dem.",
)
TIP_LEGIT = (
    "Lurer på om de ansatte får riktig lønn, de ser ut til å jobbe hver dag.",
    "Mistenker svart arbeid, de tar bare kontanter.",
    "Det er mye trafikk der, kanskje noe ulovlig?",
)
TIP_GENERAL = (
    "Har sett annonser for thaimassasje med seksuelt innhold i {town}.",
    "Bekymret for thailandske kvinner som flyttes mellom massasjesalonger i {town}.",
)
TIP_PREFIX = {"public": "", "ngo": "Henvendelse fra {ngo}: ", "partner_agency": "Melding fra {agency}: ",
              "police": "Patrulje melder: "}
NGOS = ("Pro Sentret", "ROSA", "Kirkens Bymisjon")
PARTNER_AGENCIES = ("Arbeidstilsynet", "Skatteetaten", "UDI")
REASONS = {
    "escort_ads": "Annonser på eskortenettsted",
    "suggestive_ads": "Annonser med seksuelt innhold på massasjeside",
    "shared_phone": "delt telefon med annen salong",
    "tips": "tips om mulig salg av seksuelle tjenester",
    "inspection": "funn ved tidligere tilsyn",
    "foreign_owner": "registrert som NUF med adresse i Sverige",
    "rotation": "stadig nye kvinner i annonsene",
    "reviews": "omtaler på sexkjøperforum",
    "sample": "stikkprøve i området",
    "new": "nyregistrert virksomhet",
}
def persons_present(count: int) -> str:
    return "Én person til stede" if count == 1 else f"{count} personer til stede"
