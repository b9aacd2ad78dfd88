"""The content's problems, shown on the page while `papers serve` previews a site that
has errors: a banner over every page, and a page of its own where no clean build exists."""

from __future__ import annotations

import html

from generator.stages.render import Page

ERROR_PAGE_TITLE = "The content has errors"
BANNER_ID = "papers-problems"


def problems_banner(messages: list[str]) -> str:
    """An alert listing every problem, escaped: content text never becomes markup."""
    count = len(messages)
    heading = f"The content has {count} error{'' if count == 1 else 's'}"
    items = "\n".join(f"<li><code>{html.escape(message)}</code></li>" for message in messages)
    return (
        f'<div id="{BANNER_ID}" role="alert" style="border:3px solid #b00020;'
        'padding:0.75em 1em;margin:0 0 1.5em;background:#fff4f4;color:#1a1a1a">\n'
        f'<h2 style="margin-top:0">{heading}</h2>\n'
        "<p>Fix them and save: this preview rebuilds by itself. Until then it shows the "
        "last version without errors. <code>papers check</code> lists the same problems.</p>\n"
        f"<ul>\n{items}\n</ul>\n</div>\n"
    )


def problems_page(uri: str = "index.md") -> Page:
    """The page shown where the site has never built: the banner does the listing."""
    body = ("<p>No version of the site without errors has been built yet in this preview. "
            "The problems are listed above.</p>")
    return Page(uri, ERROR_PAGE_TITLE, f"<h1>{ERROR_PAGE_TITLE}</h1>\n{body}")
