"""A frame's links to pages beside the page (theme_pages.Shell.links_to), found once per shell: the same
answer as looking for the link in the frame's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.theme_pages import Shell

PIECES = st.text(alphabet='"./ab-1<>=', max_size=30)


def in_text(shell: Shell, stem: str) -> bool:
    return any(f'"../{stem}/' in part for part in shell.parts[0::2])


@given(literal=st.lists(PIECES, min_size=1, max_size=5), stem=st.from_regex(r"[a-z0-9][a-z0-9-]{0,3}", fullmatch=True))
def test_links_to_is_a_search_of_the_frames_text(literal: list[str], stem: str) -> None:
    parts: list[str] = []
    for i, text in enumerate(literal):
        parts += [text, "body"] if i < len(literal) - 1 else [text]
    shell = Shell(tuple(parts))
    assert shell.links_to(stem) == in_text(shell, stem)


def test_a_link_in_the_banner_is_found_and_one_in_a_value_is_not() -> None:
    shell = Shell(('<a href="../2026-11-26-api/">API</a> <a href="../../feed.atom">', "title",
                   '<a href="../x/y/">', "stem"))
    assert shell.links_to("2026-11-26-api") and shell.links_to("x")
    assert not shell.links_to("feed.atom") and not shell.links_to("y") and not shell.links_to("title")
