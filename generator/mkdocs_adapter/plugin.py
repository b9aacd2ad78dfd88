"""The MkDocs adapter: feed the generated pages to MkDocs. The only module that imports it."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from generator.mkdocs_adapter import markup
from generator.mkdocs_adapter.problems import problems_banner, problems_page
from generator.outputs import outputs, search
from generator.run.atomic import write_if_changed
from generator.run.render_ahead import RenderAhead, render_now
from generator.stages import pipeline, site_settings
from generator.stages.render import (
    TEMPLATES,
    THEME,
    attachment_uri,
    navigation,
    published_attachments,
)

log = logging.getLogger("mkdocs.plugins.papers")
_ID = re.compile(r'\sid="([^"]+)"')


# Our overrides of mkdocs-material's templates, with the stylesheet and scripts they load.
OVERRIDES = THEME / "overrides"
# Pages a site has unless its docs/ has its own: the search page, the accessibility statement.
DEFAULT_PAGES = THEME / "pages"
# The navigation of a site whose mkdocs.yml gives none.
DEFAULT_NAV = [{"Home": "index.md"}, {"Search": "search.md"},
               {"Committees": "committees/index.md"}, {"Accessibility": "accessibility.md"}]


class CouncilConfig(Config):
    """Who publishes the papers: shown in every page's footer and header."""

    name = config_options.Optional(config_options.Type(str))
    logo = config_options.Optional(config_options.Type(str))  # a file under docs/
    colour = config_options.Optional(config_options.Type(str))  # the header's
    address = config_options.Optional(config_options.Type(str))
    email = config_options.Optional(config_options.Type(str))
    phone = config_options.Optional(config_options.Type(str))


class PapersConfig(Config):
    content_dir = config_options.Type(str, default="content")
    council = config_options.SubConfig(CouncilConfig)
    as_of = config_options.Optional(config_options.Type(str))
    # What calendar UIDs and feed ids name the site by, where site_url does not serve:
    # none is set yet, or the site moves and subscribers should keep their events.
    site_id = config_options.Optional(config_options.Type(str))
    # Pages a search index part may hold: Pagefind needs about 0.45 MB a page to index.
    search_part_pages = config_options.Type(int, default=search.SHARD_PAGES)


class PapersPlugin(BasePlugin[PapersConfig]):
    """Runs load, validate, link and render, and adds each page to MkDocs's files.

    Under `serve` it never fails on content errors: it shows them on every page (see
    serve.py) over the last pages that built cleanly. MkDocs keeps a plugin that has
    `on_startup` alive across serve's rebuilds, so those pages are still here.
    """

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.pages: list = []
        self.sections: list = []
        self.problems: list[str] = []
        self.result: pipeline.Result | None = None  # the last clean run, for on_post_build
        self._generated: dict = {}  # uri -> render.Page, for on_pre_page and on_page_context
        self._nav_template: list | None = None  # mkdocs.yml's nav, before the committees
        self._ahead: RenderAhead | None = None  # a build's pages, rendered on the second core
        # A build's search index, a part started as soon as its pages are written.
        self._early: search.EarlyParts | None = None
        self._files: Files | None = None
        self._writing: str | None = None  # the page MkDocs writes next (on_post_page)
        # `papers serve` shows the problems banner as it serves each page (serve.py), so
        # the pages it writes stay those of the last clean build; `mkdocs serve` cannot.
        self.banner_in_pages = True

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        """Run the pipeline once, before MkDocs reads anything, and build the navigation."""
        project = Path(config.config_file_path or ".").resolve().parent
        content = project / self.config.content_dir
        if config.theme.name != "material":
            raise PluginError("the papers plugin draws its pages with mkdocs-material: "
                              "set `theme: name: material` in mkdocs.yml")
        # After the site's own custom_dir, if it has one, so its overrides still win.
        if str(OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        # The navigation the pages are drawn for: sections open onto their index pages,
        # and a page's contents in the navigation, not in a second sidebar that would take
        # a quarter of the window from the page's tables.
        features = config.theme.get("features") or []
        config.theme["features"] = features + [
            feature for feature in ("navigation.indexes", "navigation.prune", "navigation.top",
                                    "toc.integrate")
            if feature not in features]
        problem = self._use_council(config, project)
        if problem:
            return self.take_failure(config, problem)
        try:
            as_of = pipeline.parse_as_of(self.config.as_of)
        except pipeline.UsageError as exc:
            raise PluginError(str(exc)) from None
        try:
            result = pipeline.run(content, as_of, shown_from=project,
                                  templates=templates_for(project))
            if self.serving:
                render_now(result.pages)
        except TemplateError as exc:
            return self.take_failure(config, template_problem(exc))
        return self.take(config, result)

    def _use_council(self, config, project: Path) -> str | None:
        """The council's identity for the templates (config.extra.council): the plugin's
        `council:` settings, or `extra: council:`. A problem with it, or None."""
        council = {key: value for key, value in self.config.council.items()
                   if value is not None} or dict(config.extra.get("council") or {})
        if council.get("colour"):
            errors = site_settings.check(Path(config.config_file_path), project).errors
            if errors:
                return "\n".join(str(error) for error in errors)
            council["colour"] = site_settings.as_hex(council["colour"])
            council["colour_dark"] = site_settings.darker(council["colour"])
        if council.get("logo") and not config.theme.get("logo"):
            config.theme["logo"] = council["logo"]
        config.extra["council"] = council
        return None

    def take(self, config, result: pipeline.Result):
        """Use a pipeline run's pages and navigation (serve calls this on each rebuild)."""
        if self._nav_template is None:
            self._nav_template = list(config.nav or DEFAULT_NAV)
        for warning in result.diagnostics.warnings:
            # Content warnings are the clerk's to read in `papers check`; they must not
            # fail `mkdocs build --strict`, which is about the site itself.
            log.info(str(warning))
        if not result.ok:
            errors = [str(d) for d in result.diagnostics.errors]
            return self._failed(config, "the content has errors:\n" + "\n".join(errors), errors)
        self.problems = []
        self.result = result
        # Each committee's pages written together, so its part of the search index can
        # be built as soon as they are (search.EarlyParts); the pages outside every
        # committee, whose part is built last, last.
        result.pages.sort(key=lambda page: (search.committee_of(page.uri) or "\uffff"))
        self._use(result.pages)
        self._end_rendering_ahead()
        if not self.serving:  # serve has every page rendered already
            self._ahead = RenderAhead(result.pages)
        self.sections = navigation(result.archive, result.links)
        return self._with_nav(config)

    def take_failure(self, config, problem: str):
        """A failure that is not the content's (a broken template): fail, or show it."""
        if self._nav_template is None:
            self._nav_template = list(config.nav or DEFAULT_NAV)
        return self._failed(config, problem, [problem])

    def _failed(self, config, message: str, problems: list[str]):
        """Fail the build, or under serve keep serving with the problems on the page."""
        if not self.serving:
            raise PluginError(message)
        for problem in problems:
            log.warning(problem)
        self.problems = problems
        if not self.pages:
            self._use([problems_page()])
        return self._with_nav(config)

    def _use(self, pages: list) -> None:
        self.pages = pages
        self._generated = {page.uri: page for page in pages}

    def _with_nav(self, config):
        # The committees entry of mkdocs.yml's nav opens onto every committee's section.
        config.nav = [
            {title: [target, *self.sections]} if target == "committees/index.md" else entry
            for entry in (self._nav_template or [])
            for title, target in (entry.items() if isinstance(entry, dict) else [(None, entry)])
        ]
        return config

    def on_files(self, files: Files, config) -> Files:
        self._files = files
        for page in sorted(DEFAULT_PAGES.glob("*.md")):
            if files.get_file_from_path(page.name) is None:
                files.append(File(page.name, str(DEFAULT_PAGES), config.site_dir,
                                  config.use_directory_urls))
        for page in self.pages:
            # Only the title: the HTML is handed over in on_page_context, never parsed.
            files.append(File.generated(config, page.uri, content=page.front()))
        if self.result is not None and self.result.archive is not None:
            content = self.result.content_dir
            for path in published_attachments(self.result.archive):
                files.append(File.generated(config, attachment_uri(path),
                                            abs_src_path=str(content / path)))
        return files

    def on_pre_page(self, page, config, files):
        generated = self._generated.get(page.file.src_uri)
        if generated is not None:
            page.render = functools.partial(_render_generated, page)
        return page

    def on_page_content(self, html: str, page, config, files) -> str:
        return self._with_banner(markup.written_page_content(html))

    def on_page_context(self, context, page, config, nav):
        """A generated page's HTML, rendered only as MkDocs writes the pages (a few chunks
        ahead, on a second core: render_ahead.py): rendered as MkDocs reads the pages,
        every page's HTML would be held until the last is read."""
        generated = self._generated.get(page.file.src_uri)
        if generated is not None:
            if self._ahead is not None:
                self._ahead.ready(generated)
            try:
                page.content = self._with_banner(generated.body())
            except TemplateError as exc:
                raise PluginError(template_problem(exc)) from None
            # What MkDocs's render would have found: the ids other pages' links may
            # point at (it checks them once every page is written).
            page.present_anchor_ids = set(_ID.findall(page.content))
        return context

    def _with_banner(self, html: str) -> str:
        if self.problems and self.banner_in_pages:
            return problems_banner(self.problems) + html
        return html

    def on_post_page(self, output: str, page, config) -> str:
        generated = self._generated.get(page.file.src_uri)
        if generated is not None:
            # Written out next; MkDocs would keep every page's HTML to the end of the build,
            # and so would our page, which can render it again if it is ever asked.
            page.content = None
            generated.forget()
        if not self.serving:
            self._note_written(page, config)
        return markup.print_addresses(markup.fixed_page(output), page.canonical_url)

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """The 404 page is a template, not a page: it gets the same fixes. A sitemap holds
        full addresses only: without site_url it would have no <url> at all, which the
        sitemaps.org schema refuses, so it is left out (MkDocs skips an empty template);
        papers check says so."""
        if template_name == "sitemap.xml" and not config.site_url:
            return ""
        return markup.fixed_page(output_content)

    def _note_written(self, page, config) -> None:
        """MkDocs writes a page just after on_post_page: so the page before this one is
        on disk now, and the search index may start on its part."""
        if self._early is None and self._files is not None:
            # Every page the build writes: those on disk (404.html) and those to come.
            site = Path(config.site_dir)
            pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
            pages.update(file.dest_uri for file in
                         self._files.documentation_pages())
            self._early = search.EarlyParts(site, sorted(pages), self.config.search_part_pages)
        if self._early is not None and self._writing is not None:
            self._early.written(self._writing)
        self._writing = page.file.dest_uri

    def on_post_build(self, config) -> None:
        """Write the calendars, feeds and open data (generator/outputs) into the site, then
        index every page for search."""
        self._end_rendering_ahead()
        early, self._early = self._early, None
        if early is not None and self._writing is not None:
            early.written(self._writing)
        self._writing = None
        if not self.write_outputs(config):
            if early is not None:
                early.cancel()
            return
        try:
            search.index_site(Path(config.site_dir), self.config.search_part_pages,
                              early=early)
        except search.SearchIndexError as exc:
            raise PluginError(f"the search index could not be built: {exc}") from None

    def on_build_error(self, error) -> None:
        self._end_rendering_ahead()
        if self._early is not None:
            self._early.cancel()
            self._early = None
        self._writing = None

    def _end_rendering_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None

    def write_outputs(self, config) -> bool:
        """The calendars, feeds and open data of the last clean run; False when none ran."""
        if self.result is None or self.result.archive is None or self.result.links is None:
            return False
        site = Path(config.site_dir)
        for path, data in outputs(self.result.archive, self.result.links, config.site_url,
                                  config.site_name, self.config.site_id):
            write_if_changed(site / path, data)
        return True


def templates_for(project: Path) -> Path:
    """A project's own theme/templates, when it has them, override the bundled ones."""
    templates = project / "theme" / "templates"
    return templates if templates.is_dir() else TEMPLATES


def template_problem(exc: TemplateError) -> str:
    where = f" at {exc.filename}:{exc.lineno}" if hasattr(exc, "lineno") else ""
    return f"a page template failed{where}: {exc}"


def _render_generated(page, config, files) -> None:
    """Page.render for a generated page: its HTML is ready, so skip Markdown.

    The source is one raw HTML block, which Markdown copies through unchanged after
    parsing all of it with Python's HTML parser: a third of MkDocs's time per page, for
    nothing. What MkDocs's render would also have found is set here: no table of contents
    (Markdown makes none from raw HTML). The HTML itself comes in on_page_context."""
    page.content = ""
    page.toc = get_toc([])
    page.markdown = ""
    page.present_anchor_ids = set()
