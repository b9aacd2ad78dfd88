"""The MkDocs side of `papers serve`: a site built once, then kept up to date page by page.

MkDocs's own `serve` rebuilds every page after every save (minutes for a large archive)
and its `--dirty` mode leaves a wrong search index and stale navigation. Instead this
builds the whole site once with MkDocs's own build steps, in the order `mkdocs build`
runs them, and keeps what MkDocs made: the configuration, the files and the navigation.
After that a page is rendered again (MkDocs's page steps, the same theme, the same plugin
events) only when its source changed, and every page when the navigation changed; each
page's record says which source and which navigation its file was written from, so a
rebuild that was interrupted is finished by the next one. Files are written whole
(atomic.py): the server never sends half a page.

Like plugin.py this module imports MkDocs; nothing else in generator/ does at import time.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import mkdocs.utils
from mkdocs.commands import build as mkbuild
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page as MkDocsPage

from generator.mkdocs_adapter.plugin import PapersPlugin
from generator.outputs import search
from generator.run.atomic import write_atomic
from generator.stages.render import Page, published_attachments

log = logging.getLogger("mkdocs.plugins.papers")


class Cancelled(Exception):
    """A newer save arrived: stop, the next rebuild starts from where this one got to."""


def _digest(source: str) -> bytes:
    """What a page was made from, in 16 bytes rather than its whole text."""
    return hashlib.blake2b(source.encode("utf-8"), digest_size=16).digest()


def _write_file(content: bytes, output_path: str) -> None:
    write_atomic(output_path, content)


class LiveSite:
    """One built site in site_dir, with MkDocs's structures kept for re-rendering pages."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        # Every page, template and sitemap MkDocs writes goes through mkdocs.utils.write_file;
        # in the preview process it writes whole files only.
        mkdocs.utils.write_file = _write_file
        self.config = load_config(str(config_file), site_dir=str(site_dir))
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.plugin: PapersPlugin = self.config.plugins["papers"]
        self.plugin.banner_in_pages = False
        self.site_dir = Path(self.config.site_dir)
        self.files = None
        self.nav = None
        self.env = None
        self.doc_files: list = []
        self.structure_key: object = None
        # src_uri -> (source digest, structure key) of the page as its file was last written
        self.written: dict[str, tuple[bytes | None, object]] = {}
        self.populated: dict[str, bytes] = {}  # src_uri -> digest of the source last read
        self.cancel = threading.Event()
        self.unindexed: set[str] = set()  # pages written or removed since the last index

    # -- whole builds ---------------------------------------------------------------------
    def build(self) -> None:
        """The first build: `mkdocs build`'s steps, keeping MkDocs's objects."""
        config = self.config.plugins.on_config(self.config)
        self.config = config
        config.plugins.on_pre_build(config=config)
        mkdocs.utils.clean_directory(config.site_dir)
        self._structure()
        self._write_pages(self.plugin.pages)
        config.plugins.on_post_build(config=config)
        self.unindexed = set()

    def _key(self) -> object:
        """What the navigation, and so every page's sidebar and footer, is made from."""
        result = self.plugin.result
        attachments = (tuple(published_attachments(result.archive))
                       if result is not None and result.archive is not None else ())
        return (repr(self.config.nav), tuple((p.uri, p.title) for p in self.plugin.pages),
                attachments)

    def _structure(self) -> None:
        """Files, navigation and every page read again, and what no longer exists removed;
        as `mkdocs build` does before writing pages (pages are then written separately)."""
        config = self.config
        old = ({f.abs_dest_path for f in self.files}
               if self.files is not None else set())
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None and file.inclusion.is_not_in_nav():
                MkDocsPage(None, file, config)
            mkbuild._populate_page(file.page, config, files)
            self.populated[file.src_uri] = _digest(file.content_string)
        env = config.plugins.on_env(env, config=config, files=files)
        self.files, self.nav, self.env = files, nav, env
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.structure_key = self._key()
        files.copy_static_files(inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            mkbuild._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkbuild._build_extra_template(template, files, config, nav)
        for gone in old - {f.abs_dest_path for f in files}:
            Path(gone).unlink(missing_ok=True)
            self.unindexed.add(Path(gone).relative_to(self.site_dir).as_posix())
        # Markdown pages of docs/ depend on the navigation alone.
        for file in self.doc_files:
            if file.src_uri not in self.plugin._generated:
                self._render(file, None)

    # -- pages ----------------------------------------------------------------------------
    def _render(self, file, source: str | None) -> None:
        """Render one page with MkDocs's page steps and write it; source replaces a
        generated page's content first."""
        digest = None if source is None else _digest(source)
        page = file.page
        if source is not None and (self.populated.get(file.src_uri) != digest
                                   or page.content is None):
            file.content_string = source
            mkbuild._populate_page(page, self.config, self.files)
            self.populated[file.src_uri] = digest
        mkbuild._build_page(page, self.config, self.doc_files, self.nav, self.env)
        self.written[file.src_uri] = (digest, self.structure_key)
        self.unindexed.add(file.dest_uri)
        if source is not None:
            # Written: no other page needs its text, which at 24,000 pages is gigabytes.
            page.markdown = page.content = None
            file.content_string = ""

    def _write_pages(self, pages: list[Page]) -> int:
        """Render every page whose file was not written from its source and this
        navigation; those whose source changed first, so a new page is served early on."""
        count = 0
        digests = {page.uri: _digest(page.source()) for page in pages}
        order = sorted(pages, key=lambda page: self.written.get(page.uri, (None,))[0]
                       == digests[page.uri])
        for page in order:
            if self.written.get(page.uri) == (digests[page.uri], self.structure_key):
                # Unchanged: its HTML is not needed again (a new run renders new pages),
                # and every page's held until the next save was most of a gigabyte at L.
                page.forget()
                continue
            if self.cancel.is_set():
                raise Cancelled
            file = self.files.get_file_from_path(page.uri)
            if file is None or file.page is None:
                continue
            self._render(file, page.source())
            count += 1
        return count

    def render_now(self, pages: list[Page]) -> list[str]:
        """The quick step: render these pages at once with the navigation as it is, when
        they are already in the site; their URLs."""
        done = []
        for page in pages:
            file = self.files.get_file_from_path(page.uri)
            if file is None or file.page is None:
                continue
            source = page.source()
            if self.written.get(page.uri, (None,))[0] == _digest(source):
                continue
            # on_pre_page renders from the plugin's pages: this one, for now.
            self.plugin._generated[page.uri] = page
            self._render(file, source)
            done.append(file.url)
        return done

    def update(self) -> int:
        """The complete step, after plugin.take() has the new pipeline run: rebuild the
        navigation if it changed, write every page whose source changed, then the
        calendars, feeds and open data, and the search index. The number of pages written."""
        written = 0
        if self._key() != self.structure_key:
            self._structure()
            written = len(self.doc_files) - len(self.plugin.pages)
        written += self._write_pages(self.plugin.pages)
        self.plugin.write_outputs(self.config)
        if self.unindexed:
            # Only the parts holding the pages written since: a save, its committee's.
            search.index_site(self.site_dir, self.plugin.config.search_part_pages,
                              changed=self.unindexed)
            self.unindexed = set()
        return written

