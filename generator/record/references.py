"""The reference grammar: how one record names another, in fields and in running text.

Pure functions: text in, parsed reference (or an error message) out.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.record.model import MinuteRef, Reference

_REFERENCE = re.compile(
    r"^(?:(?P<committee>[a-z0-9][a-z0-9-]*)/)?(?P<meeting>[a-z0-9][a-z0-9-]*)"
    r"(?:\s+(?P<by>item|minute)\s+(?P<number>\d+)(?:\.(?P<resolution>\d+))?)?$"
)
_MINUTE = re.compile(r"^minute\s+(?P<minute>\d+)\s*\((?P<year>\d{4}/\d{2})\)$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")

# In running text: "Minute 46 (2018/19)" and Document "AD" (straight or curly quotes).
# Each starts with its word and only then looks back for the word's start: a pattern that
# opens with the word itself lets the regex engine leap between occurrences, where one that
# opens with \b tries every position of a long report body (about 20 times slower).
MINUTE_IN_TEXT = re.compile(
    r"Minute(?<=\bMinute)\s+(?P<minute>\d+)\s*\((?P<year>\d{4}/\d{2})\)")
DOCUMENT_IN_TEXT = re.compile(r"Document(?<=\bDocument)\s+[\"“](?P<letter>[A-Z]{1,3})[\"”]")

REFERENCE_HINT = (
    "write COMMITTEE/DATE, then 'item N' or 'minute N', then '.K' for resolution K, "
    "e.g. childrens-services-osc/2021-03-11 item 2.1"
)


def parse_reference(text: str, own_committee: str | None) -> Reference | str:
    """Parse a reference; on failure return the reason as a string."""
    match = _REFERENCE.match(text.strip())
    if not match:
        return f"malformed reference '{text}'"
    committee = match.group("committee") or own_committee
    if committee is None:
        return f"reference '{text}' must name its committee"
    number = match.group("number")
    resolution = match.group("resolution")
    return Reference(
        committee=committee,
        meeting=match.group("meeting"),
        by=match.group("by"),
        number=int(number) if number else None,
        resolution=int(resolution) if resolution else None,
        text=text.strip(),
    )


def valid_municipal_year(text: str) -> bool:
    match = _YEAR.match(text)
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def parse_minute_ref(text: str) -> MinuteRef | str:
    match = _MINUTE.match(text.strip())
    if not match or not valid_municipal_year(match.group("year")):
        return f"malformed minute reference '{text}'"
    return MinuteRef(int(match.group("minute")), match.group("year"))


def municipal_year(day: dt.date) -> str:
    """The municipal year a date falls in. It starts at the annual council meeting in
    May; without that date to hand, we take 1 May."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def year_slug(year: str) -> str:
    """'2021/22' -> '2021-22', for file names and URLs."""
    return year.replace("/", "-")
