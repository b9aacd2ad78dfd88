"""The council's own identity, from mkdocs.yml: its name, address and contact in every
page's footer, its logo and brand colour in the header, and the site's public address.

A brand colour the header's white text cannot be read on is refused with the nearest
colour that can be; the colour a resident meets is measured in Chromium, not only read
from the stylesheet."""

from __future__ import annotations

import re
import subprocess
import sys

from browser import chromium, serve_directory
from conftest import BASE_FILES, ROOT, papers, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.stages.site_settings import AA_CONTRAST, colour_problem, nearest_passing

MEETING = {
    "content/meetings/csc/2023-01-11.yml": (
        "committee: csc\ndate: 2023-01-11\nstatus: scheduled\n"
        "items:\n  - number: 1\n    title: Apologies\n"),
}
DOCS = {"docs/about.md": "# About\n\nAbout these papers.\n"}


def config(council: str = "", site_url: str = "", extra: str = "") -> str:
    return (f"site_name: Anytown papers\n{site_url}"
            "theme:\n  name: material\n  font: false\n"
            "plugins:\n  - papers:\n      content_dir: content\n"
            f"{council}{extra}")


def council_block(**fields: str) -> str:
    lines = "".join(f"        {key}: {value}\n" for key, value in fields.items())
    return f"      council:\n{lines}"


def make(tmp_path, mkdocs_yml: str):
    return write_tree(tmp_path, {**BASE_FILES, **MEETING, **DOCS, "mkdocs.yml": mkdocs_yml})


def build(project):
    return papers("build", "--as-of", "2023-01-01", cwd=project)


def colour_line(project) -> int:
    lines = (project / "mkdocs.yml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if "colour:" in line)


def contrast(first: str, second: str) -> float:
    from coloraide import Color

    return Color(first).contrast(second, method="wcag21")


def test_the_footer_names_the_council_and_how_to_reach_it(tmp_path):
    project = make(tmp_path, config(council_block(
        name="Anytown Borough Council", address="Town Hall, Anytown AB1 2CD",
        email="democracy@anytown.example", phone='"01234 567890"')))
    result = build(project)
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "meetings/csc/2023-01-11/index.html", "about/index.html",
                 "404.html"):
        html = (project / "site" / page).read_text()
        footer = html[html.index('<div class="md-copyright">'):]
        assert "<strong>Anytown Borough Council</strong>" in footer, page
        assert "Town Hall, Anytown AB1 2CD" in footer
        assert '<a href="tel:01234567890">01234 567890</a>' in footer
        assert ('<a href="mailto:democracy@anytown.example">democracy@<wbr>anytown.<wbr>'
                'example</a>') in footer


def test_council_text_is_escaped(tmp_path):
    project = make(tmp_path, config(council_block(name='"Anytown <b>Council</b>"')))
    assert build(project).returncode == 0
    html = (project / "site/index.html").read_text()
    assert "Anytown &lt;b&gt;Council&lt;/b&gt;" in html
    assert "<b>Council</b>" not in html


def test_a_colour_that_fails_aa_is_refused_with_the_nearest_that_passes(tmp_path):
    project = make(tmp_path, config(council_block(name="Anytown", colour='"#ffcc00"')))
    check = papers("check", cwd=project)
    assert check.returncode == 1
    line = next(line for line in check.stdout.splitlines() if ": error: " in line)
    # mkdocs.yml, the colour's own line and column.
    assert line.startswith(f"mkdocs.yml:{colour_line(project)}:17: error: council.colour: "
                           "#ffcc00 has a contrast of 1.51:1"), line
    suggested = re.search(r"the nearest colour that passes is (#[0-9a-f]{6})", line).group(1)
    assert contrast(suggested, "#ffffff") >= AA_CONTRAST
    result = build(project)
    assert result.returncode == 1
    assert "Nothing was built" in result.stderr
    assert not (project / "site").exists()
    # Plain MkDocs refuses it too.
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                           capture_output=True, text=True)
    assert plain.returncode != 0
    assert "council.colour" in plain.stderr
    assert not (project / "site").exists()
    # The suggestion, written in, builds.
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace("#ffcc00", suggested))
    assert build(project).returncode == 0


def test_a_council_email_that_cannot_be_mailed_is_refused(tmp_path):
    project = make(tmp_path, config(council_block(name="Anytown", email="democracy@")))
    check = papers("check", cwd=project)
    assert check.returncode == 1
    assert "error: council.email: 'democracy@' is not an e-mail address" in check.stdout


def test_a_word_that_is_not_a_colour_is_refused(tmp_path):
    project = make(tmp_path, config(council_block(colour="blurple")))
    check = papers("check", cwd=project)
    assert check.returncode == 1
    assert (f"mkdocs.yml:{colour_line(project)}:17: error: council.colour: 'blurple' is not "
            "a colour") in check.stdout


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_the_suggestion_always_passes_and_is_the_colour_only_darker(value):
    colour = f"#{value:06x}"
    if colour_problem(colour) is None:
        assert contrast(colour, "#ffffff") >= AA_CONTRAST
        return
    suggestion = nearest_passing(colour)
    assert colour_problem(suggestion) is None
    assert contrast(suggestion, "#ffffff") >= AA_CONTRAST
    # Only as dark as it must be: a shade a little lighter would fail.
    assert contrast(suggestion, "#ffffff") < AA_CONTRAST + 0.35


def test_the_header_a_resident_sees_has_the_colour_and_readable_text(tmp_path):
    project = make(tmp_path, config(council_block(name="Anytown", colour='"#8a1538"')))
    assert build(project).returncode == 0
    with serve_directory(project / "site") as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        page.goto(base)
        colours = page.evaluate("""() => {
            const header = document.querySelector('.md-header');
            const title = document.querySelector('.md-header__topic');
            return [getComputedStyle(header).backgroundColor, getComputedStyle(title).color];
        }""")
        assert colours[0] == "rgb(138, 21, 56)"
        assert contrast(colours[0], colours[1]) >= AA_CONTRAST
        # High contrast keeps its black header whatever the council's colour.
        page.evaluate("document.documentElement.setAttribute('data-contrast', 'high')")
        high = page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert high == "rgb(0, 0, 0)"


def test_the_logo_is_in_the_header(tmp_path):
    project = make(tmp_path, config(council_block(name="Anytown", logo="images/logo.svg")))
    write_tree(project, {"docs/images/logo.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n')})
    assert build(project).returncode == 0
    html = (project / "site/meetings/csc/2023-01-11/index.html").read_text()
    assert re.search(r'<img src="../../../images/logo.svg"', html)
    assert (project / "site/images/logo.svg").is_file()


def test_extra_council_works_as_well_as_the_plugin_setting(tmp_path):
    project = make(tmp_path, config(extra="extra:\n  council:\n    name: Anytown Extra\n"))
    assert build(project).returncode == 0
    assert "<strong>Anytown Extra</strong>" in (project / "site/index.html").read_text()


def test_without_site_url_feeds_build_and_check_warns(tmp_path):
    project = make(tmp_path, config())
    check = papers("check", cwd=project)
    assert check.returncode == 0
    assert "mkdocs.yml:1:1: warning: no site_url" in check.stdout
    assert "no sitemap.xml is written" in check.stdout
    assert build(project).returncode == 0
    assert (project / "site/feeds/papers.atom").is_file()
    assert list((project / "site/calendar").glob("*.ics"))
    # A sitemap may hold only full addresses: with none to give, there is none.
    assert not list((project / "site").glob("sitemap.xml*"))


def test_with_site_url_the_sitemap_is_valid_and_lists_every_page(tmp_path):
    from lxml import etree

    project = make(tmp_path, config(site_url="site_url: https://papers.anytown.example/\n"))
    assert build(project).returncode == 0
    site = project / "site"
    schema = etree.XMLSchema(etree.parse(str(ROOT / "node_modules/sitemap/schema/sitemap.xsd")))
    sitemap = etree.parse(str(site / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = sitemap.xpath("//s:loc/text()", namespaces=namespace)
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(locations) == len(pages)
    assert all(loc.startswith("https://papers.anytown.example/") for loc in locations)
    assert "https://papers.anytown.example/meetings/csc/2023-01-11/" in locations


def test_with_site_url_no_warning_and_feeds_link_absolutely(tmp_path):
    project = make(tmp_path, config(site_url="site_url: https://papers.anytown.example/\n"))
    check = papers("check", cwd=project)
    assert "site_url" not in check.stdout
    assert build(project).returncode == 0
    feed = (project / "site/feeds/papers.atom").read_text()
    assert "https://papers.anytown.example/meetings/csc/2023-01-11/" in feed


def test_the_councils_own_overrides_win(tmp_path):
    project = make(tmp_path, config(council_block(name="Anytown")).replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    write_tree(project, {"overrides/partials/copyright.html":
                         '<div class="md-copyright"><p>Our own footer</p></div>\n'})
    assert build(project).returncode == 0
    html = (project / "site/index.html").read_text()
    assert "Our own footer" in html
    assert "stylesheets/papers.css" in html  # the rest of ours still applies


def test_another_theme_is_refused_with_a_reason(tmp_path):
    project = make(tmp_path, config().replace("name: material", "name: mkdocs"))
    result = build(project)
    assert result.returncode == 1
    assert "mkdocs-material" in result.stderr
    assert "Traceback" not in result.stderr
