"""The layers of the package: dependencies run one way, and only tuireader/ui imports textual.

The contracts live in pyproject.toml ([tool.importlinter]); this test runs them, so the README's
test command checks the architecture as CI does. The second test imports the core modules
and checks that textual really stays unloaded (the CLI starts the TUI lazily).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, whatever is installed
    result = subprocess.run([str(lint)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_modules_load_without_textual() -> None:
    code = (
        "import sys\n"
        "import tuireader.model, tuireader.kinds, tuireader.config.settings\n"
        "import tuireader.storage.library, tuireader.storage.cache, tuireader.fetch.ingest\n"
        "import tuireader.demo, tuireader.cli\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
