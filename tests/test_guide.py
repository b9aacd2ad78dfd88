"""The clerk's guide documents every field the validator accepts, so they cannot drift."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

READ_METHODS = {
    "raw", "text", "known_text", "integer", "boolean", "choice", "date", "time", "datetime",
    "mapping", "sequence", "list_of", "text_list", "text_list_at", "has",
}
# Helpers in records.py that take the reader and then a field name.
FIELD_HELPERS = {"person", "people_ids", "people_by_group", "reference", "optional_contact",
                 "exemption", "due"}


def accepted_fields() -> set[str]:
    fields = set()
    for module in ("records.py", "validate.py"):
        tree = ast.parse((ROOT / "generator" / "stages" / module).read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in READ_METHODS:
                args = node.args[:1]
            elif getattr(func, "attr", getattr(func, "id", None)) in FIELD_HELPERS:
                args = node.args[1:2]
            else:
                continue
            fields.update(a.value for a in args
                          if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return fields


def test_the_field_list_is_found():
    fields = accepted_fields()
    assert {"committee", "minute", "resolutions", "register_to_speak_by", "chairs_briefing",
            "paragraph", "represents", "shows"} <= fields


def test_every_field_is_in_the_clerks_guide():
    guide = (ROOT / "docs" / "clerk-guide.md").read_text()
    documented = set(re.findall(r"`(?:[a-z_]+\.\*?\.?)*([a-z_]+)`", guide))
    missing = sorted(accepted_fields() - documented)
    assert not missing, f"fields missing from docs/clerk-guide.md: {missing}"


def test_every_allowed_value_is_in_the_clerks_guide():
    from generator.record import model

    guide = (ROOT / "docs" / "clerk-guide.md").read_text()
    for vocabulary in (model.CommitteeKind, model.MeetingStatus, model.PlannedItemStatus,
                       model.WorkProgrammeStatus, model.Restart):
        for member in vocabulary:
            assert f"`{member.value}`" in guide, (vocabulary.__name__, member.value)
