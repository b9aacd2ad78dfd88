"""Converting Markdown: on every core it gives exactly what one conversion at a time
gives; it gives what cmarkgfm's own function gives, without that function's leak."""

from __future__ import annotations

import os
from pathlib import Path

import cmarkgfm

from generator.stages import text

ROOT = Path(__file__).resolve().parent.parent

SAMPLES = [
    "# Background\n\nThe panel **noted** the report.",
    "| Year | Cost |\n| --- | ---: |\n| 2021 | £4 |",
    "A footnote.[^1]\n\n[^1]: The note.",
    "A [link](javascript:alert(1)) and <script>alert(1)</script>",
    "1. one\n2. two\n\n- three",
]


def test_parallel_conversion_matches_one_at_a_time():
    texts = [f"{sample}\n\nText number {n}." for n in range(120) for sample in SAMPLES]
    assert len(texts) > text._PARALLEL_FROM  # large enough to use worker processes
    expected = {t: text._convert(t) for t in texts}
    for t in texts:
        text._converted.pop(t, None)
    text.convert_all(texts)
    assert {t: text._converted[t] for t in texts} == expected
    unsafe = texts[3]
    before, after = text.convert(unsafe)
    assert "<script>" in before and "<script>" not in after and "javascript" not in after


def _resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def test_conversion_gives_what_cmarkgfm_gives():
    texts = SAMPLES + [path.read_text("utf-8") for path in (ROOT / "content").rglob("*.md")]
    for sample in texts:
        expected = cmarkgfm.markdown_to_html_with_extensions(
            sample, options=text._OPTIONS, extensions=text._EXTENSIONS)
        assert text._markdown(sample) == expected.rstrip("\n")


def test_conversion_frees_what_cmark_allocates():
    """cmarkgfm's function leaks about eight times the text a call: 1,000 calls on 60 KB
    would hold some 500 MB."""
    long_text = "\n\n".join(SAMPLES) * 300
    text._markdown(long_text)
    before = _resident_mib()
    for _ in range(1000):
        text._markdown(long_text)
    assert _resident_mib() - before < 50


def _worker_dies(*_args):
    os._exit(1)  # as if killed for memory


def test_a_worker_that_dies_leaves_its_texts_to_be_converted_when_asked(monkeypatch):
    texts = [f"{sample}\n\nText {n} of a worker that dies." for n in range(120)
             for sample in SAMPLES]
    expected = {t: text._convert(t) for t in texts}
    for t in texts:
        text._converted.pop(t, None)
    monkeypatch.setattr(text, "_convert_share", _worker_dies)
    text.convert_all(texts)  # returns: it does not wait for the dead worker for ever
    assert {t: text.convert(t) for t in texts} == {
        t: (before if before is not None else after, after)
        for t, (after, before) in expected.items()}
