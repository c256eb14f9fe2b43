"""``[llm]`` in config.toml: the OpenAI-compatible server for briefs and TL;DRs.

Kept apart from ``settings`` (which reads the other tables) so each section is read in
one place; ``settings`` calls ``read_llm`` with the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuireader.config.table_reader import TableReader
from tuireader.links import http_url_problem


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


def read_llm(path: Path, table: Any) -> LLMConfig:
    llm = TableReader(path, "[llm]", table, LLM_KEYS)
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
