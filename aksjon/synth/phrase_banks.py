"""Phrase banks from which each ad writer composes its own template (issue 11).

Real salons write their own ads, but from the sector's common stock of phrases
("Velkommen til …", "Ring … for time", "Åpent …"). A writer takes a title and one
sentence for each of 3-6 parts (greeting, services, staff, price, contact, hours,
address, closing), so two writers' texts mostly differ but share common phrases.
Keys: (language, suggestive) for massage ads; "en" for escort ads. Slots in braces:
{venue} {town} {address} {phone} {price} {hours}, and {nick} {age} in escort ads.
The `contact` part always holds {phone}.
"""
from __future__ import annotations

PARTS = ("greeting", "services", "staff", "price", "contact", "hours", "address", "closing")

_NB_COMMON = {
    "greeting": ("Velkommen til {venue}!", "Hjertelig velkommen til {venue} i {town}.", "Velkommen til oss i {venue}.",
                 "Hei og velkommen!", "Ta en pause fra hverdagen hos {venue}.", "Lengter du etter avslapning?",
                 "Nyåpnet i {town}!", "Vi ønsker deg velkommen til {venue}.", "Trenger du en pause?"),
    "price": ("Pris: {price}.", "{price}.", "Priser fra {price}.", "Thaimassasje {price}.", "Gode priser: {price}.",
              "Tilbud denne måneden: {price}.", "Rimelige priser, {price}.", "Prisliste: {price}."),
    "contact": ("Ring {phone}.", "Timebestilling på {phone}.", "Ring eller send SMS til {phone}.",
                "Bestill time: {phone}.", "Tlf {phone}.", "Ring {phone} for time.",
                "Ring {phone} eller bestill på nett.", "Drop-in eller ring {phone}.", "Kontakt oss på {phone}."),
    "hours": ("Åpent {hours}.", "Åpningstider {hours}.", "Vi har åpent {hours}, også i helgene.",
              "Åpent {hours} alle dager.", "Åpningstider: {hours}.", "Åpent hver dag {hours}."),
    "address": ("{address}.", "Adresse: {address}.", "Du finner oss i {address}, {town}.",
                "Sentralt i {town}: {address}.",
                "{address}, {town} sentrum.", "Vi holder til i {address}.", "Gratis parkering ved {address}."),
}
_NB = {
    False: {
        "title": ("Thaimassasje i {town}", "{venue} – thaimassasje i {town}", "Tradisjonell thaimassasje – {venue}",
                  "Avslappende massasje i {town} sentrum", "Massasje og velvære hos {venue}",
                  "{venue} Thai Massasje & Spa", "Ekte thaimassasje i {town}", "Stiv nakke? Thaimassasje hos {venue}",
                  "Thai massasje {town} – bestill time", "Profesjonell thaimassasje, {town}"),
        "services": ("Vi tilbyr tradisjonell thaimassasje, oljemassasje og fotmassasje.",
                     "Thaimassasje, hot stone og aromaterapi.", "Behandling mot stiv nakke, vondt i ryggen og stress.",
                     "Vi har tradisjonell thaimassasje, urtemassasje og hodemassasje.",
                     "Dyp vevsmassasje og idrettsmassasje etter ønske.", "Fotmassasje og refleksologi på bestilling.",
                     "Thaimassasje med eller uten olje, 30, 60 og 90 minutter.",
                     "Urteposemassasje og varme steiner for stive muskler."),
        "staff": ("Utdannede terapeuter fra Thailand.", "Sertifiserte massører med lang erfaring.",
                  "Våre massører har over ti års erfaring.", "Erfarne thailandske massører.",
                  "Vi snakker norsk, engelsk og thai.", "Faglærte massører utdannet ved Wat Pho i Bangkok."),
        "closing": ("Velkommen!", "Vi ser frem til å se deg!", "Hjertelig velkommen!", "Gavekort selges.",
                    "Avbestilling senest 24 timer før.", "Vi tar Vipps og kort.", "Godkjent av Norsk Massasjeforbund."),
    },
    True: {
        "title": ("Ny thai massasje i {town}!", "Deilig thai massasje – {venue}", "Sexy thai massasje i {town}",
                  "Søte thai jenter – {venue}", "Thai massasje sent på kvelden, {town}",
                  "Beste thai massasje i {town}!",
                  "Full body massasje {town}", "{venue} – deilig avslapning", "Ekstra avslappende massasje i {town}",
                  "Diskret thai massasje {town}"),
        "services": ("Deilig oljemassasje og ekstra avslapning.", "Full body massasje, body to body.",
                     "Vi gir deg vår spesielle massasje.", "Deilig massasje, du kommer til å smile!",
                     "Tantra og oljemassasje.", "Prøv vår spesielle avslapningsmassasje.",
                     "Oljemassasje, varme hender og god service.", "Deilig avslappende massasje fra topp til tå."),
        "staff": ("Unge og søte thai jenter.", "Vakre thai damer venter på deg.",
                  "Hyggelige jenter, alltid blid service.", "Nye jenter hver uke!",
                  "Søte thai jenter gir deg deilig massasje.", "Unge massøser fra Thailand."),
        "closing": ("Diskret og rent.", "Diskret inngang, parkering bak.", "Du kommer til å smile!", "Velkommen!",
                    "Vi ser frem til å se deg!", "Åpent til sent!", "Dusj tilgjengelig."),
    },
}
_SV_COMMON = {
    "greeting": ("Välkommen till {venue}!", "Hjärtligt välkommen till {venue} i {town}.", "Hej och välkommen!",
                 "Ta en paus från vardagen hos {venue}.", "Välkommen till oss på {venue}.", "Nyöppnat i {town}!",
                 "Behöver du en paus?"),
    "price": ("Pris: {price}.", "{price}.", "Priser från {price}.", "Bra priser: {price}.", "Erbjudande: {price}.",
              "Thaimassage {price}."),
    "contact": ("Ring {phone}.", "Boka på {phone}.", "Ring eller sms:a {phone}.", "Tidsbokning: {phone}.",
                "Ring {phone} för tid.", "Drop-in eller ring {phone}.", "Kontakta oss på {phone}."),
    "hours": ("Öppet {hours}.", "Öppettider {hours}.", "Öppet alla dagar {hours}.", "Öppettider: {hours}.",
              "Vi har öppet {hours}, även helger."),
    "address": ("{address}.", "Adress: {address}.", "Du hittar oss på {address}, {town}.",
                "Centralt i {town}: {address}.", "Vi finns på {address}.", "{address}, {town} centrum."),
}
_SV = {
    False: {"title": ("Thaimassage i {town}", "{venue} – thaimassage i {town}", "Traditionell thaimassage – {venue}",
                      "Avkopplande massage i {town}", "Äkta thaimassage i {town}"),
            "services": ("Vi erbjuder traditionell thaimassage och oljemassage.",
                         "Thaimassage, fotmassage och örtmassage.", "Behandling mot stel nacke och ont i ryggen.",
                         "Massage 30, 60 och 90 minuter."),
            "staff": ("Utbildade massörer från Thailand.", "Erfarna thailändska massörer.",
                      "Certifierade terapeuter med lång erfarenhet."),
            "closing": ("Välkommen!", "Presentkort finns.", "Vi tar Swish och kort.", "Vi ses!")},
    True: {"title": ("Ny thaimassage i {town}!", "Sexig thaimassage i {town}", "Härlig thaimassage – {venue}",
                     "Söta thaitjejer – {venue}", "Diskret thaimassage {town}"),
           "services": ("Oljemassage och extra avkoppling.", "Body to body massage.", "Prova vår speciella massage.",
                        "Skön massage från topp till tå."),
           "staff": ("Unga söta thaitjejer.", "Vackra thaitjejer väntar på dig.", "Nya tjejer varje vecka!"),
           "closing": ("Diskret ingång.", "Välkommen!", "Öppet sent!", "Du kommer att le!")},
}
_DA_COMMON = {
    "greeting": ("Velkommen til {venue}!", "Hjertelig velkommen til {venue} i {town}.", "Hej og velkommen!",
                 "Tag en pause fra hverdagen hos {venue}.", "Velkommen til os i {venue}.", "Nyåbnet i {town}!",
                 "Trænger du til en pause?"),
    "price": ("Pris: {price}.", "{price}.", "Priser fra {price}.", "Gode priser: {price}.", "Tilbud: {price}.",
              "Thaimassage {price}."),
    "contact": ("Ring {phone}.", "Book på {phone}.", "Ring eller sms {phone}.", "Tidsbestilling: {phone}.",
                "Ring {phone} for tid.", "Drop-in eller ring {phone}.", "Kontakt os på {phone}."),
    "hours": ("Åben {hours}.", "Åbningstider {hours}.", "Åben alle dage {hours}.", "Åbningstider: {hours}.",
              "Vi har åbent {hours}, også i weekenden."),
    "address": ("{address}.", "Adresse: {address}.", "Du finder os på {address}, {town}.",
                "Centralt i {town}: {address}.", "Vi holder til på {address}.", "{address}, {town} centrum."),
}
_DA = {
    False: {"title": ("Thaimassage i {town}", "{venue} – thaimassage i {town}", "Traditionel thaimassage – {venue}",
                      "Afslappende massage i {town}", "Ægte thaimassage i {town}"),
            "services": ("Vi tilbyder traditionel thaimassage og oliemassage.",
                         "Thaimassage, fodmassage og urtemassage.", "Behandling mod stiv nakke og ondt i ryggen.",
                         "Massage 30, 60 og 90 minutter."),
            "staff": ("Uddannede massører fra Thailand.", "Erfarne thailandske massører.",
                      "Certificerede terapeuter med lang erfaring."),
            "closing": ("Velkommen!", "Gavekort sælges.", "Vi tager MobilePay og kort.", "Vi ses!")},
    True: {"title": ("Ny thaimassage i {town}!", "Sexet thaimassage i {town}", "Dejlig thaimassage – {venue}",
                     "Søde thaipiger – {venue}", "Diskret thaimassage {town}"),
           "services": ("Oliemassage og ekstra afslapning.", "Body to body massage.", "Prøv vores specielle massage.",
                        "Dejlig massage fra top til tå."),
           "staff": ("Unge søde thaipiger.", "Smukke thaipiger venter på dig.", "Nye piger hver uge!"),
           "closing": ("Diskret indgang.", "Velkommen!", "Åben sent!", "Du kommer til at smile!")},
}
ESCORT = {
    "title": ("{nick} – new in {town}!", "Sweet Thai {nick} {age}y", "Thai girl {nick} in {town} now",
              "{nick} thai massage & more", "NEW {nick} {age} – {town}", "Sexy Asian {nick} visiting {town}",
              "{nick}, {age}, first time in {town}", "Hot Thai {nick} – incall {town}"),
    "greeting": ("Hi, I am {nick}.", "Hello darling!", "Hello gentlemen, my name is {nick}.",
                 "Hi honey, I am {nick}, {age} years.", "Sawasdee ka! I am {nick}.", "Welcome to my page."),
    "staff": ("Sweet Thai girl, {age} years old.", "I am {age}, slim and friendly.", "Soft skin, long black hair.",
              "Young Thai girl, very good service.", "Beautiful Asian girl from Bangkok.", "I speak a little English."),
    "services": ("Very good massage and more.", "Incall only.", "Incall and outcall.", "GFE, massage, relax.",
                 "Good service, no rush.", "Body to body massage.", "Discreet apartment in the centre."),
    "address": ("New in {town} for a few days only.", "In {town} this week.", "First time in {town}.",
                "Visiting {town} now.", "Only a short time in {town}!", "Staying near {town} centre."),
    "price": ("{price}.", "Price: {price}.", "Rates: {price}.", "{price}, no negotiation."),
    "contact": ("Call or SMS {phone}.", "Only SMS {phone}.", "Call {phone}.", "WhatsApp {phone}.",
                "Book me on {phone}.",
                "Call me {phone}, no private numbers."),
    "hours": ("24/7.", "Available {hours}.", "Open {hours}.", "Available day and night."),
    "closing": ("No private numbers.", "Kisses!", "See you soon!", "Don't miss me!", "Hygiene is important.",
                "Xoxo {nick}."),
}
# Short genuine Thai phrases a Thai-run salon or a Thai woman puts in the middle of a
# Norwegian or English ad: "Thai traditional massage", "welcome", "call to book" …
THAI_MASSAGE = ("นวดแผนไทย", "ยินดีต้อนรับค่ะ", "สวัสดีค่ะ ยินดีต้อนรับ", "นวดแผนไทยและนวดน้ำมัน", "โทรจองได้เลยค่ะ",
                "จองคิวล่วงหน้าได้ค่ะ", "เปิดบริการทุกวัน", "นวดเท้า นวดน้ำมัน นวดประคบสมุนไพร",
                "พนักงานคนไทย บริการดี",
                "ผ่อนคลายสบายตัว")
THAI_ESCORT = ("สวัสดีค่ะ", "น้องใหม่มาแล้วค่ะ", "โทรมาได้เลยค่ะ", "ยินดีต้อนรับค่ะ", "นัดล่วงหน้าได้ค่ะ")


def massage_bank(lang: str, suggestive: bool) -> dict[str, tuple[str, ...]]:
    common, specific = {"nb": (_NB_COMMON, _NB), "sv": (_SV_COMMON, _SV), "da": (_DA_COMMON, _DA)}[lang]
    return {**common, **specific[suggestive]}
