"""Ad templates: who wrote which ads (plain Python, no Django).

Input: ad observations as dicts in the ads.jsonl shape. Output: one writer group per ad
(`source`, `ad_id`), with a key that stays the same from run to run.

How it works, and why:

1. **Repeated observations collapse.** A crawl sees the same ad again every few days. Each
   observation is reduced to a hash of what could change (title, text, the ad's own venue,
   town, address and phones); only a text not seen before is masked and compared.
2. **Slots are masked** (`text_shingles.Masker`): phones (the ad's own list, and digit runs the
   phone library takes as numbers), prices, hours, ages, URLs, the ad's venue name, address and
   town, every known town name, an escort's nickname, other numbers. Two ads filled in from one
   template then read the same; the masked values are the slots.
3. **Near-duplicate masked texts are one template**: MinHash over word pairs (Thai: character
   trigrams) in a `datasketch.MinHashLSH` index; a candidate joins when its estimated Jaccard
   similarity is at least `TEXT_THRESHOLD`. All texts of one ad are one template too (an edit
   does not change the writer).
4. **Templates are joined into writers by the contact values their ads share**: a phone (E.164)
   or a photo (64-bit perceptual hashes within Hamming distance `PHOTO_DISTANCE`, found with a
   bit-sampling index: split into `PHOTO_DISTANCE + 1` bands, two hashes that close agree exactly
   on one band, so only hashes in the same bucket are compared). A network's writer writes the
   massage ads of its venues and the escort ads of its women: two or three templates, joined by
   the booking phones they share. The venue's name is no such value: a salon taken over by a new
   owner keeps its name but not its writer, and two salons can have one name.
5. **Hubs are damped.** Values are taken from the most specific (fewest ads) to the broadest; a
   value whose ads lie in `HUB_GROUPS` or more groups that nothing before it connected is kept
   back, and joins only when another kept-back value touches two of the same groups (a
   network's booking phones vouch for each other). What is left is a hub and joins nothing: a
   booking platform's number on many salons' ads. A photo on the ads of `HUB_GROUPS` or more
   differently named venues is a stock photo and a hub at once.
6. **A text used by advertisers who share no contact value** (its ads fall into several
   components of phones, photos and the venue's own name: "advertisers") is a booking site's
   listings, an ad-writing service's work, or a widely copied text. The label to match is the
   writer, so the three are told apart:
   - all its ads are listings (category `booking`) on one site: the site renders every listing
     from its template, so they are the site's, one writer;
   - two or more of its advertisers have a text of their own besides it (one no other advertiser
     of this text uses): they are writers of their own, and the text is shared between writers —
     copied, or two writers' texts alike enough to pass for one. As many writers as advertisers;
   - otherwise a few advertisers (≤ `SERVICE_ADVERTISERS`), or one advertiser carrying most of its
     ads (a network's booking phones with a few women's own numbers around them): one writer — a
     service writes for a limited list of clients, and a writer's own text has a main advertiser;
   - many salons (advertisers with two or more ads naming a venue), none of them dominant: a
     copied text. A text copied from the web spreads without limit and each copier posts its own
     ads, so each advertiser is its own writer. Escort ads from one text for many women, each
     with her own number, are no such copying: they are the mark of one writer writing for
     them all.
   A site's listing is not joined to other templates through the venue's phone it carries: the
   phone is the venue's, not the site's. A copier's ads are (the phone is the copier's own). A
   group whose named venues are mostly not joined by any contact is marked `shared_text` (its
   signals are damped).

The index persists (`save`/`load`, a pickle of the LSH, the union-finds, the texts seen and the
per-ad state) so a new crawl only masks and indexes what is new; the writer grouping (steps
4-6) is recomputed from the per-ad state, which is cheap, because a hub can only be recognised
once all the ads it touches are known. Keys are stable: a group keeps the key of its oldest
member that had one (a group split in two: the part with the oldest member keeps it).
"""
from __future__ import annotations

import hashlib

# Security lint: own index file, see load.
import pickle  # nosec B403
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from aksjon.analysis.core.text_shingles import Masker, phone_e164, shingles

NUM_PERM = 64
TEXT_THRESHOLD = 0.7  # estimated Jaccard of masked texts for one template
PHOTO_DISTANCE = 4  # Hamming distance of 64-bit perceptual hashes for one photo
HUB_GROUPS = 3  # a value touching this many otherwise unconnected groups is a hub …
HUB_MAX = 8  # … unless another value vouches for it, and always from this many
SERVICE_ADVERTISERS = 12  # a text shared by more unconnected advertisers than this is copied, not a service's
VERSION = 3  # of the saved index: another version is rebuilt from all ads
# Kinds of template (step 6): one advertiser's, a booking site's listings, an ad service's, a copied text.
OWN, SITE, SERVICE, COPIED = "own", "site", "service", "copied"
OPEN = (OWN, SERVICE, COPIED)  # templates whose ads a shared contact value joins to other templates
TRANSIENT = ("masker", "_advertiser", "_shown", "last_hubs")  # rebuilt, not saved
_BASE = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, seed=7)
_BANDS = [(start, min(64, start + 13)) for start in range(0, 64, 13)]  # 5 bands: 13,13,13,13,12 bits


class UnionFind:
    """Union-find over integer ids 0..n-1 (path halving; the smaller id stays root, so a group's
    root is its oldest member)."""

    def __init__(self):
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, left: int, right: int) -> int:
        left, right = self.find(left), self.find(right)
        if left == right:
            return left
        if right < left:
            left, right = right, left
        self.parent[right] = left
        return left


class AdState:
    """What the index keeps of one ad (source + ad id), however often it was seen."""

    __slots__ = ("number", "key", "category", "first_seen", "last_seen", "observations", "texts", "slots",
                 "phones", "photos", "venue", "seen")

    def __init__(self, number: int, key: tuple[str, str], category: str):
        self.number = number
        self.key = key
        self.category = category
        self.first_seen = self.last_seen = None
        self.observations = 0
        self.texts: dict[int, int] = {}  # text id -> observations
        self.slots: set[tuple[str, str]] = set()
        self.phones: set[str] = set()
        self.photos: set[int] = set()
        self.venue: str | None = None  # "name|town" of the venue the ad names
        self.seen: dict[bytes, int] = {}  # observation key -> text id: a repeated observation is only counted


@dataclass
class Group:
    """A writer's ads: the result for one template key."""

    key: str
    ads: list[tuple[str, str]] = field(default_factory=list)
    templates: list[int] = field(default_factory=list)  # its templates (text-cluster roots), most ads first
    texts: list[int] = field(default_factory=list)  # per template, the text id of its most used text
    observations: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    slots: dict[str, Counter] = field(default_factory=dict)
    phones: set[str] = field(default_factory=set)
    venues: set[str] = field(default_factory=set)
    categories: Counter = field(default_factory=Counter)
    joined_by: Counter = field(default_factory=Counter)  # contact values its ads of two templates share, by kind
    venue_links: int = 0  # contact values its ads for two named venues share
    shared_text: bool = False  # its text is used by advertisers sharing no contact (copied, a service, a site)
    template_kinds: Counter = field(default_factory=Counter)  # ads per kind of template (OWN, SERVICE …)
    hubs: Counter = field(default_factory=Counter)  # hub values its ads carry, which joined nothing


class PhotoIndex:
    """Perceptual hashes grouped into photos (Hamming distance ≤ PHOTO_DISTANCE) by band lookup."""

    def __init__(self):
        self.of_hash: dict[int, int] = {}
        self.representatives: list[int] = []
        self.bands: list[dict[int, list[int]]] = [{} for _ in _BANDS]
        self.groups = UnionFind()

    def photo(self, value: int) -> int:
        known = self.of_hash.get(value)
        if known is not None:
            return known
        matches = set()
        for band, (start, stop) in zip(self.bands, _BANDS, strict=True):
            for photo in band.get((value >> start) & ((1 << (stop - start)) - 1), ()):
                if (self.representatives[photo] ^ value).bit_count() <= PHOTO_DISTANCE:
                    matches.add(photo)
        if matches:
            photo = min(matches)
            for other in matches:
                self.groups.union(photo, other)
        else:
            photo = self.groups.add()
            self.representatives.append(value)
            for band, (start, stop) in zip(self.bands, _BANDS, strict=True):
                band.setdefault((value >> start) & ((1 << (stop - start)) - 1), []).append(photo)
        self.of_hash[value] = photo
        return photo


def _raw_key(ad: dict) -> tuple[bytes, bytes]:
    """What an observation of an ad can change that matters here: its text and what is masked in
    it (the first key: the same text is masked once, whichever ad has it), and its photos too (the
    second: an ad seen again as it was is only counted)."""
    parts = (ad.get("category") or "", ad.get("title") or "", ad.get("text") or "", ad.get("venue_name") or "",
             ad.get("city") or "", ad.get("address") or "", "\x1e".join(ad.get("phones") or ()))
    text = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10)
    whole = text.copy()
    whole.update("\x1e".join(ad.get("image_hashes") or ()).encode())
    return text.digest(), whole.digest()


def _when(value) -> datetime | None:
    if isinstance(value, datetime) or value is None:
        return value
    return datetime.fromisoformat(value) if value else None


class TemplateIndex:
    """The persistent index. `add(observations)` streams; `groups()` gives the writers."""

    def __init__(self, towns: Iterable[str]):
        self.towns = sorted(set(towns))
        self.masker = Masker(self.towns)
        self.lsh = MinHashLSH(threshold=TEXT_THRESHOLD, num_perm=NUM_PERM)
        self.raw_seen: dict[bytes, tuple[int, tuple]] = {}  # raw hash -> (text id, slots)
        self.text_of_masked: dict[bytes, int] = {}
        self.texts: list[str] = []  # masked text per text id
        self.text_ads: list[int] = []  # ads per text id (to pick a template's representative)
        self.signatures = np.zeros((1024, NUM_PERM), dtype=_BASE.hashvalues.dtype)  # per text id, grown
        self.templates = UnionFind()  # over text ids
        self.ads: dict[tuple[str, str], AdState] = {}
        self.ad_list: list[AdState] = []
        self.photos = PhotoIndex()
        self.assigned: dict[tuple[str, str], str] = {}  # ad -> key of the last run
        self.next_key = 1
        self.observations = 0
        self._advertiser: list[int] = []
        self._shown: dict[int, int] = {}
        self.last_hubs: list[str] = []
        self.high_water: tuple | None = None  # the last database row read: (pk, source, ad id, observed at)

    # --- streaming -------------------------------------------------------------------------
    def add(self, observations: Iterable[dict], progress: Callable[[int], None] | None = None) -> int:
        """Index observations; returns how many were read."""
        count = 0
        for ad in observations:
            self.add_one(ad)
            count += 1
            if progress and count % 50_000 == 0:
                progress(count)
        self.observations += count
        return count

    def add_one(self, ad: dict) -> None:
        if ad.get("category") == "review":
            return  # a buyer's review is no advertiser's text: its writer is the buyer, not the venue's
        key = (str(ad["source"]), str(ad["ad_id"]))
        state = self.ads.get(key)
        if state is None:
            state = AdState(len(self.ad_list), key, ad.get("category") or "")
            self.ads[key] = state
            self.ad_list.append(state)
        seen = _when(ad.get("observed_at"))
        if seen is not None:
            if state.first_seen is None or seen < state.first_seen:
                state.first_seen = seen
            if state.last_seen is None or seen > state.last_seen:
                state.last_seen = seen
        state.observations += 1
        raw, observation = _raw_key(ad)
        text = state.seen.get(observation)
        if text is not None:  # this ad as it was seen before: only counted (most observations)
            state.texts[text] += 1
            return
        known = self.raw_seen.get(raw)
        if known is None:
            known = self._new_raw(ad)
            self.raw_seen[raw] = known
        text, slots = known
        state.seen[observation] = text
        if text not in state.texts:
            if state.texts:  # every text of one ad is one writer's
                self.templates.union(next(iter(state.texts)), text)
            self.text_ads[text] += 1
            state.texts[text] = 0
        state.texts[text] += 1
        if slots:
            state.slots.update(slots)
        for written in ad.get("phones") or ():
            number = phone_e164(written)
            if number:
                state.phones.add(number)
        for slot, value in slots:
            if slot == "phone" and value.startswith("+"):
                state.phones.add(value)
        photo = self.photos.photo
        for value in ad.get("image_hashes") or ():
            try:
                state.photos.add(photo(int(value, 16)))
            except (TypeError, ValueError):
                continue
        name, town = (ad.get("venue_name") or "").strip().casefold(), (ad.get("city") or "").strip().casefold()
        if name and state.venue is None:
            state.venue = f"{name}|{town}"

    def _new_raw(self, ad: dict) -> tuple[int, tuple]:
        masked = self.masker.mask(ad)
        digest = hashlib.blake2b(masked.text.encode(), digest_size=10).digest()
        text = self.text_of_masked.get(digest)
        if text is None:
            text = self._new_text(masked.text)
            self.text_of_masked[digest] = text
        return text, masked.slots

    def _new_text(self, masked: str) -> int:
        text = self.templates.add()
        self.texts.append(masked)
        self.text_ads.append(0)
        signature = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=_BASE.permutations,
                            scheme=_BASE.scheme)
        signature.update_batch(shingles(masked))
        if text >= len(self.signatures):
            self.signatures = np.concatenate([self.signatures, np.zeros_like(self.signatures)])
        self.signatures[text] = signature.hashvalues
        candidates = self._candidates(self.lsh.query(signature))
        if candidates:
            # The estimated Jaccard similarity: the share of equal MinHash values.
            similar = (self.signatures[candidates] == signature.hashvalues).mean(axis=1) >= TEXT_THRESHOLD
            for other in np.asarray(candidates)[similar]:
                self.templates.union(int(other), text)
        self.lsh.insert(text, signature, check_duplication=False)
        return text

    def _candidates(self, found: list[int]) -> list[int]:
        """A few texts of each template the LSH found: one similar text is enough to join it,
        and a large template would otherwise be compared text by text."""
        per_template: dict[int, int] = {}
        chosen = []
        for other in found:
            root = self.templates.find(other)
            if per_template.get(root, 0) < 8:
                per_template[root] = per_template.get(root, 0) + 1
                chosen.append(other)
        return chosen

    # --- writers ---------------------------------------------------------------------------
    def groups(self) -> list[Group]:
        """The writer groups of every ad indexed so far, keys stable between runs."""
        ads = self.ad_list
        template_of = [self.templates.find(next(iter(ad.texts))) for ad in ads]
        values = self._contact_values()
        hubs = self._hubs(values, template_of)
        advertiser = self._advertisers(values, hubs, template_of)
        kinds = self._template_kinds(template_of, advertiser)
        writers = UnionFind()
        for _ad in ads:
            writers.add()
        first: dict = {}
        for ad, template in zip(ads, template_of, strict=True):
            # A copied text is as many writers as advertisers use it; any other text is one writer's.
            anchor = (template, advertiser[ad.number]) if kinds[template] == COPIED else template
            writers.union(first.setdefault(anchor, ad.number), ad.number)
        joined_by: Counter = Counter()
        for value, members in values.items():
            if value in hubs or value.startswith("venue:"):
                continue  # a venue's name is the place's, not its writer's: a new owner keeps it
            # A site's listing or a copied text shares the phone of the venue it is about, not its writer.
            open_members = [number for number in members if kinds[template_of[number]] in OPEN]
            for number in open_members[1:]:
                if writers.find(number) != writers.find(open_members[0]):
                    writers.union(open_members[0], number)
                    joined_by[value.partition(":")[0]] += 1
        self.last_hubs = sorted(hubs, key=lambda value: -len(values[value]))[:100]
        self._advertiser = advertiser
        self._shown = self._most_used_texts()
        return self._assign(ads, writers, template_of, kinds, values, hubs)

    def _contact_values(self) -> dict[str, list[int]]:
        """Each phone, photo and named venue with the ads that carry it, most specific first."""
        values: dict[str, list[int]] = defaultdict(list)
        find_photo = self.photos.groups.find
        for ad in self.ad_list:
            for number in ad.phones:
                values["phone:" + number].append(ad.number)
            for photo in {find_photo(photo) for photo in ad.photos}:
                values[f"photo:{photo}"].append(ad.number)
            if ad.venue:
                values["venue:" + ad.venue].append(ad.number)
        return dict(sorted(values.items(), key=lambda item: len(item[1])))

    def _hubs(self, values: dict[str, list[int]], template_of: list[int]) -> set[str]:
        """Values that join nothing (step 5 of the module docstring).

        Taken from the most specific: a value whose ads lie in fewer than HUB_GROUPS groups (its
        templates, joined by the values before it) joins them. One that touches more is kept back;
        it still joins when another value kept back touches two of the same groups (a network's
        four booking phones on its massage, escort and Thai-language templates vouch for each
        other), unless it touches HUB_MAX groups or more. The rest are hubs: a booking platform's
        number on many salons' ads. A photo on the ads of HUB_GROUPS or more differently named
        venues is a hub at once: a stock photo proves nothing about who wrote the ads (a
        network's women are photographed for their own ads)."""
        groups = UnionFind()
        for _ad in self.ad_list:
            groups.add()
        first_of_template: dict[int, int] = {}
        for ad, template in zip(self.ad_list, template_of, strict=True):
            groups.union(first_of_template.setdefault(template, ad.number), ad.number)
        hubs, kept_back = set(), []
        ads = self.ad_list
        for value, members in values.items():
            if value.startswith("photo:") and len({ads[number].venue for number in members} - {None}) >= HUB_GROUPS:
                hubs.add(value)
                continue
            roots = {groups.find(number) for number in members}
            if len(roots) >= HUB_GROUPS:
                kept_back.append(value)
                continue
            for number in members[1:]:
                groups.union(members[0], number)
        touching: dict[int, list[int]] = defaultdict(list)
        roots_of = []
        for position, value in enumerate(kept_back):
            roots = {groups.find(number) for number in values[value]}
            roots_of.append(roots)
            for root in roots:
                touching[root].append(position)
        for position, value in enumerate(kept_back):
            shared = Counter(other for root in roots_of[position] for other in touching[root] if other != position)
            if len(roots_of[position]) >= HUB_MAX or not shared or max(shared.values()) < 2:
                hubs.add(value)
            else:
                members = values[value]
                for number in members[1:]:
                    groups.union(members[0], number)
        return hubs

    def _advertisers(self, values: dict[str, list[int]], hubs: set[str], template_of: list[int]) -> list[int]:
        """Per ad, its advertiser: the ads joined by the contact values that are no hub, whatever
        their text (a venue's ads, a network's venues and women through its booking phones)."""
        contacts = UnionFind()
        for _ad in self.ad_list:
            contacts.add()
        for value, members in values.items():
            if value not in hubs and not value.startswith("venue:"):
                for number in members[1:]:
                    contacts.union(members[0], number)
        for value, members in values.items():
            # The venue's name places its ads without a phone or photo with the rest of its ads
            # of one text; across texts it joins nothing (two salons named alike, an owner and
            # the next one, who writes otherwise).
            if value.startswith("venue:"):
                first: dict[int, int] = {}
                for number in members:
                    contacts.union(first.setdefault(template_of[number], number), number)
        return [contacts.find(ad.number) for ad in self.ad_list]

    def _template_kinds(self, template_of: list[int], advertiser: list[int]) -> dict[int, str]:
        """Each template's kind (step 6): one advertiser's; a text several advertisers use without a
        contact between them — a site's listings, a service's clients (one writer each) or a copied
        text (as many writers as advertisers)."""
        advertisers: dict[int, Counter] = defaultdict(Counter)
        listings: dict[int, set] = defaultdict(set)
        held: dict[int, Counter] = defaultdict(Counter)  # advertiser -> ads per template
        salons: dict[int, Counter] = defaultdict(Counter)  # template -> advertiser -> ads naming a venue
        for ad, template in zip(self.ad_list, template_of, strict=True):
            advertisers[template][advertiser[ad.number]] += 1
            listings[template].add(ad.key[0] if ad.category == "booking" else None)
            held[advertiser[ad.number]][template] += 1
            if ad.venue:
                salons[template][advertiser[ad.number]] += 1
        sites = {template for template, sources in listings.items() if sources != {None} and len(sources) == 1}
        kinds = {}
        for template, found in advertisers.items():
            # Advertisers with a text of their own besides this one (a text none of the others
            # use) are writers of their own: two of them on one text means the text is shared
            # between writers (copied, or two writers' texts alike enough to pass for one).
            anchored = sum(1 for one in found if any(
                count >= 2 and other != template and other not in sites
                and not any(peer in found for peer in advertisers[other] if peer != one)
                for other, count in held[one].items()))
            if len(found) == 1:
                kinds[template] = OWN
            elif template in sites:
                kinds[template] = SITE  # one booking site's listings: the site renders them from its template
            elif anchored < 2 and (sum(1 for count in salons[template].values() if count >= 2) <= SERVICE_ADVERTISERS
                                   or max(found.values()) * 2 >= sum(found.values())):
                # A writer's own text has a main advertiser carrying most of its ads (a network's
                # booking phones, with a few women's own numbers around them); a copied one is
                # spread over many salons, each advertising again and again. Escort ads from one
                # text for many women, each with her own number, are the mark of one writer
                # writing for them all (the sector's signal), not of copying.
                kinds[template] = SERVICE
            else:
                kinds[template] = COPIED
        return kinds

    def _assign(self, ads: list[AdState], writers: UnionFind, template_of: list[int], kinds: dict[int, str],
                values: dict, hubs: set) -> list[Group]:
        members: dict[int, list[AdState]] = defaultdict(list)
        for ad in ads:
            members[writers.find(ad.number)].append(ad)
        ordered = sorted(members.values(), key=lambda group: min(_order(ad) for ad in group))
        taken: set[str] = set()
        result = []
        for group_ads in ordered:
            group_ads.sort(key=_order)
            key = next((self.assigned[ad.key] for ad in group_ads
                        if ad.key in self.assigned and self.assigned[ad.key] not in taken), None)
            if key is None:
                key = f"T{self.next_key:06d}"
                self.next_key += 1
            taken.add(key)
            result.append(self._group(key, group_ads, template_of, kinds))
        self._joins(result, values, hubs, template_of)
        self.assigned = {ad_key: group.key for group in result for ad_key in group.ads}
        return result

    def _joins(self, result: list[Group], values: dict, hubs: set, template_of: list[int]) -> None:
        """What binds each group beyond one text: the contact values (no hubs) its ads of two
        templates share (`joined_by`), and of two named venues (`venue_links`); the hubs its ads
        carry, which joined nothing. A group of several venues with no contact value between
        them is a shared text (`shared_text`): a service's, a site's, or copied."""
        group_of = {}
        for index, group in enumerate(result):
            for ad_key in group.ads:
                group_of[self.ads[ad_key].number] = index
        ads = self.ad_list
        for value, members in values.items():
            kind = value.partition(":")[0]
            if kind == "venue":
                continue
            by_group: dict[int, list[int]] = defaultdict(list)
            for number in members:
                by_group[group_of[number]].append(number)
            for index, numbers in by_group.items():
                if value in hubs:
                    result[index].hubs[kind] += 1
                    continue
                if len({template_of[number] for number in numbers}) > 1:
                    result[index].joined_by[kind] += 1
                if len({ads[number].venue for number in numbers} - {None}) > 1:
                    result[index].venue_links += 1
        for group in result:
            group.shared_text = _shared_text(group, [self.ads[ad_key] for ad_key in group.ads], self._advertiser)

    def _group(self, key: str, ads: list[AdState], template_of: list[int], kinds: dict[int, str]) -> Group:
        group = Group(key=key)
        templates: Counter = Counter()
        for ad in ads:
            group.ads.append(ad.key)
            group.observations += ad.observations
            if ad.first_seen and (group.first_seen is None or ad.first_seen < group.first_seen):
                group.first_seen = ad.first_seen
            if ad.last_seen and (group.last_seen is None or ad.last_seen > group.last_seen):
                group.last_seen = ad.last_seen
            for slot, value in ad.slots:
                group.slots.setdefault(slot, Counter())[value] += 1
            group.phones |= ad.phones
            if ad.venue:
                group.venues.add(ad.venue)
            group.categories[ad.category] += 1
            templates[template_of[ad.number]] += 1
            group.template_kinds[kinds[template_of[ad.number]]] += 1
        for template, _count in templates.most_common():
            group.templates.append(template)
            group.texts.append(self._shown.get(template, template))
        return group

    def _most_used_texts(self) -> dict[int, int]:
        """Per template, the text most ads were written in: the one a page shows."""
        best: dict[int, int] = {}
        for text, ads in enumerate(self.text_ads):
            root = self.templates.find(text)
            if root not in best or ads > self.text_ads[best[root]]:
                best[root] = text
        return best

    def template_text(self, text_id: int) -> str:
        return self.texts[text_id]

    def text_index_of(self, ad_key: tuple[str, str], group: Group) -> int:
        """Which of the group's texts the ad was written from."""
        state = self.ads[ad_key]
        template = self.templates.find(next(iter(state.texts)))
        return group.templates.index(template) if template in group.templates else 0

    # --- persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            kept = {name: value for name, value in self.__dict__.items() if name not in TRANSIENT}
            pickle.dump((VERSION, kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path, towns: Iterable[str]) -> TemplateIndex:
        """The index saved at `path`, or a new one when there is none (or it is of another version)."""
        if path.exists():
            try:
                # Security lint: the index is the project's own file in the private data folder (mode 700, files
                # 600; docs/protection.md): whoever can replace it can replace the code as well.
                with path.open("rb") as handle:
                    version, state = pickle.load(handle)  # nosec B301
            # An index written by other code (a class since renamed) or cut short: rebuilt from all ads.
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                return cls(towns)
            if version == VERSION:
                index = cls.__new__(cls)
                index.__dict__.update(state)
                index.masker = Masker(index.towns)
                index._advertiser, index._shown, index.last_hubs = [], {}, []
                return index
        return cls(towns)


def _shared_text(group: Group, ads: list[AdState], advertiser: list[int]) -> bool:
    """Several named venues, and no contact value joins most of them: the text is shared by
    advertisers who have nothing else in common (a service, a site, a copied text). A network's
    venues are mostly joined by its booking phones; a renamed venue is one advertiser."""
    venues_of: dict[int, set[str]] = defaultdict(set)
    for ad in ads:
        if ad.venue:
            venues_of[advertiser[ad.number]].add(ad.venue)
    named = sum(len(venues) for venues in venues_of.values())
    if named < 2 or len(venues_of) < 2:
        return False
    return max(len(venues) for venues in venues_of.values()) * 2 < named


def _order(ad: AdState) -> tuple:
    return (ad.first_seen is None, ad.first_seen or datetime.min, ad.number)


def known_towns() -> list[str]:
    """Town names as data: Norway's (aksjon/data/places.csv) and the towns abroad ads name
    (aksjon/data/towns_abroad.csv: Stockholm, København, Göteborg, Malmö …)."""
    import csv

    data = Path(__file__).resolve().parents[2] / "data"
    towns = []
    for name in ("places.csv", "towns_abroad.csv"):
        with (data / name).open(encoding="utf-8") as handle:
            towns.extend(row["town"] for row in csv.DictReader(handle))
    return towns


def read_jsonl(path: Path) -> Iterable[dict]:
    """Ad observations from an ads.jsonl file, one dict per line."""
    import json

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
