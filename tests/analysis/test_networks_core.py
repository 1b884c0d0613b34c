"""Networks in plain Python: damping of hubs, strong booking phones, legitimate chains as one
operator, the network key, and the scores against a truth file."""
from __future__ import annotations

import json

from aksjon.analysis.core.networks import (
    AdPlaced,
    Holding,
    VenueFact,
    central,
    find_networks,
    idf,
    misplaced_ads,
    operators,
    weigh,
)
from aksjon.analysis.evaluate import network_scores

POPULATION = 400  # operators in a national picture


def _venues(count: int, start: int = 1, runs=None) -> list[VenueFact]:
    return [VenueFact(venue=i, label=f"Salon {i}", town=f"Town {i % 7}", district=f"D{i % 3}",
                      runs=(runs or f"9{i:08d}",)) for i in range(start, start + count)]


def _background(first: int = 1000, count: int = 300) -> list[VenueFact]:
    """Unrelated salons, each its own company, to give the population its size."""
    return _venues(count, start=first)


def test_a_hub_accountant_is_damped_and_binds_nothing():
    venues = _venues(41) + _background()
    holdings = [Holding(v.venue, "unit:77", "unit", "Regnskap AS", "accountant", note="REGN") for v in venues[:41]]
    weight, damped, reason = weigh("accountant", 41, POPULATION)
    assert damped and weight < 0.05 and "accountant with 41 clients" in reason and "damped" in reason
    assert find_networks(venues, holdings) == []


def test_three_salons_sharing_a_booking_phone_and_a_front_person_are_one_network():
    venues = _venues(3) + _background()
    phone, accountant = weigh("phone", 3, POPULATION), weigh("accountant", 41, POPULATION)
    assert phone[0] > 10 * accountant[0] and not phone[1]  # a phone of three says far more than a hub accountant
    holdings = [Holding(v, "phone:+4791234567", "phone", "+47 912 34 567", "phone") for v in (1, 2, 3)]
    holdings += [Holding(v, "person:5", "person", "Front Person", "owner", note="DAGL") for v in (1, 2, 3)]
    networks = find_networks(venues, holdings)
    assert [n.venues for n in networks] == [[1, 2, 3]]
    network = networks[0]
    assert network.key == "N00001"
    assert {t.ref for t in network.ties} == {"phone:+4791234567", "person:5"}
    assert all(not t.damped for t in network.ties)
    assert {c["ref"] for c in central(network, top=2)} <= {"phone:+4791234567", "person:5"}
    assert all(0 <= node["x"] <= 1 and 0 <= node["y"] <= 1 for node in network.nodes.values())


def test_one_shared_value_alone_does_not_bind():
    """A person merged with a namesake, an ad placed on the wrong venue: one value never binds alone."""
    venues = _venues(2) + _background()
    holdings = [Holding(v, "person:9", "person", "Somchai", "owner") for v in (1, 2)]
    assert find_networks(venues, holdings) == []


def test_weak_ties_never_bind_without_a_strong_one():
    """An ad-writing service, its stock photos and a hub accountant, shared by unrelated salons."""
    venues = _venues(8) + _background()
    holdings = []
    for v in range(1, 9):
        holdings += [Holding(v, "template:T000001", "template", "T000001", "template"),
                     Holding(v, "photo:aa", "photo", "photo aa", "photo"),
                     Holding(v, "photo:bb", "photo", "photo bb", "photo"),
                     Holding(v, "unit:77", "unit", "Regnskap AS", "accountant")]
    assert find_networks(venues, holdings) == []


def test_a_legitimate_chain_is_one_operator_and_no_network():
    chain = _venues(4, runs="911111111")  # one company, four BEDRs, one booking phone, one template
    venues = chain + _background()
    holdings = [Holding(v.venue, "phone:+4790000000", "phone", "+47 900 00 000", "phone") for v in chain]
    holdings += [Holding(v.venue, "template:T000009", "template", "T000009", "template") for v in chain]
    holdings += [Holding(v.venue, "person:3", "person", "Owner", "owner") for v in chain]
    assert len(set(operators(venues)[v.venue] for v in chain)) == 1
    assert find_networks(venues, holdings) == []


def test_a_chain_tied_to_another_operator_is_a_network_of_both():
    chain = _venues(2, runs="911111111")
    other = _venues(1, start=3)
    venues = chain + other + _background()
    holdings = [Holding(v, "phone:+4790000000", "phone", "p", "phone") for v in (1, 2, 3)]
    holdings += [Holding(v, "unit:55", "unit", "Holding AS", "holding", note="LEDE") for v in (1, 3)]
    (network,) = find_networks(venues, holdings)
    assert network.venues == [1, 2, 3] and network.operators == [[1, 2], [3]]


def test_idf_falls_with_holders():
    assert idf(1, POPULATION) == 1.0
    assert idf(3, POPULATION) > idf(15, POPULATION) > idf(41, POPULATION) > idf(150, POPULATION)


def _truth(folder, networks: dict[str, list[str]], venues: dict[str, list[str]]):
    lines = [{"kind": "network", "network": name, "venues": keys} for name, keys in networks.items()]
    of = {v: name for name, keys in networks.items() for v in keys}
    lines += [{"kind": "venue", "venue_key": key, "network": of.get(key), "orgnrs": orgnrs}
              for key, orgnrs in venues.items()]
    (folder / "truth.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")


def test_scores_find_networks_and_punish_merging_everything(tmp_path):
    venues = {f"V{i}": [f"{i:09d}"] for i in range(1, 11)}
    _truth(tmp_path, {"N01": ["V1", "V2", "V3"], "N02": ["V4", "V5", "V6"]}, venues)
    right = {"000000001": "A", "000000002": "A", "000000003": "A", "000000004": "B", "000000005": "B",
             "000000006": "B"}
    scores = network_scores(right, tmp_path)
    assert scores["networks_found_share"] == 1.0 and scores["purity"] == 1.0
    everything = {orgnr[0]: "X" for orgnr in venues.values()}
    merged = network_scores(everything, tmp_path)
    assert merged["networks_found_share"] == 1.0 and merged["purity"] < 0.5
    half = {"000000001": "A", "000000002": "A", "000000004": "B", "000000005": "C"}
    assert network_scores(half, tmp_path)["networks_found_share"] == 0.0


def test_one_salon_under_two_records_at_one_address_is_one_operator():
    """A re-registration the venue cross-referencing kept apart: same address, same owner."""
    venues = _venues(3) + _background()
    holdings = [Holding(v, "address:1", "address", "Storgata 1", "address") for v in (1, 2)]
    holdings += [Holding(v, "person:4", "person", "Owner", "owner") for v in (1, 2)]
    holdings += [Holding(3, "address:9", "address", "Kirkegata 2", "address")]
    of = operators(venues, holdings)
    assert of[1] == of[2] != of[3]
    assert find_networks(venues, holdings) == []  # one operator is no network


def test_what_one_salons_ads_carry_counts_once():
    """A namesake given another salon's ads gets its phone, template and photos together: one source."""
    venues = _venues(2) + _background()
    holdings = []
    for v in (1, 2):
        holdings += [Holding(v, "phone:+4796521725", "phone", "p", "phone"),
                     Holding(v, "template:T000005", "template", "T", "template"),
                     Holding(v, "photo:aa", "photo", "photo aa", "photo")]
    assert find_networks(venues, holdings) == []
    holdings += [Holding(v, "unit:55", "unit", "Holding AS", "holding", note="LEDE") for v in (1, 2)]
    assert [n.venues for n in find_networks(venues, holdings)] == [[1, 2]]  # the register corroborates


def test_a_front_person_in_control_of_three_salon_companies_binds_them_alone():
    """Register-only salons (no ads, nothing else shared) held by one front person: a network;
    the same person owning two salons, or a contact person (a paid agent) of three, is not."""
    venues = _venues(5) + _background()
    holdings = [Holding(v, "person:5", "person", "Front Person", "owner", note="DAGL") for v in (1, 2, 3)]
    holdings += [Holding(v, "unit:77", "unit", "Regnskap AS", "accountant", note="REGN") for v in (1, 2, 3, 4, 5)]
    (network,) = find_networks(venues, holdings)
    assert network.venues == [1, 2, 3]
    assert all(bond["front"] == ["person:5"] for bond in network.bonds)
    assert any("front" in t.reason and t.ref == "person:5" for t in network.ties)
    two = [h for h in holdings if not (h.ref == "person:5" and h.venue == 3)]
    assert find_networks(venues, two) == []
    agent = [Holding(v, "person:6", "person", "Agent", "contact", note="KONT") for v in (1, 2, 3)]
    assert find_networks(venues, agent) == []
    hub = [Holding(v.venue, "person:7", "person", "Board Member", "board", note="MEDL") for v in venues[:60]]
    assert find_networks(venues, hub) == []  # a professional board member of sixty companies is a hub


def test_ads_placed_on_a_namesake_are_found_misplaced():
    """Two 'Krabi Wellness' in Oslo: the network's ads without an address land on the other one."""
    ads = [AdPlaced("own1", venue=1, town="Oslo", name="Krabi Wellness", addressed=True, phones=("+4791111111",)),
           AdPlaced("own2", venue=2, town="Oslo", name="Krabi Wellness", addressed=True, phones=("+4792222222",)),
           AdPlaced("lost", venue=2, town="Oslo", name="Krabi Wellness Thai Spa", addressed=False,
                    phones=("+4791111111",)),
           AdPlaced("its own", venue=2, town="Oslo", name="Krabi Wellness", addressed=False,
                    phones=("+4792222222",)),
           # a sister salon of another name advertising the network's booking phone is no namesake
           AdPlaced("sister", venue=3, town="Oslo", name="Siam Lotus", addressed=False, phones=("+4791111111",)),
           # nor is a namesake in another town
           AdPlaced("bergen", venue=4, town="Bergen", name="Krabi Wellness", addressed=False,
                    phones=("+4791111111",))]
    assert misplaced_ads(ads) == {"lost"}
    # a phone the venue itself advertises at its address is its own, whoever else has it
    ads.append(AdPlaced("own3", venue=2, town="Oslo", name="Krabi Wellness", addressed=True, phones=("+4791111111",)))
    assert misplaced_ads(ads) == set()


def test_ads_of_a_salon_known_by_another_name_in_the_register_are_not_its_namesakes():
    """'Sabai Sabai' ads giving their address were placed on no venue (the register knows the salon as
    'THAI SUN GRUPPEN AS'); those giving none were placed on 'Thai Sabai' and carry Sabai Sabai's phone."""
    ads = [AdPlaced("thai", venue=1, town="Stavanger", name="Thai Sabai", addressed=True, phones=("+4746000000",)),
           AdPlaced("sabai", venue=None, town="Stavanger", name="Sabai Sabai", addressed=True,
                    phones=("+4797000000",)),
           AdPlaced("lost", venue=1, town="Stavanger", name="Sabai Sabai Thai Spa", addressed=False,
                    phones=("+4797000000",)),
           # a venue none of whose addressed ads were placed may be the one that lost them: left alone
           AdPlaced("unsure", venue=2, town="Stavanger", name="Sabai Sabai", addressed=False,
                    phones=("+4797000000",))]
    assert misplaced_ads(ads) == {"lost"}
    # its reviews (no phone) came with its ads: the same name at the same venue, no address
    ads.append(AdPlaced("review", venue=1, town="Stavanger", name="Sabai Sabai", addressed=False))
    ads.append(AdPlaced("own review", venue=1, town="Stavanger", name="Thai Sabai", addressed=False))
    assert misplaced_ads(ads) == {"lost", "review"}
