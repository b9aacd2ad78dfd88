"""`papers check` names what the sanitizer removed from clerk Markdown, and only that:
what nh3 merely normalises (a link's rel, a closing tag, Markdown's footnotes and table
alignment) is not reported."""

from __future__ import annotations

import pytest
from conftest import papers, write_tree

from generator.stages import text
from generator.stages.safety import removed_markup

HARMLESS = {
    "plain text": "Members noted the report.",
    "emphasis and lists": "**Bold**, *italic*\n\n- one\n- two\n\n1. first\n",
    "headings": "# One\n\n## Two\n\n###### Six",
    "links": "[site](https://example.org) <https://example.org/a?b=c&d=e> "
             "[mail](mailto:a@example.org) [phone](tel:+441274432227) [here](#minute-47) "
             "[rel](../2022-02-09/) <a@example.org>",
    "footnotes": "CAMHS[^1] and Early Help[^note].\n\n[^1]: Child mental health.\n"
                 "[^note]: Support.",
    "aligned table": "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |",
    "html table with br": "<table><tr><th>Area</th><td>one<br>two</td></tr></table>",
    "table with spans": '<table><tr><td colspan="2" rowspan="1">x</td></tr></table>',
    "superscript": "June 21<sup>st</sup> 2021",
    "entities": "Children &amp; Families &lt;script&gt; &copy; 5 &gt; 4",
    "code": "`<script>` is shown as code\n\n    <script>alert(1)</script>",
    "unclosed tags": "<p><strong>Bold <em>both",
    "comment": "Before <!-- a note to self --> after",
    "harmless attributes": '<p class="x" id="y" align="left">text</p><a href="/" target="_blank">'
                           "x</a>",
}

UNSAFE = {
    "script": ("<script>alert(1)</script>", "<script>"),
    "event handler": ('<p onclick="alert(1)">x</p>', "<p onclick>"),
    "image with handler": ("<img src=x onerror=alert(1)>", "<img onerror>"),
    "javascript link": ("[x](javascript:alert(1))", '<a href="javascript:alert(1)">'),
    "mixed-case scheme": ('<a href="JaVaScRiPt:alert(1)">x</a>',
                          '<a href="JaVaScRiPt:alert(1)">'),
    "data link": ('<a href="data:text/html,x">x</a>', '<a href="data:text/html,x">'),
    "entity-hidden scheme": ('<a href="&#106;avascript:alert(1)">x</a>',
                             '<a href="javascript:alert(1)">'),
    "tab-hidden scheme": ('<a href="java&#x09;script:alert(1)">x</a>',
                          '<a href="java\\x09script:alert(1)">'),
    "iframe": ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    "form": ('<form action="https://example.org"><input name=a></form>', "<form>"),
    "style element": ("<style>body{display:none}</style>", "<style>"),
    "style attribute": ('<p style="color:red">x</p>', "<p style>"),
    "object": ('<object data="x.swf"></object>', "<object>"),
    "svg": ("<svg onload=alert(1)></svg>", "<svg onload>"),
    # Among what the sanitizer only respells (quotes, <br />, a link's rel), still found:
    "among respellings": ('"Quoted" [a](https://example.org) <br /> <img src=x onerror=alert(1)>',
                          "<img onerror>"),
}


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_harmless_markdown_is_not_reported(name):
    assert removed_markup(HARMLESS[name]) == ([], []), text.convert(HARMLESS[name])


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_removed_unsafe_markup_is_named(name):
    source, expected = UNSAFE[name]
    unsafe, _unpublished = removed_markup(source)
    assert expected in unsafe


def test_removed_harmless_markup_is_named_apart():
    assert removed_markup("<font color=red>x</font> <center>y</center>") == (
        [], ["<font>", "<center>"])
    assert removed_markup("![a chart](https://example.org/c.png)") == ([], ["<img>"])


def test_markdown_keeps_table_alignment_and_footnote_links():
    html = text.to_html(HARMLESS["aligned table"] + "\n\n" + HARMLESS["footnotes"])
    assert '<th align="left">' in html and '<td align="right">' in html
    assert '<sup class="footnote-ref"><a href="#fn-1" id="fnref-1"' in html
    assert '<section class="footnotes">' in html and '<li id="fn-1">' in html
    assert 'aria-label="Back to reference 1"' in html


def test_markdown_is_read_as_github_shows_the_file():
    # Clerks keep the papers in git, where GitHub shows their Markdown: the site must
    # read it the same way. python-markdown flattened this two-space nested list.
    html = text.to_html("Issues:\n- one\n  - one, first\n- two\n\n"
                        "See www.bradford.gov.uk and ~~old~~ new.")
    assert "<p>Issues:</p>\n<ul>\n<li>one\n<ul>\n<li>one, first</li>" in html
    assert '<a href="http://www.bradford.gov.uk" rel="noopener noreferrer">' in html
    assert "<del>old</del>" in html


def test_a_link_may_carry_no_label_but_a_footnote_backlink():
    html = text.to_html('<a href="#x" aria-label="Site search">x</a>')
    assert "aria-label" not in html


def test_ids_and_classes_that_could_pose_as_the_page_are_dropped():
    html = text.to_html('<a id="__config" class="md-search" href="#x">x</a>'
                        '<section class="md-dialog footnotes">y</section>')
    assert "__config" not in html and "md-" not in html
    assert '<section class="footnotes">' in html


def test_the_bundled_content_gains_no_markup_warnings():
    result = papers("check", "--as-of", "2023-06-01")
    assert result.returncode == 0 and "papers check passed: 0 errors" in result.stdout
    assert "removed" not in result.stdout, result.stdout


def test_exempt_reports_are_not_checked(project):
    # Never published, so nothing is removed from the site; no warning to chase.
    write_tree(project, {
        "content/meetings/csc/2022-03-23.yml": (
            "committee: csc\ndate: 2022-03-23\nstatus: held\nitems:\n  - title: X\n"
            "    documents: [{letter: A, exempt: {paragraph: 3}}]\n"
            "    minutes: <script>alert(1)</script>\n"),
        "content/reports/csc/2022-03-23-A.md": (
            "---\nmeeting: csc/2022-03-23\nletter: A\ntitle: X\nexempt: {paragraph: 3}\n"
            "summary: <script>1</script>\nappendices:\n  - {label: A1, file: a1.md}\n---\n"
            "<script>2</script>\n"),
        "content/reports/csc/a1.md": "<script>3</script>\n",
    })
    result = papers("--project", str(project), "check")
    assert result.returncode == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if "removed unsafe" in line]
    assert warnings == ["content/meetings/csc/2022-03-23.yml:7:14: warning: items[0].minutes: "
                        "removed unsafe HTML: <script> (the site never publishes script, "
                        "styles, frames, forms, event handlers or links other than http, "
                        "https, mailto and tel)"]


def test_a_clerks_top_heading_stays_a_heading():
    # The page's own h1 is the only h1; a clerk's '#' comes down a level, never dropped.
    html = text.to_html("# Background\n\n## Detail\n\nText.")
    assert "<h2>Background</h2>" in html and "<h3>Detail</h3>" in html
