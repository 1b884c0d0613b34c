"""The analysis engine: plain Python (no Django), fed plain records and returning plain results.

`templates` (ad templates and their writers), `rotation` (the same worker advertised in
different towns), `networks` (the graph behind venues), `priority` (transparent points per
venue). The Django side reads the operational database and writes results back through
aksjon.analysis.store only.
"""
