"""The `templates` analysis: the ads new since the last run through the persistent index
(aksjon.analysis.core.templates), then every writer group stored (aksjon.analysis.store.templates).

The index lives in DATA_DIR/analysis/templates.pkl with the last Ad row it read. When that row
is no longer in the database as it was (a new database, rows deleted), the index is rebuilt
from all ads rather than trusted.
"""
from __future__ import annotations

from pathlib import Path

from django.conf import settings

from aksjon.analysis import pipeline
from aksjon.analysis.core.templates import TemplateIndex, known_towns
from aksjon.analysis.models import AdTemplateMember
from aksjon.analysis.store.templates import store_templates
from aksjon.registry.models import Ad

NAME = "templates"
CHUNK = 5000  # rows per query
FIELDS = ("pk", "ad_source", "ad_id", "observed_at", "category", "title", "text", "phones_written", "city",
          "address_text", "venue_name", "image_hashes", "price_text", "lang")


def index_path() -> Path:
    return Path(settings.DATA_DIR) / "analysis" / "templates.pkl"


def _still_valid(index: TemplateIndex) -> bool:
    if index.high_water is None:
        return not index.ads
    pk, source, ad_id, observed_at = index.high_water
    return Ad.objects.filter(pk=pk, ad_source=source, ad_id=ad_id, observed_at=observed_at).exists()


def _keep_stored_keys(index: TemplateIndex) -> None:
    """A rebuilt index starts from the keys the database holds, so a template keeps its key
    even when the index file was lost."""
    stored = AdTemplateMember.objects.values_list("ad_source", "ad_id", "template__key")
    index.assigned = {(source, ad_id): key for source, ad_id, key in stored.iterator(chunk_size=5000)}
    numbers = [int(key[1:]) for key in set(index.assigned.values()) if key[1:].isdigit()]
    index.next_key = max(numbers, default=0) + 1


def _observation(row: dict, numbers: list[str]) -> dict:
    """An Ad row in the ads.jsonl shape the engine reads. The numbers as written when the import
    kept them, else the phones the row is linked to (E.164)."""
    written = [line for line in (row["phones_written"] or "").splitlines() if line.strip()]
    return {"source": row["ad_source"], "ad_id": row["ad_id"], "observed_at": row["observed_at"],
            "category": row["category"], "title": row["title"], "text": row["text"],
            "phones": written or numbers, "city": row["city"], "address": row["address_text"],
            "venue_name": row["venue_name"], "image_hashes": row["image_hashes"] or [],
            "price_text": row["price_text"], "lang": row["lang"]}


def _new_rows(after: int):
    """The Ad rows after pk `after`, in pk order, a chunk at a time, each with its phones."""
    while True:
        rows = list(Ad.objects.filter(pk__gt=after).order_by("pk").values(*FIELDS)[:CHUNK])
        if not rows:
            return
        numbers: dict[int, list[str]] = {}
        for ad, e164 in Ad.phones.through.objects.filter(ad_id__gt=after, ad_id__lte=rows[-1]["pk"]).values_list(
                "ad_id", "phone__e164"):
            numbers.setdefault(ad, []).append(e164)
        for row in rows:
            yield row, numbers.get(row["pk"], [])
        after = rows[-1]["pk"]


def run(*, actor, progress) -> dict:
    path = index_path()
    index = TemplateIndex.load(path, known_towns())
    if not _still_valid(index):
        index = TemplateIndex(known_towns())
    if not index.ads:
        _keep_stored_keys(index)
    after = index.high_water[0] if index.high_water else 0
    total = Ad.objects.filter(pk__gt=after).count()
    progress(NAME, 0, total)
    done = 0
    last = None
    for row, numbers in _new_rows(after):
        index.add_one(_observation(row, numbers))
        last = row
        done += 1
        if done % 5000 == 0:
            progress(NAME, done, total)
    index.observations += done
    if last is not None:
        index.high_water = (last["pk"], last["ad_source"], last["ad_id"], last["observed_at"])
    groups = index.groups()
    summary = store_templates(actor=actor, groups=groups, index=index)
    index.save(path)  # after the rows are stored: a failed store leaves the old index to retry from
    progress(NAME, total, total)
    return {"new_observations": done, **summary}


pipeline.register(NAME, run)
