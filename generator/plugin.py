"""The MkDocs adapter: feed the generated pages to MkDocs. The only module that imports it."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import pipeline
from .render import TEMPLATES, navigation

log = logging.getLogger("mkdocs.plugins.papers")


class PapersConfig(Config):
    content_dir = config_options.Type(str, default="content")
    as_of = config_options.Optional(config_options.Type(str))


class PapersPlugin(BasePlugin[PapersConfig]):
    """Runs load, validate, link and render, and adds each page to MkDocs's files."""

    def on_config(self, config):
        """Run the pipeline once, before MkDocs reads anything, and build the navigation."""
        project = Path(config.config_file_path or ".").resolve().parent
        content = project / self.config.content_dir
        try:
            as_of = pipeline.parse_as_of(self.config.as_of)
        except pipeline.UsageError as exc:
            raise PluginError(str(exc)) from None
        try:
            # A project's own theme/templates, when it has them, override the bundled ones.
            templates = project / "theme" / "templates"
            result = pipeline.run(content, as_of, shown_from=project,
                                  templates=templates if templates.is_dir() else TEMPLATES)
        except TemplateError as exc:
            where = f" at {exc.filename}:{exc.lineno}" if hasattr(exc, "lineno") else ""
            raise PluginError(f"a page template failed{where}: {exc}") from None
        for warning in result.diagnostics.warnings:
            # Content warnings are the clerk's to read in `papers check`; they must not
            # fail `mkdocs build --strict`, which is about the site itself.
            log.info(str(warning))
        if not result.ok:
            errors = "\n".join(str(d) for d in result.diagnostics.errors)
            raise PluginError(f"the content has errors:\n{errors}")
        self.pages = result.pages
        sections = navigation(result.archive, result.links)
        # The committees entry of mkdocs.yml's nav opens onto every committee's section.
        config.nav = [
            {title: [target, *sections]} if target == "committees/index.md" else entry
            for entry in (config.nav or [])
            for title, target in (entry.items() if isinstance(entry, dict) else [(None, entry)])
        ]
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.uri, content=page.source()))
        return files
