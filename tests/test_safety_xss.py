"""Clerks cannot inject script: every payload of a corpus, in every free-text field, builds
into a site whose HTML holds no executable vector; and `papers check` says what it removed.

The built pages are parsed with Python's HTML parser and checked element by element.
The theme's own scripts and controls (mkdocs-material's bundle under assets/, its inline
scripts, the search form) are told apart exactly: a build of harmless content gives each
page's scripts (source and text, with the page's base path normalised) and the shape of
each control, and a page of the payload build may hold exactly those and nothing else.
Then Chromium loads the pages and searches them: no payload may open a dialog.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, papers, write_tree

FIXTURES = ROOT / "tests/fixtures/safety"
PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (FIXTURES / "xss-payloads.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("# ")
]
AS_OF = "2022-06-01"

# Elements that run code, load other documents or restyle the page: never from content.
FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style",
             "portal", "template", "math", "isindex", "noscript", "video", "audio", "source",
             "img", "marquee", "xss", "details"}
# Elements the theme has (the search form, menu toggles, icons, head elements): on a page,
# each must look like one of the theme's own.
# The folders of pages made from content (the rest come from docs/).
GENERATED = {"meetings", "reports", "committees", "people", "work-programmes", "trackers"}
CHROME = {"script", "form", "input", "button", "select", "textarea", "svg", "meta", "link",
          "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "codebase", "cite", "longdesc", "dynsrc", "lowsrc", "srcset",
                  "ping", "manifest", "icon"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
MATERIAL_SCRIPT = re.compile(r"^BASE/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# Browsers drop ASCII whitespace and control characters inside a URL's scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def q(value: str) -> str:
    """A payload as a YAML scalar: a JSON string is valid YAML."""
    return json.dumps(value)


def contact(p: str) -> str:
    # An e-mail address is checked for its form, which no payload has: refused, not built
    # (test_a_payload_is_never_an_email_address).
    return f"{{name: {q(p)}, role: {q(p)}, phone: {q(p)}, email: clerk@example.org}}"


def payload_files(i: int, p: str) -> dict[str, str]:
    """One committee, person, meeting, report, appendix and work programme, with the
    payload in every free-text field the clerk's guide lists."""
    c = f"c{i}"
    return {
        f"content/people/p{i}.yml": f"p{i}:\n  name: {q(p)}\n  title: {q(p)}\n  notes: {q(p)}\n",
        f"content/committees/{c}.yml": (
            f"name: {q(p)}\nshort_name: {q(p)}\nkind: committee\n"
            f"contacts:\n  - {contact(p)}\n"
            "years:\n  2021/22:\n"
            f"    members:\n      {q(p)}: [p{i}]\n"
            f"    alternates:\n      {q(p)}: [p{i}]\n"
            f"    co_opted:\n      - {{person: p{i}, voting: true, represents: {q(p)}}}\n"
            f"    chair: p{i}\n    scrutiny_lead: {q(p)}\n"
        ),
        f"content/meetings/{c}/2022-03-23.yml": (
            f"committee: {c}\ndate: 2022-03-23\nstart: \"16:30\"\nvenue: {q(p)}\nstatus: held\n"
            f"notes:\n  - {q(p)}\n"
            f"agenda:\n  from: {contact(p)}\n  contacts:\n    - {contact(p)}\n"
            f"  notes:\n    - {q(p)}\n"
            "attendance:\n"
            f"  present:\n    {q(p)}: [p{i}]\n"
            f"  observers:\n    - {{name: {q(p)}, role: {q(p)}}}\n"
            f"  officers:\n    - {contact(p)}\n"
            f"  chair: p{i}\n"
            "items:\n"
            f"  - section: {q(p)}\n    minute: 1\n    title: {q(p)}\n    reference: {q(p)}\n"
            f"    description: {q(p)}\n    recommended: {q(p)}\n"
            f"    contacts:\n      - {contact(p)}\n"
            f"    documents:\n      - {{letter: A, title: {q(p)}, pages: {q(p)}}}\n"
            f"      - {{letter: B, title: {q(p)}, exempt: {{paragraph: 3}}}}\n"
            f"    minutes: {q(p)}\n"
            f"    questions:\n      - {{question: {q(p)}, answer: {q(p)}}}\n"
            f"    action_points:\n      - {{text: {q(p)}, action: {q(p)}}}\n"
            f"    disclosures:\n      - {{person: p{i}, interest: {q(p)}}}\n"
            f"    closed_session: {{paragraph: 3, note: {q(p)}, minutes: {q(p)}}}\n"
            f"    resolutions:\n      - text: {q(p)}\n        action: {q(p)}\n"
            f"        outcome: {q(p)}\n        requests: {{what: {q(p)}, due: 2022-12}}\n"
            f"    action: {q(p)}\n"
        ),
        f"content/reports/{c}/2022-03-23-A.md": (
            f"---\nmeeting: {c}/2022-03-23\nletter: A\ntitle: {q(p)}\nauthor: {q(p)}\n"
            f"officer: {contact(p)}\nsummary: {q(p)}\nequality: {q(p)}\n"
            f"portfolio: {q(p)}\nscrutiny_area: {q(p)}\ncontact: {contact(p)}\n"
            f"recommendations:\n  - {q(p)}\npages: {q(p)}\n"
            f"appendices:\n  - {{label: {q(p)}, title: {q(p)}, file: {c}-appendix.md}}\n"
            f"---\n{p}\n\n## {p}\n\n- {p}\n"
        ),
        f"content/reports/{c}/{c}-appendix.md": f"{p}\n\n{p}\n",
        f"content/work-programmes/{c}/2021-22.yml": (
            f"committee: {c}\nmunicipal_year: 2021/22\nscrutiny_lead: {q(p)}\n"
            f"meetings:\n  - date: 2022-03-23\n    venue: {q(p)}\n    items:\n"
            f"      - {{title: {q(p)}, description: {q(p)}, author: {q(p)}, "
            f"comments: {q(p)}}}\n"
            f"unscheduled:\n  - {{title: {q(p)}, description: {q(p)}, author: {q(p)}}}\n"
            f"reviews:\n  - {{title: {q(p)}, description: {q(p)}, status: {q(p)}}}\n"
        ),
    }


def make_project(root: Path, files: dict[str, str]) -> Path:
    for name in ("docs", "theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return write_tree(root, files)


def build(project: Path) -> Path:
    result = papers("--project", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


class PageScan(HTMLParser):
    """Every element of a page, with what the checks need to know about it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str | None, str]] = []  # (src, text), normalised
        self._script: str | None = None
        self._in_script = False
        self._text: list[str] = []
        self.in_body = False
        self.head_only: list[str] = []  # meta, link or base found inside <body>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "body":
            self.in_body = True
        if self.in_body and tag in ("meta", "link", "base"):
            self.head_only.append(self.get_starttag_text() or tag)
        if tag == "script":
            self._in_script, self._text = True, []
            src = attributes.get("src")
            self._script = re.sub(r"^(?:/|(?:\.\./)+)", "BASE/", src) if src else None
            if self._script and not self._script.startswith("BASE/"):
                self._script = "BASE/" + self._script

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._in_script:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            self.scripts.append((self._script, normalise("".join(self._text))))
            self._in_script = False


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


def normalise(text: str) -> str:
    """Script text with the page's base path replaced, so pages at any depth (and the 404
    page, which uses absolute paths) compare equal."""
    text = re.sub(r'"(?:(?:\.\./)*(?:\.\.|\.)|/)"', '"BASE"', text)
    return re.sub(r'"(?:/|(?:\.\./)*)assets/', '"BASE/assets/', text).strip()


def signature(tag: str, attributes: dict[str, str | None]) -> tuple:
    """What identifies a theme element whatever page it is on: its attribute names, and
    the values of those that say what it is."""
    return tag, tuple(sorted((name, value if name in ("class", "type", "rel", "name") else "*")
                             for name, value in attributes.items()))


@dataclass
class Chrome:
    """What mkdocs-material and the project's theme put on every page, from a build of
    harmless content: its scripts, and its controls, icons and head elements."""

    scripts: Counter
    elements: set
    # Elements otherwise forbidden that a project page itself has (the search page's
    # <noscript>), by page: allowed there, in that number, and nowhere else.
    own: dict[str, Counter]


def problems_in(page: PageScan, chrome: Chrome, whole_page: bool = True,
                url: str = "") -> list[str]:
    """Every executable vector in a parsed page (or fragment) at url that the theme and
    the project's own pages did not put there."""
    found = []
    allowed = Counter(chrome.own.get(url, Counter()))
    for tag, attributes in page.elements:
        if tag in FORBIDDEN and allowed[tag] > 0:
            allowed[tag] -= 1
        elif tag in FORBIDDEN:
            found.append(f"<{tag}> element")
        if tag in CHROME and signature(tag, attributes) not in chrome.elements:
            found.append(f"<{tag} {attributes}> is not the theme's")
        if tag == "meta" and "http-equiv" in attributes:
            found.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...> event handler")
            if name in ("style", "srcdoc"):
                found.append(f"<{tag} {name}=...>")
            url = URL_NOISE.sub("", value or "").lower()
            if name in URL_ATTRIBUTES and url.startswith(BAD_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
    found += [f"{text} inside <body>" for text in page.head_only]
    # The theme finds its parts by id ("__config", "__drawer"); a second element with the
    # same id from content would take its place (DOM clobbering).
    ids = Counter(attributes.get("id") for _tag, attributes in page.elements)
    found += [f'id="{name}" used {count} times' for name, count in ids.items()
              if name and name.startswith("__") and count > 1]
    scripts = Counter(page.scripts)
    if scripts != (chrome.scripts if whole_page else Counter()):
        found += [f"<script src={src!r}>{text[:60]!r}" for src, text in scripts - chrome.scripts]
        found.append(f"{scripts.total()} scripts, not the theme's {chrome.scripts.total()}")
    return found


@pytest.fixture(scope="module")
def chrome(tmp_path_factory) -> Chrome:
    project = make_project(tmp_path_factory.mktemp("clean"), {})
    shutil.copytree(FIXTURES / "canary/content", project / "content")
    site = build(project)
    pages = {path.relative_to(site).as_posix(): scan(path.read_text(encoding="utf-8"))
             for path in sorted(site.rglob("*.html"))}
    elements = {signature(tag, attributes) for page in pages.values()
                for tag, attributes in page.elements if tag in CHROME}
    scripts = Counter(pages["index.html"].scripts)
    assert all(Counter(page.scripts) == scripts for page in pages.values())
    # mkdocs-material's bundle is among them, found by its src under assets/.
    assert any(src and MATERIAL_SCRIPT.match(src) for src, _text in scripts)
    own = {url: Counter(tag for tag, _attributes in page.elements if tag in FORBIDDEN)
           for url, page in pages.items()}
    # Only the project's own pages (docs/) may have any; no page made from content does.
    assert not any(own[url] for url in own if url.split("/")[0] in GENERATED)
    return Chrome(scripts, elements, own)


@pytest.fixture(scope="module")
def xss_project(tmp_path_factory) -> Path:
    files: dict[str, str] = {}
    for i, payload in enumerate(PAYLOADS):
        files.update(payload_files(i, payload))
    return make_project(tmp_path_factory.mktemp("xss"), files)


@pytest.fixture(scope="module")
def xss_site(xss_project) -> Path:
    return build(xss_project)


def test_the_corpus_is_large_and_distinct():
    assert len(PAYLOADS) == len(set(PAYLOADS)) >= 30


def test_the_scan_finds_each_kind_of_vector(chrome):
    # The checks must be able to fail: each payload, through Markdown without the
    # sanitizer, onto a page with the theme's ids, is caught. The exceptions are inert
    # until something unescapes them (escaped text) or a Markdown with other autolinks.
    inert = {p for p in PAYLOADS if p.startswith("&lt;")} | {"<javascript:alert(1)>"}
    wrap = '<html><head></head><body><div id="__config"></div><div id="__drawer"></div>{}</body>'
    caught = {p for p in PAYLOADS if problems_in(
        scan(wrap.format(markdown.markdown(p, extensions=["tables"]))), chrome, whole_page=False)}
    assert caught == set(PAYLOADS) - inert
    assert len(inert) == 3


def test_no_built_page_holds_an_executable_vector(xss_site, chrome):
    pages = sorted(xss_site.rglob("*.html"))
    assert len(pages) > 6 * len(PAYLOADS)
    found = {}
    for path in pages:
        url = path.relative_to(xss_site).as_posix()
        problems = problems_in(scan(path.read_text(encoding="utf-8")), chrome, url=url)
        if problems:
            found[path.relative_to(xss_site).as_posix()] = problems
    assert not found, json.dumps(found, indent=1)[:4000]


def test_every_payload_reached_the_pages(xss_site):
    # A payload that never reached a page proves nothing: each meeting page shows its
    # payload's visible words, escaped or sanitized.
    for i in range(len(PAYLOADS)):
        page = (xss_site / f"meetings/c{i}/2022-03-23/index.html").read_text(encoding="utf-8")
        assert page.count('class="agenda-item"') == 1


def test_search_results_hold_no_markup_from_content(xss_site, chrome):
    """Whichever search the site has. mkdocs-material's lunr index is shown as HTML, so its
    titles and text are checked as pages are; Pagefind's results are checked where they
    are shown, in Chromium: searching for the payloads runs none of them."""
    lunr = xss_site / "search/search_index.json"
    if lunr.is_file():
        index = json.loads(lunr.read_text(encoding="utf-8"))
        wrap = "<html><head></head><body>{}</body></html>"
        for doc in index["docs"]:
            for field in ("title", "text"):
                problems = problems_in(scan(wrap.format(doc[field])), chrome,
                                       whole_page=False)
                assert not problems, (doc["location"], field, problems)
        return
    assert (xss_site / "pagefind/pagefind.js").is_file(), "the site has no search index"
    from browser import block_external, chromium, serve_directory

    dialogs: list[str] = []
    with serve_directory(xss_site) as base_url, chromium() as browser:
        context = browser.new_context()
        block_external(context, base_url, [])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        found = 0
        # Words of the payloads' visible text, so the results hold the payloads.
        for query in ("link", "styled", "hover", "cell", "click", "fake", "image"):
            page.goto(f"{base_url}search/?q={query}", wait_until="load")
            done = re.compile(rf"results? for {query}\.")  # not "Searching for ..."
            page.get_by_role("status").filter(has_text=done).wait_for(timeout=20_000)
            results = page.locator("#search-results")
            found += results.locator("a").count()
            tags = results.evaluate("list => [...list.querySelectorAll('*')].map(e => e.tagName)")
            assert set(tags) <= {"LI", "A", "P"}, (query, set(tags))
        page.wait_for_timeout(500)
    assert found > len(PAYLOADS)
    assert not dialogs, dialogs


def test_a_browser_runs_no_payload(xss_site):
    """The pages themselves, in Chromium: no payload opens a dialog as a page loads."""
    from browser import block_external, chromium, serve_directory

    dialogs: list[tuple[str, str]] = []
    pages = sorted(p.relative_to(xss_site).as_posix().removesuffix("index.html")
                   for folder in ("meetings", "reports")
                   for p in (xss_site / folder).rglob("index.html"))
    with serve_directory(xss_site) as base_url, chromium() as browser:
        context = browser.new_context()
        block_external(context, base_url, [])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)),
                                          dialog.dismiss()))
        for url in pages:
            page.goto(base_url + url, wait_until="load")  # images (onerror) load before it
        page.wait_for_timeout(500)
    assert len(pages) >= 2 * len(PAYLOADS)
    assert not dialogs, dialogs


def test_check_warns_where_unsafe_html_was_removed(xss_project):
    result = papers("--project", str(xss_project), "check", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if "removed unsafe HTML" in line]
    # A Markdown field of a meeting, at the line and column where its value starts.
    meeting = "content/meetings/c0/2022-03-23.yml"
    lines = (xss_project / meeting).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("    minutes: "))
    assert (f"{meeting}:{line}:14: warning: items[0].minutes: removed unsafe HTML: <script> "
            in result.stdout), result.stdout
    # A report's body, at the line of the body where the script is.
    report = "content/reports/c2/2022-03-23-A.md"
    lines = (xss_project / report).read_text(encoding="utf-8").splitlines()
    line = [n for n, text in enumerate(lines, 1) if text == "---"][1] + 1
    assert f"{report}:{line}:1: warning: removed unsafe HTML: <img onerror> " in result.stdout
    # An appendix file, at the line and column of the removed link.
    assert ('content/reports/c7/c7-appendix.md:1:10: warning: removed unsafe HTML: '
            '<a href="javascript:alert(1)">' in result.stdout)
    # A link whose scheme is hidden by a tab is named with the tab written out.
    assert '<a href="java\\x09script:alert(1)">' in result.stdout
    # Each payload that Markdown turns into markup the sanitizer cuts is named somewhere.
    assert len(warnings) > 5 * len(PAYLOADS)


def test_a_payload_is_never_an_email_address(project):
    """Every payload refused in an e-mail field: papers check names it, at its place."""
    from generator.stages.records import email_problem

    assert all(email_problem(p) for p in PAYLOADS)
    write_tree(project, {"content/committees/csc.yml": (
        "name: Test Committee\nkind: committee\ncontacts:\n"
        f"  - {{name: Clerk, email: {q(PAYLOADS[0])}}}\n")})
    result = papers("--project", str(project), "check")
    assert result.returncode == 1
    assert "contacts[0].email:" in result.stdout and "is not an e-mail address" in result.stdout


def _published_texts(value, key: str = ""):
    """(kind, text) for every text of a JSON document that a page publishes as Markdown
    ("markdown") or as HTML ("html"): a field NAME with its sibling NAME_html."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name.endswith("_html"):
                yield from (("html", t) for t in _strings(item))
            elif f"{name}_html" in value:
                yield from (("markdown", t) for t in _strings(item))
            else:
                yield from _published_texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _published_texts(item, key)


def _strings(value) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if v]


def test_open_data_texts_run_nothing_when_a_re_user_renders_them(xss_site, chrome):
    # A re-user may show our Markdown through any renderer with no sanitizer of their own
    # (here Python-Markdown, not the site's cmark), or our HTML as it is: neither may run.
    wrap = "<html><head></head><body>{}</body></html>"
    found, seen = [], Counter()
    for path in sorted((xss_site / "data/meetings").rglob("*.json")):
        for kind, value in _published_texts(json.loads(path.read_text(encoding="utf-8"))):
            seen[kind] += 1
            html = value if kind == "html" else markdown.markdown(value, extensions=["tables"])
            problems = problems_in(scan(wrap.format(html)), chrome, whole_page=False)
            if problems:
                found.append((path.name, kind, value[:80], problems))
    assert min(seen["html"], seen["markdown"]) > 2 * len(PAYLOADS)
    assert not found, json.dumps(found, indent=1)[:4000]
