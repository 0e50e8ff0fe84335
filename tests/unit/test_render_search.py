"""Search entries from rendered bodies: sections by <h2 id>, text without markup, escaped again."""

import json

import pytest

from generator.render.search import IndexMismatch, add_to_index, entries, plain_text


def test_plain_text_keeps_blocks_and_drops_markup() -> None:
    body = ('<p>Error rates are\n<strong>back</strong> to normal.</p><ul><li>api</li><li>web &amp; app</li></ul>'
            '<svg role="img"><title>chart</title></svg><p>&lt;script&gt; stays text</p>')
    assert plain_text(body) == ("<p>Error rates are back to normal.</p><p>api</p><p>web &amp; app</p>"
                                "<p>&lt;script&gt; stays text</p>")


def test_one_entry_per_page_and_per_h2_section() -> None:
    body = ('<p>Intro</p><h2 id="root-cause" class="x">Root <em>cause</em></h2><p>A bad push.</p>'
            '<h2 id="lessons">Lessons</h2><p>Canary first.</p>')
    assert entries("reviews/x/", "Review of x", body) == [
        {"location": "reviews/x/", "title": "Review of x", "text": "<p>Intro</p>"},
        {"location": "reviews/x/#root-cause", "title": "Root cause", "text": "<p>A bad push.</p>"},
        {"location": "reviews/x/#lessons", "title": "Lessons", "text": "<p>Canary first.</p>"},
    ]


THEME_INDEX = ('{"config":{"lang":["en"],"separator":"[\\\\s]+","pipeline":["stopWordFilter"],"fields":{}},'
               '"docs":[{"location":"guide/","title":"Guide \\u00e9","text":"<p>hand-written</p>"}]}')


def test_our_entries_follow_the_themes_own_in_its_format() -> None:
    ours = [{"location": "incidents/x/", "title": "Caf\u00e9 down", "text": "<p>Down.</p>"}]
    merged = add_to_index(THEME_INDEX, ours)
    assert json.loads(merged) == {**json.loads(THEME_INDEX), "docs": [*json.loads(THEME_INDEX)["docs"], *ours]}
    assert merged.startswith(THEME_INDEX[:-2])   # the theme's part byte for byte: compact, ASCII
    assert merged.endswith(',{"location":"incidents/x/","title":"Caf\\u00e9 down","text":"<p>Down.</p>"}]}')


def test_nothing_of_ours_leaves_the_theme_index_as_it_was() -> None:
    assert add_to_index(THEME_INDEX, []) == THEME_INDEX


@pytest.mark.parametrize("index", ["not json", "[]", '{"config": {}}', '{"docs": {}}'])
def test_an_index_of_another_shape_is_refused(index: str) -> None:
    with pytest.raises(IndexMismatch):
        add_to_index(index, [{"location": "x/", "title": "x", "text": ""}])
