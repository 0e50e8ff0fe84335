"""The Subscribe page says which notification channels exist: names and kinds, never where they send."""

from __future__ import annotations

import html5lib

from generator.config import load_config
from tests.support.site_build import BuiltSite

from .helpers import REPO_ROOT


def test_the_subscribe_page_lists_each_channel_by_name_and_kind_only(built_site: BuiltSite) -> None:
    page = built_site.read_text("subscribe/")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    section = tree.find(".//section[@aria-labelledby='notifications']")
    assert section is not None, "no Notifications section"
    rows = [["".join(td.itertext()).strip() for td in tr.findall("td")] for tr in section.findall(".//tbody/tr")]
    config, _ = load_config(REPO_ROOT / "mkdocs.yml")
    names = [(tr.find("td").text or "").strip() for tr in section.findall(".//tbody/tr")]
    assert names == [c.name for c in config.channels]
    assert rows[0][0] == "community-slack#status in the Quillstack community Slack"   # name, then description
    assert [row[1] for row in rows] == [c.type.label for c in config.channels]
    assert rows[2][2] == "Incidents; all components"                        # community-discord: kinds
    assert rows[3][2] == "Incidents and maintenance; Public API, Sign-in and SSO, Webhooks"
    assert "X-Statuspress-Signature" in "".join(section.itertext())
    for channel in config.channels:                                       # never where or how it sends
        for secret_name in channel.env_names:
            assert secret_name not in page
    assert "smtp.quillstack.com" not in page and "status@quillstack.com" not in page
