"""The GitHub workflows: valid against the workflow schema, pinned, least privilege.

They cannot run here, so their structure is checked: the vendored GitHub workflow
JSON schema (check-jsonschema, offline), every action pinned to a full commit SHA
with a version comment, explicit permissions per job, and the release rules.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
NAMES = ("ci.yml", "nightly.yml", "release.yml")
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")


def load(name: str) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    return {("on" if key is True else str(key)): value for key, value in raw.items()}


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = job.get("steps", [])
    return found


def test_workflows_match_the_github_schema() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *(str(WORKFLOWS / n) for n in NAMES),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_by_full_sha_with_a_version(name: str) -> None:
    uses = [
        m.groups()
        for line in (WORKFLOWS / name).read_text("utf-8").splitlines()
        if (m := USES.match(line))
    ]
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), (ref, comment)


@pytest.mark.parametrize("name", NAMES)
def test_least_privilege(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert "permissions" in job, job_name
        assert "timeout-minutes" in job, job_name
        for value in job["permissions"].values():
            assert value in ("read", "write", "none")
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        assert writes <= {"id-token", "contents"}, job_name
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, job_name


def test_ci_has_one_final_required_job() -> None:
    jobs = load("ci.yml")["jobs"]
    final = jobs["ci-ok"]
    assert final["if"] == "always()"
    assert sorted(final["needs"]) == sorted(j for j in jobs if j != "ci-ok")
    text = (WORKFLOWS / "ci.yml").read_text("utf-8")
    for command in (
        "ruff check",
        "ruff format --check",
        "mypy",
        "pytest",
        "generator check",
        "uv build",
        "twine check --strict dist/*",
    ):
        assert command in text, command


def test_nightly_opens_one_rolling_pr_with_the_changelog() -> None:
    workflow = load("nightly.yml")
    (cron,) = (s["cron"] for s in workflow["on"]["schedule"])
    minute = cron.split()[0]
    assert minute.isdigit() and int(minute) not in (0, 30), "schedule off the hour"
    assert "workflow_dispatch" in workflow["on"]
    (job,) = workflow["jobs"].values()
    names = [str(s.get("uses", s.get("run", ""))) for s in steps(job)]
    update = next(i for i, n in enumerate(names) if "generator update" in n)
    token = next(i for i, n in enumerate(names) if n.startswith("actions/create-github-app-token@"))
    pr = next(i for i, n in enumerate(names) if n.startswith("peter-evans/create-pull-request@"))
    # a failed update stops the job before any pull request (no `if: always()`)
    assert update < token < pr
    assert all("if" not in s for s in steps(job)[update:])
    options = steps(job)[pr]["with"]
    assert options["token"] == "${{ steps.app-token.outputs.token }}"
    assert options["branch"] == "bot/data-update"
    assert options["labels"].split() == ["data-update", "automated"]
    assert options["body-path"].endswith("pr-body.md")
    text = (WORKFLOWS / "nightly.yml").read_text("utf-8")
    assert "changelog --limit 65000" in text and "GITHUB_STEP_SUMMARY" in text


def test_release_checks_the_tag_and_uses_trusted_publishing() -> None:
    workflow = load("release.yml")
    assert list(workflow["on"]) == ["push"] and workflow["on"]["push"]["tags"]
    jobs = workflow["jobs"]
    build = "\n".join(str(s.get("run", "")) for s in steps(jobs["build"]))
    assert '"$TAG" != "$version"' in build and "llm_catalog.__version__" in build
    publish = jobs["publish"]
    assert "uses" not in publish  # trusted publishing cannot run from a reusable workflow
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert any(
        str(s.get("uses", "")).startswith("pypa/gh-action-pypi-publish@") for s in steps(publish)
    )
    assert not any("password" in s.get("with", {}) for s in steps(publish))
    release = jobs["github-release"]
    assert release["permissions"] == {"contents": "write"}
    (gh,) = (s for s in steps(release) if str(s.get("uses", "")).startswith("softprops/"))
    assert gh["with"]["body_path"] == "notes/release-notes.md"
    assert "generator changelog" in build
    # the publish action's own check runs before the artifact is uploaded
    assert build.index("twine check") < build.index("changelog")


def test_tag_pattern_matches_calver_versions() -> None:
    import fnmatch

    import llm_catalog

    (pattern,) = load("release.yml")["on"]["push"]["tags"]
    # GitHub's glob: `[0-9]` classes and `*`; fnmatch reads them the same way here
    assert fnmatch.fnmatchcase(llm_catalog.__version__, pattern)
    assert fnmatch.fnmatchcase("2026.7.2.1", pattern)
    assert not fnmatch.fnmatchcase("v2026.7.2", pattern)


def test_workflow_files_are_the_only_ones() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == sorted(NAMES)


def zizmor_findings() -> list[dict[str, Any]]:
    """zizmor's findings on .github/ (workflows and dependabot.yml), offline."""
    import json
    from pathlib import Path

    zizmor = Path(sys.executable).parent / "zizmor"
    assert zizmor.exists(), "zizmor is a dev dependency (uv sync)"
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", "--format", "json", str(REPO / ".github")],
        capture_output=True,
        text=True,
        check=False,
    )
    # exit codes 11-14 mean "findings of some severity"; anything else is a failure
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def test_zizmor_reports_no_high_finding() -> None:
    high = [
        (f["ident"], f["desc"], [loc["concrete"]["feature"] for loc in f["locations"]])
        for f in zizmor_findings()
        if f["determinations"]["severity"] == "High"
    ]
    assert high == []


def test_app_token_is_scoped_to_this_repository_and_two_permissions() -> None:
    (job,) = load("nightly.yml")["jobs"].values()
    (token,) = (
        s
        for s in steps(job)
        if str(s.get("uses", "")).startswith("actions/create-github-app-token@")
    )
    scoped = {k: v for k, v in token["with"].items() if k.startswith("permission-")}
    assert scoped == {"permission-contents": "write", "permission-pull-requests": "write"}
    assert token["with"]["repositories"] == "${{ github.event.repository.name }}"
    assert token["with"]["owner"] == "${{ github.repository_owner }}"


def test_tag_publishing_workflow_uses_no_cache() -> None:
    for job_name, job in load("release.yml")["jobs"].items():
        for step in steps(job):
            uses = str(step.get("uses", ""))
            assert not uses.startswith("actions/cache@"), job_name
            if uses.startswith("astral-sh/setup-uv@"):
                assert step["with"]["enable-cache"] is False, job_name


def test_dependabot_keeps_actions_and_the_lock_moving() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"github-actions", "uv"}
    for update in ecosystems.values():
        assert update["directory"] == "/"
        assert update["cooldown"]["default-days"] >= 1
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.dependabot",
            str(REPO / ".github" / "dependabot.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nightly_pulls_every_source_and_keeps_the_documents() -> None:
    """`--live` pulls OpenRouter and LiteLLM too; the documents pulled are uploaded
    (their sha256 are the manifest's) before the pull request is made."""
    (job,) = load("nightly.yml")["jobs"].values()
    runs = [str(s.get("run", "")) for s in steps(job)]
    (update,) = (r for r in runs if "generator update" in r)
    assert "--live" in update.split()
    kept = update.split("--keep-documents", 1)[1].split()[0].strip('"')
    uploads = [
        s for s in steps(job) if str(s.get("uses", "")).startswith("actions/upload-artifact@")
    ]
    (upload,) = uploads
    assert upload["with"]["path"].rstrip("/") == kept.replace(
        "$RUNNER_TEMP", "${{ runner.temp }}"
    ).rstrip("/")
    assert upload["with"]["name"].startswith("upstream-documents-")


def test_ci_rehearses_the_nightly_pull_request() -> None:
    """Its own job runs the whole suite after a later feed (tests/nightly_simulation.py);
    `.ci/run` does too, after the suite."""
    jobs = load("ci.yml")["jobs"]
    simulation = [
        name
        for name, job in jobs.items()
        if any("tests.nightly_simulation" in str(s.get("run", "")) for s in steps(job))
    ]
    assert len(simulation) == 1
    assert simulation[0] in jobs["ci-ok"]["needs"]
    script = (REPO / ".ci" / "run").read_text("utf-8")
    assert script.index("uv run --locked pytest") < script.index("tests.nightly_simulation")


def test_release_attaches_the_catalog_document_and_its_digest() -> None:
    """`generator bundle` runs in the build job (its digest checked, the document read
    back by `Catalog.load`), and the GitHub release attaches both files."""
    jobs = load("release.yml")["jobs"]
    build = steps(jobs["build"])
    (bundling,) = (s for s in build if "generator bundle" in str(s.get("run", "")))
    run = bundling["run"]
    assert "--out bundle" in run and "sha256sum --check" in run and "Catalog.load" in run
    uploads = {
        s["with"]["name"]: s["with"]["path"]
        for s in build
        if str(s.get("uses", "")).startswith("actions/upload-artifact@")
    }
    assert uploads["bundle"] == "bundle/"
    release = steps(jobs["github-release"])
    downloads = {
        s["with"]["name"]: s["with"]["path"]
        for s in release
        if str(s.get("uses", "")).startswith("actions/download-artifact@")
    }
    assert downloads["bundle"] == "bundle/"
    (gh,) = (s for s in release if str(s.get("uses", "")).startswith("softprops/"))
    assert gh["with"]["files"].split() == ["dist/*", "bundle/*"]
