"""Cross-referencing (entity resolution) as a plain-Python library: no Django here.

persons.dedupe_persons and units.link_units_and_venues train and apply Splink
models on DuckDB beside deterministic strong-key links; clusters.clusters
derives clusters from links and human judgements; incremental.link_new_records
links new records with a saved model; evaluate and bench measure the result.
See docs/linkage.md.
"""
