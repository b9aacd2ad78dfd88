"""The markup that lets pages reflow: tables labelled for narrow widths (tables.py) and
break points in long addresses (break_points.py). What they look like in a browser is
measured in test_readable.py; here, what they write."""

from __future__ import annotations

import html

from generator.stages.break_points import mark_break_points
from generator.stages.tables import STEPS, stack_point, stack_tables

TRACKER_LIKE = (
    '<div class="table-wrapper"><table class="data-table"><caption>Resolutions</caption>'
    '<thead><tr><th scope="col">Item</th><th scope="col">Status &amp; date</th>'
    '<th scope="col">Outcome</th></tr></thead><tbody>'
    '<tr><th scope="row"><a href="#m">Minute 47. Review</a></th><td><p>Open</p></td>'
    "<td>\n</td></tr>"
    "<tr><th scope=\"row\">Minute 48</th><td>Met</td><td>Noted.</td></tr>"
    "</tbody></table></div>")


def test_each_body_cell_is_labelled_with_its_column_and_empty_ones_marked():
    out = stack_tables(TRACKER_LIKE)
    assert '<table class="data-table stack-below-' in out
    assert '<th scope="row" data-label="Item"><a href="#m">Minute 47. Review</a></th>' in out
    assert '<td data-label="Status &amp; date"><p>Open</p></td>' in out
    assert "<td data-empty>\n</td>" in out
    assert '<td data-label="Outcome">Noted.</td>' in out
    # The headings themselves are untouched, and nothing else is.
    assert out.count("data-label") == 5
    assert html.unescape(out.replace(' data-empty', '')).count("Minute") == 2


def test_a_table_it_cannot_label_is_left_as_it_is():
    spanning = TRACKER_LIKE.replace('<th scope="col">Outcome</th>',
                                    '<th scope="col" colspan="2">Outcome</th>')
    nested = TRACKER_LIKE.replace("<td>Met</td>", '<td><table class="data-table"><thead><tr>'
                                  "<th>A</th></tr></thead><tbody><tr><td>1</td></tr>"
                                  "</tbody></table></td>")
    no_head = ('<table class="data-table"><tbody><tr><td>1</td></tr></tbody></table>')
    two_rows = TRACKER_LIKE.replace("</tr></thead>", "</tr><tr><th>x</th></tr></thead>")
    for table in (spanning, nested, no_head, two_rows):
        assert stack_tables(table) == table


def test_every_table_of_a_page_is_labelled_and_the_text_between_kept():
    page = f"<p>One</p>{TRACKER_LIKE}<p>Two</p>{TRACKER_LIKE}<p>Three</p>"
    out = stack_tables(page)
    assert out.count("stack-below-") == 2 and out.count("data-label") == 10
    assert out.startswith("<p>One</p>") and out.endswith("<p>Three</p>")
    assert stack_tables("<p>no table</p>") == "<p>no table</p>"


def test_the_point_grows_with_the_columns_and_their_longest_words():
    two = stack_point(["A", "B"], [["short", "words"]])
    six = stack_point(["A"] * 6, [["short words here"] * 6])
    long_word = stack_point(["A", "B"], [["Extraordinarily" * 4, "x"]])
    assert two < six and two < long_word
    assert two in STEPS and six in STEPS
    # A <wbr> is a break: an address with them needs no more than its longest part.
    address = "fatima<wbr>.butt@<wbr>bradford<wbr>.gov<wbr>.uk"
    assert stack_point(["Mail"], [[address]]) <= stack_point(["Mail"], [["bradford.gov"]])


def test_long_addresses_get_break_points_and_nothing_else_changes():
    text = ('<p>Write to fatima.butt@bradford.gov.uk or see '
            '<a href="https://example.org/a_b.html">https://example.org/path/to/page.html</a>'
            ", assistance/concessions &amp; more, at 16:30.</p>")
    out = mark_break_points(text)
    assert "fatima<wbr>.butt@<wbr>bradford<wbr>.gov<wbr>.uk" in out
    assert "https://<wbr>example<wbr>.org/<wbr>path/<wbr>to/<wbr>page<wbr>.html" in out
    assert "assistance/<wbr>concessions" in out
    # A meeting's joining link, as Lancashire's agenda printed it: percent-escapes too.
    joining = mark_break_points("<p>context=%7b%22Tid%22%3a%22IsBroadcastMeeting%22%3atrue%7d</p>")
    assert joining == ("<p>context=<wbr>%7b<wbr>%22Tid<wbr>%22<wbr>%3a<wbr>%22IsBroadcast"
                       "Meeting<wbr>%22<wbr>%3atrue<wbr>%7d</p>")
    assert 'href="https://example.org/a_b.html"' in out  # attributes untouched
    assert "&amp; more, at 16:30." in out  # short runs and references untouched
    assert out.replace("<wbr>", "") == text


def test_break_points_never_enter_a_reference_a_script_or_a_short_word():
    text = ("<p>&#x27;aaaaaaaaaaaa.bbbbbbbbbbbb&#39;&amp;cccccccccccccccccccc/dd</p>"
            '<script>var a = "x/yyyyyyyyyyyyyyyyyyyy.z";</script><p>e.g. Mr.Smith a/b</p>')
    out = mark_break_points(text)
    assert "&#x27;" in out and "&#39;" in out and "&amp;" in out
    assert '"x/yyyyyyyyyyyyyyyyyyyy.z"' in out
    assert "e.g. Mr.Smith a/b" in out
    assert out.replace("<wbr>", "") == text
