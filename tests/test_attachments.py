"""Original files attached to meetings and reports: copied, listed with type and size,
checked where they are named, and never published when exempt."""

from __future__ import annotations

from conftest import add_site_config, papers, write_tree

MEETING = "content/meetings/csc/2022-03-23.yml"
REPORT = "content/reports/csc/2022-03-23-A.md"
PDF = b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF\n"
HEAD = "committee: csc\ndate: 2022-03-23\nstatus: held\n"


def test_attachments_are_published_with_type_and_size(project):
    write_tree(project, {
        MEETING: HEAD + "attachments:\n  - title: Agenda document pack\n    file: pack.pdf\n"
                 "items:\n  - title: Report\n    documents:\n      - A\n"
                 "      - {letter: B, exempt: {paragraph: 3}}\n",
        "content/meetings/csc/pack.pdf": PDF,
        REPORT: "---\nmeeting: csc/2022-03-23\nletter: A\ntitle: Open report\nattachments:\n"
                "  - title: The report as published\n    file: open.pdf\n"
                "  - title: Appendix C\n    file: private.pdf\n    exempt: {paragraph: 1}\n"
                "---\nBody\n",
        "content/reports/csc/open.pdf": PDF,
        "content/reports/csc/private.pdf": PDF + b"SECRET",
        "content/reports/csc/2022-03-23-B.md": "---\nmeeting: csc/2022-03-23\nletter: B\n"
                "title: Closed report\nexempt: {paragraph: 3}\nattachments:\n"
                "  - title: Contract prices\n    file: prices.pdf\n---\nCLOSED BODY\n",
        "content/reports/csc/prices.pdf": PDF + b"PRICES",
        "content/reports/csc/unlisted.pdf": PDF,
    })
    add_site_config(project)
    site = project / "site"
    result = papers("--project", str(project), "build", "--as-of", "2023-06-01",
                    "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "attachments/meetings/csc/pack.pdf").read_bytes() == PDF
    assert (site / "attachments/reports/csc/open.pdf").read_bytes() == PDF
    published = sorted(p.name for p in (site / "attachments").rglob("*") if p.is_file())
    assert published == ["open.pdf", "pack.pdf"]  # not exempt, not of an exempt report
    meeting = (site / "meetings/csc/2022-03-23/index.html").read_text()
    assert ('<a href="../../../attachments/meetings/csc/pack.pdf">Agenda document pack</a> '
            "(PDF, 2 KB)") in meeting
    report = (site / "reports/csc/2022-03-23-A/index.html").read_text()
    assert "The report as published</a> (PDF, 2 KB)" in report
    assert "Appendix C (PDF): " in report and "Not for publication" in report


def test_attachment_problems_are_reported_where_they_are_named(project):
    write_tree(project, {
        MEETING: HEAD + "attachments:\n  - title: Pack\n    file: pakc.pdf\n"
                 "  - title: Elsewhere\n    file: ../../people/people.yml\n"
                 "  - file: pack.pdf\n",
        "content/meetings/csc/pack.pdf": PDF,
    })
    result = papers("--project", str(project), "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (f"{MEETING}:6:11: error: attachments[0].file: no file 'pakc.pdf' beside this "
            "record (did you mean 'pack.pdf'?)") in lines
    assert (f"{MEETING}:8:11: error: attachments[1].file: '../../people/people.yml' is "
            "outside this record's folder (put the file beside the record and name it, "
            "e.g. agenda-pack.pdf)") in lines
    assert (f"{MEETING}:9:5: error: attachments[2]: missing required field 'title' "
            "(add 'title:' to attachments[2])") in lines
