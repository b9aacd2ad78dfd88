"""The reference grammar: how one record names another, in fields and in running text.

Pure functions: text in, parsed reference (or an error message) out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from generator.record.model import MinuteRef, Reference
from generator.record.numbering import prefix_key

_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}

_REFERENCE = re.compile(
    r"^(?:(?P<committee>[a-z0-9][a-z0-9-]*)/)?(?P<meeting>[a-z0-9][a-z0-9-]*)"
    r"(?:\s+(?:item\s+(?P<item>\d+)|minute\s+(?:[A-Za-z]{1,6}(?:\.\s?|\s))?(?P<minute>\d+)"
    r"(?P<letter>[A-Za-z]?)(?:\s?/\s?\d{2})?)(?:\.(?P<resolution>\d+))?)?$"
)
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")

_MONTH = "|".join(calendar.month_name[1:])
# A minute as papers name it. The word, "No."/"Number", a committee's prefix ("E.",
# "CM "), the number, a letter, "/YY"; then what narrows it down: a municipal year
# "(2018/19)", a month "– March 2017", or a meeting "of 9 March 2022". The pattern starts
# with its word, as a literal, and only then looks back for the word's start: one that
# opens with \b, or with [Mm], tries every position of a long report body (7 to 20 times
# slower); so "Minute" and "minute" are two patterns.
_MINUTE_FORM = (
    r"WORD(?<=\bWORD)\s+(?:(?:No\.?|Number)\s+)?"
    r"(?P<prefix>[A-Z]{1,6}(?:\.\s?|\s))?(?P<number>\d{1,6})(?P<letter>[A-Z]?)\b"
    r"(?:\s?/\s?(?P<yy>\d{2})\b)?"
    r"(?:\s*\((?P<year>\d{4}/\d{2})\)"
    rf"|\s*[-–—]\s*(?P<month>{_MONTH})\s+(?P<month_year>\d{{4}})\b"
    r"|\s+of\s+(?:the\s+meeting\s+(?:held\s+)?on\s+)?(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<day_month>{_MONTH}),?\s+(?P<day_year>\d{{4}})\b)?"
)
_MINUTES_IN_TEXT = tuple(re.compile(_MINUTE_FORM.replace("WORD", word))
                         for word in ("Minute", "minute"))
_MINUTE_ALONE = re.compile("^" + _MINUTE_FORM.replace("WORD", "[Mm]inute") + "$")


def minutes_in(text: str) -> list[re.Match]:
    """Each minute reference in running text, in order."""
    return sorted((match for pattern in _MINUTES_IN_TEXT for match in pattern.finditer(text)),
                  key=lambda match: match.start())


def replace_minutes(text: str, replace: Callable[[re.Match], str]) -> str:
    """The text with each minute reference replaced by what `replace` makes of it."""
    for pattern in _MINUTES_IN_TEXT:
        text = pattern.sub(replace, text)
    return text
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
    number = match.group("item") or match.group("minute")
    resolution = match.group("resolution")
    return Reference(
        committee=committee,
        meeting=match.group("meeting"),
        by=("item" if match.group("item") else "minute") if number else None,
        number=int(number) if number else None,
        resolution=int(resolution) if resolution else None,
        text=text.strip(),
        letter=(match.group("letter") or "").upper(),
    )


def valid_municipal_year(text: str) -> bool:
    match = _YEAR.match(text)
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def minute_ref(match: re.Match) -> MinuteRef | str:
    """The minute a match of minutes_in names, or why it cannot be one."""
    year, yy = match.group("year"), match.group("yy")
    if year and not valid_municipal_year(year):
        return f"'{year}' is not a municipal year (write it as 2018/19)"
    month = day = None
    if match.group("month"):
        month = (int(match.group("month_year")), _MONTHS[match.group("month")])
    if match.group("day"):
        try:
            day = dt.date(int(match.group("day_year")), _MONTHS[match.group("day_month")],
                          int(match.group("day")))
        except ValueError:
            return f"'{match.group(0)}' names a date that does not exist"
    return MinuteRef(int(match.group("number")), match.group("letter"),
                     prefix_key(match.group("prefix")), yy, year, month, day,
                     match.group(0))


def parse_minute_ref(text: str) -> MinuteRef | str:
    """A minute reference written in a field, in any form minutes_in knows."""
    match = _MINUTE_ALONE.match(" ".join(text.split()))
    if not match:
        return f"malformed minute reference '{text}'"
    return minute_ref(match)


def municipal_year(day: dt.date) -> str:
    """The municipal year a date falls in. It starts at the annual council meeting in
    May; without that date to hand, we take 1 May."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def year_slug(year: str) -> str:
    """'2021/22' -> '2021-22', for file names and URLs."""
    return year.replace("/", "-")
