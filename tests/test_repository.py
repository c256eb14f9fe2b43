"""Promises about the repository itself: the README's commands, CI, lint."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    first_screen = readme.split("\n---\n", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", first_screen)


def test_readme_first_screen_has_exactly_two_commands() -> None:
    install_run, install_test = _readme_commands()
    assert "hubread --demo" in install_run
    assert "pytest" in install_test


def test_ci_runs_the_readme_test_command() -> None:
    """CI installs exactly as the README says and runs the README's test command (with the
    other checks around it), so what passes in CI passes for a developer too."""
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    *install, test = _readme_commands()[1].split(" && ")
    assert " && ".join(install) in ci.splitlines()
    commands = [line.split("#", 1)[0] for line in ci.splitlines()]
    assert any(re.search(rf"(^|\s){re.escape(test)}(\s|$)", line) for line in commands)


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "tuireader", "tests", "docs", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_changelog_has_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in text
