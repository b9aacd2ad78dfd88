"""The renderer's quick relative path is posixpath.relpath for the site's own paths."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.stages.render import relative_path

_PART = st.sampled_from(["meetings", "csc", "2022-03-23", "reports", "a", "b"])
_PATH = st.lists(_PART, max_size=4).map(lambda parts: "/".join(parts))
_SLASH = st.sampled_from(["", "/"])


@given(_PATH, _SLASH, _PATH, _SLASH)
def test_relative_path_is_relpath(there, there_slash, here, here_slash):
    there_url = there + there_slash if there else ""
    here_url = here + here_slash if here else ""
    assert relative_path(there_url, here_url) == posixpath.relpath(there or ".", here or ".")
