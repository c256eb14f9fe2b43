"""``config.toml``: read with tomllib, validated into typed, immutable settings.

Any problem (bad TOML, an unknown kind or key, a wrong type) becomes a ``ConfigError`` whose
message names the file, the key or line, and what was expected; the CLI prints it and exits
with status 2. A missing file is created from the commented default. The larger tables
are read by modules of their own (``radar_settings``, ``llm_settings``, ``zotero_settings``,
``radar_embeddings``, ``pdf_settings``) through ``table_reader``; ``ConfigError`` and
``LLMConfig`` stay importable from here, where most callers (the reader too) take them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tuireader.atomic_files import atomic_write
from tuireader.config.llm_settings import LLMConfig, read_llm
from tuireader.config.pdf_settings import PDF_KEYS, pdf_folder
from tuireader.config.radar_settings import RadarConfig, read_radar
from tuireader.config.saved_searches import SavedSearch, read_searches
from tuireader.config.table_reader import ConfigError, TableReader
from tuireader.config.zotero_settings import ZOTERO_KEYS, ZoteroConfig, read_zotero
from tuireader.kinds.registry import ALL_KIND_KEYS, KINDS
from tuireader.kinds.source import SourceConfig
from tuireader.links import http_url_problem

SORT_ORDERS = ("date", "source", "upvotes")
MARK_READ_MODES = ("auto", "manual")  # [ui].mark_read: see ui/auto_read.py
MINUTES_PER_WEEK = 7 * 24 * 60  # the longest [ui].refresh_interval


@dataclass(frozen=True, slots=True)
class UIConfig:
    theme: str = "hubread-dark"
    mark_read_delay: float = 1.5
    mark_read: str = "auto"  # "manual": only m and A mark papers read
    refresh_interval: float = 60.0
    sort: str = "date"
    export_dir: Path | None = None  # where `e` writes; None: the Downloads folder
    pdf_dir: Path | None = None  # where `P` saves PDFs; None: the Downloads folder
    pdf_max_mb: float = 100.0  # a larger PDF is refused


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """Politeness for one host: seconds between requests and simultaneous connections."""

    min_interval: float = 0.0
    max_connections: int = 4


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    connect_timeout: float = 10.0
    timeout: float = 30.0
    concurrency: int = 8
    max_body_mb: float = 50.0
    retries: int = 1
    hosts: dict[str, HostPolicy] = field(default_factory=dict)

    def policy_for(self, host: str) -> HostPolicy:
        """The configured policy for ``host``; arXiv's terms for arxiv.org hosts by default."""
        if host in self.hosts:
            return self.hosts[host]
        if host == "arxiv.org" or host.endswith(".arxiv.org"):
            return HostPolicy(min_interval=3.0, max_connections=1)
        return HostPolicy()


@dataclass(frozen=True, slots=True)
class Config:
    """Everything in config.toml, validated."""

    path: Path
    ui: UIConfig = UIConfig()
    radar: RadarConfig = field(default_factory=RadarConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    retention_days: int = 90
    keys: dict[str, str] = field(default_factory=dict)
    sources: tuple[SourceConfig, ...] = ()
    searches: tuple[SavedSearch, ...] = ()  # [[searches]]: saved searches, never fetched
    llm: LLMConfig | None = None  # None: no [llm] table, every LLM feature is absent
    zotero: ZoteroConfig = field(default_factory=ZoteroConfig)

    def source(self, name: str) -> SourceConfig | None:
        return next((s for s in self.sources if s.name == name), None)

    def search(self, name: str) -> SavedSearch | None:
        return next((s for s in self.searches if s.name == name), None)

    def sources_to_refresh(self, names: Sequence[str] | None = None) -> list[SourceConfig]:
        """The sources named (disabled ones too), or every enabled one."""
        if names:
            return [s for s in self.sources if s.name in names]
        return [s for s in self.sources if s.enabled]


def default_config_text() -> str:
    return resources.files("tuireader.config").joinpath("default_config.toml").read_text("utf-8")


def _read_source(path: Path, index: int, table: Any) -> SourceConfig:
    """One ``[[sources]]`` table; its kind says which keys it takes and what they need."""
    where = f"[[sources]] #{index}"
    base = {"name", "kind", "url", "enabled", "tags"}
    raw_kind = table.get("kind") if isinstance(table, dict) else None
    known = KINDS.get(raw_kind) if isinstance(raw_kind, str) else None
    reader = TableReader(path, where, table, base | set(known.keys if known else ALL_KIND_KEYS))
    name = reader.get("name", str, "", "a non-empty string").strip()
    if not name:
        reader.fail(f'{where} needs a name = "..."')
    if not name.isprintable():  # it is printed in every list and message
        reader.fail(f"{where}.name must not contain control characters, got {name!r}")
    reader.where = f'{where} ("{name}")'
    kind = reader.get("kind", str, "", "a string")
    if known is None:
        reader.fail(f"{reader.where}: unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    for key, required in known.keys.items():
        if required and key not in table:
            reader.fail(f"{reader.where}: kind {kind!r} needs {key} = ...")
    categories = reader.string_list("categories")
    url = reader.get("url", str, "", "a string").strip()
    source = SourceConfig(
        name=name,
        kind=kind,
        categories=categories,
        query=reader.get("query", str, "", "a string"),
        max_results=reader.whole("max_results", 100, minimum=1, maximum=30000),
        subject=reader.get("subject", str, "", "a string"),
        date=reader.get("date", str, "", 'a date as "YYYY-MM-DD"'),
        url=url,
        enabled=reader.get("enabled", bool, True, "true or false"),
        tags=reader.string_list("tags"),
    )
    for kind_problem in known.problems(source):
        reader.fail(f"{reader.where}.{kind_problem}")
    if url and (url_trouble := http_url_problem(url)):
        reader.fail(
            f"{reader.where}.url must be an http:// or https:// address: {url_trouble}, got {url!r}"
        )
    return source


def _folder(config_path: Path, text: str) -> Path | None:
    """A folder setting: ``~`` is home, a relative path is next to the config file."""
    if not text.strip():
        return None
    folder = Path(text.strip()).expanduser()
    return folder if folder.is_absolute() else config_path.parent / folder


def parse_config(text: str, path: Path) -> Config:
    """Validate config text; raises ``ConfigError`` naming ``path`` and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    top = TableReader(
        path,
        "the top level",
        data,
        {"ui", "radar", "network", "cache", "keys", "sources", "searches", "llm", "zotero"},
    )
    ui = TableReader(
        path,
        "[ui]",
        data.get("ui", {}),
        {
            "theme",
            "mark_read_delay",
            "mark_read",
            "refresh_interval",
            "sort",
            "export_dir",
            *PDF_KEYS,
        },
    )
    sort = ui.get("sort", str, "date", "a string")
    if sort not in SORT_ORDERS:
        ui.fail(f"[ui].sort must be one of {', '.join(SORT_ORDERS)}, got {sort!r}")
    mark_read = ui.get("mark_read", str, "auto", "a string")
    if mark_read not in MARK_READ_MODES:
        ui.fail(f'[ui].mark_read must be "auto" or "manual", got {mark_read!r}')
    net = TableReader(
        path,
        "[network]",
        data.get("network", {}),
        {"connect_timeout", "timeout", "concurrency", "max_body_mb", "retries", "hosts"},
    )
    hosts: dict[str, HostPolicy] = {}
    for host, table in net.get("hosts", dict, {}, "a table of hosts").items():
        h = TableReader(
            path, f'[network.hosts."{host}"]', table, {"min_interval", "max_connections"}
        )
        hosts[host] = HostPolicy(
            min_interval=h.number("min_interval", 0.0, minimum=0, maximum=3600),
            max_connections=h.whole("max_connections", 4, minimum=1, maximum=64),
        )
    cache = TableReader(path, "[cache]", data.get("cache", {}), {"retention_days"})
    keys_table = top.get("keys", dict, {}, "a table")
    for action, keys in keys_table.items():
        if not isinstance(keys, str) or not keys.strip():
            top.fail(f'[keys].{action} must be a string of keys such as "s" or "m,space"')
    raw_sources = top.get("sources", list, [], "an array of [[sources]] tables")
    sources = tuple(_read_source(path, i, t) for i, t in enumerate(raw_sources, start=1))
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            top.fail(f"two [[sources]] are named {source.name!r}; names must be unique")
        seen.add(source.name)
    return Config(
        path=path,
        ui=UIConfig(
            theme=ui.get("theme", str, "hubread-dark", "a theme name"),
            mark_read_delay=ui.number("mark_read_delay", 1.5, minimum=-1, maximum=3600),
            mark_read=mark_read,
            refresh_interval=ui.number(
                "refresh_interval", 60.0, minimum=0, maximum=MINUTES_PER_WEEK
            ),
            sort=sort,
            export_dir=_folder(path, ui.get("export_dir", str, "", "a folder path")),
            pdf_dir=pdf_folder(ui, _folder(path, ui.get("pdf_dir", str, "", "a folder path"))),
            pdf_max_mb=ui.number("pdf_max_mb", 100.0, minimum=0.1, maximum=4096),
        ),
        radar=read_radar(path, data.get("radar", {})),
        network=NetworkConfig(
            connect_timeout=net.number("connect_timeout", 10.0, minimum=0.1, maximum=600),
            timeout=net.number("timeout", 30.0, minimum=0.1, maximum=3600),
            concurrency=net.whole("concurrency", 8, minimum=1, maximum=64),
            max_body_mb=net.number("max_body_mb", 50.0, minimum=0.001, maximum=4096),
            retries=net.whole("retries", 1, minimum=0, maximum=10),
            hosts=hosts,
        ),
        retention_days=cache.whole("retention_days", 90, minimum=1, maximum=36500),
        keys=dict(keys_table),
        sources=sources,
        searches=read_searches(data.get("searches", []), seen, top.fail),
        llm=read_llm(path, data["llm"]) if "llm" in data else None,
        zotero=read_zotero(TableReader(path, "[zotero]", data.get("zotero", {}), ZOTERO_KEYS)),
    )


def load_config(path: Path, *, create: bool = True) -> Config:
    """Read ``path``; a missing file is first created from the commented default."""
    if not path.exists():
        if not create:
            raise ConfigError(f"{path}: no such file")
        try:
            atomic_write(path, default_config_text().encode("utf-8"), backup=False)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot create the default config: {exc}") from None
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_config(text, path)
