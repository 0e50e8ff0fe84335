"""Search entries from rendered bodies: sections by <h2 id>, text without markup, escaped again."""

from generator.render.search import entries, plain_text


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
