"""``config.toml``: read with tomllib, validated into typed, immutable settings.

Any problem (bad TOML, an unknown kind or key, a wrong type) becomes a ``ConfigError`` whose
message names the file, the key or line, and what was expected; the CLI prints it and exits
with status 2. A missing file is created from the commented default.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from tuireader.atomic_files import atomic_write
from tuireader.config.pdf_settings import PDF_KEYS, pdf_folder
from tuireader.config.radar_embeddings import (
    EMBEDDINGS_KEYS,
    EmbeddingsConfig,
    read_embeddings,
)
from tuireader.config.saved_searches import SavedSearch, read_searches
from tuireader.config.zotero_settings import ZOTERO_KEYS, ZoteroConfig, read_zotero
from tuireader.kinds.registry import ALL_KIND_KEYS, KINDS
from tuireader.kinds.source import SourceConfig
from tuireader.links import http_url_problem

SORT_ORDERS = ("date", "source", "upvotes")
MARK_READ_MODES = ("auto", "manual")  # [ui].mark_read: see ui/auto_read.py
MINUTES_PER_WEEK = 7 * 24 * 60  # the longest [ui].refresh_interval


class ConfigError(Exception):
    """The config file cannot be used; the message is meant for the user as it is."""


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
class RadarTerm:
    """A keyword (a word or a phrase) or an author the radar lifts, by ``weight``."""

    term: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class RadarMute:
    """What the radar sinks and hides, newsboat-killfile style."""

    words: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


RADAR_DAYS = 3  # Monday's radar shows the weekend's papers
RADAR_THRESHOLD = 1.0  # as good as a keyword in the title (or one spread of the learned model)


@dataclass(frozen=True, slots=True)
class RadarConfig:
    keyword_rules: tuple[RadarTerm, ...] = ()
    author_rules: tuple[RadarTerm, ...] = ()
    mute: RadarMute = RadarMute()
    days: int = RADAR_DAYS  # 0: every cached paper
    threshold: float = RADAR_THRESHOLD
    embeddings: EmbeddingsConfig | None = None  # None: no embeddings_url, no semantic evidence

    @property
    def keywords(self) -> tuple[str, ...]:
        """The keywords as plain terms, for highlighting abstracts and digests."""
        return tuple(t.term for t in self.keyword_rules)

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.author_rules)


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
class LLMConfig:
    """An OpenAI-compatible chat-completions server for briefs and TL;DRs.

    The key is never here: ``api_key_env`` names the environment variable that holds it.
    """

    base_url: str
    model: str
    api_key_env: str = ""
    language: str = ""  # "": the UI's language (English)
    max_papers: int = 20
    timeout: float = 120.0  # seconds without a byte from the server: a stalled stream
    temperature: float = 0.2
    rerank: bool = False
    brief_prompt: str = ""  # "": the built-in prompt of tuireader.briefing.prompts


LLM_KEYS = {
    "base_url",
    "model",
    "api_key_env",
    "language",
    "max_papers",
    "timeout",
    "temperature",
    "rerank",
    "brief_prompt",
}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything in config.toml, validated."""

    path: Path
    ui: UIConfig = UIConfig()
    radar: RadarConfig = RadarConfig()
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


class _Reader:
    """Typed access to one TOML table, with messages that say where a bad value is."""

    def __init__(self, path: Path, where: str, table: Any, allowed: set[str]) -> None:
        self.path, self.where = path, where
        if not isinstance(table, dict):
            self.fail(f"{where} must be a table")
        self.table: dict[str, Any] = table
        for key in table:
            if key not in allowed:
                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                did_you_mean = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.fail(
                    f"unknown key {key!r} in {where}{did_you_mean}; "
                    f"expected one of: {', '.join(sorted(allowed))}"
                )

    def fail(self, message: str) -> NoReturn:
        raise ConfigError(f"{self.path}: {message}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any, what: str) -> Any:
        if key not in self.table:
            return default
        value = self.table[key]
        bad_bool = isinstance(value, bool) and bool not in (
            kind if isinstance(kind, tuple) else (kind,)
        )
        if not isinstance(value, kind) or bad_bool:
            self.fail(f"{self.where}.{key} must be {what}, got {value!r}")
        return value

    def number(self, key: str, default: float, *, minimum: float, maximum: float) -> float:
        """The number at ``key``: finite and within [minimum, maximum], or a ConfigError
        naming the key and the range (TOML allows ``inf`` and ``nan``, which would make
        every fetch fail later with a message that names no setting)."""
        return float(self._in_range(key, default, minimum, maximum, whole=False))

    def whole(self, key: str, default: int, *, minimum: int, maximum: int) -> int:
        """Like ``number``, for a count: a whole number (``8.0`` is accepted as 8)."""
        return int(self._in_range(key, default, minimum, maximum, whole=True))

    def _in_range(
        self, key: str, default: float, minimum: float, maximum: float, *, whole: bool
    ) -> float:
        what = "a whole number" if whole else "a number"
        value = self.get(key, (int, float), default, what)
        finite = isinstance(value, int) or math.isfinite(value)
        if (
            not finite
            or not minimum <= value <= maximum
            or (whole and isinstance(value, float) and not value.is_integer())
        ):
            self.fail(
                f"{self.where}.{key} must be {what} from {minimum:g} to {maximum:g}, got {value!r}"
            )
        return value

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.get(key, list, [], "a list of strings")
        if not all(isinstance(v, str) for v in value):
            self.fail(f"{self.where}.{key} must be a list of strings, got {value!r}")
        return tuple(value)


def _radar_terms(reader: _Reader, key: str) -> tuple[RadarTerm, ...]:
    """``["diffusion", {term = "protein design", weight = 2}]``: strings weigh 1."""
    what = 'a list of strings or {term = "...", weight = N} tables'
    terms: list[RadarTerm] = []
    for i, item in enumerate(reader.get(key, list, [], what)):
        where = f"{reader.where}.{key}[{i}]"
        if isinstance(item, dict):
            entry = _Reader(reader.path, where, item, {"term", "weight"})
            term = entry.get("term", str, "", "a non-empty string")
            weight = entry.number("weight", 1.0, minimum=-100, maximum=100)
        elif isinstance(item, str):
            term, weight = item, 1.0
        else:
            reader.fail(
                f"{where} must be a string or a {{term = ..., weight = ...}} table, got {item!r}"
            )
        if not term.strip():
            reader.fail(f"{where} needs a non-empty term, got {term!r}")
        terms.append(RadarTerm(term.strip(), weight))
    return tuple(terms)


def _read_radar(path: Path, table: Any) -> RadarConfig:
    radar = _Reader(
        path,
        "[radar]",
        table,
        {"keywords", "authors", "mute", "days", "threshold"} | EMBEDDINGS_KEYS,
    )
    mute = _Reader(
        path,
        "[radar].mute",
        radar.get("mute", dict, {}, "a table"),
        {"words", "authors", "categories", "sources"},
    )
    return RadarConfig(
        keyword_rules=_radar_terms(radar, "keywords"),
        author_rules=_radar_terms(radar, "authors"),
        mute=RadarMute(
            mute.string_list("words"),
            mute.string_list("authors"),
            mute.string_list("categories"),
            mute.string_list("sources"),
        ),
        days=radar.whole("days", RADAR_DAYS, minimum=0, maximum=36500),
        threshold=radar.number("threshold", RADAR_THRESHOLD, minimum=-1000, maximum=1000),
        embeddings=read_embeddings(radar),
    )


def _read_source(path: Path, index: int, table: Any) -> SourceConfig:
    """One ``[[sources]]`` table; its kind says which keys it takes and what they need."""
    where = f"[[sources]] #{index}"
    base = {"name", "kind", "url", "enabled", "tags"}
    raw_kind = table.get("kind") if isinstance(table, dict) else None
    known = KINDS.get(raw_kind) if isinstance(raw_kind, str) else None
    reader = _Reader(path, where, table, base | set(known.keys if known else ALL_KIND_KEYS))
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


def _read_llm(path: Path, table: Any) -> LLMConfig:
    llm = _Reader(path, "[llm]", table, LLM_KEYS)
    base_url = llm.get("base_url", str, "", "a string").strip().rstrip("/")
    if not base_url:
        llm.fail(
            '[llm] needs base_url = "http://127.0.0.1:11434/v1" (the server\'s '
            "OpenAI-compatible address)"
        )
    if url_trouble := http_url_problem(base_url):
        llm.fail(
            f"[llm].base_url must be an http:// or https:// address: {url_trouble}, "
            f"got {base_url!r}"
        )
    model = llm.get("model", str, "", "a string").strip()
    if not model:
        llm.fail('[llm] needs model = "..." (the model name the server knows)')
    env = llm.get("api_key_env", str, "", "the name of an environment variable").strip()
    if env and not _ENV_NAME.fullmatch(env):
        # Not echoed: a value that is no variable name may well be the key itself.
        llm.fail(
            "[llm].api_key_env must be the NAME of an environment variable that holds "
            "the key (letters, digits and _), not the key itself"
        )
    language = llm.get("language", str, "", 'a language code such as "en" or "zh"').strip()
    if language and not _LANGUAGE.fullmatch(language):
        llm.fail(f'[llm].language must be a language code such as "en" or "zh", got {language!r}')
    return LLMConfig(
        base_url=base_url,
        model=model,
        api_key_env=env,
        language=language,
        max_papers=llm.whole("max_papers", 20, minimum=1, maximum=500),
        timeout=llm.number("timeout", 120.0, minimum=1, maximum=3600),
        temperature=llm.number("temperature", 0.2, minimum=0, maximum=2),
        rerank=llm.get("rerank", bool, False, "true or false"),
        brief_prompt=llm.get("brief_prompt", str, "", "a string"),
    )


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
    top = _Reader(
        path,
        "the top level",
        data,
        {"ui", "radar", "network", "cache", "keys", "sources", "searches", "llm", "zotero"},
    )
    ui = _Reader(
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
    net = _Reader(
        path,
        "[network]",
        data.get("network", {}),
        {"connect_timeout", "timeout", "concurrency", "max_body_mb", "retries", "hosts"},
    )
    hosts: dict[str, HostPolicy] = {}
    for host, table in net.get("hosts", dict, {}, "a table of hosts").items():
        h = _Reader(path, f'[network.hosts."{host}"]', table, {"min_interval", "max_connections"})
        hosts[host] = HostPolicy(
            min_interval=h.number("min_interval", 0.0, minimum=0, maximum=3600),
            max_connections=h.whole("max_connections", 4, minimum=1, maximum=64),
        )
    cache = _Reader(path, "[cache]", data.get("cache", {}), {"retention_days"})
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
        radar=_read_radar(path, data.get("radar", {})),
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
        llm=_read_llm(path, data["llm"]) if "llm" in data else None,
        zotero=read_zotero(_Reader(path, "[zotero]", data.get("zotero", {}), ZOTERO_KEYS)),
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
