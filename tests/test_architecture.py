"""The model and I/O layers never import textual: only tuireader/ui (and the CLI's lazy TUI
start) may. Checked two ways: statically over every module, and by importing them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tuireader"
ALLOWED = {PACKAGE / "ui", PACKAGE / "cli.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_textual_import_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if any(path == allowed or allowed in path.parents for allowed in ALLOWED):
            continue
        if any(name == "textual" or name.startswith("textual.") for name in _imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_core_modules_load_without_textual() -> None:
    code = (
        "import sys\n"
        "import tuireader.model, tuireader.sources, tuireader.store.config, "
        "tuireader.store.library, tuireader.store.cache, tuireader.ingest, tuireader.demo, "
        "tuireader.cli\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
