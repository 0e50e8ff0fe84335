"""Plain messages skip Python-Markdown (render/markdown.py): whenever the short cut is taken, its HTML is
the one Python-Markdown and nh3 give, and Markdown of any kind still goes through Python-Markdown."""

from __future__ import annotations

import nh3
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render import markdown

PLAIN = "ABCXYZabcxyz0189 ,.;:'\"!?()%/-"
# What Markdown could read as more than a paragraph, to mix into the texts.
MARKUP = "*_[]<>&#|`\\=+~\t\n\r\x02\x03\u00a0\u2028"


def through_markdown(text: str) -> str:
    html = markdown._converter().convert(text)
    return nh3.clean(html, tags=markdown.ALLOWED_TAGS, attributes=markdown.ALLOWED_ATTRIBUTES,
                     url_schemes=markdown.URL_SCHEMES, link_rel="nofollow noopener")


def rendered(text: str) -> str:
    markdown.to_html.cache_clear()   # each example converts afresh
    return markdown.to_html(text)


line = st.text(alphabet=PLAIN, min_size=1, max_size=30)
plain_texts = st.lists(st.lists(line, min_size=1, max_size=4).map("\n".join), min_size=1, max_size=4).map(
    "\n\n".join)
near_plain = st.text(alphabet=PLAIN + "\n", max_size=60)
mixed = st.text(alphabet=PLAIN + "\n" + MARKUP, max_size=60)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(plain_texts, near_plain, mixed))
@example("A fix has been applied.\n\nWe are monitoring the results (times\ncorrected).")
@example("Text\n---")
@example("Text\n- item")
@example("1. first\n2. second")
@example("a\n\n\nb")
@example("a  \nb")
@example("    code")
@example("x\n  indented")
@example("Heading\n===")
@example("a -- b, 50% off: 'quoted' \"twice\"! (really?) a/b")
def test_the_short_cut_gives_what_markdown_gives(text: str) -> None:
    assert rendered(text) == through_markdown(text)


@pytest.mark.parametrize("text", ["Back to normal.", "One.\n\nTwo\nlines.", "Don't panic: 100% (really)!"])
def test_plain_messages_take_the_short_cut(text: str) -> None:
    assert markdown._plain_paragraphs(text) is not None


@pytest.mark.parametrize("text", ["", "- a", "Text\n---", "1. a", "a  \nb", "    code", "a\n\n\nb", "*a*",
                                  "a & b", "<b>", "a\n", " a", "[a](b)", "a\tb", "caf\u00e9"])
def test_anything_else_goes_through_markdown(text: str) -> None:
    assert markdown._plain_paragraphs(text) is None
