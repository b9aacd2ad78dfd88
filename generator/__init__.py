"""Committee papers: check, link and publish a council's committee papers.

Stages, each a module with one job: load, validate (records, reader), link, render; the
MkDocs adapter is plugin.py, the command line cli.py.
"""
