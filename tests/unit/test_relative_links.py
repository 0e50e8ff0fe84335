"""Links relative to the page (render/filters.relative_to): the same as the plain walk up to the longest shared
folder and down again, whichever short cut the function takes."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render.filters import relative_to


def walked(page_url: str, target: str) -> str:
    """The reference: up out of the page's folder to the longest shared prefix, then down to the target."""
    if target.startswith(("http://", "https://", "mailto:", "#")):
        return target
    here = [part for part in ("/" + page_url).rsplit("/", 1)[0].split("/") if part]
    parts = target.lstrip("/").split("/")
    shared = 0
    while shared < len(here) and shared < len(parts) - 1 and here[shared] == parts[shared]:
        shared += 1
    return "../" * (len(here) - shared) + "/".join(parts[shared:]) or "./"


segment = st.sampled_from(["incidents", "components", "a", "b", "history", "2026", ""])
path = st.lists(segment, max_size=4).map("/".join)
target = st.one_of(path, path.map(lambda p: "/" + p), path.map(lambda p: p + "/"),
                   st.sampled_from(["https://x/", "http://x", "mailto:a@b", "#top", "", "/", "feed.atom"]))


@settings(max_examples=3000, deadline=None)
@given(path.map(lambda p: p + "/" if p else p), st.lists(target, min_size=1, max_size=6))
@example("incidents/a/", ["incidents/a/", "incidents/b/", "incidents/", "incidents", "components/x/", ""])
@example("", ["", "/", "incidents/a/", "index.html"])
@example("components/x/", ["components/x/", "components/y/", "components/", "incidents/a/"])
@example("history/2026/", ["history/", "history/2026/", "history/2025/", "history"])
def test_links_are_the_walk_up_and_down(page_url: str, targets: list[str]) -> None:
    url = relative_to(page_url)
    assert [url(t) for t in targets] == [walked(page_url, t) for t in targets]


def test_examples() -> None:
    url = relative_to("incidents/a/")
    assert [url("incidents/b/"), url("components/api/"), url("incidents/a/"), url(""), url("#x")] == [
        "../b/", "../../components/api/", "./", "../../", "#x"]
    assert relative_to("")("incidents/a/") == "incidents/a/"
    assert relative_to("")("") == "./"
