"""Where each record lives in the built site, and how an output file points at it.

A site may have no configured address (MkDocs's `site_url` left empty). Then a feed
points at pages relative to its own location, which feed readers resolve against the
feed's URL, and the open data gives paths relative to the site root.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import uuid
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.record.model import Meeting
from generator.stages.render import item_anchor, meeting_uri, page_url

LONDON = ZoneInfo("Europe/London")
# The tool's own name, in PRODID and the feeds' generator; and the tag of identifiers
# on a site with neither an address nor an id of its own.
ID_DOMAIN = "committee-papers"


class Addresses:
    """Turns site-relative paths ("meetings/x/2022-03-23/") into the links an output needs."""

    def __init__(self, site_url: str | None, site_id: str | None = None) -> None:
        self.base = (site_url.rstrip("/") + "/") if site_url else ""
        # What every calendar UID and feed id carries: the council's site, so two councils
        # with a committee of the same name never give a subscriber clashing ids. From the
        # configured id, else the site's address (host and path), the same every build.
        address = urlsplit(self.base)
        self.id_domain = (site_id or (address.netloc + address.path).rstrip("/")
                          or ID_DOMAIN)
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:{self.id_domain}")

    def uid(self, key: str) -> str:
        """A calendar UID: the key at the site."""
        return f"{key}@{self.id_domain}"

    def urn(self, key: str) -> str:
        """A feed id: a name-based UUID of the key, in the site's own namespace."""
        return f"urn:uuid:{uuid.uuid5(self._namespace, key)}"

    def page(self, uri: str, anchor: str | None = None) -> str:
        """A page's path relative to the site root, from its MkDocs source path."""
        path = page_url(uri)
        return f"{path}#{anchor}" if anchor else path

    def absolute(self, path: str) -> str | None:
        """The full URL of a site path, or None when the site has no configured address."""
        return self.base + path if self.base else None

    def for_data(self, path: str) -> str:
        """Open data: a full URL when the site's address is known, else the site path."""
        return self.absolute(path) or path

    def from_file(self, path: str, file: str) -> str:
        """A link written inside the site file `file`: full, or relative to that file."""
        full = self.absolute(path)
        if full:
            return full
        target, _, anchor = path.partition("#")
        relative = posixpath.relpath(target or ".", posixpath.dirname(file) or ".")
        if target.endswith("/") or not target:
            relative = "./" if relative == "." else relative + "/"
        return f"{relative}#{anchor}" if anchor else relative


def meeting_path(meeting: Meeting, index: int | None = None) -> str:
    """The site path of a meeting's page, or of one of its items."""
    anchor = item_anchor(meeting, index) if index is not None else None
    return page_url(meeting_uri(meeting.id)) + (f"#{anchor}" if anchor else "")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight, London time, at the start of a day: the time a dated paper is given."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LONDON)


def stamp(as_of: dt.date) -> dt.datetime:
    """The build date as a UTC instant: what outputs say instead of 'now'."""
    return dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
