"""How moments are spelt (clock.format_utc, clock.human_time, the `time` filter): the same text as the
strftime spelling they replace, in every month, hour and offset, and one tag per UTC moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import jinja2
import pytest

from generator import clock
from generator.render import filters

OFFSETS = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-11))]
MOMENTS = [datetime(year, month, day, hour, minute, second, tzinfo=tz)
           for year in (1970, 2026, 2099) for month in range(1, 13) for day in (1, 28)
           for hour, minute, second in ((0, 0, 0), (9, 5, 7), (12, 30, 59), (23, 59, 1)) for tz in OFFSETS]


def _strftime_utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _strftime_human(value: datetime, clock_name: str, date: bool) -> str:
    value = value.astimezone(UTC)
    hour = value.strftime("%I:%M %p").lstrip("0") if clock_name == "12h" else value.strftime("%H:%M")
    return (f"{value.day} {value.strftime('%b %Y')}, " if date else "") + f"{hour} UTC"


def test_format_utc_spells_as_strftime() -> None:
    assert [clock.format_utc(value) for value in MOMENTS] == [_strftime_utc(value) for value in MOMENTS]


@pytest.mark.parametrize("clock_name", clock.CLOCKS)
@pytest.mark.parametrize("date", [True, False])
def test_human_time_spells_as_strftime_in_the_c_locale(clock_name: str, date: bool) -> None:
    assert [clock.human_time(value, clock_name, date) for value in MOMENTS] == [
        _strftime_human(value, clock_name, date) for value in MOMENTS]


def test_examples() -> None:
    moment = datetime(2026, 11, 28, 21, 6, tzinfo=timezone(timedelta(hours=1)))
    assert clock.format_utc(moment) == "2026-11-28T20:06:00Z"
    assert clock.human_time(moment) == "28 Nov 2026, 20:06 UTC"
    assert clock.human_time(moment, "12h") == "28 Nov 2026, 8:06 PM UTC"
    assert clock.human_time(moment, "12h", date=False) == "8:06 PM UTC"
    assert clock.format_utc(datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC)) == _strftime_utc(
        datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC))


def _render(value: datetime, clock_name: str) -> str:
    env = jinja2.Environment(autoescape=True)
    filters.install(env)
    site = SimpleNamespace(config=SimpleNamespace(clock=clock_name))
    return env.from_string("{{ value | time }}|{{ value | time('soon & <b>') }}").render(value=value, site=site)


def test_the_time_tag_is_the_same_moment_in_any_offset_and_follows_the_clock() -> None:
    utc = datetime(2026, 11, 28, 20, 6, tzinfo=UTC)
    expected = ('<time datetime="2026-11-28T20:06:00Z" data-sp-clock="24h">28 Nov 2026, 20:06 UTC</time>|'
                '<time datetime="2026-11-28T20:06:00Z">soon &amp; &lt;b&gt;</time>')
    assert _render(utc, "24h") == expected
    # equal datetimes in other offsets share a cached tag: it must be the UTC one for both
    assert _render(utc.astimezone(timezone(timedelta(hours=-3))), "24h") == expected
    assert _render(utc.astimezone(timezone(timedelta(hours=9))), "12h") == (
        '<time datetime="2026-11-28T20:06:00Z" data-sp-clock="12h">28 Nov 2026, 8:06 PM UTC</time>|'
        '<time datetime="2026-11-28T20:06:00Z">soon &amp; &lt;b&gt;</time>')
