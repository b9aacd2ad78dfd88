"""Committee papers: check, link and publish a council's committee papers.

Each folder is one part of the pipeline:

- record/          the civic record (model), how records name each other (references),
                   and the problems found in them (diagnostics)
- stages/          load -> validate -> link -> render, each a module, with the helpers
                   only that stage uses beside it; pipeline.py runs them in order
- outputs/         calendars, feeds, open data and the search index
- mkdocs_adapter/  the MkDocs plugin, build and live preview: the only folder that
                   imports MkDocs
- clerk/           the clerk's tools: papers new, papers fmt
- run/             run machinery: kept parses, worker processes, atomic writes, progress
- cli.py           the `papers` command
"""
