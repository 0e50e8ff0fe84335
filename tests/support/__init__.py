"""Shared test harness: build the example site once, serve it from loopback under its sub-path,
drive Debian's chromium through Playwright, and run third-party validators (Nu, jing/xmllint, axe-core).

Fixtures are registered from tests/conftest.py through `pytest_plugins`; the helpers are plain functions,
so feed and API tests can reuse them directly (e.g. `validators.validate_atom(paths)`).
"""
