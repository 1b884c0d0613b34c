"""Ad texts with slots, as the people who post them write and reuse them.

A writer (a venue owner, one person writing for a whole network or chain, an ad-writing
service, a woman advertising herself) composes ONE template of its own from the phrase
banks (`phrase_banks.py`): a title and 3-6 sentences, one per chosen part, with slots
(venue, town, address, phone, price, hours; for escort ads nickname and age). Some
templates carry a short Thai-script sentence in the middle. `COMMON` is the widely copied
suggestive text that a share of independent venues take as it is (a confounder).
"""
from __future__ import annotations

import random

from aksjon.synth import phrase_banks as B

# The widely copied text: the same words at unrelated independent venues (a confounder).
COMMON = {
    "nb": ("Ny thai massasje i {town}!", "Velkommen til {venue}! Unge og søte thai jenter gir deg deilig massasje. "
           "Ring {phone}. {address}. Åpent {hours} alle dager."),
    "sv": ("Ny thaimassage i {town}!", "Välkommen till {venue}! Unga söta thaitjejer ger dig skön massage. "
           "Ring {phone}. Öppet {hours}."),
    "da": ("Ny thaimassage i {town}!", "Velkommen til {venue}! Unge søde thaipiger giver dig dejlig massage. "
           "Ring {phone}. Åben {hours}."),
}


def compose(rng: random.Random, bank: dict[str, tuple[str, ...]], thai: tuple[str, ...] | None = None,
            sentences: tuple[int, int] = (3, 6)) -> tuple[str, str]:
    """One writer's own template: a title and 3-6 sentences, one per part, `contact` always
    among them; a greeting comes first and a closing last, the rest in the writer's order.
    `thai`: put one of these Thai sentences in the middle of the text."""
    parts = [p for p in B.PARTS if p in bank and p != "contact"]
    chosen = ["contact"] + rng.sample(parts, rng.randint(sentences[0], sentences[1]) - 1)
    middle = [p for p in chosen if p not in ("greeting", "closing")]
    rng.shuffle(middle)
    order = [p for p in ("greeting",) if p in chosen] + middle + [p for p in ("closing",) if p in chosen]
    body = [rng.choice(bank[p]) for p in order]
    if thai:
        body.insert(max(1, len(body) // 2), rng.choice(thai))
    return rng.choice(bank["title"]), " ".join(body)


def massage_template(rng: random.Random, lang: str, suggestive: bool, thai: bool) -> tuple[str, str]:
    return compose(rng, B.massage_bank(lang, suggestive), B.THAI_MASSAGE if thai else None)


def escort_template(rng: random.Random, thai: bool) -> tuple[str, str]:
    return compose(rng, B.ESCORT, B.THAI_ESCORT if thai else None)


REVIEW = {
    "nb": ("{venue} – {town}", "Var innom {venue} i {street}. {nick} var søt og massasjen grei. {extra}"),
    "sv": ("{venue} {town}", "Besökte {venue} på {street}. {nick} var söt och massagen okej. {extra}"),
    "da": ("{venue} {town}", "Besøgte {venue} på {street}. {nick} var sød og massagen fin. {extra}"),
}
REVIEW_EXTRAS = {
    ("nb", True): ("Ekstra for {tip} kr, anbefales.", "Fikk HE for {tip}.", "Jenta snakket nesten ikke norsk, "
                   "virket sliten.", "Nye jenter siden sist gang.", "Full service mulig, spør etter {nick}."),
    ("nb", False): ("God og hard massasje, anbefales!", "Bra mot vond nakke.", "Rent og ryddig, kommer igjen."),
    ("sv", True): ("Extra för {tip} kr.", "Fick HE för {tip}.", "Nya tjejer sedan sist."),
    ("sv", False): ("Bra massage, rekommenderas!", "Rent och fint."),
    ("da", True): ("Ekstra for {tip} kr.", "Fik HE for {tip}.", "Nye piger siden sidst."),
    ("da", False): ("God massage, kan anbefales!", "Rent og pænt."),
}
# What a buyer sees where the women live in the salon (a red flag, ref 7): only at such venues.
REVIEW_SIGNS = {"nb": "Madrass på gulvet på bakrommet, litt skittent.", "sv": "Madrass på golvet i bakrummet.",
                "da": "Madras på gulvet i baglokalet."}
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


def price_text(lang: str, form: int, price: int) -> str:
    forms = PRICE_FORMS[lang]
    return forms[form % len(forms)].format(p=price, h=price * 2 // 3 // 10 * 10)


NO_PHONE = {"nb": "nummer i profilen", "sv": "nummer i profilen", "da": "nummer i profilen", "en": "number in profile"}
NEW_FLAG = {"nb": "NYE JENTER! ", "sv": "NYA TJEJER! ", "da": "NYE PIGER! ", "en": "NEW! "}
