"""The council's settings in mkdocs.yml, read and checked without MkDocs.

`papers check` reads them here so a clerk hears about a missing site address or an
unreadable brand colour before a build; the plugin checks the colour again at build time
(the same functions), so `mkdocs build` cannot publish a header nobody can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coloraide import Color
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.record.diagnostics import Diagnostics, Position
from generator.stages.records import email_problem

# The header's text is white: WCAG 2.2 AA asks 4.5:1 of normal-size text against it.
HEADER_TEXT = "#ffffff"
AA_CONTRAST = 4.5
PLUGIN = "papers"


def colour_problem(colour: str) -> tuple[str, str] | None:
    """Why a brand colour cannot be the header's, and the hint; None when it can."""
    try:
        parsed = Color(colour)
    except ValueError:
        return (f"{colour!r} is not a colour",
                'write it as a hex colour such as "#1d4f91"')
    ratio = _contrast(parsed)
    if ratio >= AA_CONTRAST:
        return None
    return (f"{colour} has a contrast of {ratio:.2f}:1 with the header's white text; "
            f"WCAG AA needs {AA_CONTRAST}:1",
            f"the nearest colour that passes is {nearest_passing(colour)}")


def nearest_passing(colour: str) -> str:
    """The colour of the same hue and chroma, darkened only as far as AA needs (OKLCH
    lightness, so it still looks like the council's colour), as #rrggbb."""
    base = Color(colour).convert("oklch")
    passing, failing = 0.0, base["lightness"]
    for _ in range(30):  # halve the gap between a lightness that passes and one that fails
        middle = (passing + failing) / 2
        if _contrast(_with_lightness(base, middle)) >= AA_CONTRAST:
            passing = middle
        else:
            failing = middle
    # Written as #rrggbb, a shade can round a hair lighter: step down until it passes.
    while _contrast(Color(suggestion := _with_lightness(base, passing).to_string(hex=True))
                    ) < AA_CONTRAST:
        passing -= 0.001
    return suggestion


def as_hex(colour: str) -> str:
    """A colour as #rrggbb, whatever way CSS wrote it: safe to write into a stylesheet."""
    return Color(colour).convert("srgb").fit("srgb").to_string(hex=True)


def darker(colour: str) -> str:
    """The header colour's darker shade (hover and the header's shadow)."""
    base = Color(colour).convert("oklch")
    return _with_lightness(base, base["lightness"] * 0.75).to_string(hex=True)


def _contrast(colour: Color) -> float:
    """The WCAG 2.1 contrast ratio of a colour with the header's text."""
    return colour.contrast(HEADER_TEXT, method="wcag21")


def _with_lightness(base: Color, lightness: float) -> Color:
    shade = base.clone()
    shade["lightness"] = lightness
    return shade.convert("srgb").fit("srgb")


@dataclass(frozen=True)
class Settings:
    """What mkdocs.yml says of the site, with where: the problems' positions."""

    site_url: str | None
    council: dict
    council_position: Position


def read(config_file: Path, shown: str) -> Settings:
    """mkdocs.yml's site_url and the papers plugin's council block. Unknown tags (such as
    MkDocs's !ENV) are kept as they are rather than refused: MkDocs reads them, not us."""
    tree = YAML(typ="rt").load(config_file.read_text(encoding="utf-8")) or {}
    blocks = [entry[PLUGIN].get("council") for entry in tree.get("plugins") or []
              if isinstance(entry, dict) and isinstance(entry.get(PLUGIN), dict)]
    blocks.append((tree.get("extra") or {}).get("council"))
    council, where = {}, Position(shown, 1, 1)
    block = next((block for block in blocks if isinstance(block, dict) and block), None)
    if block is not None:
        council = dict(block)
        where = Position(shown, block.lc.line + 1, block.lc.col + 1)
        for key in block:
            line, column = block.lc.value(key)
            council[f"{key}@"] = Position(shown, line + 1, column + 1)
    site_url = tree.get("site_url")
    return Settings(str(site_url) if site_url else None, council, where)


def check(config_file: Path, shown_from: Path) -> Diagnostics:
    """The settings' problems: a brand colour that fails AA is an error; no site_url is a
    warning, since feeds and calendars then carry links relative to themselves."""
    diagnostics = Diagnostics()
    if not config_file.is_file():
        return diagnostics
    shown = config_file.relative_to(shown_from).as_posix() if config_file.is_relative_to(
        shown_from) else str(config_file)
    try:
        settings = read(config_file, shown)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Position(shown, mark.line + 1, mark.column + 1) if mark else Position(shown)
        diagnostics.error(where, f"mkdocs.yml cannot be read: {getattr(exc, 'problem', exc)}")
        return diagnostics
    colour = settings.council.get("colour")
    if colour is not None:
        problem = colour_problem(str(colour))
        if problem:
            diagnostics.error(settings.council.get("colour@", settings.council_position),
                              problem[0], "council.colour", problem[1])
    email = settings.council.get("email")
    if email is not None:
        problem = email_problem(str(email))
        if problem:
            diagnostics.error(settings.council.get("email@", settings.council_position),
                              f"'{email}' is not an e-mail address: {problem}",
                              "council.email")
    if settings.site_url is None:
        diagnostics.warning(
            Position(shown, 1, 1), "no site_url: feeds and calendars will give subscribers "
            "links relative to themselves, which calendar apps and feed readers cannot "
            "follow, and no sitemap.xml is written (it may hold only full addresses)",
            hint="add the site's public address, e.g. site_url: https://papers.example.gov.uk/")
    return diagnostics
