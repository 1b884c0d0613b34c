"""The one place the analyses write back to the operational database.

One module per analysis (`templates`, `rotation`, `networks`, `priority`), each replacing
its own derived rows inside one transaction with one audit row for the run. The engine in
aksjon.analysis.core never touches the database; the views only read.
"""
