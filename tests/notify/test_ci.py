"""publish.yml runs notify after a successful deploy with the secrets mkdocs.yml names, publishes the
ledger even when a channel failed, and docs/deploy.md documents every secret; pr.yml shows the plan."""

from __future__ import annotations

from typing import Any

import yaml

from generator.config import load_config

from .helpers import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def workflow(name: str) -> dict[Any, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def step(job: dict[str, Any], run: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if run in s.get("run", ""))


def test_publish_prepares_before_the_deploy_and_notifies_after_it() -> None:
    jobs = workflow("publish.yml")["jobs"]
    build = [s.get("run", s.get("uses", "")) for s in jobs["build"]["steps"]]
    prepare = next(i for i, s in enumerate(build) if "statuspress notify --prepare" in s)
    upload = next(i for i, s in enumerate(build) if s.startswith("actions/upload-pages-artifact"))
    public = next(i for i, s in enumerate(build) if s.startswith("statuspress build --site-dir site "))
    assert public < prepare < upload
    notify = jobs["notify"]
    assert notify["needs"] == "deploy"
    assert notify["permissions"]["pages"] == "write" and notify["environment"]["name"] == "github-pages"
    send = step(notify, "statuspress notify --site-dir site")
    assert "--dry-run" not in send["run"] and "--prepare" not in send["run"]
    later = notify["steps"][notify["steps"].index(send) + 1:]
    redeploy = [s for s in later if s.get("uses", "").startswith(("actions/upload-pages-artifact",
                                                                   "actions/deploy-pages"))]
    assert len(redeploy) == 2
    assert all("!cancelled()" in s["if"] for s in redeploy)          # also after a channel failed


def test_every_secret_the_example_names_is_passed_from_ci_secrets_and_documented() -> None:
    config, _ = load_config(REPO_ROOT / "mkdocs.yml")
    names = {name for channel in config.channels for name in channel.env_names}
    send = step(workflow("publish.yml")["jobs"]["notify"], "statuspress notify --site-dir site")
    assert send["env"] == {name: f"${{{{ secrets.{name} }}}}" for name in sorted(names)}
    deploy_doc = (REPO_ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in names:
        assert f"`{name}`" in deploy_doc, f"docs/deploy.md does not document {name}"


def test_pull_requests_show_which_channels_a_merge_would_notify() -> None:
    check = workflow("pr.yml")["jobs"]["check"]
    dry = step(check, "statuspress notify --dry-run --format markdown")
    post = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/github-script"))
    assert check["steps"].index(dry) < check["steps"].index(post)      # in the comment, not only the log
    assert "summary.md" in dry["run"]
