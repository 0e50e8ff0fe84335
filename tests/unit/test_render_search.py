"""Search entries from rendered bodies: sections by <h2 id>, text without markup, escaped again."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render import search
from generator.render.reuse import ByObject
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


ENTRY = st.fixed_dictionaries({"location": st.text(max_size=12), "title": st.text(max_size=12),
                               "text": st.text(max_size=40)})


@settings(max_examples=200, deadline=None)
@given(theme=st.lists(ENTRY, max_size=3), ours=st.lists(ENTRY, max_size=6))
def test_entries_written_one_by_one_give_the_whole_index_as_json_writes_it(theme: list, ours: list) -> None:
    """Our entries are written each on its own and spliced in (serve keeps them written): the same text as
    writing the whole document; a theme entry that holds the splice marker changes nothing."""
    document = {"config": {"lang": ["en"]}, "docs": theme}
    index = json.dumps(document, separators=(",", ":"))
    expected = json.dumps({**document, "docs": [*theme, *ours]}, separators=(",", ":"))
    written = ByObject()
    assert add_to_index(index, ours, written) == expected
    assert add_to_index(index, ours, written.next()) == expected   # written as before
    with_marker = json.dumps({**document, "docs": [*theme, {"text": search._MARKER}]}, separators=(",", ":"))
    assert json.loads(add_to_index(with_marker, ours))["docs"] == [*theme, {"text": search._MARKER}, *ours]


def test_an_entry_written_before_is_not_written_again(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = [{"location": "incidents/x/", "title": "x", "text": "<p>Down.</p>"}]
    written = ByObject()
    add_to_index(THEME_INDEX, ours, written)
    dumped: list[object] = []
    real = search._dumps
    monkeypatch.setattr(search, "_dumps", lambda value: dumped.append(value) or real(value))
    later = written.next()
    add_to_index(THEME_INDEX, ours, later)
    assert ours[0] not in dumped
    add_to_index(THEME_INDEX, [dict(ours[0])], later.next())   # an equal entry, not the same: written
    assert ours[0] in dumped
