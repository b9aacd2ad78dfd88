"""Converting Markdown on every core gives exactly what one conversion at a time gives."""

from __future__ import annotations

from generator import text

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
