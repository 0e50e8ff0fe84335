"""Fixtures shared by the whole suite.

The harness lives in tests/support/ (one module per job); its fixtures are registered here:
- site_build: `built_site` (the example site built once per session at EXAMPLE_AT), `example_model`
  (the derived model it came from), `example_at`; `built_internal_site` and `internal_model`, the same
  for `statuspress build --audience internal`;
- server: `site_server` (that site served from 127.0.0.1 under its sub-path, /status/),
  `internal_site_server` (the internal build);
- browser: `chromium` (Debian's chromium via Playwright), `open_page` (a fresh context per page that
  blocks and records third-party requests, console errors and page errors), `open_internal_page`;
- validators: `vnu`, `atom_schema` (skip with a reason when the tool is missing) and the helpers
  `run_vnu`, `validate_atom`, `run_axe`.
"""

pytest_plugins = [
    "tests.support.site_build",
    "tests.support.server",
    "tests.support.browser",
    "tests.support.validators",
]
