from __future__ import annotations

from pathlib import Path

import pytest

from tuireader.cli import main
from tuireader.config.settings import ConfigError, default_config_text, load_config, parse_config
from tuireader.storage.home_paths import AppPaths, resolve_paths


def test_missing_config_is_created_with_commented_defaults(isolated_home: AppPaths) -> None:
    config = load_config(isolated_home.config_file)
    text = isolated_home.config_file.read_text()
    assert text == default_config_text()
    assert "# " in text  # the file explains its keys
    kinds = {s.kind for s in config.sources}
    assert {"arxiv", "biorxiv", "feed", "huggingface"} <= kinds
    assert config.ui.theme == "hubread-dark"
    assert config.retention_days == 90


def test_full_config_round_trip(tmp_path: Path) -> None:
    text = """
[ui]
theme = "hubread-light"
mark_read_delay = -1
sort = "upvotes"
[radar]
keywords = ["diffusion"]
authors = ["Ada Lovelace"]
[network]
timeout = 12.5
[network.hosts."export.arxiv.org"]
min_interval = 5
max_connections = 1
[cache]
retention_days = 30
[keys]
star = "f"
[[sources]]
name = "q"
kind = "arxiv-query"
query = "all:transformer"
max_results = 50
[[sources]]
name = "mirror"
kind = "arxiv"
categories = ["cs.AI"]
url = "http://127.0.0.1:8000/rss/cs.AI"
enabled = false
"""
    config = parse_config(text, tmp_path / "c.toml")
    assert config.ui.theme == "hubread-light" and config.ui.sort == "upvotes"
    assert config.radar.keywords == ("diffusion",)
    assert config.network.timeout == 12.5
    assert config.network.policy_for("export.arxiv.org").min_interval == 5
    assert config.network.policy_for("rss.arxiv.org").max_connections == 1  # arXiv default
    assert config.network.policy_for("www.nature.com").min_interval == 0
    assert config.retention_days == 30
    assert config.keys == {"star": "f"}
    assert config.source("q").max_results == 50
    mirror = config.source("mirror")
    assert mirror.url.startswith("http://127.0.0.1") and mirror.enabled is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[ui\ntheme = 1", "line 1"),
        ('[[sources]]\nname = "x"\nkind = "arxv"\ncategories = ["a"]', "unknown kind 'arxv'"),
        (
            '[[sources]]\nname = "x"\nkind = "arxiv"\ncategories = "cs.AI"',
            "categories must be a list of strings",
        ),
        ("[ui]\nthme = 'x'", "did you mean 'theme'"),
        ("[network]\ntimeout = 'soon'", "[network].timeout must be a number"),
        ('[[sources]]\nname = "x"\nkind = "feed"', "needs url"),
        ('[[sources]]\nname = "x"\nkind = "feed"\nurl = "file:///etc/passwd"', "http://"),
        (
            '[[sources]]\nname = "a"\nkind = "huggingface"\n[[sources]]\nname = "a"\n'
            'kind = "huggingface"',
            "names must be unique",
        ),
        ("[ui]\nsort = 'random'", "[ui].sort must be one of"),
        ("[ui]\nexport_dir = 3", "[ui].export_dir must be a folder path"),
    ],
)
def test_invalid_config_names_file_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "broken.toml"
    with pytest.raises(ConfigError) as info:
        parse_config(text, path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_export_dir_is_home_relative_or_next_to_the_config(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "config.toml"
    assert parse_config("", path).ui.export_dir is None  # the Downloads folder
    assert (
        parse_config("[ui]\nexport_dir = '~/papers'", path).ui.export_dir == Path.home() / "papers"
    )
    assert parse_config("[ui]\nexport_dir = 'out'", path).ui.export_dir == tmp_path / "conf" / "out"
    assert parse_config("[ui]\nexport_dir = '/srv/x'", path).ui.export_dir == Path("/srv/x")


def test_cli_exits_2_on_broken_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui]\ntheme = \n")
    assert main(["--config", str(path), "--data-dir", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "line 2" in err
    assert "Traceback" not in err
    assert path.read_text() == "[ui]\ntheme = \n"  # never rewritten


def test_paths_flags_beat_environment_beat_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBREAD_CONFIG", str(tmp_path / "env.toml"))
    monkeypatch.setenv("HUBREAD_DATA_DIR", str(tmp_path / "envdata"))
    assert resolve_paths().config_file == tmp_path / "env.toml"
    flagged = resolve_paths(tmp_path / "flag.toml", tmp_path / "flagdata")
    assert flagged.config_file == tmp_path / "flag.toml"
    assert flagged.library_file == tmp_path / "flagdata" / "library.json"
    monkeypatch.delenv("HUBREAD_CONFIG")
    monkeypatch.delenv("HUBREAD_DATA_DIR")
    default = resolve_paths()
    assert default.config_file.name == "config.toml"
    assert "hubread" in str(default.config_file) and "hubread" in str(default.data_dir)


def test_saving_a_symlinked_config_keeps_the_link(tmp_path: Path) -> None:
    from tuireader.config.editing import set_theme

    real = tmp_path / "dotfiles" / "hubread.toml"
    real.parent.mkdir()
    real.write_text('# mine\n[ui]\ntheme = "hubread-dark"\n')
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    set_theme(link, "hubread-light")
    assert link.is_symlink()
    assert real.read_text() == '# mine\n[ui]\ntheme = "hubread-light"\n'
    assert (real.parent / "hubread.toml.bak").read_text().endswith('"hubread-dark"\n')
    assert sorted(p.name for p in link.parent.iterdir()) == ["config.toml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[network]\nconcurrency = inf",
            "[network].concurrency must be a whole number from 1 to 64, got inf",
        ),
        ("[network]\nretries = inf", "[network].retries must be a whole number from 0 to 10"),
        ("[network]\nconcurrency = 2.5", "[network].concurrency must be a whole number"),
        (
            "[network]\ntimeout = nan",
            "[network].timeout must be a number from 0.1 to 3600, got nan",
        ),
        (
            "[network]\nconnect_timeout = 1e300",
            "[network].connect_timeout must be a number from 0.1 to 600, got 1e+300",
        ),
        ("[network]\nmax_body_mb = nan", "[network].max_body_mb must be a number from 0.001"),
        ("[network]\nmax_body_mb = -inf", "[network].max_body_mb must be a number"),
        (
            "[cache]\nretention_days = inf",
            "[cache].retention_days must be a whole number from 1 to 36500, got inf",
        ),
        ("[cache]\nretention_days = 99999999999", "got 99999999999"),
        (
            '[network.hosts."a.example"]\nmin_interval = nan',
            '[network.hosts."a.example"].min_interval must be a number from 0 to 3600',
        ),
        (
            '[network.hosts."a.example"]\nmax_connections = 0',
            '[network.hosts."a.example"].max_connections must be a whole number from 1 to 64',
        ),
        ("[ui]\nmark_read_delay = inf", "[ui].mark_read_delay must be a number from -1 to 3600"),
        ("[ui]\nrefresh_interval = nan", "[ui].refresh_interval must be a number from 0 to 10080"),
        (
            '[[sources]]\nname = "q"\nkind = "arxiv-query"\nquery = "x"\nmax_results = 1e9',
            '("q").max_results must be a whole number from 1 to 30000',
        ),
    ],
)
def test_numbers_must_be_finite_and_in_range(tmp_path: Path, text: str, expected: str) -> None:
    """`concurrency = inf` used to be accepted and fail every fetch with an
    OverflowError; `timeout = nan` with 'timed out after nan s'."""
    with pytest.raises(ConfigError) as info:
        parse_config(text, tmp_path / "config.toml")
    assert expected in str(info.value)


def test_whole_numbers_written_as_floats_and_the_limits_are_accepted(tmp_path: Path) -> None:
    config = parse_config(
        "[network]\nconcurrency = 8.0\nretries = 10\ntimeout = 3600\n"
        "[cache]\nretention_days = 36500\n[ui]\nmark_read_delay = -1\n",
        tmp_path / "config.toml",
    )
    assert (config.network.concurrency, config.network.retries) == (8, 10)
    assert type(config.network.concurrency) is int
    assert (config.network.timeout, config.retention_days) == (3600.0, 36500)


def test_fetch_with_an_infinite_number_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[network]\nconcurrency = inf\n")
    assert main(["fetch", "--config", str(path), "--data-dir", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hubread: {path}: [network].concurrency must be a whole number")
    assert "Traceback" not in err
