"""The build's "now": --at, else SOURCE_DATE_EPOCH, else the wall clock; always UTC, whole seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from generator import clock

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
NOON_EPOCH = "1795867200"


def test_the_epoch_constant_is_noon() -> None:
    assert datetime.fromtimestamp(int(NOON_EPOCH), UTC) == NOON


def test_at_wins_over_source_date_epoch() -> None:
    assert clock.now("2026-11-28T12:00:00Z", {"SOURCE_DATE_EPOCH": "0"}) == NOON


def test_source_date_epoch_wins_over_the_clock() -> None:
    assert clock.now(None, {"SOURCE_DATE_EPOCH": NOON_EPOCH}) == NOON


def test_empty_values_fall_through() -> None:
    assert clock.now("", {"SOURCE_DATE_EPOCH": NOON_EPOCH}) == NOON
    assert abs(clock.now(None, {"SOURCE_DATE_EPOCH": ""}) - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_clock_is_aware_utc_and_whole_seconds() -> None:
    value = clock.now(None, {})
    assert value.tzinfo is UTC
    assert value.microsecond == 0
    assert abs(value - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_real_environment_is_read_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOON_EPOCH)
    assert clock.now() == NOON


@pytest.mark.parametrize("text", ["2026-11-28T12:00:00Z", "2026-11-28T13:00:00+01:00",
                                  "2026-11-28T07:00:00-05:00", "2026-11-28 12:00:00+00:00",
                                  "2026-11-28T12:00Z", "2026-11-28T12:00:00.999Z"])
def test_at_is_converted_to_utc_whole_seconds(text: str) -> None:
    value = clock.parse_at(text)
    assert (value, value.tzinfo) == (NOON, UTC)


def test_at_now_is_the_clock() -> None:
    value = clock.parse_at("now")
    assert (value.tzinfo, value.microsecond) == (UTC, 0)
    assert abs(value - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize(("text", "message"), [
    ("2026-11-28T12:00:00", "time has no UTC offset: '2026-11-28T12:00:00' (add Z or +01:00)"),
    ("2026-11-28", "time has no UTC offset: '2026-11-28' (add Z or +01:00)"),
    ("tomorrow", "not an ISO 8601 time: 'tomorrow' (example: 2026-11-26T09:40:00Z)"),
    ("2026-11-31T12:00:00Z", "not an ISO 8601 time: '2026-11-31T12:00:00Z' (example: 2026-11-26T09:40:00Z)"),
    ("NOW", "not an ISO 8601 time: 'NOW' (example: 2026-11-26T09:40:00Z)"),
    ("0001-01-01T00:00:00+01:00", "time is out of range: '0001-01-01T00:00:00+01:00'"),
])
def test_bad_at_values(text: str, message: str) -> None:
    with pytest.raises(clock.ClockError) as caught:
        clock.now(text, {"SOURCE_DATE_EPOCH": NOON_EPOCH})
    assert str(caught.value) == message


@pytest.mark.parametrize("epoch", ["noon", "1.5", "99999999999999", "-99999999999999"])
def test_bad_source_date_epoch(epoch: str) -> None:
    with pytest.raises(clock.ClockError) as caught:
        clock.now(None, {"SOURCE_DATE_EPOCH": epoch})
    assert str(caught.value) == f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}"


def test_a_bad_source_date_epoch_does_not_matter_when_at_is_given() -> None:
    assert clock.now("2026-11-28T12:00:00Z", {"SOURCE_DATE_EPOCH": "noon"}) == NOON
