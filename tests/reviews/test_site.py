"""The built example site: review, tracker, metrics and tag pages exist, and search finds reviews."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

REVIEWED = "2026-11-17-query-engine-outage"
# A word written only in this incident's review (its action items), not in its title or updates.
REVIEW_ONLY_WORD = "jitter"
SVG = "{http://www.w3.org/2000/svg}"


def test_the_word_is_only_in_the_review() -> None:
    import yaml

    path = Path(__file__).resolve().parents[2] / "incidents" / "2026" / f"{REVIEWED}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    review = data.pop("review")
    assert REVIEW_ONLY_WORD in json.dumps(review, default=str).lower()
    assert REVIEW_ONLY_WORD not in json.dumps(data, default=str).lower()


def test_search_index_finds_the_review_by_a_word_only_in_it(built_site: Any) -> None:
    index = json.loads(built_site.read_text("search/search_index.json"))
    hits = {doc["location"].split("#")[0] for doc in index["docs"]
            if REVIEW_ONLY_WORD in (doc.get("text", "") + doc.get("title", "")).lower()}
    assert f"reviews/{REVIEWED}/" in hits
    assert f"incidents/{REVIEWED}/" not in hits


SECTIONS = ("Summary", "Impact", "Trigger", "Root cause", "Contributing factors", "Detection", "Resolution",
            "Metrics", "Timeline", "What went well", "What went wrong", "Where we got lucky", "Lessons",
            "Action items")


def test_internal_review_pages_and_tracker_show_everything(built_internal_site: Any, internal_model: Any) -> None:
    """The incident team's build: every section, the internal timeline, roles and owners."""
    reviewed = [v for v in internal_model.incidents if v.incident.review is not None]
    assert reviewed
    for v in reviewed:
        doc = lxml_html.fromstring(built_internal_site.read_text(f"reviews/{v.id}/"))
        headings = [h.text_content().strip() for h in doc.iter("h2")]
        for expected in (*SECTIONS, "Roles"):
            assert expected in headings, (v.id, expected)
        kinds = {e.text_content().strip() for e in doc.find_class("sp-tag")}
        assert kinds == {"Public update", "Internal"}
    index = built_internal_site.read_text("reviews/")
    for v in reviewed:
        assert f'href="{v.id}/"' in index
    tracker = lxml_html.fromstring(built_internal_site.read_text("reviews/actions/"))
    owners = [h.text_content().strip() for h in tracker.iter("h3")]
    assert "Hana Sato" in owners
    overdue = tracker.get_element_by_id("overdue").getnext()
    titles = [td.text_content() for td in overdue.iter("td")]
    assert any("Build cache keys from an explicit list of fields" in t for t in titles)   # due 27 Nov


def test_public_review_pages_and_tracker_leave_out_the_internal_parts(built_site: Any,
                                                                      example_model: Any) -> None:
    reviewed = [v for v in example_model.incidents if v.incident.review is not None]
    assert reviewed
    for v in reviewed:
        doc = lxml_html.fromstring(built_site.read_text(f"reviews/{v.id}/"))
        headings = [h.text_content().strip() for h in doc.iter("h2")]
        assert [h for h in headings if h in SECTIONS] == list(SECTIONS), v.id
        assert "Roles" not in headings
        kinds = {e.text_content().strip() for e in doc.find_class("sp-tag")}
        assert kinds == {"Public update"}                     # no internal timeline events
        actions = doc.get_element_by_id("action-items")
        assert "Owner" not in [th.text_content() for th in actions.iter("th")]
        assert not [a for a in actions.iter("a") if "github.com/quillstack/platform" in a.get("href", "")]
    tracker = lxml_html.fromstring(built_site.read_text("reviews/actions/"))
    assert [h.text_content().strip() for h in tracker.iter("h3")] == []     # no owners to group by
    assert [h.text_content().strip() for h in tracker.iter("h2")][-1] == "All action items"
    titles = [td.text_content() for td in tracker.get_element_by_id("overdue").getnext().iter("td")]
    assert any("Build cache keys from an explicit list of fields" in t for t in titles)
    assert "Hana Sato" not in tracker.text_content()


def test_metrics_page_has_accessible_svg_charts(built_site: Any) -> None:
    doc = lxml_html.fromstring(built_site.read_text("metrics/"))
    svgs = [el for el in doc.iter() if isinstance(el.tag, str) and el.tag.endswith("svg")
            and "sp-chart" in (el.get("class") or "")]
    assert len(svgs) == 6
    for svg in svgs:
        assert svg.get("role") == "img"
        ids = svg.get("aria-labelledby").split()
        title = doc.get_element_by_id(ids[0])
        assert title.tag.endswith("title") and title.text_content().strip()
        assert doc.get_element_by_id(ids[1]).text_content().strip()
        details = svg.getnext()
        assert details.tag == "details" and details.find(".//table") is not None
    assert "Time to resolve per quarter" in built_site.read_text("metrics/")


def test_nav_has_reviews_and_metrics(built_site: Any) -> None:
    home = built_site.read_text("")
    assert 'href="reviews/"' in home and 'href="metrics/"' in home


def test_tag_pages(built_site: Any) -> None:
    page = built_site.read_text("tags/retry-storm/")
    assert REVIEWED in page
    assert 'href="retry-storm/"' in built_site.read_text("tags/")
