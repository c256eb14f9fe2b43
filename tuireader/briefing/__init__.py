"""Briefs and TL;DRs from a language model the reader configured in ``[llm]``: the
chat-completions client, the prompts, the token budget, saved briefs and the TL;DR cache.
Nothing here runs, and nothing is sent anywhere, unless ``[llm]`` is set."""
