"""Files residents subscribe to and re-users download: calendars, feeds and open data.

Plain functions from the linked record to (path in the site, bytes) pairs; the MkDocs
plugin writes them into the built site. No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.outputs.addresses import Addresses
from generator.outputs.calendar import calendars
from generator.outputs.datafiles import data_files
from generator.outputs.feeds import feeds
from generator.record.model import Archive
from generator.stages.link import Links


def outputs(archive: Archive, links: Links, site_url: str | None,
            site_name: str = "Committee papers", site_id: str | None = None
            ) -> Iterator[tuple[str, bytes]]:
    """Every calendar, feed and open-data file, with its path relative to the site root,
    one at a time, to be written as it comes.

    `site_url` is the site's public address (MkDocs's `site_url`); without one, links
    are relative (see `Addresses`). `site_id` names the site in calendar and feed ids
    where it has no address, or should keep its ids when its address changes."""
    addresses = Addresses(site_url, site_id)
    yield from calendars(archive, links, addresses)
    yield from feeds(archive, links, addresses, site_name)
    yield from data_files(archive, links, addresses)
