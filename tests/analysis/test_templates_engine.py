"""The ad template engine (aksjon.analysis.core.templates): masking, near-duplicates, writers,
hubs, persistence. Plain Python: no database."""
from __future__ import annotations

from aksjon.analysis.core.templates import TemplateIndex, known_towns
from aksjon.analysis.core.text_shingles import Masker, shingles

TOWNS = known_towns()
BODY = ("Velkommen til {venue} i {town}! Vi tilbyr tradisjonell thaimassasje, oljemassasje og fotmassasje "
        "med erfarne terapeuter fra Bangkok. Rolig atmosfære og god parkering. Ring {phone} for time. "
        "Pris {price}. Åpent {hours} alle dager.")
OTHER_BODY = ("Sweet girls waiting for you. Soft hands and warm oil, discreet entrance at the back. "
              "Call {phone} now, only {price}. We speak English and a little Norwegian. Open {hours}.")


def ad(ad_id, body=BODY, *, venue="Baan Sabai", town="Oslo", phone="912 34 567", price="600 kr",
       hours="10-22", category="massage", images=(), observed="2024-01-08T10:00:00+01:00", title=None,
       source="massasjeguiden"):
    text = body.format(venue=venue, town=town, phone=phone, price=price, hours=hours)
    return {"source": source, "ad_id": str(ad_id), "observed_at": observed, "category": category,
            "title": title if title is not None else f"{venue} – thaimassasje i {town}", "text": text,
            "phones": [phone] if phone else [], "city": town, "address": None, "venue_name": venue,
            "image_hashes": list(images), "price_text": price, "lang": "nb"}


def keys(index):
    return {member: group.key for group in index.groups() for member in group.ads}


def test_masking_one_ad_in_norwegian_english_and_thai():
    masked = Masker(TOWNS).mask({
        "category": "escort", "title": "Søte Nok 23 år – ny i Tromsø",
        "text": "Hei! Jeg er Nok, ny i Tromsø. สวัสดีค่ะ นัดได้เลยนะคะ โทร +47 912 34 567. Call me, 1 time 1500 kr, "
                "open 10:00-23:00. www.nok.example.invalid",
        "phones": ["+47 912 34 567"], "city": "Tromsø", "venue_name": None, "address": None})
    assert "{nick}" in masked.text and "nok" not in masked.text.replace("{nick}", "")
    assert "{town}" in masked.text and "tromsø" not in masked.text
    assert "{phone}" in masked.text and "912" not in masked.text
    assert "{price}" in masked.text and "{hours}" in masked.text and "{age}" in masked.text
    assert "{url}" in masked.text
    assert "สวัสดีค่ะ" in masked.text  # Thai kept as text …
    slots = dict(masked.slots)
    assert slots["phone"] == "+4791234567" and slots["nick"] == "Nok" and slots["town"] == "Tromsø"
    thai = [s for s in shingles(masked.text) if "\u0e00" <= s.decode()[0] <= "\u0e7f"]
    assert thai  # … and shingled as character trigrams, though it has no spaces


def test_masking_the_ads_own_venue_and_towns_abroad():
    masked = Masker(TOWNS).mask(ad(1, OTHER_BODY + " Også i Stockholm og København.", venue="Lotus"))
    assert masked.text.count("{town}") >= 2 and "stockholm" not in masked.text
    assert "lotus" not in masked.text and "{venue}" in masked.text


def test_near_duplicates_with_different_slots_join_and_different_texts_do_not():
    index = TemplateIndex(TOWNS)
    index.add([ad(1, venue="Baan Sabai", town="Oslo", phone="912 34 567"),
               ad(2, venue="Siam Spa", town="Bergen", phone="934 56 789", price="750 kr", hours="11-20"),
               ad(3, OTHER_BODY, venue="Lotus", town="Oslo", phone="455 66 777")])
    found = keys(index)
    assert found[("massasjeguiden", "1")] == found[("massasjeguiden", "2")]  # one text, slots filled otherwise
    assert found[("massasjeguiden", "3")] != found[("massasjeguiden", "1")]


def test_a_phone_joins_a_writers_massage_and_escort_templates():
    escort = ("Hi, I am {venue}, sweet Thai girl, new in {town} for a few days only. Incall. Call or SMS {phone}. "
              "{price}. Open {hours}, kisses.")
    index = TemplateIndex(TOWNS)
    index.add([ad(1, phone="912 34 567"), ad(2, venue="Siam Spa", town="Bergen", phone="934 56 789"),
               ad(3, escort, venue="Nok", town="Bergen", phone="+47 934 56 789", category="escort",
                  title="Nok new in Bergen"),
               ad(4, escort, venue="Ploy", town="Hamar", phone="+47 934 56 789", category="escort",
                  title="Ploy new in Hamar")])
    found = keys(index)
    assert len(set(found.values())) == 1


def test_a_stock_photo_does_not_join_unrelated_venues():
    stock = "c3a1f0e0b0d0f8e0"
    bodies = [BODY, OTHER_BODY,
              "Ta en pause fra hverdagen hos oss. Hot stone og aromaterapi i rolige rom. Tlf {phone}, {price}.",
              "Profesjonell massasje mot stiv nakke og vondt i ryggen. Sertifiserte massører. Bestill {phone}. {price}"]
    index = TemplateIndex(TOWNS)
    index.add(ad(n, body, venue=f"Salong {n}", phone=f"9{n}2 34 567", images=[stock if n % 2 else "c3a1f0e0b0d0f8e1"])
              for n, body in enumerate(bodies, start=1))
    found = keys(index)
    assert len(set(found.values())) == 4


def test_a_photo_reuploaded_a_few_bits_apart_is_one_photo():
    index = TemplateIndex(TOWNS)
    photo = int("9f6b0af5a38cccba", 16)
    assert index.photos.photo(photo) == index.photos.photo(photo ^ 0b1011)  # three bits apart
    assert index.photos.photo(photo) != index.photos.photo(photo ^ 0xFFFF)


def test_observations_of_one_ad_collapse_to_its_distinct_texts():
    index = TemplateIndex(TOWNS)
    index.add([ad(1, observed=f"2024-01-{day:02d}T10:00:00+01:00") for day in range(1, 21)]
              + [ad(1, price="650 kr", observed="2024-01-25T10:00:00+01:00")])
    assert len(index.ads) == 1 and len(index.raw_seen) == 2 and len(index.texts) == 1
    group = index.groups()[0]
    assert group.observations == 21 and group.ads == [("massasjeguiden", "1")]
    assert group.slots["price"] == {"600 kr": 1, "650 kr": 1}


def test_reviews_are_no_advertisers_text():
    index = TemplateIndex(TOWNS)
    index.add([ad(1), ad(2, category="review")])
    assert list(index.ads) == [("massasjeguiden", "1")]


def test_the_index_persists_and_a_new_crawl_keeps_ids_and_joins(tmp_path):
    path = tmp_path / "templates.pkl"
    index = TemplateIndex(TOWNS)
    index.add([ad(1), ad(2, OTHER_BODY, venue="Lotus", phone="455 66 777")])
    before = keys(index)
    index.save(path)
    again = TemplateIndex.load(path, TOWNS)
    again.add([ad(3, venue="Siam Spa", town="Bergen", phone="934 56 789", observed="2024-02-01T10:00:00+01:00"),
               ad(4, "En helt annen tekst om yoga og meditasjon for bedrifter, {venue}, ring {phone}.",
                  venue="Zen", phone="466 77 888", observed="2024-02-02T10:00:00+01:00")])
    after = keys(again)
    assert after[("massasjeguiden", "1")] == before[("massasjeguiden", "1")]
    assert after[("massasjeguiden", "2")] == before[("massasjeguiden", "2")]
    assert after[("massasjeguiden", "3")] == before[("massasjeguiden", "1")]  # joined the old template
    assert after[("massasjeguiden", "4")] not in before.values()  # a new one
    assert len(again.texts) == 3  # the old texts were not masked again


def test_a_merged_group_keeps_the_key_of_its_oldest_member(tmp_path):
    index = TemplateIndex(TOWNS)
    index.add([ad(1, observed="2024-01-01T10:00:00+01:00"),
               ad(2, OTHER_BODY, venue="Lotus", phone="455 66 777", observed="2024-01-05T10:00:00+01:00")])
    first = keys(index)
    # A new ad of the second text with the first's phone: one writer now, under the older key.
    index.add([ad(3, OTHER_BODY, venue="Lotus", phone="912 34 567", observed="2024-02-01T10:00:00+01:00")])
    merged = keys(index)
    assert set(merged.values()) == {first[("massasjeguiden", "1")]}


SHARED = ("Hei og velkommen! Vi snakker norsk, engelsk og thai. Tradisjonell thaimassasje, urtemassasje og "
          "hodemassasje i rolige lokaler. Kontakt oss på {phone}. Pris {price}, åpent {hours}.")


def _venues_using(text: str, count: int, *, category="massage", source="massasjeguiden") -> list[dict]:
    """`count` unrelated salons (own name, town, phone) using one text, two ads each."""
    towns = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen", "Skien", "Hamar", "Bodø", "Molde",
             "Gjøvik", "Halden", "Moss", "Arendal", "Larvik", "Harstad"]
    return [ad(f"{n}-{k}", text, venue=f"Salong {chr(65 + n)}{chr(65 + n)}", town=towns[n], phone=f"9{n:02d}4{k}567",
               category=category, source=source)
            for n in range(count) for k in range(2)]


def test_a_text_a_few_unconnected_salons_share_is_one_writer_a_service():
    index = TemplateIndex(TOWNS)
    index.add(_venues_using(SHARED, 5))
    groups = index.groups()
    assert len(groups) == 1 and groups[0].shared_text
    assert groups[0].template_kinds == {"service": 10}


def test_a_text_many_unconnected_salons_share_is_copied_one_writer_each():
    index = TemplateIndex(TOWNS)
    index.add(_venues_using(SHARED, 16))
    groups = index.groups()
    assert len(groups) == 16 and all(len(group.ads) == 2 for group in groups)
    assert all(group.template_kinds == {"copied": 2} for group in groups)


def test_one_booking_sites_listings_are_the_sites_and_join_no_salon():
    listing = "Bestill time hos {venue}. Tradisjonell thaimassasje, {price}. Avbestilling senest 24 timer før. {phone}"
    index = TemplateIndex(TOWNS)
    index.add(_venues_using(listing, 16, category="booking", source="timebestilling"))
    index.add([ad("own-1", OTHER_BODY, venue="Salong AA", town="Oslo", phone="900 40 567")])  # salon A's own ad
    found = keys(index)
    assert len({found[("timebestilling", f"{n}-0")] for n in range(16)}) == 1
    assert found[("massasjeguiden", "own-1")] != found[("timebestilling", "0-0")]


def test_two_writers_on_one_text_each_with_a_text_of_their_own_stay_apart():
    escort_a = "Hi, I am {venue}, sweet girl, new in {town} for a few days only. Incall. Call or SMS {phone}. {price}."
    escort_b = "Sawasdee! Beautiful lady {venue} visiting {town} this week, outcall and hotel visits. Whatsapp {phone}."
    index = TemplateIndex(TOWNS)
    index.add([ad("a1", venue="Lotus A", town="Oslo", phone="912 11 111"),
               ad("a2", escort_a, venue="Nok", town="Bergen", phone="912 11 111", category="escort", title="Nok"),
               ad("a3", escort_a, venue="Ploy", town="Hamar", phone="912 11 111", category="escort", title="Ploy"),
               ad("b1", venue="Orchid B", town="Tromsø", phone="934 22 222"),
               ad("b2", escort_b, venue="Mai", town="Bodø", phone="934 22 222", category="escort", title="Mai"),
               ad("b3", escort_b, venue="Fah", town="Molde", phone="934 22 222", category="escort", title="Fah")])
    found = keys(index)
    assert found[("massasjeguiden", "a1")] == found[("massasjeguiden", "a2")] == found[("massasjeguiden", "a3")]
    assert found[("massasjeguiden", "b1")] == found[("massasjeguiden", "b2")] == found[("massasjeguiden", "b3")]
    assert found[("massasjeguiden", "a1")] != found[("massasjeguiden", "b1")]
