"""The baseline: plain mkdocs-material on N pre-written Markdown pages.

No `nav` key, so MkDocs makes the default navigation of every page; only the search
plugin (MkDocs's default). Each page holds about as much text as an average page of the
archive, made of the same real papers' paragraphs.
"""

from __future__ import annotations

import random
from pathlib import Path

from corpus import Corpus

CONFIG = """site_name: Baseline
theme:
  name: material
"""


def write_project(root: Path, pages: int, chars_per_page: int, corpus: Corpus,
                  seed: int = 1) -> Path:
    """Write mkdocs.yml and docs/ with `pages` pages (index included); return the config."""
    rng = random.Random(f"{seed}:baseline")
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    pool = corpus.paragraphs + corpus.blocks
    (docs / "index.md").write_text("# Baseline\n\nPlain pages for comparison.\n", "utf-8")
    for number in range(1, pages):
        parts = [f"# Page {number}"]
        size = 0
        while size < chars_per_page:
            heading = rng.random() < 0.2
            text = f"## {rng.choice(corpus.headings).title()}" if heading else rng.choice(pool)
            parts.append(text)
            size += len(text)
        (docs / f"page-{number:05d}.md").write_text("\n\n".join(parts) + "\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(CONFIG, "utf-8")
    return config
