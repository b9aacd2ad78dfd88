"""Minute numbering schemes, each as a council's own papers number minutes.

The numbers and references are taken from the papers transcribed under
tests/fixtures/councils/ (each folder's SOURCE.md gives the address): South Hams'
Executive ("E.91/23"), West Devon's Council ("CM 27/23"), Lancashire's Cabinet (from 1 at
every meeting), Hillingdon's Cabinet (on and on: 276 in March 2011, 413 in October 2011).
"""

from __future__ import annotations

import datetime as dt
import json

from conftest import papers, write_tree
from ruamel.yaml import YAML

from generator.outputs import outputs
from generator.stages.pipeline import run


def build(project, files, as_of=dt.date(2024, 7, 1)):
    write_tree(project, files)
    result = run(project / "content", as_of, shown_from=project)
    return result, {page.uri: page.html for page in result.pages}


def meeting(committee: str, day: str, *items: tuple[object, str], extra: str = "") -> str:
    lines = [f"committee: {committee}", f"date: {day}", "status: held", "items:"]
    for minute, title in items:
        shown = json.dumps(minute) if isinstance(minute, str) else minute
        lines += [f"  - title: {title}", f"    minute: {shown}", "    minutes: Noted."]
    return "\n".join(lines) + "\n" + extra


def messages(result, kind="errors") -> list[str]:
    return [str(d) for d in getattr(result.diagnostics, kind)]


EXECUTIVE = ("content/committees/exec.yml",
             "name: South Hams Executive\nkind: committee\n"
             "minute_numbers:\n  prefix: E.\n  year_suffix: true\n")


def test_prefix_and_year_numbers_are_shown_anchored_linked_and_published(project):
    # South Hams Executive, 18 April 2024 ("E.91/23" to "E.93/23", still 2023/24) and
    # 6 June 2024, whose text refers to "Minute E.11/24 below".
    result, pages = build(project, {
        EXECUTIVE[0]: EXECUTIVE[1],
        "content/meetings/exec/2024-04-18.yml": meeting(
            "exec", "2024-04-18", ("E.91/23", "Minutes"), ("E.92/23", "Urgent Business"),
            ("E.93/23", "Declarations of Interest")),
        "content/meetings/exec/2024-06-06.yml": meeting(
            "exec", "2024-06-06", (10, "Declarations of Interest"),
            ("E.11/24", "Staverton Neighbourhood Plan")).replace(
            "minutes: Noted.", "minutes: \"('Staverton Neighbourhood Plan' (Minute E.11/24 "
            "below refers))\"", 1),
    })
    assert messages(result) == []
    assert messages(result, "warnings") == []
    april = pages["meetings/exec/2024-04-18.md"]
    assert '<h3 id="minute-e-92-23-title">Minute E.92/23: Urgent Business</h3>' in april
    june = pages["meetings/exec/2024-06-06.md"]
    # The bare number 10 is shown in the committee's form; the reference links.
    assert "Minute E.10/24: Declarations of Interest" in june
    assert '(<a href="./#minute-e-11-24">Minute E.11/24</a> below refers)' in june
    data = json.loads(dict(outputs(result.archive, result.links, None))[
        "data/meetings/exec/2024-06-06.json"])
    assert [(i["minute"], i["minute_number"]) for i in data["agenda"]] == [
        (10, "E.10/24"), (11, "E.11/24")]


def test_a_number_not_in_the_committees_form_is_refused_with_its_own_example(project):
    result, _ = build(project, {
        EXECUTIVE[0]: EXECUTIVE[1],
        "content/meetings/exec/2024-04-18.yml": meeting("exec", "2024-04-18",
                                                        ("E.91/23", "Minutes")),
        "content/meetings/exec/2024-06-06.yml": meeting(
            "exec", "2024-06-06", ("E.10/23", "Wrong year"), ("CM 11/24", "Wrong prefix"),
            ("11/24", "Right")),
    })
    assert messages(result) == [
        "content/meetings/exec/2024-06-06.yml:6:13: error: items[0].minute: 'E.10/23' says "
        "/23, but the meeting is in 2024/25: /24 (write it as this committee's papers do, "
        "e.g. E.91/23, or the number alone (12), with a letter for an item taken late "
        "(E.12A/24))",
        "content/meetings/exec/2024-06-06.yml:9:13: error: items[1].minute: 'CM 11/24' has "
        "the prefix 'CM', but this committee's minutes have 'E.' (write it as this "
        "committee's papers do, e.g. E.91/23, or the number alone (12), with a letter for "
        "an item taken late (E.12A/24))",
    ]


def test_numbers_from_one_at_each_meeting(project):
    # Lancashire's Cabinet: 6 August 2020 "1." to "6.", 3 September 2020 "1." to "4.".
    cabinet = "name: Cabinet\nkind: committee\nminute_numbers:\n  restart: each-meeting\n"
    result, pages = build(project, {
        "content/committees/cabinet.yml": cabinet,
        "content/meetings/cabinet/2020-08-06.yml": meeting(
            "cabinet", "2020-08-06", (1, "Apologies"), (2, "Disclosure of Pecuniary and "
            "Non-Pecuniary Interests"), (3, "Minutes of the Meeting held on 2 July 2020")),
        "content/meetings/cabinet/2020-09-03.yml": meeting(
            "cabinet", "2020-09-03", (1, "Apologies"), (2, "Minutes"), (3, "Report")
        ).replace("minutes: Noted.", "minutes: As minute 3 of 6 August 2020 and Minute 1 "
                  "said; Minute 3 (2020/21) could be either meeting's.", 1),
    }, as_of=dt.date(2020, 10, 1))
    assert messages(result) == []
    html = pages["meetings/cabinet/2020-09-03.md"]
    assert '<a href="../2020-08-06/#minute-3">minute 3 of 6 August 2020</a>' in html
    assert '<a href="./#minute-1">Minute 1</a> said' in html
    assert "Minute 3 (2020/21) could" in html
    assert messages(result, "warnings") == [
        "content/meetings/cabinet/2020-09-03.yml:7:14: warning: 'Minute 3 (2020/21)' in the "
        "text could be a minute of any of cabinet/2020-08-06, cabinet/2020-09-03 (name the "
        "meeting, e.g. 'minute 12 of 9 March 2022'; it stays plain text)"]
    twice = meeting("cabinet", "2020-10-01", (1, "Apologies"), (1, "Minutes"))
    result, _ = build(project, {"content/meetings/cabinet/2020-10-01.yml": twice})
    assert messages(result) == [
        "content/meetings/cabinet/2020-10-01.yml:9:13: error: items[1].minute: minute 1 is "
        "used twice at this meeting (also at content/meetings/cabinet/2020-10-01.yml:6:13) "
        "(minute numbers start at 1 at each of its meetings)"]


def test_numbers_that_run_on_across_years_and_a_letter_for_a_late_item(project):
    # Hillingdon's Cabinet: 17 March 2011 "276." onwards; 27 October 2011 "minute 413".
    cabinet = "name: Cabinet\nkind: committee\nminute_numbers:\n  restart: never\n"
    result, pages = build(project, {
        "content/committees/cabinet.yml": cabinet,
        "content/meetings/cabinet/2011-03-17.yml": meeting(
            "cabinet", "2011-03-17", (276, "Apologies"), (277, "Declarations"),
            ("277A", "Urgent item")),
        "content/meetings/cabinet/2011-10-27.yml": meeting(
            "cabinet", "2011-10-27", (413, "Declarations"), (414, "Report")).replace(
            "minutes: Noted.", "minutes: Minute 277A and Minute 276 - March 2011.", 1),
    }, as_of=dt.date(2012, 1, 1))
    assert messages(result) == []
    march = pages["meetings/cabinet/2011-03-17.md"]
    assert '<h3 id="minute-277a-title">Minute 277A: Urgent item</h3>' in march
    october = pages["meetings/cabinet/2011-10-27.md"]
    assert ('<a href="../2011-03-17/#minute-277a">Minute 277A</a> and '
            '<a href="../2011-03-17/#minute-276">Minute 276 - March 2011</a>.') in october
    again = meeting("cabinet", "2012-01-26", (466, "Apologies"), (277, "Twice"))
    result, _ = build(project, {"content/meetings/cabinet/2012-01-26.yml": again})
    assert messages(result) == [
        "content/meetings/cabinet/2012-01-26.yml:9:13: error: items[1].minute: minute 277 is "
        "used twice in the minutes of cabinet (also at "
        "content/meetings/cabinet/2011-03-17.yml:9:13) (this committee's minute numbers "
        "run on from meeting to meeting)"]


def test_references_in_each_form_resolve_and_an_ambiguous_one_warns(project):
    # Bradford's numbers run through the municipal year (the default): forms from North
    # Hertfordshire ("Minute 9 - Revenue Budget Outturn"), Bradford ("Minute 86 of 23
    # March 2022"), and Lancaster ("Minute 111 – March 2017").
    result, pages = build(project, {
        "content/meetings/csc/2017-03-08.yml": meeting("csc", "2017-03-08", (111, "Budget")),
        "content/meetings/csc/2017-06-14.yml": meeting("csc", "2017-06-14", (9, "Outturn")),
        "content/meetings/csc/2018-06-13.yml": meeting("csc", "2018-06-13", (9, "Again")),
        "content/meetings/csc/2018-07-11.yml": meeting("csc", "2018-07-11", (12, "Now")).replace(
            "minutes: Noted.", "minutes: \"Minute 111 – March 2017, minute 9 of 14 June "
            "2017, Minute 9 (2017/18), Minute 9 - Outturn and Minute 12 of the meeting "
            "held on Wednesday 11 July 2018.\"\n    previous_reference: Minute 9 – June 2017",
            1),
        "content/meetings/csc/2019-07-10.yml": meeting("csc", "2019-07-10", (3, "Later")).replace(
            "minutes: Noted.", "minutes: Minute 9 – June 2018, and minute 9 of 31 June 2018.",
            1),
    }, as_of=dt.date(2020, 1, 1))
    assert messages(result) == []
    html = pages["meetings/csc/2018-07-11.md"]
    for href, words in [("../2017-03-08/#minute-111", "Minute 111 – March 2017"),
                        ("../2017-06-14/#minute-9", "minute 9 of 14 June 2017"),
                        ("../2017-06-14/#minute-9", "Minute 9 (2017/18)"),
                        ("../2018-06-13/#minute-9", "Minute 9"),
                        ("./#minute-12",
                         "Minute 12 of the meeting held on Wednesday 11 July 2018")]:
        assert f'<a href="{href}">{words}</a>' in html, words
    assert 'Previous reference: <a href="../2017-06-14/#minute-9">Minute 9 – June 2017</a>' in html
    later = pages["meetings/csc/2019-07-10.md"]
    assert '<a href="../2018-06-13/#minute-9">Minute 9 – June 2018</a>' in later
    assert messages(result, "warnings") == [
        "content/meetings/csc/2019-07-10.yml:7:14: warning: 'minute 9 of 31 June 2018' names "
        "a date that does not exist (it stays plain text)"]


def test_new_minutes_continue_each_scheme(project):
    write_tree(project, {
        EXECUTIVE[0]: EXECUTIVE[1],
        "content/meetings/exec/2024-03-07.yml": meeting("exec", "2024-03-07",
                                                        ("E.90/23", "Minutes")),
        "content/meetings/exec/2024-04-18.yml": (
            "committee: exec\ndate: 2024-04-18\nstatus: agenda-published\nitems:\n"
            "  - title: Minutes\n  - title: Urgent Business\n"),
        "content/committees/cabinet.yml": "name: Cabinet\nkind: committee\n"
                                          "minute_numbers:\n  restart: each-meeting\n",
        "content/meetings/cabinet/2020-09-03.yml": (
            "committee: cabinet\ndate: 2020-09-03\nstatus: agenda-published\nitems:\n"
            "  - title: Apologies\n"),
    })
    for target in ("exec/2024-04-18", "cabinet/2020-09-03"):
        result = papers("--project", str(project), "new", "minutes", target)
        assert result.returncode == 0, result.stdout + result.stderr
    executive = YAML(typ="safe").load(project / "content/meetings/exec/2024-04-18.yml")
    assert [item["minute"] for item in executive["items"]] == ["E.91/23", "E.92/23"]
    cabinet = YAML(typ="safe").load(project / "content/meetings/cabinet/2020-09-03.yml")
    assert [item["minute"] for item in cabinet["items"]] == [1]
    assert papers("--project", str(project), "check").returncode == 0
