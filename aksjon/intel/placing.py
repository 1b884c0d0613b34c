"""Ads on venues: derived from the venue clusters, like the clusters themselves.

Every observation of an ad (one source and ad id, seen on several days) is placed
on the venue that the cluster of the ad's record holds: its smallest `venue:`
member in reference order. An ad whose cluster holds no venue, or that is in no
cluster, is on no venue; a judgement that moves the ad moves it off the venue.
Called inside the action that derived the clusters (a run, a judgement), so it
writes no audit row of its own.
"""
from __future__ import annotations

from collections.abc import Collection

from aksjon.core.refs import Ref, prefix, ref_text
from aksjon.intel.models import ClusterMember
from aksjon.registry.models import Ad

SLICE = 900  # SQLite's parameter limit in old builds


def place_ads(ads: Collection[int] | None = None) -> int:
    """Place every observation of the ads whose records are `ads` (keys of `ad:` references;
    None: every ad). Returns the number of observations moved."""
    observations = _observations(ads)
    cluster_of = _clusters_of_ads({pk for pk, *_rest in observations}, every=ads is None)
    venue_in = _venues_in(set(cluster_of.values()), every=ads is None)
    linked: dict[tuple[str, str], int | None] = {}
    for pk, source, ad_id, _venue in sorted(observations):  # the newest linked observation decides
        if pk in cluster_of:
            linked[(source, ad_id)] = venue_in.get(cluster_of[pk])
    moves: dict[int | None, list[int]] = {}
    for pk, source, ad_id, current in observations:
        wanted = linked.get((source, ad_id))
        if wanted != current:
            moves.setdefault(wanted, []).append(pk)
    for venue, pks in moves.items():
        for part in _slices(pks):
            Ad.objects.filter(pk__in=part).update(venue_id=venue)
    return sum(map(len, moves.values()))


def _observations(ads: Collection[int] | None) -> list[tuple[int, str, str, int | None]]:
    """(pk, source, ad id, venue) of every observation of the given ads (of all ads for None)."""
    columns = ("pk", "ad_source", "ad_id", "venue_id")
    if ads is None:
        return list(Ad.objects.values_list(*columns))
    keys = set()
    for part in _slices(ads):
        keys |= set(Ad.objects.filter(pk__in=part).values_list("ad_source", "ad_id"))
    found = []
    for part in _slices({ad_id for _source, ad_id in keys}):
        found += [row for row in Ad.objects.filter(ad_id__in=part).values_list(*columns) if row[1:3] in keys]
    return found


def _clusters_of_ads(pks: set[int], every: bool) -> dict[int, str]:
    members = ClusterMember.objects.filter(kind="venue", ref__startswith=prefix("ad"))
    if every:
        rows = members.values_list("ref", "cluster")
    else:
        rows = [row for part in _slices([ref_text("ad", pk) for pk in pks])
                for row in members.filter(ref__in=part).values_list("ref", "cluster")]
    return {Ref.parse(ref).key: cluster for ref, cluster in rows}


def _venues_in(clusters: set[str], every: bool) -> dict[str, int]:
    """cluster -> the venue it holds (its smallest venue reference, in reference order)."""
    members = ClusterMember.objects.filter(kind="venue", ref__startswith=prefix("venue"))
    if every:
        rows = list(members.values_list("cluster", "ref"))
    else:
        rows = [row for part in _slices(clusters) for row in members.filter(cluster__in=part)
                .values_list("cluster", "ref")]
    venue_in: dict[str, int] = {}
    for cluster, ref in sorted(rows, key=lambda row: (row[0], Ref.parse(row[1]))):
        venue_in.setdefault(cluster, Ref.parse(ref).key)
    return venue_in


def _slices(values: Collection) -> list[list]:
    values = sorted(values, key=str)
    return [values[start:start + SLICE] for start in range(0, len(values), SLICE)]
