"""When a refresh starts its parse processes: before the first response only when it will
surely parse (several feeds, some never fetched); never for a run of 304s and identical
bodies, which is what most cron runs are."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tuireader.commands import fetch
from tuireader.config.settings import parse_config
from tuireader.fetch import parse_pool
from tuireader.fetch.parse_pool import will_parse
from tuireader.storage.cache import SourceState
from tuireader.storage.home import open_stores
from tuireader.storage.home_paths import AppPaths

CONFIG = "".join(
    f'[[sources]]\nname = "s{i}"\nkind = "{kind}"\nurl = "http://127.0.0.1:9/{i}"\n'
    f'{extra}\n' for i, (kind, extra) in enumerate([
        ("arxiv", 'categories = ["cs.AI"]'), ("feed", ""), ("biorxiv", 'subject = "x"'),
        ("arxiv-query", 'query = "all:x"')]))


def _states(*fetched: str) -> dict[str, SourceState]:
    return {name: SourceState(name, body_hash="h") for name in fetched}


def test_only_several_feeds_with_one_never_fetched_start_the_pool_early(
        tmp_path: Path) -> None:
    sources = parse_config(CONFIG, tmp_path / "config.toml").sources
    assert will_parse(sources, {})  # a first fetch
    assert will_parse(sources, _states("s0", "s1"))  # s2 was never fetched
    assert not will_parse(sources, _states("s0", "s1", "s2"))  # an API query is no feed
    assert not will_parse(sources[:2], {})  # two feeds rarely need processes


def test_fetch_starts_the_fork_server_first_thing_only_when_it_will_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[bool] = []
    monkeypatch.setattr(parse_pool, "start_helpers", lambda: started.append(True))
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    stores = open_stores(AppPaths(config, tmp_path / "data"))
    try:
        sources = stores.config.sources_to_refresh(None)
        fetch._start_parse_processes(stores, sources)
        assert started == [True]
        for name in ("s0", "s1", "s2"):
            stores.cache.record_success(name, body_hash="h")
        fetch._start_parse_processes(stores, sources)
        assert started == [True]  # every feed has a body to compare with: not yet
    finally:
        stores.close()


def test_a_pool_closed_while_its_workers_start_leaves_no_traceback(tmp_path: Path) -> None:
    """A quick fetch of a few new, small feeds warms the pool and closes it before the
    workers are up. They must still start and stop cleanly, printing nothing."""
    script = tmp_path / "warm_and_close.py"
    script.write_text(textwrap.dedent(f"""
        from pathlib import Path

        from tuireader.fetch.parse_pool import ParsePool

        if __name__ == "__main__":
            pool = ParsePool(2, Path({str(tmp_path / "cache.sqlite3")!r}))
            pool.warm()
            pool.close()
    """))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=60, env=env)
    assert (result.returncode, result.stderr) == (0, "")
