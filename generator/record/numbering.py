"""Minute numbers in a committee's own form: reading them, showing them, their scope.

Councils number minutes in several ways (see `model.Numbering`): Bradford's run on
through the municipal year (86), Lancashire's Cabinet starts at 1 at every meeting,
Hillingdon's Cabinet runs on across years (413), South Hams writes "E.91/23" and West
Devon "CM 27/23"; any may add a letter for an item taken late ("7A"). Pure functions:
values in, numbers (or an error message) out.
"""

from __future__ import annotations

import re

from generator.record.model import MinuteNumber, Numbering, Restart

# A minute number as written: an optional prefix (letters, then a dot or a space), the
# number, an optional letter, an optional "/YY".
WRITTEN = re.compile(r"^(?P<prefix>[A-Za-z]{1,6}(?:\.\s?|\s))?(?P<number>\d{1,6})"
                     r"(?P<letter>[A-Za-z]?)(?:\s?/\s?(?P<yy>\d{2}))?$")


def prefix_key(prefix: str | None) -> str:
    """A prefix as compared: "CM ", "cm" and "CM." are one prefix."""
    return re.sub(r"[\s.]", "", prefix or "").upper()


def year_digits(year: str | None) -> str | None:
    """'2023/24' -> '23': the digits a "/YY" suffix carries."""
    return year[2:4] if year else None


def show(numbering: Numbering, number: int, letter: str, year: str | None) -> str:
    """A number in the committee's form, e.g. show(E./yy, 91, '', '2023/24') == 'E.91/23'."""
    suffix = f"/{year_digits(year)}" if numbering.year_suffix and year else ""
    return f"{numbering.prefix}{number}{letter}{suffix}"


def minute_number(numbering: Numbering, number: int, letter: str,
                  year: str | None) -> MinuteNumber:
    return MinuteNumber(number, letter.upper(), show(numbering, number, letter, year))


def read(numbering: Numbering, value: object, year: str | None) -> MinuteNumber | str:
    """The minute number a clerk wrote (86, "86A", "E.91/23" or, for a committee with a
    prefix, the bare 91), or why it is not one of this committee's."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return minute_number(numbering, value, "", year)
    match = WRITTEN.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return f"'{value}' is not a minute number"
    written = prefix_key(match.group("prefix"))
    if written and written != prefix_key(numbering.prefix):
        return (f"'{value}' has the prefix '{written}', but this committee's minutes "
                + (f"have '{numbering.prefix.strip()}'" if numbering.prefix else "have none"))
    yy = match.group("yy")
    if yy and not numbering.year_suffix:
        return f"'{value}' carries a year, but this committee's minute numbers do not"
    if yy and year and yy != year_digits(year):
        return f"'{value}' says /{yy}, but the meeting is in {year}: /{year_digits(year)}"
    return minute_number(numbering, int(match.group("number")), match.group("letter"), year)


def forms(numbering: Numbering, year: str | None, example: str | None) -> str:
    """The forms this committee's numbers take, in words, with an example (one of its
    papers' numbers, where one has been read)."""
    sample = minute_number(numbering, 12, "", year or "2023/24")
    late = minute_number(numbering, 12, "A", year or "2023/24")
    parts = [f"write it as this committee's papers do, e.g. {example or sample}"]
    if numbering.prefix or numbering.year_suffix:
        parts.append(f"or the number alone ({sample.number})")
    parts.append(f"with a letter for an item taken late ({late})")
    return ", ".join(parts)


def reference_forms(numbering: Numbering, example: str | None) -> str:
    """The forms a reference to one of this committee's minutes may take, in words, with
    one of its papers' numbers where one has been read."""
    match = WRITTEN.match(example or "")
    number = int(match.group("number")) if match else 46
    plain = show(numbering, number, "", None)
    forms = [f"minute {plain} of 10 October 2018", f"Minute {plain} – October 2018"]
    if numbering.year_suffix:
        forms.insert(0, f"Minute {show(numbering, number, '', '2018/19')}")
    elif numbering.restart is not Restart.MEETING:
        forms.insert(0, f"Minute {plain} (2018/19)")
    same = "meeting" if numbering.restart is Restart.MEETING else (
        "committee" if numbering.restart is Restart.NEVER else "municipal year")
    forms.append(f"or Minute {plain} for one of the same {same}")
    return ", ".join(forms)


def scope(numbering: Numbering, committee: str, meeting_id: str,
          year: str | None) -> tuple[str, ...] | None:
    """Where a number may be used once: a meeting, a municipal year or the committee's
    whole run (None: the year is unknown, so nothing can be checked)."""
    if numbering.restart is Restart.MEETING:
        return (committee, meeting_id)
    if numbering.restart is Restart.NEVER:
        return (committee,)
    return (committee, year) if year else None


def scope_words(numbering: Numbering, key: tuple[str, ...]) -> tuple[str, str]:
    """(where, why) for a number used twice in `key`."""
    if numbering.restart is Restart.MEETING:
        return "at this meeting", "minute numbers start at 1 at each of its meetings"
    if numbering.restart is Restart.NEVER:
        return (f"in the minutes of {key[0]}",
                "this committee's minute numbers run on from meeting to meeting")
    return f"in {key[1]}", "minute numbers run on through a committee's municipal year"
