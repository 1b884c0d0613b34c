"""Ad texts with slots, as the people who post them reuse them.

A writer (a venue owner, or one person writing for a whole network) keeps one
template and fills in the slots: venue, town, address, phone, price, hours, and for
escort ads a nickname and an age. Suggestive massage templates use the sector's
euphemisms ("nye jenter", "diskret inngang", "ekstra"); template 0 of each
suggestive list is the widely copied one (a confounder for writer linkage).
"""
from __future__ import annotations

MASSAGE = {
    ("nb", False): (
        ("Tradisjonell thaimassasje i {town}", "{venue} tilbyr tradisjonell thaimassasje, oljemassasje og "
         "fotmassasje. Utdannede terapeuter. Timebestilling på {phone}. {address}. Åpent {hours}. Gavekort selges."),
        ("{venue} – thaimassasje og spa", "Velkommen til {venue} i {address}! Thaimassasje {price}. "
         "Ring {phone} eller bestill på nett. Åpningstider {hours}."),
        ("Avslappende massasje i {town} sentrum", "Ta en pause fra hverdagen. Thaimassasje, hot stone og "
         "aromaterapi hos {venue}. Adresse: {address}. Tlf {phone}. {hours}."),
        ("Thaimassasje {town} – {venue}", "Profesjonell massasje mot stiv nakke og vondt i ryggen. Sertifiserte "
         "massører fra Thailand. Pris: {price}. Bestill: {phone}."),
    ),
    ("nb", True): (
        ("Ny thai massasje i {town}!", "Velkommen til {venue}! Unge og søte thai jenter gir deg deilig massasje. "
         "Ring {phone}. {address}. Åpent {hours} alle dager."),
        ("NYE JENTER! Thai massasje {town}", "Nye jenter denne uken! Full body massasje, diskret inngang. {price}. "
         "Ring {phone}, {hours}."),
        ("Sexy thai massasje i {town}", "Vakre thai damer venter på deg. Oljemassasje og ekstra avslapning. "
         "Diskret, parkering bak. {phone}. Åpent {hours}."),
        ("{venue} – deilig thaimassasje", "Deilig avslappende massasje med søte jenter. Du kommer til å smile! "
         "Ring {phone} for time. {address}, {town}. {hours}."),
        ("Thai massasje sent på kvelden", "Åpent til sent! Søte thai jenter, body to body, god service. {price}. "
         "Tlf {phone}. {address}."),
        ("Beste thai massasje {town}", "Prøv vår spesielle massasje. Hyggelige jenter, diskret og rent. "
         "Ring {phone}. Åpent {hours}."),
    ),
    ("sv", False): (
        ("Traditionell thaimassage i {town}", "{venue} erbjuder traditionell thaimassage och oljemassage. "
         "Boka på {phone}. {address}. Öppet {hours}."),
        ("Thaimassage {town} – {venue}", "Utbildade massörer från Thailand. Pris: {price}. Ring {phone}."),
    ),
    ("sv", True): (
        ("Ny thaimassage i {town}!", "Välkommen till {venue}! Unga söta thaitjejer ger dig skön massage. "
         "Ring {phone}. Öppet {hours}."),
        ("NYA TJEJER! Thaimassage {town}", "Nya tjejer varje vecka. Diskret ingång. {price}. Ring {phone}."),
        ("Sexig thaimassage", "Vackra thaitjejer väntar på dig. Oljemassage och extra avkoppling. {phone}, {address}."),
    ),
    ("da", False): (
        ("Traditionel thaimassage i {town}", "{venue} tilbyder traditionel thaimassage og oliemassage. "
         "Book på {phone}. {address}. Åben {hours}."),
        ("Thaimassage {town} – {venue}", "Uddannede massører fra Thailand. Pris: {price}. Ring {phone}."),
    ),
    ("da", True): (
        ("Ny thaimassage i {town}!", "Velkommen til {venue}! Unge søde thaipiger giver dig dejlig massage. "
         "Ring {phone}. Åben {hours}."),
        ("NYE PIGER! Thaimassage {town}", "Nye piger hver uge. Diskret indgang. {price}. Ring {phone}."),
        ("Sexet thaimassage", "Smukke thaipiger venter på dig. Oliemassage og ekstra afslapning. {phone}, {address}."),
    ),
}
ESCORT = (
    ("{nick} – new in {town}!", "Hi, I am {nick}, {age} years, sweet Thai girl, new in {town} for a few days only. "
     "Incall. Call or SMS {phone}. {price}."),
    ("Sweet Thai {nick} {age}y", "Hello darling! I am {nick} from Thailand. Very good massage and more. "
     "In {town} this week. {phone}. No private numbers."),
    ("Thai girl {nick} in {town} now", "New girl {nick}, {age}. Soft skin, good service, 24/7. Call {phone}. {price}."),
    ("{nick} thai massage & more", "I am {nick}, {age}, first time in {town}. Discreet apartment in the centre. "
     "Only SMS {phone}."),
)
REVIEW = {
    "nb": ("{venue} – {town}", "Var innom {venue} i {street}. {nick} var søt og massasjen grei. {extra}"),
    "sv": ("{venue} {town}", "Besökte {venue} på {street}. {nick} var söt och massagen okej. {extra}"),
    "da": ("{venue} {town}", "Besøgte {venue} på {street}. {nick} var sød og massagen fin. {extra}"),
}
REVIEW_EXTRAS = {
    ("nb", True): ("Ekstra for {tip} kr, anbefales.", "Fikk HE for {tip}.", "Jenta snakket nesten ikke norsk, "
                   "virket sliten.", "Nye jenter siden sist gang.", "Madrass på gulvet på bakrommet, litt skittent.",
                   "Full service mulig, spør etter {nick}."),
    ("nb", False): ("God og hard massasje, anbefales!", "Bra mot vond nakke.", "Rent og ryddig, kommer igjen."),
    ("sv", True): ("Extra för {tip} kr.", "Fick HE för {tip}.", "Nya tjejer sedan sist."),
    ("sv", False): ("Bra massage, rekommenderas!", "Rent och fint."),
    ("da", True): ("Ekstra for {tip} kr.", "Fik HE for {tip}.", "Nye piger siden sidst."),
    ("da", False): ("God massage, kan anbefales!", "Rent og pænt."),
}
BOOKING = {
    "nb": ("Thaimassasje 60 min – {venue}", "Bestill time hos {venue}, {address}, {town}. Tradisjonell "
           "thaimassasje, {price}. Avbestilling senest 24 timer før."),
    "sv": ("Thaimassage 60 min – {venue}", "Boka tid hos {venue}, {address}, {town}. Thaimassage {price}."),
    "da": ("Thaimassage 60 min – {venue}", "Book tid hos {venue}, {address}, {town}. Thaimassage {price}."),
}
HOURS = ("10-22", "10-23 alle dager", "11-21", "10:00-24:00", "12-22", "9-21")
PRICE_FORMS = {"nb": ("60 min {p},-", "60 min: {p} kr", "1 time {p} NOK", "30 min {h},- / 60 min {p},-"),
               "sv": ("60 min {p} kr", "60 min: {p}:-"), "da": ("60 min {p} kr.", "60 min. {p},-")}
ESCORT_PRICE = ("30 min {h}, 1 t {p}", "1h {p}", "30min {h} / 1h {p}")
SOURCES = {
    "NO": {"massage": "massasjeguiden", "escort": ("nattguiden", "eskortenorge", "datingannonser"),
           "review": "kundeforum", "booking": "timebestilling"},
    "SE": {"massage": "massageguiden_se", "escort": ("eskortsidan", "nattguiden", "kontaktannonser"),
           "review": "kundeforum", "booking": "tidsbokning"},
    "DK": {"massage": "massageguide_dk", "escort": ("escortdk", "nattguiden", "kontaktannoncer"),
           "review": "kundeforum", "booking": "bookingdk"},
}


def language_of(country: str) -> str:
    return {"NO": "nb", "SE": "sv", "DK": "da"}[country]


def count(category: str, lang: str, suggestive: bool) -> int:
    return len(ESCORT) if category == "escort" else len(MASSAGE[(lang, suggestive)])


def massage(lang: str, suggestive: bool, index: int) -> tuple[str, str]:
    options = MASSAGE[(lang, suggestive)]
    return options[index % len(options)]


def price_text(lang: str, form: int, price: int) -> str:
    forms = PRICE_FORMS[lang]
    return forms[form % len(forms)].format(p=price, h=price * 2 // 3 // 10 * 10)


NO_PHONE = {"nb": "nummer i profilen", "sv": "nummer i profilen", "da": "nummer i profilen", "en": "number in profile"}
NEW_FLAG = {"nb": "NYE JENTER! ", "sv": "NYA TJEJER! ", "da": "NYE PIGER! ", "en": "NEW! "}
