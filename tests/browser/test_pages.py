"""The status site in real Chromium, served from loopback under its /status/ sub-path.

What a stakeholder needs during an outage: the status at a glance in light and dark mode and on a
phone, the incident, history and component pages, no console errors, no axe-core violation of serious
or critical impact (WCAG 2.1 A/AA), everything readable with JavaScript off, and nothing fetched from a
third-party host. Expected values come from the derived model the site was built from.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from lxml import html as lxml_html

from tests.support.browser import PHONE, OpenPage
from tests.support.validators import assert_axe_clean as axe_clean

pytestmark = pytest.mark.browser

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z")


# ------------------------------------------------------------------------------ which pages


def incident_under_test(model: Any) -> Any:
    """The active incident if there is one (the page people open during an outage), else the newest."""
    return (model.active or model.incidents)[0]


def component_under_test(model: Any) -> Any:
    """A component that is not operational if any (its page has the most to show), else the first."""
    return next((c for c in model.components if c.status.value != "operational"), model.components[0])


def rel_path(model: Any, which: str) -> str:
    return {
        "home": "",
        "incident": incident_under_test(model).url,
        "history": "history/",
        "component": component_under_test(model).url,
        "404": "404.html",
    }[which]


# ------------------------------------------------------------------------------ helpers


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def accessible_text(el: Any) -> str:
    """Text content plus aria-label/title/alt of every element below: what a reader or AT can get."""
    parts = [el.text_content()]
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        parts += [node.get(a) or "" for a in ("aria-label", "title", "alt")]
    return norm(" ".join(parts))


def component_rows(doc: Any, name: str, other_names: list[str]) -> list[Any]:
    """Every element that holds a component's name and nothing about other components, widest first
    from each place the name appears: one of them is its row in the component list."""
    holders = [
        el
        for el in doc.iter()
        if isinstance(el.tag, str)
        and norm(el.text_content()) == norm(name)
        and el.tag not in ("title", "option", "script", "style")
    ]
    rows = []
    for holder in holders:
        row = holder
        while row.getparent() is not None:
            parent = row.getparent()
            text = norm(parent.text_content())
            if any(re.search(rf"(?<![\w-]){re.escape(norm(o))}(?![\w-])", text) for o in other_names):
                break
            row = parent
        rows.append(row)
    return rows


def has_horizontal_scroll(page: Any) -> bool:
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


# ------------------------------------------------------------------------------ home


def test_home_light_mode_shows_status_and_is_accessible(open_page: OpenPage, example_model: Any) -> None:
    visit = open_page("", color_scheme="light")
    page = visit.page
    banner = page.locator(".sp-banner[role=status]")
    assert banner.count() == 1 and banner.is_visible()
    assert norm(example_model.page.description) in norm(banner.inner_text())
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "default"
    axe_clean(page, "home (light)")
    visit.assert_clean()


def test_home_dark_mode_follows_the_system_and_is_accessible(open_page: OpenPage, example_model: Any) -> None:
    visit = open_page("", color_scheme="dark")
    page = visit.page
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.locator(".sp-banner[role=status]").is_visible()
    axe_clean(page, "home (dark)")
    visit.assert_clean()


def test_palette_toggle_switches_to_dark_and_back(open_page: OpenPage) -> None:
    visit = open_page("", color_scheme="light")
    page = visit.page
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"({scheme})() === 'slate'")
    page.locator("[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"({scheme})() === 'default'")
    visit.assert_clean()


@pytest.mark.parametrize("which", ["home", "incident", "component"])
def test_phone_width_has_no_horizontal_scroll(open_page: OpenPage, example_model: Any, which: str) -> None:
    visit = open_page(rel_path(example_model, which), viewport=PHONE, mobile=True)
    page = visit.page
    assert page.evaluate("() => window.innerWidth") == PHONE["width"]
    overflow = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                     && getComputedStyle(e).position !== 'fixed' && e.getClientRects().length)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim()
                     .split(/\\s+/).join('.') : ''))""")
    assert not has_horizontal_scroll(page), f"{which} scrolls sideways at 390 px; wide elements: {overflow}"
    if which == "home":
        assert page.locator(".sp-banner[role=status]").is_visible()
    visit.assert_clean()


def test_home_without_javascript_shows_banner_components_and_active_incidents(
    open_page: OpenPage, example_model: Any
) -> None:
    visit = open_page("", javascript=False)
    page = visit.page
    banner = page.locator(".sp-banner[role=status]")
    assert banner.is_visible(), "the status banner is hidden without JavaScript"
    assert norm(example_model.page.description) in norm(banner.inner_text())

    doc = lxml_html.fromstring(page.content())
    main = (doc.xpath("//main") or [doc])[0]
    names = [c.component.name for c in example_model.components]
    missing = []
    for view in example_model.components:
        name, label = view.component.name, view.status.label
        rows = component_rows(main, name, [n for n in names if n != name])
        if not any(norm(label) in accessible_text(row) for row in rows):
            missing.append(f"{view.id}: {name!r} with status {label!r}")
        elif not page.get_by_text(name, exact=True).first.is_visible():
            missing.append(f"{view.id}: {name!r} is not visible")
    assert not missing, "components without their current status on the home page (no JS):\n  " + "\n  ".join(
        missing
    )

    for view in (*example_model.active, *example_model.maintenance_active):
        link = page.locator(f'main a[href$="{view.url}"]').filter(has_text=view.title)
        assert link.count() >= 1, (
            f"active {view.id} ({view.title!r}) has no link to {view.url} on the home page"
        )
        assert link.first.is_visible()
        if view.latest is not None:
            assert page.locator(f'main time[datetime="{view.latest.at:%Y-%m-%dT%H:%M:%SZ}"]').count() >= 1, (
                f"the latest update of {view.id} ({view.latest.at}) is not shown as <time datetime>"
            )
    visit.assert_clean()


# ------------------------------------------------------------------------------ incident, history, component


def test_incident_page_shows_the_timeline(open_page: OpenPage, example_model: Any) -> None:
    view = incident_under_test(example_model)
    visit = open_page(view.url)
    page = visit.page
    assert norm(view.title) in norm(page.locator("h1").first.inner_text())
    for update in view.updates:
        stamp = f"{update.at:%Y-%m-%dT%H:%M:%SZ}"
        assert page.locator(f'time[datetime="{stamp}"]').count() >= 1, f"update at {stamp} is missing"
    axe_clean(page, f"incident page {view.url}")
    visit.assert_clean()


def test_history_page_links_to_incidents_under_the_sub_path(
    open_page: OpenPage, example_model: Any, site_server: Any
) -> None:
    visit = open_page("history/")
    page = visit.page
    newest = example_model.incidents[0]
    link = page.locator(f'main a[href$="{newest.url}"]').first
    assert link.count() == 1, f"history does not link to the newest incident {newest.url}"
    axe_clean(page, "history/")
    link.click()
    page.wait_for_load_state("load")
    assert page.url == site_server.url(newest.url)
    assert norm(newest.title) in norm(page.locator("h1").first.inner_text())
    visit.assert_clean()


def test_component_page_shows_status_and_uptime(open_page: OpenPage, example_model: Any) -> None:
    view = component_under_test(example_model)
    visit = open_page(view.url)
    page = visit.page
    main_text = norm(page.locator("main").inner_text())
    assert norm(view.component.name) in norm(page.locator("h1").first.inner_text())
    assert norm(view.status.label) in main_text
    assert "%" in main_text, "no uptime percentage on the component page"
    axe_clean(page, f"component page {view.url}")
    visit.assert_clean()


def test_404_page_is_accessible_under_the_sub_path(open_page: OpenPage) -> None:
    visit = open_page("404.html")
    axe_clean(visit.page, "404.html")
    visit.assert_clean()


# ------------------------------------------------------------------------------ times, privacy


def _time_texts(page: Any) -> list[tuple[str, str]]:
    return page.evaluate(
        "() => [...document.querySelectorAll('time')].map(t => "
        "[t.getAttribute('datetime') || '', t.textContent.trim()])"
    )


def test_times_are_utc_time_elements_localised_by_the_script(open_page: OpenPage, example_model: Any) -> None:
    rel = incident_under_test(example_model).url
    static = open_page(rel, javascript=False, timezone_id="Asia/Kolkata")
    static_times = _time_texts(static.page)
    assert static_times, "no <time> element on the incident page"
    bad = [d for d, _ in static_times if not ISO_UTC.fullmatch(d)]
    assert not bad, f"<time datetime> values that are not UTC ISO 8601: {bad}"
    for d, _ in static_times:
        datetime.fromisoformat(d)

    live = open_page(rel, javascript=True, timezone_id="Asia/Kolkata", locale="en-IN")
    live_times = _time_texts(live.page)
    assert [d for d, _ in live_times] == [d for d, _ in static_times], (
        "the script changed datetime attributes"
    )
    assert all(text for _, text in live_times), "the script emptied a <time>"
    assert live_times != static_times, "no <time> was localised to the reader's zone (Asia/Kolkata, UTC+5:30)"
    live.assert_clean()


def test_no_third_party_requests_and_search_works_offline(
    open_page: OpenPage, example_model: Any, site_server: Any
) -> None:
    blocked: list[str] = []
    for which in ("home", "incident", "history", "component", "404"):
        visit = open_page(rel_path(example_model, which))
        blocked += visit.blocked
    visit = open_page("")
    page = visit.page
    page.keyboard.press("/")  # mkdocs-material: focus the search box
    word = example_model.incidents[0].title.split()[0]
    page.locator("input.md-search__input").press_sequentially(word, delay=20)  # material reacts to keyup
    first = page.locator(".md-search-result__item a").first
    first.wait_for(state="visible", timeout=10_000)
    href = first.get_attribute("href") or ""
    assert href.startswith(site_server.base_url), f"search result outside the sub-path: {href}"
    blocked += visit.blocked
    assert not blocked, "requests to third-party hosts:\n  " + "\n  ".join(sorted(set(blocked)))
    visit.assert_clean()
